"""The pipelined requantizer (`asic.lowering.rtl.mvu.requantize_pipelined`)
sized from the range of the sums an engine's weights can produce
(`asic.dialects.dataflow.requantized.dot_ranges`), not from its
accumulator type: for the extreme accumulators of random weights, bias,
inputs and requantizations, the narrow datapath and its carry chunks give
the integers of `qnt.requantize`, as a datapath of the accumulator type's
width does."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects import hw
from xdsl.dialects.builtin import i1

from asic.dialects.dataflow.pipeline import carry_chunks, requantize_bits, requantizer_stages
from asic.dialects.dataflow.requantized import dot_ranges, range_bits
from asic.dialects.qnt import MULTIPLIER_BITS
from asic.dialects.qnt_kernels import requantize
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.mvu import RequantizeStages, requantize_pipelined
from support.settled import settled_output


@dataclass
class Output:
    """The requantized output (`RequantizedOutput`)."""

    y_bits: int
    y_zero: int
    lo: int
    hi: int


def _requantizer(acc_bits: int, multiplier: int, runtime: bool, shift: int, y: Output) -> hw.HWModuleOp:
    """`requantize_pipelined` of an `acc_bits` accumulator input (and the
    multiplier as an input when `runtime`), its stages from `acc_bits`."""
    m_bits = max(1, multiplier.bit_length())
    b = ModuleBuilder("requantizer")
    b.clock()
    acc = b.input("acc", acc_bits)
    m = b.input("m", m_bits) if runtime else multiplier
    enable = b.input("en", i1)
    stages = requantizer_stages(acc_bits, m_bits, y.y_bits, shift, runtime)
    b.output("y", requantize_pipelined(b, acc, m, shift, m_bits, shift, y, RequantizeStages(enable, stages, "y")))
    return b.finish()


def _run(module: hw.HWModuleOp, acc: int, acc_bits: int, multiplier: int, runtime: bool, y: Output) -> int:
    inputs = [0, acc & ((1 << acc_bits) - 1), *([multiplier] if runtime else []), 1]
    raw = settled_output(module, inputs)
    signed = y.lo < 0
    return raw - (1 << y.y_bits) if signed and raw >> (y.y_bits - 1) else raw


@st.composite
def engines(draw):
    """Random effective weights `[N, K]`, bias, input storage and zero point."""
    n, k = draw(st.integers(1, 4)), draw(st.integers(1, 24))
    w_bits = draw(st.integers(2, 9))
    weights = np.array(draw(st.lists(st.integers(-(1 << (w_bits - 1)), (1 << (w_bits - 1))), min_size=n * k, max_size=n * k)))
    bias = draw(st.none() | st.lists(st.integers(-(1 << 20), 1 << 20), min_size=n, max_size=n))
    x_bits, x_signed = draw(st.integers(2, 8)), draw(st.booleans())
    x_lo, x_hi = (-(1 << (x_bits - 1)), (1 << (x_bits - 1)) - 1) if x_signed else (0, (1 << x_bits) - 1)
    x_zero = draw(st.integers(x_lo, x_hi))
    return weights.reshape(n, k), None if bias is None else np.array(bias), x_bits, x_signed, x_zero


@st.composite
def outputs(draw):
    y_bits, signed = draw(st.integers(2, 16)), draw(st.booleans())
    lo, hi = (-(1 << (y_bits - 1)), (1 << (y_bits - 1)) - 1) if signed else (0, (1 << y_bits) - 1)
    return Output(y_bits, draw(st.integers(lo, hi)) // 2, lo, hi)


@settings(max_examples=30, deadline=None)
@given(
    engine=engines(),
    y=outputs(),
    multiplier=st.integers(0, (1 << MULTIPLIER_BITS) - 1),
    runtime=st.booleans(),
    shift=st.integers(0, 62),
    slack=st.integers(1, 16),
)
def test_extreme_sums_requantize_exactly_in_their_range_bits(engine, y, multiplier, runtime, shift, slack):
    weights, bias, x_bits, x_signed, x_zero = engine
    lo, hi = dot_ranges(weights, bias, x_bits, x_signed, x_zero)
    narrow = range_bits(int(lo.min()), int(hi.max()))
    wide = narrow + slack  # an accumulator type bounding any weights is wider
    m_bits = max(1, multiplier.bit_length())
    assert carry_chunks(requantize_bits(narrow, m_bits, y.y_bits, shift)) <= carry_chunks(
        requantize_bits(wide, m_bits, y.y_bits, shift)
    )
    modules = {bits: _requantizer(bits, multiplier, runtime, shift, y) for bits in (narrow, wide)}
    for acc in {int(v) for v in (*lo, *hi)}:
        expected = int(requantize(np.int64(acc), multiplier, shift, y.y_zero, y.lo, y.hi))
        for bits, module in modules.items():
            assert _run(module, acc, bits, multiplier, runtime, y) == expected, (bits, acc)
