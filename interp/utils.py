"""Pieces shared by the interpreters of several levels.

- `windows`: the sliding windows of an NCHW array, the one piece of code
  behind convolution (im2col) and pooling in the float (`asic.interp.nn`)
  and integer (`asic.interp.qnt`) interpreters.
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
    fill: float | int,
) -> np.ndarray:
    """The `out_hw` windows of the NCHW array `x`, as `[N, C, OH, OW, KH, KW]`.

    `x` is padded by `pads` (`[top, left, bottom, right]`) with `fill`, and,
    past the end pads, by whatever ceil-mode windows need (also `fill`). The
    result is a strided view of that padded copy (no im2col copy yet), with
    `y[n, c, i, j, u, v] = x_pad[n, c, i*s_h + u*d_h, j*s_w + v*d_w]`.
    """
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, strides, dilations, out_hw
    top, left, bottom, right = pads
    span_h, span_w = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    extra_h = max(0, (oh - 1) * sh + span_h - (x.shape[2] + top + bottom))
    extra_w = max(0, (ow - 1) * sw + span_w - (x.shape[3] + left + right))
    padded = np.pad(
        x,
        ((0, 0), (0, 0), (top, bottom + extra_h), (left, right + extra_w)),
        constant_values=fill,
    )
    view = sliding_window_view(padded, (span_h, span_w), axis=(2, 3))
    return view[:, :, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw, ::dh, ::dw]
