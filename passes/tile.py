"""`tile{multipliers=N}` or `tile{target-cycles=T}` (and `padding=false`,
`digits=true`): choose the folding factors of every engine that has some
(`EngineOp.folding_factors`: a `dataflow.mvu`'s `pe`, `simd` and weight
digits).

Each such engine answers its cycles per frame and multipliers at given
factors (`EngineOp.folded_cost`; an MVU with `N` outputs and `K` inputs
over `R` rows takes `R*ceiling(N/pe)*ceiling(K/simd)` cycles with `pe*simd`
multipliers). The pipeline's cycles per frame (its initiation interval, II)
is the largest of its engines'.

The factors need not divide the sizes (a partial last fold, padded; see
`asic.dialects.dataflow.mvu`; `padding=false` asks for divisors only),
except where the engine says so (an MVU with several rows per frame, but
for its `simd` when its producer pads the rows, `EngineOp.pads_rows`: a
convolution's window generator then pads each window to the MVU's `simd`,
`asic.dialects.dataflow.swg`): of
the factors with the same number of folds only the smallest can be best, so
the candidates of a factor over `n` are `ceiling(n/f)` for every fold count
`f` (`Factor.candidates`, the divisors among them), about `2*sqrt(n)`
values. Allowing them matters: a 10-class output layer has only the
divisors 1, 2, 5 and 10, and a budget of 64 multipliers for a 64-64-10 MLP
leaves the divisors' pipeline at 57.8% utilization, where padded folds
reach 92.5% (`bench/bench_tile.py`).

- `multipliers=M`: the smallest II the engines can reach together with at
  most `M` multipliers (less those of engines without factors), then the
  fewest multipliers reaching it. Exact: for each candidate II `T` (a cycle
  count some engine can take), each engine needs at least `m_i(T)`, the
  fewest multipliers of a choice of factors taking at most `T` cycles; the
  answer is the smallest `T` with `sum_i m_i(T) <= M`, each engine at its
  `m_i(T)`.
- `target-cycles=T`: each engine at `m_i(T)`, the fewest multipliers
  meeting the target.

Digit-serial weights (`digits=true`): an MVU may also take its weights a
digit per cycle, `weight_digits = d` dividing the weights' bits (zero
point 0), for `d` times the cycles on multipliers of a fraction of a full
one's area (`digit_multiplier_cost` of `asic.dialects.dataflow.mvu`, from
Yosys: 23/32 for 4-bit digits of 8-bit weights, 5/8 for 2-bit and 1-bit
ones). Multipliers are then counted in full-multiplier equivalents,
fractions: a layer of 48 MACs in an interval of 208 cycles takes 5/8 of a
multiplier at `d = 4` instead of a whole one it would mostly leave idle.
Being slower per unit of area, digits pay only where a whole multiplier
would idle. At equal multipliers whole weights are never slower, and
`tile` takes the fewest digits. Without the option `weight_digits` stays
1 (or as given).

Between choices of equal multipliers, the one with fewer adders wins
(`EngineOp.folded_adders`: an engine that multiplies only by constants,
such as `dataflow.add`, has no multipliers, so its lanes are the fewest
reaching the II), then the one with fewer pixels per beat, then the one
with fewer weight digits, then the one with fewer cycles, then the larger factors, the engine's last factor
first (an MVU's `simd`: requantization hardware grows with `pe`, the
adder tree with `simd`).

Several pixels per beat (`EngineOp.pixels_factor`): a convolution's MVU
at its fastest folding (`pe = N`, `simd = K`) may take `p` windows per
beat (`p` times the multipliers, `R/p` cycles), a max pool whole windows,
a window generator `p` input pixels per beat; `tile` counts them like
folding factors, so an MVU takes several pixels only once `pe` and `simd`
are exhausted, and an engine without multipliers only as many as the
interval asks for (fewest pixels first); an interval that only engines
without multipliers reach below one pixel per beat is not taken (the
budget does not buy it). The window generators then take
the lanes their consumers read and the pixels per beat the interval needs
(`EngineOp.fit_consumer_lanes`). Pools take whole windows per beat, a
global average pool several pixels of its frame, a concat whole rows of
its inputs (`pixels`); the elementwise engines carry whole pixels as more
lanes (an add's `lanes` folds its whole frame; forks and lookup tables
keep the lanes of their input); a vector-vector unit takes several
windows per beat once it takes a whole window per beat. A
factor given already (by hand, or by `dataflow.pe` / `dataflow.simd` on the
`qnt.dense`) is kept; only the absent ones are chosen, so tiling twice
changes nothing. An engine whose factors were all free may then refold to
the lanes its consumer reads (`EngineOp.fit_consumer_lanes`): a window
generator in front of an MVU emits `simd` window elements per beat,
several taps at once when `simd` exceeds its channels (parallel windows,
`asic.dialects.dataflow.swg`), if that keeps it within the pipeline's
II. The lanes of every stream follow
(`dataflow.legalize_lanes`); run `schedule` afterwards.

The pass prints, for each kind of engine it tiled, its cost model and a
table of its engines (the columns the kind's `CostModel` names), then the
total, to stderr:

    tile{multipliers=16}: dataflow.mvu cost model
      cycles = R*ceiling(K/simd)*ceiling(N/pe)
      multipliers = pe*simd
      ...
    engine       R   N   K  w_bits  pe  simd  cycles  multipliers  rom_bits  rom_word_bits
    fc0.weight   1  16  64       8   2     8      64           16      8192            128
    ...
    total: 74 multipliers of 80, II 64 cycles, bound 59.2 (total MACs 4736 / 80 multipliers), utilization 92.5%

(with digit-serial weights the multipliers are full-multiplier
equivalents, shown in decimals: `14.5`).
"""

from __future__ import annotations

import bisect
import itertools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.dataflow.cost import formula_lines
from asic.pass_options import OptionsPass

Values = tuple[int, ...]
"""The values of an engine's folding factors, in its order."""

Option = tuple[Fraction, int, Values, Values]
"""`(multipliers, cycles, the values negated last first, the values)`: the
order of preference."""


@dataclass(frozen=True)
class Layer:
    """What tile knows of an engine with folding factors."""

    name: str
    """How diagnostics name it (`fc1.weight`)."""
    kind: str
    """Its op (`dataflow.mvu`)."""
    factors: tuple[df.Factor, ...]
    cost: Callable[[Values], tuple[int, int | Fraction]]
    """`(cycles, multipliers)` at given factor values (multipliers in
    full-multiplier equivalents, a fraction with digit-serial weights)."""
    padding: bool = True
    """Whether a factor may leave a partial last fold (where the engine allows it)."""
    noun: str = "engine"
    """What diagnostics call one of its kind."""
    multipliers_formula: str = "multipliers"
    """Its multipliers in terms of its factors (`pe*simd`), for diagnostics."""
    adders: Callable[[Values], int] = lambda values: 0
    """Its adders at given factor values (`EngineOp.folded_adders`)."""

    @classmethod
    def of(cls, op: df.EngineOp, padding: bool = True, digits: bool = False) -> Layer:
        """The engine's folding factors and, last, its pixels per beat
        (`EngineOp.pixels_factor`) if it has some; a free weight digits
        factor only at 1 unless `digits`."""
        pixels = op.pixels_factor()
        factors = op.folding_factors() + ((pixels,) if pixels is not None else ())
        if not digits:
            factors = tuple(replace(f, values=(1,)) if f.name == df.DIGITS and f.fixed is None else f for f in factors)
        return cls(
            op.engine_label, op.name, factors,
            op.folded_cost, padding, op.NOUN, str(op.cost_model().multipliers), op.folded_adders,
        )  # fmt: skip

    def pixels(self, values: Values) -> int:
        """The pixels per beat of a choice (0 without the factor)."""
        return self._value(df.PIXELS, values, 0)

    def digits(self, values: Values) -> int:
        """The weight digits of a choice (1 without the factor)."""
        return self._value(df.DIGITS, values, 1)

    def _value(self, name: str, values: Values, absent: int) -> int:
        return next((v for f, v in zip(self.factors, values) if f.name == name), absent)

    @property
    def free(self) -> bool:
        """Whether tile chose every factor (none was given)."""
        return all(f.fixed is None for f in self.factors)

    @cached_property
    def frontier(self) -> list[Option]:
        """The options worth taking, by increasing multipliers (then adders)
        and strictly decreasing cycles: each the best of its multiplier
        (and adder) count."""
        ranked = []
        for values in itertools.product(*(f.candidates(self.padding) for f in self.factors)):
            cycles, multipliers = self.cost(values)
            option = (multipliers, cycles, tuple(-v for v in reversed(values)), values)
            key = (multipliers, self.adders(values), self.pixels(values), self.digits(values), cycles, option[2])
            ranked.append((key, option))
        ranked.sort()
        frontier: list[Option] = []
        for _, option in ranked:
            if not frontier or option[1] < frontier[-1][1]:
                frontier.append(option)
        return frontier

    def best(self, target: int) -> Option | None:
        """The option of fewest multipliers within `target` cycles."""
        # Cycles decrease along the frontier: the first within target.
        index = bisect.bisect_left(self.frontier, -target, key=lambda o: -o[1])
        return self.frontier[index] if index < len(self.frontier) else None


def tile_for_target(layers: Sequence[Layer], target: int) -> list[Values]:
    """The factor values of each layer: the fewest multipliers within
    `target` cycles."""
    chosen = []
    for layer in layers:
        option = layer.best(target)
        if option is None:
            fastest = layer.frontier[-1][1]
            fixed = ", ".join(f"{f.name} {f.fixed} fixed" for f in layer.factors if f.fixed is not None)
            raise UserError(
                f"tile: {layer.kind} '{layer.name}' cannot take {target} cycles per frame: "
                f"at best {fastest}" + (f" ({fixed})" if fixed else "")
            )
        chosen.append(option[3])
    return chosen


def _the_one(values: set[str], otherwise: str) -> str:
    return values.pop() if len(values) == 1 else otherwise


def tile_for_budget(layers: Sequence[Layer], budget: int) -> list[Values]:
    """The factor values of each layer: the smallest II within `budget`
    multipliers, then the fewest multipliers at that II (module
    docstring)."""
    if not layers:
        return []
    least = sum(layer.frontier[0][0] for layer in layers)
    if least > budget:
        noun = _the_one({layer.noun for layer in layers}, "engine")
        fixed = _the_one({layer.multipliers_formula for layer in layers}, "factors")
        raise UserError(
            f"tile: a budget of {budget} multipliers is below the {count_text(least)} that the "
            f"{len(layers)} {noun}s need at least (one each, or their fixed {fixed})"
        )
    candidates = sorted({o[1] for layer in layers for o in layer.frontier})

    def needed(target: int) -> int | None:
        total = 0
        for layer in layers:
            option = layer.best(target)
            if option is None:
                return None
            total += option[0]
        return total

    def fits(target: int) -> bool:
        total = needed(target)
        return total is not None and total <= budget

    # sum_i m_i(T) does not grow with T: the feasible targets are a suffix.
    target = candidates[bisect.bisect_left(candidates, True, key=fits)]
    # Below the one-pixel floor (the interval every engine reaches at one
    # pixel per beat) an interval needs several pixels per beat, whose window
    # register files and comparator trees cost hardware the budget does not
    # count: take it only when the budget buys it (it needs more multipliers
    # than the floor). A graph of pools alone stays at one pixel per beat.
    floor = max(min((o[1] for o in layer.frontier if layer.pixels(o[3]) <= 1), default=layer.frontier[-1][1]) for layer in layers)
    if target < floor and needed(target) == needed(floor):
        target = floor
    return tile_for_target(layers, target)


def layers_of(graph: df.GraphOp, padding: bool = True, digits: bool = False) -> list[tuple[df.EngineOp, Layer]]:
    """The engines of the graph that have folding factors, and their layers."""
    return [(op, Layer.of(op, padding, digits)) for op in graph.engines() if op.folding_factors()]


def fit_consumers(free: Sequence[df.EngineOp], interval: int) -> None:
    """Let each engine whose factors were all free take the lanes its
    consumer reads within the pipeline's `interval`
    (`EngineOp.fit_consumer_lanes`: a window generator then emits as many
    window elements per beat as the MVU behind it takes)."""
    for engine in free:
        lanes = df.needed_lanes(engine.output_values[0]) if len(engine.output_values) == 1 else None
        engine.fit_consumer_lanes(lanes, interval)


def pipeline_cycles(graph: df.GraphOp) -> int:
    """The largest cycles per frame of the graph's engines (its II)."""
    return max((op.timing_alone()[0] for op in graph.engines()), default=0)


def count_text(value: int | Fraction) -> str:
    """A cost as the report shows it: an integer, or a fraction in decimals
    (`14.5` full multipliers of 29 digit-serial halves)."""
    return str(value) if isinstance(value, int) or value.denominator == 1 else f"{float(value):.6g}"


def _table(rows: list[list[str]]) -> list[str]:
    """Columns aligned, the first to the left, the others to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
        for row in rows
    ]


def report(graph: df.GraphOp, header: str, budget: int | None) -> str:
    """The cost model of every kind of tiled engine, its engines' chosen
    factors and costs, and the total (module docstring)."""
    tiled = [op for op in graph.engines() if op.folding_factors()]
    kinds: dict[type[df.EngineOp], list[df.EngineOp]] = {}
    for op in tiled:
        kinds.setdefault(type(op), []).append(op)
    lines = []
    for kind, ops in kinds.items():
        model = kind.cost_model()
        shown = [n for n in model.formulas() if n not in ("latency", "macs")]
        lines.append(f"{header}: {kind.name} cost model")
        lines += formula_lines(kind.name, model, shown)[1:]
        costs = model.table_costs()
        values = [op.cost_values() for op in ops]
        optional = [p for p in model.optional_parameters if any(v[p] != 1 for v in values)]
        parameters = [*model.parameters, *optional]
        rows = [["engine", *parameters, *costs]]
        for op, symbols in zip(ops, values):
            rows.append([op.engine_label, *(str(symbols[p]) for p in parameters), *(count_text(op.cost(c)) for c in costs)])
        lines += _table(rows)
    engines = list(graph.engines())
    used = sum(op.cost("multipliers") for op in engines)
    macs = sum(op.cost("macs") for op in engines)
    ii = pipeline_cycles(graph)
    limit = budget if budget is not None else used
    bound = float(macs / limit) if limit else 0.0
    utilization = 100.0 * bound / ii if ii else 0.0
    of = f" of {budget}" if budget is not None else ""
    lines.append(
        f"total: {count_text(used)} multipliers{of}, II {ii} cycles, bound {bound:.1f} (total MACs {macs} / "
        f"{limit} multipliers), utilization {utilization:.1f}%"
    )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class TilePass(OptionsPass):
    """Choose the folding factors of every engine (`pe` and `simd` of an
    MVU) under a multiplier budget or a target interval."""

    name = "tile"

    multipliers: int | None = None
    """The multiplier budget of each graph."""
    target_cycles: int | None = None
    """The cycles per frame to reach with the fewest multipliers."""
    padding: bool = True
    """Allow partial last folds; `padding=false` chooses divisors only (what
    FINN requires), a factor given by hand is kept either way."""
    digits: bool = False
    """Allow digit-serial weights (`digits=true`): an MVU's weights may be
    taken a `w_bits/d`-bit digit per cycle, `d` dividing the weights'
    bits, on a multiplier that costs a fraction of a full one (`weight_digits`, chosen after
    `pe` and `simd`: among choices of equal multipliers the fewest digits);
    a small layer then takes a fraction of a multiplier. Off by default:
    `weight_digits` 1, as given, or as the IR says."""

    def __post_init__(self) -> None:
        if (self.multipliers is None) == (self.target_cycles is None):
            raise ValueError("tile: give exactly one of multipliers=N or target-cycles=N")
        if self.multipliers is not None and self.multipliers < 1:
            raise ValueError(f"tile: multipliers must be >= 1, got {self.multipliers}")
        if self.target_cycles is not None and self.target_cycles < 1:
            raise ValueError(f"tile: target-cycles must be >= 1, got {self.target_cycles}")

    @property
    def header(self) -> str:
        option = f"multipliers={self.multipliers}" if self.multipliers is not None else f"target-cycles={self.target_cycles}"
        return f"tile{{{option}{'' if self.padding else ' padding=false'}{' digits=true' if self.digits else ''}}}"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        graphs = [g for g in op.walk() if isinstance(g, df.GraphOp)]
        if not graphs:
            raise UserError("tile: the module has no dataflow.graph: run lower-qnt-to-dataflow first")
        for graph in graphs:
            pairs = layers_of(graph, self.padding, self.digits)
            layers = [layer for _, layer in pairs]
            tiled = {engine for engine, _ in pairs}
            if self.multipliers is not None:
                fixed = sum(e.cost("multipliers") for e in graph.engines() if e not in tiled)
                chosen = tile_for_budget(layers, self.multipliers - fixed)
            else:
                assert self.target_cycles is not None
                chosen = tile_for_target(layers, self.target_cycles)
            for (engine, _), values in zip(pairs, chosen):
                engine.apply_folding(values)
            df.legalize_lanes(graph)
            interval = max(
                [layer.cost(values)[0] for layer, values in zip(layers, chosen)]
                + [engine.timing_alone()[0] for engine in graph.engines() if engine not in tiled]
            )
            df.remove_converters(graph)
            fit_consumers([engine for engine, layer in pairs if layer.free], interval)
            df.legalize_lanes(graph)
            sys.stderr.write(report(graph, self.header, self.multipliers))
