"""Sliding windows of NCHW (or NHWC) arrays, the one piece of numpy behind
convolution (im2col) and pooling at every level: the float interpreter
(`asic.interp.nn`), the integer kernels (`asic.dialects.qnt_kernels`) and
what uses them. Pure numpy, any dtype.

- `windows`: the windows of an array as a strided view, padded with a fill
  value (explicit pads and whatever ceil-mode windows need).
- `convolve`: convolution as im2col and one batched matrix product, in the
  dtype of its operands (float, or int64 for exact integer accumulation).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def windows(
    x: np.ndarray,
    kernel: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int],
    pads: Sequence[int],
    out_hw: Sequence[int],
    fill: float,
    axes: tuple[int, int] = (2, 3),
) -> np.ndarray:
    """The `out_hw` windows of the NCHW array `x`, as `[N, C, OH, OW, KH, KW]`.

    `x` is padded by `pads` (`[top, left, bottom, right]`) with `fill`, and,
    past the end pads, by whatever ceil-mode windows need (also `fill`). The
    result is a strided view of that padded copy (no im2col copy yet), with
    `y[n, c, i, j, u, v] = x_pad[n, c, i*s_h + u*d_h, j*s_w + v*d_w]`.

    `axes` are the spatial axes (2, 3 for NCHW, 1, 2 for NHWC): the output
    positions replace them, the window dimensions come last.
    """
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, strides, dilations, out_hw
    top, left, bottom, right = pads
    ah, aw = axes
    span_h, span_w = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    extra_h = max(0, (oh - 1) * sh + span_h - (x.shape[ah] + top + bottom))
    extra_w = max(0, (ow - 1) * sw + span_w - (x.shape[aw] + left + right))
    widths = [(0, 0)] * x.ndim
    widths[ah] = (top, bottom + extra_h)
    widths[aw] = (left, right + extra_w)
    padded = np.pad(x, widths, constant_values=fill)
    view = sliding_window_view(padded, (span_h, span_w), axis=axes)
    index = [slice(None)] * x.ndim
    index[ah] = slice(0, (oh - 1) * sh + 1, sh)
    index[aw] = slice(0, (ow - 1) * sw + 1, sw)
    return view[(*index, slice(None, None, dh), slice(None, None, dw))]


def convolve(
    x: np.ndarray,
    w: np.ndarray,
    strides: Sequence[int],
    dilations: Sequence[int],
    pads: Sequence[int],
    out_hw: Sequence[int],
    groups: int,
) -> np.ndarray:
    """`y[n,o,i,j] = sum_{c,u,v} x_pad[n, g*Cg + c, i*s_h + u*d_h, j*s_w + v*d_w]
    * w[o, c, u, v]` (`g` the group of `o`, zero padding), in the dtype of
    `x` and `w` (the caller picks the accumulator dtype).

    im2col is built channels-last, so that the copy gathers runs of
    contiguous channels, and multiplied by the weights in one batched product
    over groups; a 1x1 convolution with stride 1 and no padding is a plain
    product over channels, without im2col.
    """
    n, c = x.shape[:2]
    o, cg, kh, kw = w.shape
    oh, ow = out_hw
    if (kh, kw) == (1, 1) and tuple(strides) == (1, 1) and not any(pads) and groups == 1:
        return np.matmul(w.reshape(o, c), x.reshape(n, c, -1)).reshape(n, o, oh, ow)
    # [N, OH, OW, C, KH, KW] over the channels-last padded copy of x.
    view = windows(x.transpose(0, 2, 3, 1), (kh, kw), strides, dilations, pads, out_hw, 0, (1, 2))
    cols = view.reshape(n, oh, ow, groups, cg, kh, kw).transpose(3, 0, 1, 2, 5, 6, 4)
    cols = cols.reshape(groups, n * oh * ow, kh * kw * cg)
    weights = w.reshape(groups, o // groups, cg, kh, kw).transpose(0, 1, 3, 4, 2)
    weights = weights.reshape(groups, o // groups, kh * kw * cg)
    y = np.matmul(cols, weights.transpose(0, 2, 1))  # [G, N*OH*OW, O/G]
    y = y.reshape(groups, n, oh, ow, o // groups).transpose(1, 0, 4, 2, 3)
    return y.reshape(n, o, oh, ow)
