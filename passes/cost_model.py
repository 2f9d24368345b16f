"""The cost model of the dataflow engines, as sympy expressions of their
parameters: cycles per frame, latency, multipliers and ROM bits.

The timing expressions are the timing model of `asic.dialects.dataflow`
(what an engine takes alone, inputs always valid and outputs always ready),
which the dataflow interpreter simulates and the RTL implements; `tile`
optimizes the MVUs' `cycles` under a budget of `multipliers`, `schedule`
stores `cycles` and `latency` of every engine.

    MVU:      NF = ceiling(N/pe)   SF = ceiling(K/simd)
              cycles = R*NF*SF   latency = cycles + 2 (cycles + 1 when NF*SF = 1)   multipliers = pe*simd
              rom_words = NF*SF  rom_word_bits = pe*simd*w_bits   rom_bits = rom_words*rom_word_bits
    argmax:   cycles = latency = ceiling(F/lanes)
    dwc:      cycles = latency = ceiling(F/min(lanes_in, lanes_out))
    fifo:     cycles = ceiling(F/lanes), latency = cycles + 1, storage depth*lanes*bits
    reshape:  cycles = ceiling(F/lanes), latency = cycles - 1 (wires: the last beat leaves as it comes)

`R` rows per frame, `N` outputs, `K` inputs, `F` elements per frame. The
ceilings are the partial last folds and padded last beats of
`asic.dialects.dataflow`; where the factors divide the sizes they are the
familiar `R*N*K/(pe*simd)` and `F/lanes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp
from xdsl.ir import Operation

from asic.dialects import dataflow as df

R, N, K, PE, SIMD, W_BITS = sp.symbols("R N K pe simd w_bits", positive=True, integer=True)
FRAME, LANES, LANES_IN, LANES_OUT, DEPTH, BITS = sp.symbols(
    "F lanes lanes_in lanes_out depth bits", positive=True, integer=True
)


@dataclass(frozen=True)
class EngineCost:
    """The cost expressions of one kind of engine."""

    kind: str
    cycles: sp.Expr
    """Cycles per frame alone: the engine's initiation interval."""
    latency: sp.Expr
    """First input beat of a frame moving to its last output beat moving, alone."""
    multipliers: sp.Expr = sp.Integer(0)
    rom_bits: sp.Expr = sp.Integer(0)
    rom_word_bits: sp.Expr = sp.Integer(0)
    rom_words: sp.Expr = sp.Integer(0)
    storage_bits: sp.Expr = sp.Integer(0)
    """Bits of RAM (FIFOs)."""

    def formulas(self) -> dict[str, sp.Expr]:
        """The non-zero expressions by name."""
        names = ("cycles", "latency", "multipliers", "rom_bits", "rom_word_bits", "rom_words", "storage_bits")
        return {n: getattr(self, n) for n in names if getattr(self, n) != 0}


_ROM_WORDS = sp.ceiling(N / PE) * sp.ceiling(K / SIMD)
_MVU_CYCLES = R * _ROM_WORDS
_BEATS = sp.ceiling(FRAME / LANES)

MVU_COST = EngineCost(
    "mvu",
    cycles=_MVU_CYCLES,
    latency=_MVU_CYCLES
    + sp.Piecewise(
        (df.FULLY_PARALLEL_MVU_OUTPUT_DELAY - 1, sp.Eq(_ROM_WORDS, 1)), (df.MVU_OUTPUT_DELAY - 1, True)
    ),
    multipliers=PE * SIMD,
    rom_bits=_ROM_WORDS * PE * SIMD * W_BITS,
    rom_word_bits=PE * SIMD * W_BITS,
    rom_words=_ROM_WORDS,
)
ARGMAX_COST = EngineCost("argmax", cycles=_BEATS, latency=_BEATS)
DWC_COST = EngineCost(
    "dwc",
    cycles=sp.ceiling(FRAME / sp.Min(LANES_IN, LANES_OUT)),
    latency=sp.ceiling(FRAME / sp.Min(LANES_IN, LANES_OUT)),
)
FIFO_COST = EngineCost(
    "fifo",
    cycles=_BEATS,
    latency=_BEATS + df.FIFO_LATENCY - 1,
    storage_bits=DEPTH * LANES * BITS,
)
RESHAPE_COST = EngineCost("reshape", cycles=_BEATS, latency=_BEATS - 1)

COSTS: dict[type[Operation], EngineCost] = {
    df.MvuOp: MVU_COST,
    df.ArgmaxOp: ARGMAX_COST,
    df.DwcOp: DWC_COST,
    df.FifoOp: FIFO_COST,
    df.ReshapeOp: RESHAPE_COST,
}


def mvu_values(op: df.MvuOp, pe: int | None = None, simd: int | None = None) -> dict[sp.Symbol, int]:
    """The symbols of an MVU (its own `pe`/`simd` unless given)."""
    return {
        R: op.rows,
        N: op.out_features,
        K: op.in_features,
        PE: op.pe_value if pe is None else pe,
        SIMD: op.simd_value if simd is None else simd,
        W_BITS: op.weight_type.bits,
    }


def values(op: Operation) -> dict[sp.Symbol, int]:
    """The values of the symbols of `op`'s cost expressions."""
    if isinstance(op, df.MvuOp):
        return mvu_values(op)
    assert isinstance(op, df.EngineOp)
    x, y = op.input_stream, op.output_stream
    return {
        FRAME: x.frame_size,
        LANES: x.lane_count,
        LANES_IN: x.lane_count,
        LANES_OUT: y.lane_count,
        DEPTH: op.depth_value if isinstance(op, df.FifoOp) else 0,
        BITS: x.bits,
    }


def evaluate(expr: sp.Expr, symbols: Mapping[sp.Symbol, int]) -> int:
    """An expression at integer values, which must give an integer."""
    value = sp.nsimplify(expr.subs(symbols))
    if not value.is_Integer:
        raise ValueError(f"{expr} is not an integer at {dict(symbols)}: {value}")
    return int(value)


def cost_of(op: Operation) -> EngineCost:
    return COSTS[type(op)]


def engine_timing(op: Operation) -> tuple[int, int]:
    """`(cycles per frame, latency)` of an engine alone."""
    cost, symbols = cost_of(op), values(op)
    return evaluate(cost.cycles, symbols), evaluate(cost.latency, symbols)


def mvu_cycles(rows: int, n: int, k: int, pe: int, simd: int) -> int:
    """`MVU_COST.cycles` at integers (the optimizer's inner loop; equal to
    `evaluate(MVU_COST.cycles, ...)`, checked by the tests)."""
    return rows * -(-n // pe) * -(-k // simd)
