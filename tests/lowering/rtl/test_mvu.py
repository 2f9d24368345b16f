"""The matrix-vector unit's RTL (`asic.lowering.rtl.mvu`) on its own,
wrapped in a top module with the stream contract: the integers of the qnt
reference helpers (`dense_accumulate` + `requantize`), bit for bit, and the
cycles of the dataflow timing model (alone: interval `NF*SF`, latency
`NF*SF + 2`), in the RTL interpreter and in Verilator; a fully parallel
engine has no multiplier for a zero weight. With digit-serial weights
(`weight_digits d`): the digits are exact two's complement, the integers
the same for signed weights at both ends of their range (the top digit's
sign) and unsigned ones, in `d` times the steps, and the SystemVerilog
lints silently."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects import comb, hw, seq
from xdsl.dialects.builtin import ModuleOp, i1

from asic.dialects import dataflow as df
from asic.dialects.dataflow import divisors
from asic.dialects.qnt import integer_width
from asic.dialects.qnt_kernels import dense_accumulate, requantize
from asic.dialects.rtl import StreamAttr
from asic.interp.rtl import simulate
from asic.lowering.rtl.builder import ModuleBuilder, stream_type
from asic.lowering.rtl.constant_products import signed_digits
from asic.lowering.rtl.mvu import MvuSpec, mvu_module
from support.compiled_models import lint


def random_spec(n: int, k: int, pe: int, simd: int, seed: int, *, x="u8", w="i8", y="i8", bias=True, per_channel=True) -> MvuSpec:
    rng = np.random.default_rng(seed)
    xb, xs = int(x[1:]), x[0] == "i"
    wb, ws = int(w[1:]), w[0] == "i"
    yb, ys = int(y[1:]), y[0] == "i"
    wlo, whi = (-(1 << (wb - 1)) + 1, (1 << (wb - 1)) - 1) if ws else (0, (1 << wb) - 1)
    xlo, xhi = (-(1 << (xb - 1)), (1 << (xb - 1)) - 1) if xs else (0, (1 << xb) - 1)
    ylo, yhi = (-(1 << (yb - 1)), (1 << (yb - 1)) - 1) if ys else (0, (1 << yb) - 1)
    weights = rng.integers(wlo, whi + 1, (n, k))
    weights[rng.random((n, k)) < 0.2] = 0
    w_zero = np.zeros(n, np.int64) if ws else rng.integers(wlo, whi + 1, n)
    b = rng.integers(-2000, 2000, n) if bias else None
    count = n if per_channel else 1
    shifts = rng.integers(8, 20, count)
    multipliers = rng.integers(1, 1 << 14, count)
    x_zero = int(rng.integers(xlo, xhi + 1))
    # accumulator width as qnt derives it (one bit of slack for the bias)
    span = max(abs(xlo - x_zero), abs(xhi - x_zero)) * max(abs(wlo), abs(whi), whi - wlo) * k + 4000
    acc_bits = integer_width(-span, span)
    return MvuSpec(
        n=n, k=k, pe=pe, simd=simd, x_bits=xb, x_signed=xs, x_zero=x_zero, w_bits=wb, w_signed=ws,
        weights=weights, w_zero=w_zero, bias=b,
        multipliers=np.broadcast_to(multipliers, (n,)).copy(), shifts=np.broadcast_to(shifts, (n,)).copy(),
        y_bits=yb, y_signed=ys, y_zero=int(rng.integers(ylo, yhi + 1)) // 2,
        lo=ylo + 1, hi=yhi - 2, acc_bits=acc_bits,
    )  # fmt: skip


def reference(spec: MvuSpec, x: np.ndarray) -> np.ndarray:
    """`qnt.dense` + `qnt.requantize` of frames `[F, 1, K]`."""
    acc = dense_accumulate(x.reshape(-1, spec.k), spec.x_zero, spec.weights, spec.w_zero, spec.bias)
    return requantize(acc, spec.multipliers, spec.shifts, spec.y_zero, spec.lo, spec.hi).reshape(-1, 1, spec.n)


def wrapped(spec: MvuSpec) -> ModuleOp:
    """The MVU under a top module with the stream contract."""
    engine = mvu_module("mvu", spec)
    streams = [
        StreamAttr("x", "in", stream_type(spec.x_bits, spec.x_signed), spec.simd, spec.sf, [1, spec.k]),
        StreamAttr("y", "out", stream_type(spec.y_bits, spec.y_signed), spec.pe, spec.nf, [1, spec.n]),
    ]
    b = ModuleBuilder("top")
    clk, rst = b.clock(), b.reset()
    data = b.input("x_data", spec.simd * spec.x_bits)
    valid = b.input("x_valid", i1)
    ready = b.input("y_ready", i1)
    outs = b.instance(engine, "u_mvu", clk=clk, rst=rst, in_data=data, in_valid=valid, out_ready=ready)
    b.output("x_ready", outs["in_ready"])
    b.output("y_data", outs["out_data"])
    b.output("y_valid", outs["out_valid"])
    return ModuleOp([engine, b.finish(streams=streams)])


def frames(spec: MvuSpec, count: int, seed: int = 0) -> np.ndarray:
    lo, hi = (-(1 << (spec.x_bits - 1)), (1 << (spec.x_bits - 1)) - 1) if spec.x_signed else (0, (1 << spec.x_bits) - 1)
    return np.random.default_rng(seed).integers(lo, hi + 1, (count, 1, spec.k))


FOLDS = [(1, 1), (2, 1), (1, 4), (3, 2), (2, 8), (6, 8), (6, 1), (1, 8)]
PADDED = [(4, 3), (5, 8), (4, 5), (6, 3), (1, 7)]
"""Partial last folds: pe 4 of 6 outputs, simd 3 of 8 inputs, ..."""


@pytest.mark.parametrize("pe,simd", FOLDS + PADDED)
def test_mvu_matches_reference_and_timing_model(pe, simd):
    spec = random_spec(6, 8, pe, simd, seed=pe * 10 + simd)
    module = wrapped(spec)
    module.verify()
    x = frames(spec, 5)
    result = simulate(module, x)
    np.testing.assert_array_equal(result.outputs["y"].reshape(-1, 1, 6), reference(spec, x))
    steps = spec.nf * spec.sf
    delay = spec.output_delay()  # 2 when fully parallel, else 3
    assert (result.interval, result.latency) == (steps, steps + delay - 1)


@pytest.mark.parametrize("storages", [("i8", "i8", "u8"), ("u4", "u4", "i4"), ("i4", "i2", "u3"), ("u8", "u8", "i16")])
@pytest.mark.parametrize("pe,simd", [(2, 3), (4, 6)])
def test_mvu_storage_types_and_backpressure(storages, pe, simd):
    """Signed and unsigned inputs, weights with zero points, outputs, folded
    and fully parallel (constant weights as signed digits of unsigned
    inputs); the integers hold under gaps in the input and stalls at the
    output."""
    x, w, y = storages
    spec = random_spec(4, 6, pe, simd, seed=len(x + w + y), x=x, w=w, y=y, per_channel=False)
    module = wrapped(spec)
    xs = frames(spec, 6, seed=3)
    expected = reference(spec, xs)
    for valid, ready in (("1", "1"), ("110", "1"), ("1", "0110"), ("10", "001")):
        result = simulate(module, xs, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(result.outputs["y"].reshape(-1, 1, 4), expected)


def _products(module: ModuleOp) -> int:
    mvu = next(m for m in module.ops if isinstance(m, hw.HWModuleOp) and m.sym_name.data == "mvu")
    return sum(
        1 for op in mvu.walk()
        if isinstance(op, comb.MulOp) and not (op.results[0].name_hint or "").endswith("_scaled")
    )  # fmt: skip


def _accumulated_terms(module: ModuleOp) -> int:
    """The numbers the accumulators add but the bias: the operands of the
    adder trees' first stage (a group of one is registered as it is), or
    of the accumulators' adders but the first (the bias) without a tree."""
    mvu = next(m for m in module.ops if isinstance(m, hw.HWModuleOp) and m.sym_name.data == "mvu")

    def named(cls: type, pattern: str) -> list:
        return [op for op in mvu.walk() if isinstance(op, cls) and re.fullmatch(pattern, op.results[0].name_hint or "")]

    groups = named(seq.CompRegOp, r"sum\d+_s0")
    if groups:
        adders = named(comb.AddOp, r"sum\d+_add0")
        return sum(len(op.operands) for op in adders) + len(groups) - len(adders)
    return sum(len(op.operands) - 1 for op in named(comb.AddOp, r"acc\d+_next"))


def test_fully_parallel_zero_weights_have_no_multiplier():
    """Constant weights: no multiplier at all, one shifted term per
    canonical signed digit of a non-zero weight, none for a zero weight."""
    spec = random_spec(5, 7, 5, 7, seed=11, bias=False)
    module = wrapped(spec)
    weights = spec.effective_weights()
    assert np.count_nonzero(weights) < spec.n * spec.k
    assert _products(module) == 0
    assert _accumulated_terms(module) == sum(len(signed_digits(int(w))) for w in weights.ravel())
    x = frames(spec, 4)
    np.testing.assert_array_equal(simulate(module, x).outputs["y"].reshape(-1, 1, 5), reference(spec, x))
    folded = wrapped(random_spec(5, 7, 5, 1, seed=11, bias=False))
    assert _products(folded) == 5  # a ROM's weights are not constants


def test_signed_digits_are_exact_and_non_adjacent():
    for value in range(-600, 601):
        digits = signed_digits(value)
        assert sum(d << k for d, k in digits) == value
        shifts = [k for _, k in digits]
        assert all(b - a >= 2 for a, b in zip(shifts, shifts[1:]))
        assert len(digits) <= bin(abs(value)).count("1")


STORAGE = st.sampled_from(["u2", "u4", "u8", "i2", "i4", "i8", "i9"])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 5), k=st.integers(1, 6), x=STORAGE, w=STORAGE, y=STORAGE)
def test_fully_parallel_digit_sums_match_reference(seed, n, k, x, w, y):
    """Constant weights of any storage type and zero point, inputs of any
    storage type and zero point: the digit sums of the fully parallel engine
    (shifted unsigned inputs and complements, one constant) give the exact
    `qnt.dense` + `qnt.requantize` integers."""
    spec = random_spec(n, k, n, k, seed=seed, x=x, w=w, y=y)
    module = wrapped(spec)
    xs = frames(spec, 5, seed=seed % 97)
    result = simulate(module, xs)
    np.testing.assert_array_equal(result.outputs["y"].reshape(-1, 1, n), reference(spec, xs))


@pytest.mark.slow
def test_mvu_in_verilator():
    """A folded engine with every memory (weight, bias, multiplier and
    shift ROMs, row buffer) and a fully parallel one (digit sums of signed
    inputs and unsigned weights with zero points): Verilator's integers and
    cycles equal the interpreter's and the reference, under backpressure."""
    for pe, simd in ((2, 4), (6, 8)):
        _check_in_verilator(random_spec(6, 8, pe, simd, seed=5, x="i8", w="u8", y="u8"))


def _check_in_verilator(spec: MvuSpec) -> None:
    from asic.tools.asic_sim import simulate_design

    module = wrapped(spec)
    x = frames(spec, 30, seed=9)
    expected = reference(spec, x)
    for valid, ready in (("1", "1"), ("1101", "0111")):
        interp = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        verilated = simulate_design(wrapped(spec), x, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(verilated.outputs["y"].reshape(-1, 1, 6), expected)
        np.testing.assert_array_equal(interp.frame_end, verilated.frame_end)
        np.testing.assert_array_equal(interp.frame_start, verilated.frame_start)
    steps = spec.nf * spec.sf
    alone = simulate_design(wrapped(spec), x)
    assert (alone.interval, alone.latency) == (steps, steps + spec.output_delay() - 1)


# --------------------------------------------------------------------------
# Digit-serial weights (`weight_digits`)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("bits", [1, 2, 3, 4, 6, 8])
@pytest.mark.parametrize("signed", [True, False])
def test_weight_digits_are_exact(bits, signed):
    """Every weight of `bits` bits is the sum of its digits in their places:
    the low digits unsigned, the top one signed when the weights are."""
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    weights = np.arange(lo, hi + 1)
    for digits in divisors(bits):
        b = bits // digits
        values = df.weight_digit_values(weights, bits, digits, signed)
        places = sum(values[j] << (b * j) for j in range(digits))
        np.testing.assert_array_equal(places, weights)
        assert ((values[:-1] >= 0) & (values[:-1] < 1 << b)).all()
        top_lo, top_hi = (-(1 << (b - 1)), (1 << (b - 1)) - 1) if signed else (0, (1 << b) - 1)
        assert values[-1].min() == top_lo and values[-1].max() == top_hi


def _digit_spec(n, k, pe, simd, digits, seed, w="i8", x="u8"):
    """A random MVU of weights with zero point 0 and both ends of their range."""
    spec = random_spec(n, k, pe, simd, seed=seed, w=w, x=x)
    bits, signed = int(w[1:]), w[0] == "i"
    weights = spec.weights.copy()
    weights.flat[:2] = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    return replace(spec, weights=weights, w_zero=np.zeros(n, np.int64), digits=digits)


@pytest.mark.parametrize(
    "pe,simd,digits,w,x",
    [(2, 4, 2, "i8", "u8"), (6, 8, 2, "i8", "i8"), (1, 1, 4, "i8", "u8"), (4, 3, 8, "i8", "u4"),
     (3, 2, 2, "u4", "u8"), (6, 8, 4, "i4", "i8"), (5, 7, 2, "i2", "u3")],
)  # fmt: skip
def test_digit_serial_mvu_matches_reference_and_timing_model(pe, simd, digits, w, x):
    """Folded, padded and otherwise fully parallel engines (`pe = N`, `simd
    = K`: a ROM of digits then): the reference's integers under gaps and
    stalls, interval `NF*SF*d` and latency `NF*SF*d + delay - 1`."""
    n, k = (6, 8) if pe <= 6 and simd <= 8 else (pe, simd)
    spec = _digit_spec(n, k, pe, simd, digits, seed=pe * 100 + simd * 10 + digits, w=w, x=x)
    module = wrapped(spec)
    module.verify()
    xs = frames(spec, 5, seed=digits)
    expected = reference(spec, xs)
    for valid, ready in (("1", "1"), ("110", "1"), ("10", "001")):
        result = simulate(module, xs, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(result.outputs["y"].reshape(-1, 1, n), expected)
    result = simulate(module, xs)
    steps = spec.nf * spec.sf * digits
    assert (result.interval, result.latency) == (steps, steps + spec.output_delay() - 1)


def test_digit_serial_mvu_lints_silently(tmp_path):
    lint(wrapped(_digit_spec(6, 8, 2, 4, 2, seed=1)), tmp_path)
