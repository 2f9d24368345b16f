"""The integer arithmetic of the qnt dialect against exact references.

Every formula of `asic.dialects.qnt`'s docstring, as implemented once in
`asic.dialects.qnt_kernels` (and the compile-time helpers of `asic.dialects.qnt`), is
checked against a reference written with Python ints and
`fractions.Fraction`, i.e. with no rounding but the one the formula states:

- rounding: `rshift_round` is `v / 2^s` rounded half away from zero, and the
  hardware form `(v + 2^(s-1) - [v<0]) >> s` is the same function;
- `requantize` equals `clamp(round_half_away(acc * M / 2^s) + zp, lo, hi)`,
  for random accumulators, multipliers, shifts (0 and large), widths and
  bounds, saturating at both ends;
- `encode_multiplier` keeps M below 2^bits, takes the largest shift, and its
  relative error is at most 1 / (2^bits - 1);
- `quantize` / `dequantize`: exact rounding (ties away from zero),
  saturation at both ends, and a round trip within half a step;
- the accumulator bound is tight: worst-case inputs reach both ends of
  `accumulator_range` exactly, its width holds them and one bit less does
  not (and the verifier says so);
- conv2d / dense / matmul with zero points equal loops over Python ints;
- add, concat and the poolings equal their rational formula, and are within
  one step of the ideal real result.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from xdsl.dialects.builtin import IntegerType, TensorType
from xdsl.ir import Block
from xdsl.utils.exceptions import VerifyException

from asic.dialects import qnt
from asic.dialects import qnt_kernels as arith
from asic.dialects.attributes import ints, shape_of
from asic.dialects.qnt import (
    MAX_SHIFT,
    MULTIPLIER_BITS,
    UniformQuantizedType,
    accumulator_range,
    accumulator_width,
    avgpool_window_counts,
    encode_multiplier,
    encode_multipliers,
    integer_width,
    range_of_storage,
    round_half_away,
)
from asic.dialects.shapes import pooled_size

CASES = settings(max_examples=300, deadline=None)
FEW = settings(max_examples=60, deadline=None)


def rational_requantize(acc: int, m: int, s: int, zp: int, lo: int, hi: int) -> int:
    """The requantize formula with exact rationals."""
    return max(lo, min(hi, round_half_away(Fraction(acc * m, 2**s)) + zp))


@st.composite
def quantized_types(draw: st.DrawFn, max_bits: int = 16) -> UniformQuantizedType:
    """A per-tensor type: any storage, narrowed or not, zero point in range."""
    bits = draw(st.integers(2, max_bits))
    signed = draw(st.booleans())
    storage = f"{'i' if signed else 'u'}{bits}"
    lo, hi = range_of_storage(storage)
    if draw(st.booleans()):
        lo += 1  # narrowed
    scale = draw(st.floats(1e-6, 1e3, allow_nan=False, allow_infinity=False))
    zp = draw(st.integers(lo, hi))
    return UniformQuantizedType(storage, scale, zp, storage_range=(lo, hi))


# --------------------------------------------------------------------------
# Rounding
# --------------------------------------------------------------------------


@CASES
@given(st.integers(-(2**61), 2**61), st.integers(0, MAX_SHIFT))
@example(5, 1)
@example(-5, 1)
@example(-6, 2)
@example(6, 2)
@example(-(2**61), 62)
def test_rshift_round_is_rounding_half_away(v: int, s: int) -> None:
    expected = round_half_away(Fraction(v, 2**s))
    assert int(arith.rshift_round(v, s)) == expected
    assert int(arith.rshift_round_hardware(v, s)) == expected


def test_rshift_round_ties_and_zero_shift() -> None:
    values = np.arange(-20, 21)
    assert arith.rshift_round(values, 0).tolist() == values.tolist()
    # v / 4 for v = -10, -6, -2, 2, 6, 10 are ties: away from zero
    assert arith.rshift_round([-10, -6, -2, 2, 6, 10], 2).tolist() == [-3, -2, -1, 1, 2, 3]
    assert arith.rshift_round([-9, -7, 7, 9], 2).tolist() == [-2, -2, 2, 2]


def test_rshift_round_hardware_vectorized() -> None:
    rng = np.random.default_rng(0)
    v = rng.integers(-(2**40), 2**40, size=10_000)
    s = rng.integers(0, 45, size=10_000)
    assert np.array_equal(arith.rshift_round(v, s), arith.rshift_round_hardware(v, s))


def test_round_half_away() -> None:
    assert [round_half_away(Fraction(n, 2)) for n in range(-5, 6)] == [-3, -2, -2, -1, -1, 0, 1, 1, 2, 2, 3]
    assert round_half_away(Fraction(-1, 3)) == 0
    assert round_half_away(Fraction(5, 3)) == 2


# --------------------------------------------------------------------------
# requantize
# --------------------------------------------------------------------------


@st.composite
def requantize_cases(draw: st.DrawFn) -> tuple[int, int, int, int, int, int, int]:
    width = draw(st.integers(2, 40))
    acc = draw(st.integers(-(2 ** (width - 1)), 2 ** (width - 1) - 1))
    m_bits = draw(st.integers(0, min(MULTIPLIER_BITS, 63 - width)))
    m = draw(st.integers(0, 2**m_bits - 1))
    s = draw(st.one_of(st.just(0), st.integers(0, MAX_SHIFT), st.integers(55, MAX_SHIFT)))
    storage = draw(st.sampled_from(["i2", "u2", "i4", "u4", "i8", "u8", "i16", "u16"]))
    qmin, qmax = range_of_storage(storage)
    zp = draw(st.integers(qmin, qmax))
    lo = draw(st.integers(qmin, qmax))
    hi = draw(st.integers(lo, qmax))
    return acc, m, s, zp, lo, hi, width


@CASES
@given(requantize_cases())
def test_requantize_equals_rational(case: tuple[int, int, int, int, int, int, int]) -> None:
    acc, m, s, zp, lo, hi, _ = case
    assert int(arith.requantize(acc, m, s, zp, lo, hi)) == rational_requantize(acc, m, s, zp, lo, hi)


@FEW
@given(st.data())
def test_requantize_vectorized_per_channel(data: st.DataObject) -> None:
    channels = data.draw(st.integers(1, 5))
    acc = np.array(data.draw(st.lists(st.integers(-(2**31), 2**31 - 1), min_size=channels * 3, max_size=channels * 3)))
    acc = acc.reshape(3, channels)
    ms = data.draw(st.lists(st.integers(0, 2**31 - 1), min_size=channels, max_size=channels))
    ss = data.draw(st.lists(st.integers(0, MAX_SHIFT), min_size=channels, max_size=channels))
    y = arith.requantize(acc, arith.along(ms, 1, 2), arith.along(ss, 1, 2), -3, -128, 127)
    assert y.dtype == np.int64
    for (i, c), v in np.ndenumerate(acc):
        assert y[i, c] == rational_requantize(int(v), ms[c], ss[c], -3, -128, 127)


def test_requantize_saturates_at_both_ends() -> None:
    # 2^20 * (2^30 / 2^31) = 2^19, far above 127; and far below -128
    big, m, s = 2**20, 2**30, 31
    assert int(arith.requantize(big, m, s, 0, -128, 127)) == 127
    assert int(arith.requantize(-big, m, s, 0, -128, 127)) == -128
    # at the edges: 127.5 rounds to 128 and saturates, 126.5 rounds to 127
    assert int(arith.requantize(255, 1, 1, 0, -128, 127)) == 127
    assert int(arith.requantize(253, 1, 1, 0, -128, 127)) == 127
    assert int(arith.requantize(-257, 1, 1, 0, -128, 127)) == -128
    # a ReLU: min = zero point
    assert int(arith.requantize(-1000, 1, 0, -5, -5, 127)) == -5
    # unsigned output with a zero point
    assert int(arith.requantize(-40, 1, 0, 30, 0, 255)) == 0
    assert int(arith.requantize(300, 1, 0, 30, 0, 255)) == 255


def test_requantize_extreme_widths_are_exact() -> None:
    # a 32-bit accumulator times a 31-bit multiplier: the int64 product is exact
    acc = np.array([-(2**31), 2**31 - 1, 12345678, -987654321], dtype=np.int64)
    m, s = 2**31 - 1, 62
    expected = [rational_requantize(int(a), m, s, 0, -(2**15), 2**15 - 1) for a in acc]
    assert arith.requantize(acc, m, s, 0, -(2**15), 2**15 - 1).tolist() == expected


# --------------------------------------------------------------------------
# Multipliers
# --------------------------------------------------------------------------


@CASES
@given(
    st.floats(2.0**-40, 2.0**20, allow_nan=False, allow_infinity=False),
    st.integers(1, MULTIPLIER_BITS),
)
@example(1.0, 31)
@example(0.5, 8)
@example(1.0 - 2.0**-40, 16)  # rounds up to 2^bits at the first shift tried
def test_encode_multiplier(real: float, bits: int) -> None:
    assume(round_half_away(Fraction(real)) < 2**bits)
    m, s = encode_multiplier(real, bits)
    r = Fraction(real)
    assert 0 <= m < 2**bits and 0 <= s <= MAX_SHIFT
    assert m == round_half_away(r * 2**s)
    # the largest shift: one more would not fit (or the shift is capped)
    assert s == MAX_SHIFT or round_half_away(r * 2 ** (s + 1)) >= 2**bits
    if s < MAX_SHIFT:
        assert m >= 2 ** (bits - 1)
        assert abs(Fraction(m, 2**s) - r) / r <= Fraction(1, 2**bits - 1)
    else:
        assert abs(Fraction(m, 2**s) - r) <= Fraction(1, 2 ** (s + 1))


def test_encode_multiplier_edges() -> None:
    assert encode_multiplier(0.0) == (0, 0)
    assert encode_multiplier(1.0) == (2**30, 30)
    assert encode_multiplier(0.25, 8) == (128, 9)
    assert encode_multiplier(Fraction(1, 3), 4) == (11, 5)  # 32/3 = 10.67
    assert encode_multiplier(2**31 - 1, 31) == (2**31 - 1, 0)
    with pytest.raises(ValueError, match="does not fit in 31 bits"):
        encode_multiplier(2.0**31)
    with pytest.raises(ValueError, match="must be >= 0"):
        encode_multiplier(-0.5)
    # a tiny real: the shift is capped and M loses bits (may be 0)
    assert encode_multiplier(2.0**-80) == (0, MAX_SHIFT)
    assert encode_multiplier(2.0**-40) == (2**22, MAX_SHIFT)


@FEW
@given(st.lists(st.floats(2.0**-20, 2.0**10), min_size=1, max_size=4), st.integers(8, 31))
def test_encode_multipliers_share_the_largest_common_shift(reals: list[float], bits: int) -> None:
    assume(all(round_half_away(Fraction(r)) < 2**bits for r in reals))
    ms, s = encode_multipliers(reals, bits)
    assert all(0 <= m < 2**bits for m in ms)
    assert s == min(encode_multiplier(r, bits)[1] for r in reals)
    assert ms == [round_half_away(Fraction(r) * 2**s) for r in reals]


# --------------------------------------------------------------------------
# quantize / dequantize
# --------------------------------------------------------------------------


@CASES
@given(quantized_types(), st.floats(-1e6, 1e6, allow_nan=False))
def test_quantize_is_exact(qtype: UniformQuantizedType, x: float) -> None:
    q = int(arith.quantize(np.float64(x), qtype.scale, qtype.zero_point, qtype.qmin, qtype.qmax))
    quotient = Fraction(float(np.float64(x) / np.float64(qtype.scale)))  # the f64 division
    expected = max(qtype.qmin, min(qtype.qmax, round_half_away(quotient) + qtype.zero_point))
    assert q == expected


@CASES
@given(quantized_types(), st.data())
def test_quantize_dequantize_round_trip(qtype: UniformQuantizedType, data: st.DataObject) -> None:
    s, z = qtype.scale, qtype.zero_point
    low, high = s * (qtype.qmin - z), s * (qtype.qmax - z)
    x = data.draw(st.floats(low, high, allow_nan=False))
    q = arith.quantize(np.float64(x), s, z, qtype.qmin, qtype.qmax)
    back = float(arith.dequantize(q, s, z, np.float64))
    assert abs(back - x) <= s / 2 * (1 + 1e-12)


@FEW
@given(quantized_types(), st.floats(1.0, 1e30))
def test_quantize_saturates_at_both_ends(qtype: UniformQuantizedType, beyond: float) -> None:
    s, z = qtype.scale, qtype.zero_point
    above = s * (qtype.qmax - z) + s * beyond
    below = s * (qtype.qmin - z) - s * beyond
    q = arith.quantize(np.array([above, below, np.inf, -np.inf, np.nan]), s, z, qtype.qmin, qtype.qmax)
    assert q.tolist() == [qtype.qmax, qtype.qmin, qtype.qmax, qtype.qmin, z]


@CASES
@given(st.integers(-300, 300), st.integers(-20, 20), st.sampled_from(["i8", "u8", "i4", "i16"]))
def test_quantize_rounds_every_tie_away_from_zero(k: int, exponent: int, storage: str) -> None:
    scale = 2.0**exponent  # x / scale is exactly k + 1/2
    qmin, qmax = range_of_storage(storage)
    q = int(arith.quantize(np.float64((k + 0.5) * scale), scale, 0, qmin, qmax))
    assert q == max(qmin, min(qmax, k + 1 if k >= 0 else k))


def test_quantize_ties_away_from_zero() -> None:
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999999999999994, -0.49999999999999994])
    assert arith.quantize(x, 1.0, 0, -128, 127).tolist() == [-3, -2, -1, 1, 2, 3, 0, 0]
    # an f32 input is widened exactly to f64 before the division
    assert arith.quantize(np.float32(0.375), 0.25, 3, 0, 15).tolist() == 5


def test_dequantize_per_axis() -> None:
    q = np.array([[1, 2], [3, 4]])
    y = arith.dequantize(q, np.array([[0.5], [2.0]]), np.array([[1], [-1]]), np.float32)
    assert y.dtype == np.float32
    assert y.tolist() == [[0.0, 0.5], [8.0, 10.0]]


# --------------------------------------------------------------------------
# Accumulator widths
# --------------------------------------------------------------------------


def test_integer_width() -> None:
    assert [integer_width(lo, hi) for lo, hi in [(0, 0), (-1, 0), (0, 1), (-2, 1), (-128, 127), (-129, 0), (0, 128)]] == [1, 1, 2, 2, 8, 9, 9]


@st.composite
def accumulation_cases(draw: st.DrawFn):
    x = draw(quantized_types(max_bits=12))
    channels = draw(st.integers(1, 3))
    w_storage = draw(st.sampled_from(["i2", "u2", "i4", "u4", "i8", "u8", "i12"]))
    w_lo, w_hi = range_of_storage(w_storage)
    if draw(st.booleans()):
        w_lo += 1
    zps = draw(st.lists(st.integers(w_lo, w_hi), min_size=channels, max_size=channels))
    w = UniformQuantizedType(
        w_storage, [0.1] * channels, zps, axis=0, storage_range=(w_lo, w_hi)
    )
    k = draw(st.integers(1, 40))
    bias_bits = draw(st.one_of(st.none(), st.integers(2, 24)))
    return x, w, k, bias_bits


@CASES
@given(accumulation_cases())
def test_accumulator_bound_is_tight(case) -> None:
    """Worst-case inputs reach both ends of the bound exactly, through the
    interpreter's dense; the width holds them and one bit less does not."""
    x, w, k, bias_bits = case
    bias_type = IntegerType(bias_bits) if bias_bits is not None else None
    lo, hi = accumulator_range(x, w, k, bias_type)
    bias_lo, bias_hi = (-(2 ** (bias_bits - 1)), 2 ** (bias_bits - 1) - 1) if bias_bits else (0, 0)
    reached = []
    for target, bias in ((lo, bias_lo), (hi, bias_hi)):
        best = None
        for c, zw in enumerate(w.zero_points):
            for a in (x.qmin, x.qmax):
                for b in (w.qmin, w.qmax):
                    product = (a - x.zero_point) * (b - zw)
                    if best is None or (product < best[0] if target == lo else product > best[0]):
                        best = (product, a, b, c)
        _, a, b, c = best
        xs = np.full((1, k), a)
        ws = np.full((len(w.zero_points), k), w.qmin)
        ws[c] = b
        bias_values = np.zeros(len(w.zero_points), dtype=np.int64) + bias
        acc = arith.dense_accumulate(xs, x.zero_point, ws, w.zero_points, bias_values if bias_bits else None)
        reached.append(int(acc[0, c]))
    assert reached == [lo, hi]
    width = accumulator_width(x, w, k, bias_type)
    assert -(2 ** (width - 1)) <= lo and hi <= 2 ** (width - 1) - 1
    assert lo < -(2 ** (width - 2)) or hi > 2 ** (width - 2) - 1


@FEW
@given(accumulation_cases())
def test_verifier_requires_the_accumulator_width(case) -> None:
    x, w, k, bias_bits = case
    channels = len(w.zero_points)
    block = Block(
        arg_types=[
            TensorType(x, [1, k]),
            TensorType(w, [channels, k]),
            TensorType(IntegerType(bias_bits or 8), [channels]),
        ]
    )
    bias = block.args[2] if bias_bits else None
    op = qnt.DenseOp(block.args[0], block.args[1], bias)  # the narrowest accumulator
    width = accumulator_width(x, w, k, IntegerType(bias_bits) if bias_bits else None)
    assert op.result.type == TensorType(IntegerType(width), [1, channels])
    op.verify()
    if width > 2:
        narrow = qnt.DenseOp(
            block.args[0], block.args[1], bias, result_type=TensorType(IntegerType(width - 1), [1, channels])
        )
        with pytest.raises(VerifyException, match=f"which needs i{width}\n"):
            narrow.verify()


# --------------------------------------------------------------------------
# conv2d / dense / matmul against Python ints
# --------------------------------------------------------------------------


def conv2d_reference(x, zx, w, zw, bias, strides, pads, dilations, groups):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    oh = pooled_size(h, kh, strides[0], pads[0], pads[2], dilations[0])
    ow = pooled_size(wd, kw, strides[1], pads[1], pads[3], dilations[1])
    out = np.zeros((n, o, oh, ow), dtype=object)
    for b in range(n):
        for oc in range(o):
            g = oc // (o // groups)
            for i in range(oh):
                for j in range(ow):
                    total = int(bias[oc]) if bias is not None else 0
                    for ci in range(cg):
                        for u in range(kh):
                            for v in range(kw):
                                r = i * strides[0] + u * dilations[0] - pads[0]
                                s = j * strides[1] + v * dilations[1] - pads[1]
                                inside = 0 <= r < h and 0 <= s < wd
                                xv = int(x[b, g * cg + ci, r, s]) if inside else zx  # padded with zx
                                total += (xv - zx) * (int(w[oc, ci, u, v]) - zw[oc])
                    out[b, oc, i, j] = total
    return out


@FEW
@given(st.data())
def test_conv2d_with_zero_points_equals_python_ints(data: st.DataObject) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    groups = data.draw(st.sampled_from([1, 2]))
    cg, og = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2))
    kh, kw = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    strides = data.draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    dilations = data.draw(st.tuples(st.integers(1, 2), st.integers(1, 2)))
    pads = data.draw(st.tuples(*[st.integers(0, 2)] * 4))
    h, wd = data.draw(st.integers(3, 6)), data.draw(st.integers(3, 6))
    assume(pooled_size(h, kh, strides[0], pads[0], pads[2], dilations[0]) >= 1)
    assume(pooled_size(wd, kw, strides[1], pads[1], pads[3], dilations[1]) >= 1)
    x = rng.integers(0, 256, size=(2, groups * cg, h, wd))  # u8
    zx = int(rng.integers(0, 256))
    w = rng.integers(-128, 128, size=(groups * og, cg, kh, kw))  # i8
    zw = rng.integers(-128, 128, size=groups * og).tolist()
    bias = rng.integers(-(2**20), 2**20, size=groups * og)
    expected = conv2d_reference(x, zx, w, zw, bias, strides, pads, dilations, groups)
    out_hw = expected.shape[2:]
    got = arith.conv2d_accumulate(x, zx, w, zw, bias, strides, pads, dilations, groups, out_hw)
    assert got.dtype == np.int64
    assert got.tolist() == expected.tolist()


@FEW
@given(st.data())
def test_dense_and_matmul_with_zero_points_equal_python_ints(data: st.DataObject) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    b, k, n = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 9)), data.draw(st.integers(1, 4))
    x = rng.integers(-8, 8, size=(b, k))
    w = rng.integers(0, 16, size=(n, k))
    zx, zw = int(rng.integers(-8, 8)), rng.integers(0, 16, size=n).tolist()
    bias = rng.integers(-100, 100, size=n)
    expected = [
        [int(bias[o]) + sum((int(x[i, j]) - zx) * (int(w[o, j]) - zw[o]) for j in range(k)) for o in range(n)]
        for i in range(b)
    ]
    assert arith.dense_accumulate(x, zx, w, zw, bias).tolist() == expected
    # matmul: the same product with the weight transposed ([K, N], zero point per column)
    assert (arith.matmul_accumulate(x, zx, w.T, zw) + bias).tolist() == expected


# --------------------------------------------------------------------------
# add, concat, pooling: rescales
# --------------------------------------------------------------------------


def _block(*types):
    return Block(arg_types=list(types))


@CASES
@given(quantized_types(8), quantized_types(8), quantized_types(8), st.data())
def test_add_equals_rational_and_ideal(a_t, b_t, y_t, data: st.DataObject) -> None:
    ratios = [Fraction(a_t.scale) / Fraction(y_t.scale), Fraction(b_t.scale) / Fraction(y_t.scale)]
    assume(all(r < 2**20 for r in ratios))
    block = _block(TensorType(a_t, [4]), TensorType(b_t, [4]))
    op = qnt.AddOp.from_types(block.args[0], block.args[1], y_t)
    op.verify()
    (ma, mb), s = ints(op.multipliers), op.shift.value.data
    a = np.array(data.draw(st.lists(st.integers(a_t.qmin, a_t.qmax), min_size=4, max_size=4)))
    b = np.array(data.draw(st.lists(st.integers(b_t.qmin, b_t.qmax), min_size=4, max_size=4)))
    y = arith.add(a, a_t.zero_point, ma, b, b_t.zero_point, mb, s, y_t.zero_point, y_t.qmin, y_t.qmax)
    for i in range(4):
        total = (int(a[i]) - a_t.zero_point) * ma + (int(b[i]) - b_t.zero_point) * mb
        exact = round_half_away(Fraction(total, 2**s)) + y_t.zero_point
        assert y[i] == max(y_t.qmin, min(y_t.qmax, exact))
        # the ideal real sum, in steps of the output scale
        ideal = (int(a[i]) - a_t.zero_point) * ratios[0] + (int(b[i]) - b_t.zero_point) * ratios[1]
        assert abs(exact - y_t.zero_point - ideal) <= Fraction(1, 2) + abs(ideal) / 2**20 + Fraction(1, 2**20)


@FEW
@given(st.lists(quantized_types(8), min_size=1, max_size=3), quantized_types(8), st.data())
def test_concat_equals_rational(input_types, y_t, data: st.DataObject) -> None:
    assume(all(Fraction(t.scale) / Fraction(y_t.scale) < 2**20 for t in input_types))
    block = _block(*[TensorType(t, [1, 3]) for t in input_types])
    op = qnt.ConcatOp.from_types(list(block.args), y_t, 1)
    op.verify()
    xs = [np.array(data.draw(st.lists(st.integers(t.qmin, t.qmax), min_size=3, max_size=3))).reshape(1, 3) for t in input_types]
    got = np.concatenate(
        [
            arith.rescale(x, t.zero_point, m, s, y_t.zero_point, y_t.qmin, y_t.qmax)
            for x, t, m, s in zip(xs, input_types, ints(op.multipliers), ints(op.shifts))
        ],
        axis=1,
    )
    expected = []
    for x, t, m, s in zip(xs, input_types, ints(op.multipliers), ints(op.shifts)):
        if t.scale == y_t.scale:
            assert (m, s) == (1, 0)
        for v in x.flat:
            expected.append(rational_requantize(int(v) - t.zero_point, m, s, y_t.zero_point, y_t.qmin, y_t.qmax))
    assert got.flatten().tolist() == expected


def avgpool_reference(x, zx, kernel, strides, pads, ceil_mode, include_pad, counts, ms, ss, y_t):
    n, c, h, w = x.shape
    oh = pooled_size(h, kernel[0], strides[0], pads[0], pads[2], 1, ceil_mode)
    ow = pooled_size(w, kernel[1], strides[1], pads[1], pads[3], 1, ceil_mode)
    out = np.zeros((n, c, oh, ow), dtype=np.int64)
    for b in range(n):
        for ch in range(c):
            for i in range(oh):
                for j in range(ow):
                    total, count = 0, 0
                    for u in range(kernel[0]):
                        for v in range(kernel[1]):
                            r, s = i * strides[0] + u - pads[0], j * strides[1] + v - pads[1]
                            if 0 <= r < h and 0 <= s < w:
                                total += int(x[b, ch, r, s]) - zx
                                count += 1
                            elif include_pad and -pads[0] <= r < h + pads[2] and -pads[1] <= s < w + pads[3]:
                                count += 1  # an explicit pad: counted, adds 0
                    k = counts.index(count)
                    out[b, ch, i, j] = rational_requantize(total, ms[k], ss[k], y_t.zero_point, y_t.qmin, y_t.qmax)
    return out


@FEW
@given(quantized_types(8), quantized_types(8), st.data())
def test_avgpool_equals_rational(x_t, y_t, data: st.DataObject) -> None:
    assume(Fraction(x_t.scale) / Fraction(y_t.scale) < 2**20)
    kernel = data.draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    strides = data.draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    pads = data.draw(st.tuples(*[st.integers(0, 1)] * 4))
    assume(all(pads[a] < kernel[a % 2] and pads[a + 2] < kernel[a % 2] for a in (0, 1)))
    ceil_mode, include_pad = data.draw(st.booleans()), data.draw(st.booleans())
    h, w = data.draw(st.integers(3, 6)), data.draw(st.integers(3, 6))
    block = _block(TensorType(x_t, [2, 2, h, w]))
    try:
        op = qnt.Avgpool2dOp.from_types(
            block.args[0], y_t, kernel, strides=strides, pads=pads, ceil_mode=ceil_mode, count_include_pad=include_pad
        )
        op.verify()
    except VerifyException:
        assume(False)  # a window entirely in the padding
        return
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = rng.integers(x_t.qmin, x_t.qmax + 1, size=(2, 2, h, w))
    counts, ms, ss = ints(op.counts), ints(op.multipliers), ints(op.shifts)
    got = arith.avgpool2d(
        x, x_t.zero_point, kernel, strides, pads, shape_of(op.result)[2:], op.window_counts(),
        counts, ms, ss, y_t.zero_point, y_t.qmin, y_t.qmax,
    )
    expected = avgpool_reference(x, x_t.zero_point, kernel, strides, pads, ceil_mode, include_pad, list(counts), ms, ss, y_t)
    assert got.tolist() == expected.tolist()


def test_avgpool_window_counts() -> None:
    # 5 wide, kernel 3, stride 2, pads 1: windows [-1, 1], [1, 3], [3, 5] hold 2, 3, 2 inputs
    counts = avgpool_window_counts((5, 5), (3, 3), (2, 2), (1, 1, 1, 1), (3, 3), False)
    assert counts.tolist() == [[4, 6, 4], [6, 9, 6], [4, 6, 4]]
    assert avgpool_window_counts((5, 5), (3, 3), (2, 2), (1, 1, 1, 1), (3, 3), True).tolist() == [[9] * 3] * 3
    # ceil mode: the second window [2, 4] of a 4-wide input holds 2; the extra area never counts
    assert avgpool_window_counts((4, 4), (3, 3), (2, 2), (0, 0, 0, 0), (2, 2), True).tolist() == [[9, 6], [6, 4]]
    # dilation 2, kernel 2, pad 1 at the start of a 5-wide axis: taps {-1, 1}, {0, 2}, {1, 3}, {2, 4}
    counts = avgpool_window_counts((5, 1), (2, 1), (1, 1), (1, 0, 0, 0), (4, 1), False, (2, 1))
    assert counts.reshape(-1).tolist() == [1, 2, 2, 2]
    included = avgpool_window_counts((5, 1), (2, 1), (1, 1), (1, 0, 0, 0), (4, 1), True, (2, 1))
    assert included.reshape(-1).tolist() == [2, 2, 2, 2]


@FEW
@given(quantized_types(8), quantized_types(8), st.integers(1, 5), st.integers(1, 5), st.data())
def test_global_avgpool_equals_rational_and_mean(x_t, y_t, h, w, data: st.DataObject) -> None:
    ratio = Fraction(x_t.scale) / Fraction(y_t.scale)
    assume(ratio < 2**20)
    block = _block(TensorType(x_t, [1, 2, h, w]))
    op = qnt.GlobalAvgpool2dOp.from_types(block.args[0], y_t)
    op.verify()
    m, s = op.multiplier.value.data, op.shift.value.data
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = rng.integers(x_t.qmin, x_t.qmax + 1, size=(1, 2, h, w))
    got = arith.global_avgpool2d(x, x_t.zero_point, m, s, y_t.zero_point, y_t.qmin, y_t.qmax)
    for ch in range(2):
        total = int((x[0, ch] - x_t.zero_point).sum())
        exact = round_half_away(Fraction(total * m, 2**s))
        assert got[0, ch, 0, 0] == max(y_t.qmin, min(y_t.qmax, exact + y_t.zero_point))
        mean = Fraction(total, h * w) * ratio  # the ideal mean in output steps
        assert abs(exact - mean) <= Fraction(1, 2) + abs(mean) / 2**20 + Fraction(1, 2**20)


# --------------------------------------------------------------------------
# lut
# --------------------------------------------------------------------------


def test_lut_from_function_is_the_quantized_function() -> None:
    x_t = UniformQuantizedType("i8", 0.05, 3)
    y_t = UniformQuantizedType("u8", 1 / 256, 0)
    block = _block(TensorType(x_t, [2, 3]))
    op = qnt.LutOp.from_function(block.args[0], y_t, lambda v: 1 / (1 + np.exp(-v)))
    op.verify()
    table = ints(op.table)
    q = np.arange(-128, 128)
    expected = arith.quantize(1 / (1 + np.exp(-(0.05 * (q - 3)))), y_t.scale, 0, 0, 255)
    assert list(table) == expected.tolist()
    x = np.array([[-128, 0, 3], [127, 50, -50]])
    assert arith.lut(x, -128, table).tolist() == [[table[0], table[128], table[131]], [table[255], table[178], table[78]]]
