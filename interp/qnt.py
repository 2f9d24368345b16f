"""The bit-exact integer interpreter of the `qnt` dialect, and the integer
arithmetic every level below must reproduce.

The first half of this module is the arithmetic of `asic.dialects.qnt`'s
docstring, written once as small numpy functions: `rshift_round` (and its
hardware form `rshift_round_hardware`), `requantize`, `add`, `rescale`,
`conv2d_accumulate`, `dense_accumulate`, `matmul_accumulate`, `avgpool2d`,
`global_avgpool2d`, `lut`, and the float boundary `quantize` / `dequantize`.
The dataflow interpreter and the RTL tests import them; they take and return
int64 arrays (Python ints and lists are accepted) and broadcast like numpy.

The second half, `QntFunctions`, gives xDSL's `Interpreter` every qnt op on
top of them. What it guarantees:

- Integers only: a tensor of `!qnt.uniform` or signless integer elements is
  an int64 numpy array holding the stored integers, and every op but
  `qnt.dequantize` returns an int64 array (checked on every result). No
  float array is created or used outside `quantize` and `dequantize`, whose
  float arithmetic is the one the dialect specifies (f64). Every value an
  op computes fits in int64 by the dialect's width rules (accumulators of at
  most 64 bits, products of at most 63), so nothing wraps.
- Vectorized: convolution is im2col over `asic.interp.utils.windows` and a
  batched int64 matrix product, pooling reduces the same window view; no
  Python loop runs over samples, channels or pixels.
- Batched like `asic.interp.nn`: ops use the runtime size of dim 0, so the
  runner runs a batch through a function declared for one sample (see
  `asic.interp.runner`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.utils.exceptions import InterpretationError

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, ints, shape_of
from asic.dialects.qnt import UniformQuantizedType, quantized_type_of
from asic.interp.impls import Compute, OpFunctions, computes, register_op_impls, tensor_dtype
from asic.interp.utils import argmax, concatenate, convolve, flatten, reshape, windows

INT = np.int64
"""The dtype of every integer tensor at run time."""

ArrayLike = Any


def _int(x: ArrayLike) -> np.ndarray:
    return np.asarray(x).astype(INT, copy=False)


# --------------------------------------------------------------------------
# The arithmetic (integer only)
# --------------------------------------------------------------------------


def rshift_round(value: ArrayLike, shift: ArrayLike) -> np.ndarray:
    """`value / 2^shift` rounded to the nearest integer, ties away from zero:
    `sign(v) * ((|v| + 2^(s-1)) >> s)` for `s > 0`, `v` for `s = 0`."""
    v, s = _int(value), _int(shift)
    half = np.left_shift(INT(1), s) >> 1  # 2^(s-1), and 0 for s = 0
    magnitude = (np.abs(v) + half) >> s
    return np.where(v < 0, -magnitude, magnitude)


def rshift_round_hardware(value: ArrayLike, shift: ArrayLike) -> np.ndarray:
    """The same value as `rshift_round`, the way the hardware computes it:
    `(v + 2^(s-1) - [v < 0]) >> s` with an arithmetic shift, for `s > 0`."""
    v, s = _int(value), _int(shift)
    half = np.left_shift(INT(1), s) >> 1
    return np.where(s > 0, (v + half - (v < 0)) >> s, v)


def saturate(value: ArrayLike, lo: ArrayLike, hi: ArrayLike) -> np.ndarray:
    """`min(max(v, lo), hi)`."""
    return np.minimum(np.maximum(_int(value), _int(lo)), _int(hi))


def requantize(
    acc: ArrayLike,
    multiplier: ArrayLike,
    shift: ArrayLike,
    zero_point: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """`clamp(rshift_round(acc * M, s) + zero_point, lo, hi)`; `M` and `s`
    broadcast against `acc` (per channel: shaped along the channel axis)."""
    return saturate(rshift_round(_int(acc) * _int(multiplier), shift) + zero_point, lo, hi)


def rescale(
    q: ArrayLike,
    zero_point_in: int,
    multiplier: int,
    shift: int,
    zero_point_out: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """A quantized tensor in another scale: `requantize(q - zq, ...)` (concat
    inputs, requantize of a quantized input)."""
    return requantize(_int(q) - zero_point_in, multiplier, shift, zero_point_out, lo, hi)


def add(
    a: ArrayLike,
    zero_point_a: int,
    multiplier_a: int,
    b: ArrayLike,
    zero_point_b: int,
    multiplier_b: int,
    shift: int,
    zero_point_out: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """`clamp(rshift_round((a - za) * Ma + (b - zb) * Mb, s) + zy, lo, hi)`,
    broadcasting `a` and `b`."""
    total = (_int(a) - zero_point_a) * multiplier_a + (_int(b) - zero_point_b) * multiplier_b
    return saturate(rshift_round(total, shift) + zero_point_out, lo, hi)


def lut(q: ArrayLike, qmin: int, table: ArrayLike) -> np.ndarray:
    """`table[q - qmin]`."""
    return _int(table)[_int(q) - qmin]


def along(values: ArrayLike, axis: int, ndim: int) -> np.ndarray:
    """Per-channel `values` shaped to broadcast along `axis` of an `ndim`
    array (a single value stays a scalar)."""
    values = _int(values).reshape(-1)
    if values.size == 1:
        return values.reshape(())
    shape = [1] * ndim
    shape[axis] = values.size
    return values.reshape(shape)


def conv2d_accumulate(
    x: ArrayLike,
    zero_point_x: int,
    w: ArrayLike,
    zero_points_w: ArrayLike,
    bias: ArrayLike | None,
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    groups: int,
    out_hw: Sequence[int],
) -> np.ndarray:
    """`acc[n,o,i,j] = b[o] + sum_{c,u,v} (x_pad - zx) * (w[o,c,u,v] - zw[o])`,
    `x` padded with its zero point (im2col and one batched product)."""
    xs = _int(x) - zero_point_x  # padding with zx is padding xs with 0
    ws = _int(w) - along(zero_points_w, 0, 4)
    acc = convolve(xs, ws, strides, dilations, pads, out_hw, groups)
    if bias is not None:
        acc = acc + _int(bias)[:, None, None]
    return acc


def dense_accumulate(
    x: ArrayLike,
    zero_point_x: int,
    w: ArrayLike,
    zero_points_w: ArrayLike,
    bias: ArrayLike | None,
) -> np.ndarray:
    """`acc[b,o] = bias[o] + sum_k (x[b,k] - zx) * (w[o,k] - zw[o])`."""
    ws = _int(w) - along(zero_points_w, 0, 2)
    acc = (_int(x) - zero_point_x) @ ws.T
    return acc if bias is None else acc + _int(bias)


def matmul_accumulate(
    a: ArrayLike, zero_point_a: int, b: ArrayLike, zero_points_b: ArrayLike
) -> np.ndarray:
    """`acc[..,m,o] = sum_k (a[..,m,k] - za) * (b[..,k,o] - zb[o])`."""
    bs = _int(b) - _int(zero_points_b).reshape(-1)  # per column, or one value
    return np.matmul(_int(a) - zero_point_a, bs)


def avgpool2d(
    x: ArrayLike,
    zero_point_x: int,
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    out_hw: Sequence[int],
    window_counts: ArrayLike,
    counts: Sequence[int],
    multipliers: Sequence[int],
    shifts: Sequence[int],
    zero_point_out: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """`clamp(rshift_round(S * M_n, s_n) + zy, lo, hi)` with `S` the window
    sum of `x - zx` (padding adds 0) and `n = window_counts[i, j]`, whose
    multiplier and shift are those of `n` in `counts`."""
    sums = windows(_int(x) - zero_point_x, kernel, strides, (1, 1), pads, out_hw, 0)
    sums = sums.sum(axis=(-2, -1))
    index = np.searchsorted(_int(counts), _int(window_counts))
    return requantize(sums, _int(multipliers)[index], _int(shifts)[index], zero_point_out, lo, hi)


def global_avgpool2d(
    x: ArrayLike,
    zero_point_x: int,
    multiplier: int,
    shift: int,
    zero_point_out: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """`clamp(rshift_round(S * M, s) + zy, lo, hi)`, `S` the sum over H, W."""
    sums = (_int(x) - zero_point_x).sum(axis=(2, 3), keepdims=True)
    return requantize(sums, multiplier, shift, zero_point_out, lo, hi)


# --------------------------------------------------------------------------
# The float boundary
# --------------------------------------------------------------------------


def quantize(
    x: ArrayLike, scale: ArrayLike, zero_point: ArrayLike, qmin: int, qmax: int
) -> np.ndarray:
    """`clamp(round_half_away(x / scale) + zero_point, qmin, qmax)` with the
    division in f64; NaN gives the zero point, +-inf the bounds. `scale` and
    `zero_point` broadcast against `x`."""
    with np.errstate(all="ignore"):
        v = np.asarray(x, np.float64) / np.asarray(scale, np.float64)
        magnitude = np.abs(v)
        whole = np.floor(magnitude)
        # magnitude - whole is exact; inf - inf is nan, and nan >= 0.5 is False
        magnitude = whole + (magnitude - whole >= 0.5)
        rounded = np.where(v < 0, -magnitude, magnitude)
        q = np.clip(rounded + np.asarray(zero_point, np.float64), qmin, qmax)
        q = np.where(np.isnan(v), np.asarray(zero_point, np.float64), q)
    return q.astype(INT)


def dequantize(
    q: ArrayLike, scale: ArrayLike, zero_point: ArrayLike, dtype: np.dtype | type = np.float32
) -> np.ndarray:
    """`scale * (q - zero_point)` in f64, rounded to `dtype`."""
    centered = _int(q) - _int(zero_point)
    return (centered.astype(np.float64) * np.asarray(scale, np.float64)).astype(dtype)


def _quantization_params(
    qtype: UniformQuantizedType, ndim: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scales (f64) and zero points (int64) shaped to broadcast against a
    tensor of `ndim` dimensions of this type."""
    scales = np.asarray(qtype.scales, np.float64)
    zero_points = np.asarray(qtype.zero_points, INT)
    if qtype.axis is None:
        return scales.reshape(()), zero_points.reshape(())
    shape = [1] * ndim
    shape[qtype.axis] = scales.size
    return scales.reshape(shape), zero_points.reshape(shape)


# --------------------------------------------------------------------------
# The op implementations
# --------------------------------------------------------------------------


def _is_float_type(ty: Any) -> bool:
    return isinstance(ty, TensorType) and not (
        isinstance(ty.get_element_type(), UniformQuantizedType)
        or qnt.is_signless_integer(ty.get_element_type())
    )


def _bounds(op: Operation, qtype: UniformQuantizedType) -> tuple[int, int]:
    lo, hi = op.properties.get("min"), op.properties.get("max")
    return (
        lo.value.data if lo is not None else qtype.qmin,  # pyright: ignore
        hi.value.data if hi is not None else qtype.qmax,  # pyright: ignore
    )


def _zero_point(value: SSAValue) -> int:
    return quantized_type_of(value).zero_point


@register_op_impls
class QntFunctions(OpFunctions):
    """numpy int64 implementations of the qnt ops (see the module docstring)."""

    def evaluate(self, op: Operation, compute: Compute, args: tuple[np.ndarray, ...]) -> np.ndarray:
        """`compute` on int64 operands (float ones as they are); the result
        must be an int64 array unless the op's result type is a float tensor
        (`qnt.dequantize`, which returns its declared float dtype): a float
        result anywhere else is an InterpretationError, so a float slipping
        into the integer path cannot go unnoticed."""
        operands = [
            np.asarray(a) if _is_float_type(v.type) else _int(a)
            for a, v in zip(args, op.operands)
        ]
        result = np.asarray(compute(op, *operands))
        result_type = op.results[0].type
        if _is_float_type(result_type):
            return result.astype(tensor_dtype(op, result_type), copy=False)
        if result.dtype != INT:
            raise InterpretationError(
                f"{op.name}: computed a {result.dtype} array, the integer "
                "interpreter must produce int64"
            )
        return result

    @computes(qnt.ConstantOp)
    def run_constant(op: qnt.ConstantOp) -> np.ndarray:
        return _int(array_from_dense(op.value))

    @computes(qnt.QuantizeOp)
    def run_quantize(op: qnt.QuantizeOp, x: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        scales, zero_points = _quantization_params(qtype, x.ndim)
        return quantize(x, scales, zero_points, qtype.qmin, qtype.qmax)

    @computes(qnt.DequantizeOp)
    def run_dequantize(op: qnt.DequantizeOp, q: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.input)
        scales, zero_points = _quantization_params(qtype, q.ndim)
        assert isinstance(op.result.type, TensorType)
        return dequantize(q, scales, zero_points, tensor_dtype(op, op.result.type))

    # ---- accumulating ops -------------------------------------------------

    @computes(qnt.Conv2dOp)
    def run_conv2d(
        op: qnt.Conv2dOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        return conv2d_accumulate(
            x,
            _zero_point(op.input),
            w,
            quantized_type_of(op.weight).zero_points,
            b,
            ints(op.strides),
            ints(op.pads),
            ints(op.dilations),
            op.groups.value.data,
            shape_of(op.result)[2:],
        )

    @computes(qnt.DenseOp)
    def run_dense(
        op: qnt.DenseOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        return dense_accumulate(
            x, _zero_point(op.input), w, quantized_type_of(op.weight).zero_points, b
        )

    @computes(qnt.MatmulOp)
    def run_matmul(op: qnt.MatmulOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return matmul_accumulate(a, _zero_point(op.lhs), b, quantized_type_of(op.rhs).zero_points)

    # ---- requantization and elementwise ----------------------------------

    @computes(qnt.RequantizeOp)
    def run_requantize(op: qnt.RequantizeOp, acc: np.ndarray) -> np.ndarray:
        if isinstance(op.input.type, TensorType) and isinstance(
            op.input.type.get_element_type(), UniformQuantizedType
        ):
            acc = acc - _zero_point(op.input)
        qtype = quantized_type_of(op.result)
        axis = op.axis.value.data % max(acc.ndim, 1)
        multipliers = along(ints(op.multipliers), axis, acc.ndim)
        shifts = along(ints(op.shifts), axis, acc.ndim)
        return requantize(acc, multipliers, shifts, qtype.zero_point, *_bounds(op, qtype))

    @computes(qnt.AddOp)
    def run_add(op: qnt.AddOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        ma, mb = ints(op.multipliers)
        return add(
            a,
            _zero_point(op.lhs),
            ma,
            b,
            _zero_point(op.rhs),
            mb,
            op.shift.value.data,
            qtype.zero_point,
            *_bounds(op, qtype),
        )

    @computes(qnt.ClampOp)
    def run_clamp(op: qnt.ClampOp, x: np.ndarray) -> np.ndarray:
        return saturate(x, *_bounds(op, quantized_type_of(op.result)))

    @computes(qnt.LutOp)
    def run_lut(op: qnt.LutOp, x: np.ndarray) -> np.ndarray:
        return lut(x, quantized_type_of(op.input).qmin, ints(op.table))

    # ---- pooling -----------------------------------------------------------

    @computes(qnt.Maxpool2dOp)
    def run_maxpool2d(op: qnt.Maxpool2dOp, x: np.ndarray) -> np.ndarray:
        # Padding (explicit and ceil-mode) is the lowest int64: it never wins.
        view = windows(
            x,
            ints(op.kernel),
            ints(op.strides),
            ints(op.dilations),
            ints(op.pads),
            shape_of(op.result)[2:],
            np.iinfo(INT).min,
        )
        return view.max(axis=(-2, -1))

    @computes(qnt.Avgpool2dOp)
    def run_avgpool2d(op: qnt.Avgpool2dOp, x: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        return avgpool2d(
            x,
            _zero_point(op.input),
            ints(op.kernel),
            ints(op.strides),
            ints(op.pads),
            shape_of(op.result)[2:],
            op.window_counts(),
            ints(op.counts),
            ints(op.multipliers),
            ints(op.shifts),
            qtype.zero_point,
            qtype.qmin,
            qtype.qmax,
        )

    @computes(qnt.GlobalAvgpool2dOp)
    def run_global_avgpool2d(op: qnt.GlobalAvgpool2dOp, x: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        return global_avgpool2d(
            x,
            _zero_point(op.input),
            op.multiplier.value.data,
            op.shift.value.data,
            qtype.zero_point,
            qtype.qmin,
            qtype.qmax,
        )

    # ---- shape manipulation, concat, argmax -------------------------------

    @computes(qnt.ReshapeOp)
    def run_reshape(op: qnt.ReshapeOp, x: np.ndarray) -> np.ndarray:
        return reshape(x, shape_of(op.input), shape_of(op.result))

    @computes(qnt.FlattenOp)
    def run_flatten(op: qnt.FlattenOp, x: np.ndarray) -> np.ndarray:
        return flatten(x, op.axis.value.data)

    @computes(qnt.TransposeOp)
    def run_transpose(op: qnt.TransposeOp, x: np.ndarray) -> np.ndarray:
        return np.transpose(x, ints(op.perm))

    @computes(qnt.ConcatOp)
    def run_concat(op: qnt.ConcatOp, *xs: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        rescaled = [
            rescale(x, _zero_point(v), m, s, qtype.zero_point, qtype.qmin, qtype.qmax)
            for x, v, m, s in zip(xs, op.inputs, ints(op.multipliers), ints(op.shifts))
        ]
        return concatenate(rescaled, op.axis.value.data)

    @computes(qnt.ArgmaxOp)
    def run_argmax(op: qnt.ArgmaxOp, x: np.ndarray) -> np.ndarray:
        return _int(
            argmax(x, op.axis.value.data, op.keepdims.value.data, op.select_last_index.value.data)
        )
