"""The integer arithmetic of the `qnt` dialect, written once as small numpy
functions: the semantics of `asic.dialects.qnt`'s docstring (sections
Rounding and Widths, and the ops) at run time.

`rshift_round` (and its hardware form `rshift_round_hardware`),
`saturate`, `requantize`, `add`, `rescale`, `lut`, the accumulations
`conv2d_accumulate`, `dense_accumulate`, `matmul_accumulate`, the pools
`avgpool2d`, `global_avgpool2d`, and the float boundary `quantize` /
`dequantize` (with `quantization_params`). They take and return int64 arrays
(Python ints and lists are accepted) and broadcast like numpy; no float is
created or used outside the float boundary.

Everything that computes the integers of the qnt level and below uses them:
the qnt interpreter (`asic.interp.qnt`), the functional models of the
dataflow engines (`asic.dialects.dataflow`), the QDQ importer (initializers
quantized at import time) and the RTL tests' references. Pure numpy: no IR.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from asic.dialects.windows import convolve, windows

if TYPE_CHECKING:
    from asic.dialects.qnt import UniformQuantizedType

INT = np.int64
"""The dtype of every integer tensor at run time."""

ArrayLike = Any


def as_int(x: ArrayLike) -> np.ndarray:
    """`x` as an int64 array (no copy when it is one)."""
    return np.asarray(x).astype(INT, copy=False)


# --------------------------------------------------------------------------
# The arithmetic (integer only)
# --------------------------------------------------------------------------


def rshift_round(value: ArrayLike, shift: ArrayLike) -> np.ndarray:
    """`value / 2^shift` rounded to the nearest integer, ties away from zero:
    `sign(v) * ((|v| + 2^(s-1)) >> s)` for `s > 0`, `v` for `s = 0`."""
    v, s = as_int(value), as_int(shift)
    half = np.left_shift(INT(1), s) >> 1  # 2^(s-1), and 0 for s = 0
    magnitude = (np.abs(v) + half) >> s
    return np.where(v < 0, -magnitude, magnitude)


def rshift_round_hardware(value: ArrayLike, shift: ArrayLike) -> np.ndarray:
    """The same value as `rshift_round`, the way the hardware computes it:
    `(v + 2^(s-1) - [v < 0]) >> s` with an arithmetic shift, for `s > 0`."""
    v, s = as_int(value), as_int(shift)
    half = np.left_shift(INT(1), s) >> 1
    return np.where(s > 0, (v + half - (v < 0)) >> s, v)


def saturate(value: ArrayLike, lo: ArrayLike, hi: ArrayLike) -> np.ndarray:
    """`min(max(v, lo), hi)`."""
    return np.minimum(np.maximum(as_int(value), as_int(lo)), as_int(hi))


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
    return saturate(rshift_round(as_int(acc) * as_int(multiplier), shift) + zero_point, lo, hi)


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
    return requantize(as_int(q) - zero_point_in, multiplier, shift, zero_point_out, lo, hi)


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
    total = (as_int(a) - zero_point_a) * multiplier_a + (as_int(b) - zero_point_b) * multiplier_b
    return saturate(rshift_round(total, shift) + zero_point_out, lo, hi)


def lut(q: ArrayLike, qmin: int, table: ArrayLike) -> np.ndarray:
    """`table[q - qmin]`."""
    return as_int(table)[as_int(q) - qmin]


def along(values: ArrayLike, axis: int, ndim: int) -> np.ndarray:
    """Per-channel `values` shaped to broadcast along `axis` of an `ndim`
    array (a single value stays a scalar)."""
    values = as_int(values).reshape(-1)
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
    xs = as_int(x) - zero_point_x  # padding with zx is padding xs with 0
    ws = as_int(w) - along(zero_points_w, 0, 4)
    acc = convolve(xs, ws, strides, dilations, pads, out_hw, groups)
    if bias is not None:
        acc = acc + as_int(bias)[:, None, None]
    return acc


def dense_accumulate(
    x: ArrayLike,
    zero_point_x: int,
    w: ArrayLike,
    zero_points_w: ArrayLike,
    bias: ArrayLike | None,
) -> np.ndarray:
    """`acc[b,o] = bias[o] + sum_k (x[b,k] - zx) * (w[o,k] - zw[o])`."""
    ws = as_int(w) - along(zero_points_w, 0, 2)
    acc = (as_int(x) - zero_point_x) @ ws.T
    return acc if bias is None else acc + as_int(bias)


def matmul_accumulate(
    a: ArrayLike, zero_point_a: int, b: ArrayLike, zero_points_b: ArrayLike
) -> np.ndarray:
    """`acc[..,m,o] = sum_k (a[..,m,k] - za) * (b[..,k,o] - zb[o])`."""
    bs = as_int(b) - as_int(zero_points_b).reshape(-1)  # per column, or one value
    return np.matmul(as_int(a) - zero_point_a, bs)


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
    dilations: Sequence[int] = (1, 1),
) -> np.ndarray:
    """`clamp(rshift_round(S * M_n, s_n) + zy, lo, hi)` with `S` the window
    sum of `x - zx` (padding adds 0; the taps every `dilations`-th element)
    and `n = window_counts[i, j]`, whose multiplier and shift are those of
    `n` in `counts`."""
    sums = windows(as_int(x) - zero_point_x, kernel, strides, dilations, pads, out_hw, 0)
    sums = sums.sum(axis=(-2, -1))
    index = np.searchsorted(as_int(counts), as_int(window_counts))
    return requantize(sums, as_int(multipliers)[index], as_int(shifts)[index], zero_point_out, lo, hi)


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
    sums = (as_int(x) - zero_point_x).sum(axis=(2, 3), keepdims=True)
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
    centered = as_int(q) - as_int(zero_point)
    return (centered.astype(np.float64) * np.asarray(scale, np.float64)).astype(dtype)


def quantization_params(
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
