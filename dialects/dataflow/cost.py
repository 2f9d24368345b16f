"""Cost models of the engines: sympy expressions of an engine's parameters,
each engine kind's own (`EngineOp.cost_model`), evaluated at the values of
one engine (`EngineOp.cost_values`, keyed by symbol name).

    cycles       cycles per frame alone (inputs always valid, outputs always
                 ready): the engine's initiation interval
    latency      first input beat of a frame moving to its last output beat
                 moving, alone
    multipliers  hardware multipliers: products of two run-time values
                 (a product by a compile-time constant is not one: its
                 canonical signed digits are shifted copies of the value,
                 added, as in the requantizers and the fully parallel MVU),
                 in full-multiplier equivalents of area: a digit-serial one
                 is a fraction (`asic.dialects.dataflow.mvu`), and so may
                 the count be (`evaluate_exact`)
    adders       the adders of an engine whose arithmetic is only products by
                 constants and their sums (`dataflow.add`, `dataflow.concat`):
                 per lane one per signed digit of its constant multipliers;
                 the area `tile` weighs after multipliers when it chooses
                 lanes (an MVU's adder trees grow with its multipliers and
                 are not counted)
    rom_bits, rom_word_bits, rom_words
                 the constant memories (weights)
    memory_bits  RAM: FIFO storage, row and line buffers
    macs         multiply-accumulates per frame (the work multipliers do:
                 `tile` reports the bound `macs / multipliers`)

The timing expressions are the timing model of the engine (its
`timing_model`, which the dataflow interpreter simulates and the RTL
implements), for the engine alone. sympy is imported when a cost model is
first built, not with the dialect: parsing and printing dataflow IR does not
pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sympy as sp

    from asic.dialects.dataflow.stream import StreamType

COSTS = (
    "cycles", "latency", "multipliers", "adders", "rom_bits", "rom_word_bits", "rom_words", "memory_bits", "macs",
)  # fmt: skip
"""The names of the cost expressions, in the order they are shown."""


@dataclass(frozen=True)
class CostModel:
    """The cost expressions of one kind of engine (module docstring); an
    absent one is 0."""

    cycles: Any
    latency: Any
    multipliers: Any = 0
    adders: Any = 0
    rom_bits: Any = 0
    rom_word_bits: Any = 0
    rom_words: Any = 0
    memory_bits: Any = 0
    macs: Any = 0
    parameters: tuple[str, ...] = ()
    """The symbols a table of engines shows, in order (`R N K w_bits pe simd`)."""
    optional_parameters: tuple[str, ...] = ()
    """Symbols a table shows after `parameters` only when an engine's value
    is not 1 (an MVU's `weight_digits`)."""
    table: tuple[str, ...] | None = None
    """The costs a table of engines shows (default: every non-zero one but
    latency and macs)."""

    def formulas(self) -> dict[str, sp.Expr]:
        """The non-zero expressions by name, in the order of `COSTS`."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in COSTS and getattr(self, f.name) != 0}

    def table_costs(self) -> tuple[str, ...]:
        if self.table is not None:
            return self.table
        return tuple(n for n in self.formulas() if n not in ("latency", "macs"))


def symbols(names: str) -> tuple[sp.Symbol, ...]:
    """Positive integer sympy symbols (every engine parameter is one)."""
    import sympy as sp

    return sp.symbols(names, positive=True, integer=True, seq=True)


def beats_per_frame() -> sp.Expr:
    """`ceiling(F/lanes)`: the beats of a frame of `F` elements in `lanes`
    lanes, the cycles of an engine that moves a beat per cycle (values of
    the symbols: `stream_values`)."""
    import sympy as sp

    frame, lanes = symbols("F lanes")
    return sp.ceiling(frame / lanes)


def stream_values(stream: StreamType) -> dict[str, int]:
    """The values of `F` and `lanes` for frames of `stream`."""
    return {"F": stream.frame_size, "lanes": stream.lane_count}


def evaluate(expr: Any, values: Mapping[str, int]) -> int:
    """An expression at integer values of its symbols (by name); it must
    give an integer."""
    value = evaluate_exact(expr, values)
    if not isinstance(value, int):
        raise ValueError(f"{expr} is not an integer at {dict(values)}: {value}")
    return value


def evaluate_exact(expr: Any, values: Mapping[str, int]) -> int | Fraction:
    """An expression at integer values of its symbols (by name): an integer,
    or a fraction where a cost is one (an MVU's `multipliers` in
    full-multiplier equivalents with digit-serial weights)."""
    import sympy as sp

    expr = sp.sympify(expr)
    missing = [s.name for s in expr.free_symbols if s.name not in values]
    if missing:
        raise ValueError(f"{expr} needs values for {', '.join(sorted(missing))}")
    value = expr.subs({s: values[s.name] for s in expr.free_symbols})
    if not value.is_Rational:
        value = sp.nsimplify(value)
    if value.is_Integer:
        return int(value)
    if not value.is_Rational:
        raise ValueError(f"{expr} is not a rational number at {dict(values)}: {value}")
    return Fraction(int(value.p), int(value.q))


def formula_lines(kind: str, model: CostModel, names: Iterable[str] | None = None) -> list[str]:
    """`kind` and its formulas (all non-zero ones, or `names`), one per line:

        dataflow.argmax
          cycles = ceiling(F/lanes)
          latency = ceiling(F/lanes)
    """
    formulas = model.formulas()
    chosen = list(formulas) if names is None else [n for n in names if n in formulas]
    return [kind, *(f"  {n} = {formulas[n]}" for n in chosen)]


def cost_table(kinds: Iterable[tuple[str, CostModel]]) -> str:
    """Every formula of every engine kind, the table of the dataflow
    dialect's docstring (which a test keeps equal to this)."""
    return "\n".join(line for kind, model in kinds for line in formula_lines(kind, model)) + "\n"
