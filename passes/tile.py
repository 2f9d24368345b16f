"""`tile{multipliers=N}` or `tile{target-cycles=T}` (and `padding=false`):
choose the folding factors `pe` and `simd` of every `dataflow.mvu`.

An MVU with `N` outputs and `K` inputs over `R` rows takes
`R*ceiling(N/pe)*ceiling(K/simd)` cycles per frame with `pe*simd`
multipliers (`asic.passes.cost_model`). The pipeline's cycles per frame
(its initiation interval, II) is the largest of its engines'.

The factors need not divide the sizes (a partial last fold, padded; see
`asic.dialects.dataflow`; `padding=false` asks for divisors only), except
with several rows per frame: of the
factors with the same number of folds only the smallest can be best, so the
candidates for `pe` are `ceiling(N/f)` for every fold count `f` (the
divisors among them), about `2*sqrt(N)` values. Allowing them matters: a
10-class output layer has only the divisors 1, 2, 5 and 10, and a budget of
64 multipliers for a 64-64-10 MLP leaves the divisors' pipeline at 57.8%
utilization, where padded folds reach 92.5% (`bench/bench_tile.py`).

- `multipliers=M`: the smallest II the MVUs can reach together with at most
  `M` multipliers, then the fewest multipliers reaching it. Exact: for each
  candidate II `T` (a cycle count some MVU can take), each MVU needs at
  least `m_i(T)`, the fewest multipliers of a factor pair taking at most `T`
  cycles; the answer is the smallest `T` with `sum_i m_i(T) <= M`, each MVU
  at its `m_i(T)`.
- `target-cycles=T`: each MVU at `m_i(T)`, the fewest multipliers meeting
  the target.

Between pairs of equal multipliers, the one with fewer cycles wins, then the
larger `simd` (requantization hardware grows with `pe`, the adder tree with
`simd`). An MVU that already has `pe` or `simd` keeps it (a factor given
by hand, or by `dataflow.pe` / `dataflow.simd` on the `qnt.dense`); only the
absent ones are chosen, so tiling twice changes nothing. The lanes of every
stream follow (`dataflow.legalize_lanes`); run `schedule` afterwards.

The pass prints its cost model and decision to stderr:

    tile{multipliers=16}: dataflow.mvu cost model
      cycles = R*ceiling(K/simd)*ceiling(N/pe)
      multipliers = pe*simd
      ...
    engine       R   N   K  w_bits  pe  simd  cycles  multipliers  rom_bits  rom_word_bits
    fc0.weight   1  16  64       8   2     8      64           16      8192            128
    ...
    total: 74 multipliers of 80, II 64 cycles, bound 59.2 (total MACs 4736 / 80 multipliers), utilization 92.5%
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.attributes import i64_attr
from asic.passes import cost_model as cm


def divisors(n: int) -> list[int]:
    small = [d for d in range(1, int(n**0.5) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


def fold_factors(n: int) -> list[int]:
    """The smallest factor for every fold count: `ceiling(n/f)`, f = 1..n."""
    return sorted({-(-n // f) for f in range(1, n + 1)})


Option = tuple[int, int, int, int]
"""`(multipliers, cycles, -simd, pe)`: the order of preference."""


@dataclass(frozen=True)
class Layer:
    """What tile knows of an MVU: its sizes and the factors fixed already."""

    name: str
    rows: int
    n: int
    k: int
    pe: int | None = None
    simd: int | None = None
    padding: bool = True
    """Whether a factor may leave a partial last fold (with one row)."""

    @property
    def macs(self) -> int:
        return self.rows * self.n * self.k

    def factors(self, size: int, fixed: int | None) -> list[int]:
        if fixed is not None:
            return [fixed]
        return fold_factors(size) if self.rows == 1 and self.padding else divisors(size)

    @cached_property
    def frontier(self) -> list[Option]:
        """The options worth taking, by increasing multipliers and strictly
        decreasing cycles: each the best of its multiplier count."""
        pes, simds = self.factors(self.n, self.pe), self.factors(self.k, self.simd)
        options = sorted(
            (p * s, cm.mvu_cycles(self.rows, self.n, self.k, p, s), -s, p) for p in pes for s in simds
        )
        frontier: list[Option] = []
        for option in options:
            if not frontier or option[1] < frontier[-1][1]:
                frontier.append(option)
        return frontier

    def best(self, target: int) -> Option | None:
        """The option of fewest multipliers within `target` cycles."""
        # Cycles decrease along the frontier: the first within target.
        index = bisect.bisect_left(self.frontier, -target, key=lambda o: -o[1])
        return self.frontier[index] if index < len(self.frontier) else None


def _factors(option: tuple[int, int, int, int]) -> tuple[int, int]:
    return option[3], -option[2]


def tile_for_target(layers: Sequence[Layer], target: int) -> list[tuple[int, int]]:
    """`(pe, simd)` per layer: the fewest multipliers within `target` cycles."""
    chosen = []
    for layer in layers:
        option = layer.best(target)
        if option is None:
            fastest = layer.frontier[-1][1]
            fixed = ", ".join(
                f"{n} {v} fixed" for n, v in (("pe", layer.pe), ("simd", layer.simd)) if v is not None
            )
            raise UserError(
                f"tile: dataflow.mvu '{layer.name}' cannot take {target} cycles per frame: "
                f"at best {fastest}" + (f" ({fixed})" if fixed else "")
            )
        chosen.append(_factors(option))
    return chosen


def tile_for_budget(layers: Sequence[Layer], budget: int) -> list[tuple[int, int]]:
    """`(pe, simd)` per layer: the smallest II within `budget` multipliers,
    then the fewest multipliers at that II (module docstring)."""
    if not layers:
        return []
    least = sum(layer.frontier[0][0] for layer in layers)
    if least > budget:
        raise UserError(
            f"tile: a budget of {budget} multipliers is below the {least} that the "
            f"{len(layers)} MVUs need at least (one each, or their fixed pe*simd)"
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
    index = bisect.bisect_left(candidates, True, key=fits)
    return tile_for_target(layers, candidates[index])


def layers_of(graph: df.GraphOp, padding: bool = True) -> list[tuple[df.MvuOp, Layer]]:
    out = []
    for op in graph.engines():
        if isinstance(op, df.MvuOp):
            layer = Layer(
                op.weight_name,
                op.rows,
                op.out_features,
                op.in_features,
                op.pe.value.data if op.pe is not None else None,
                op.simd.value.data if op.simd is not None else None,
                padding,
            )
            out.append((op, layer))
    return out


def pipeline_cycles(graph: df.GraphOp) -> int:
    """The largest cycles per frame of the graph's engines (its II)."""
    return max((cm.engine_timing(op)[0] for op in graph.engines()), default=0)


_COLUMNS = ("R", "N", "K", "w_bits", "pe", "simd", "cycles", "multipliers", "rom_bits", "rom_word_bits")


def report(graph: df.GraphOp, header: str, budget: int | None) -> str:
    """The cost model and the chosen factors, as text (module docstring)."""
    lines = [f"{header}: dataflow.mvu cost model"]
    for name in ("cycles", "multipliers", "rom_bits", "rom_word_bits", "rom_words"):
        lines.append(f"  {name} = {getattr(cm.MVU_COST, name)}")
    rows = []
    mvus = [op for op in graph.engines() if isinstance(op, df.MvuOp)]
    for op in mvus:
        symbols = cm.mvu_values(op)
        row = [op.weight_name] + [str(symbols[s]) for s in (cm.R, cm.N, cm.K, cm.W_BITS, cm.PE, cm.SIMD)]
        row += [str(cm.evaluate(getattr(cm.MVU_COST, n), symbols)) for n in ("cycles", "multipliers", "rom_bits", "rom_word_bits")]
        rows.append(row)
    names = ["engine", *_COLUMNS]
    widths = [max(len(names[i]), *(len(r[i]) for r in rows)) for i in range(len(names))]
    lines.append("  ".join(n.ljust(w) if i == 0 else n.rjust(w) for i, (n, w) in enumerate(zip(names, widths))))
    for row in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    used = sum(op.pe_value * op.simd_value for op in mvus)
    macs = sum(op.rows * op.out_features * op.in_features for op in mvus)
    ii = pipeline_cycles(graph)
    limit = budget if budget is not None else used
    bound = macs / limit if limit else 0.0
    utilization = 100.0 * bound / ii if ii else 0.0
    of = f" of {budget}" if budget is not None else ""
    lines.append(
        f"total: {used} multipliers{of}, II {ii} cycles, bound {bound:.1f} (total MACs {macs} / "
        f"{limit} multipliers), utilization {utilization:.1f}%"
    )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class TilePass(ModulePass):
    """Choose `pe` and `simd` of every MVU (module docstring)."""

    name = "tile"

    multipliers: int | None = None
    """The multiplier budget of each graph."""
    target_cycles: int | None = None
    """The cycles per frame to reach with the fewest multipliers."""
    padding: bool = True
    """Allow partial last folds; `padding=false` chooses divisors only (what
    FINN requires), a factor given by hand is kept either way."""

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
        return f"tile{{{option}{'' if self.padding else ' padding=false'}}}"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        graphs = [g for g in op.walk() if isinstance(g, df.GraphOp)]
        if not graphs:
            raise UserError("tile: the module has no dataflow.graph: run lower-qnt-to-dataflow first")
        for graph in graphs:
            pairs = layers_of(graph, self.padding)
            layers = [layer for _, layer in pairs]
            if self.multipliers is not None:
                chosen = tile_for_budget(layers, self.multipliers)
            else:
                assert self.target_cycles is not None
                chosen = tile_for_target(layers, self.target_cycles)
            for (mvu, _), (pe, simd) in zip(pairs, chosen):
                mvu.properties["pe"] = i64_attr(pe)
                mvu.properties["simd"] = i64_attr(simd)
            df.legalize_lanes(graph)
            sys.stderr.write(report(graph, self.header, self.multipliers))
