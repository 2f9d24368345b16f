"""Shape inference of the ops nn and qnt share: `conv2d_result_shape`,
`pool2d_result_shape`, ... check the operand shapes and properties of an op
and return its result shape (raising the exact `VerifyException` of
`asic.dialects.checks` otherwise); `pooled_size` is the output length of
sliding windows along one axis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    pass

from asic.dialects.checks import expect_at_least, expect_length, expect_rank, fail, normalize_axis


def pooled_size(
    size: int,
    kernel: int,
    stride: int,
    pad_begin: int,
    pad_end: int,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output length of a convolution or pooling window along one axis.

    Window `j` (j = 0, 1, ...) starts at `j * stride` in the padded input of
    length `L = pad_begin + size + pad_end` and spans
    `E = dilation * (kernel - 1) + 1` positions. Without `ceil_mode`, the
    windows are those that end inside the padded input (`floor((L - E) /
    stride) + 1`). With `ceil_mode`, a window also counts when the previous
    one ended before the end of the padded input (`ceil((L - E) / stride) +
    1`, so a last window may run past the end), except a window that would
    start inside the end padding (the rule of ONNX and PyTorch). A result < 1
    means that no window fits.
    """
    span = size + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + pad_begin:
        out -= 1
    return out


def window_extents(kernel: Sequence[int], dilations: Sequence[int]) -> list[int]:
    return [d * (k - 1) + 1 for k, d in zip(kernel, dilations)]


def windowed_output_hw(
    what: str,
    x: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool = False,
) -> tuple[int, int]:
    """Output H and W of windows sliding over an NCHW input `x`; fails when
    no window fits."""
    h = pooled_size(x[2], kernel[0], strides[0], pads[0], pads[2], dilations[0], ceil_mode)
    w = pooled_size(x[3], kernel[1], strides[1], pads[1], pads[3], dilations[1], ceil_mode)
    if h < 1 or w < 1:
        padded = [x[2] + pads[0] + pads[2], x[3] + pads[1] + pads[3]]
        fail(
            f"the {what} of extent {window_extents(kernel, dilations)} does not fit "
            f"in the padded input of size {padded}"
        )
    return h, w


def broadcast_shapes(a: Sequence[int], b: Sequence[int], what: str) -> tuple[int, ...]:
    """numpy broadcasting of two shapes; `what` names them in the message."""
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        fail(f"{what} {list(a)} and {list(b)} do not broadcast")
        raise  # unreachable


def first_empty_window(
    size: int, kernel: int, stride: int, pad_begin: int, dilation: int, count: int
) -> tuple[int, int] | None:
    """The index and start of the first of `count` windows that holds no
    element of the input (all its taps fall in the padding), or None."""
    for j in range(count):
        start = j * stride - pad_begin
        first_tap = max(0, -(start // dilation))  # first tap at a position >= 0
        if first_tap >= kernel or start + first_tap * dilation >= size:
            return j, start
    return None


def conv2d_result_shape(
    x: Sequence[int],
    w: Sequence[int],
    bias: Sequence[int] | None,
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    groups: int,
) -> tuple[int, int, int, int]:
    """Checks the shapes of a 2-D convolution (NCHW input `x`, OIHW weight
    `w`, bias of shape [O] or None) and its properties; returns the NCHW
    result shape."""
    expect_rank("input", x, 4)
    expect_rank("weight", w, 4)
    expect_length("strides", strides, 2)
    expect_length("pads", pads, 4)
    expect_length("dilations", dilations, 2)
    expect_at_least("strides", strides, 1)
    expect_at_least("dilations", dilations, 1)
    expect_at_least("pads", pads, 0)
    expect_at_least("kernel size (weight dimensions 2 and 3)", w[2:], 1)
    if groups < 1:
        fail(f"groups must be >= 1, got {groups}")
    if x[1] % groups or w[0] % groups:
        fail(
            f"groups ({groups}) must divide input channels ({x[1]}) "
            f"and output channels ({w[0]})"
        )
    if w[1] * groups != x[1]:
        fail(
            f"weight expects {w[1] * groups} input channels "
            f"({w[1]} per group, {groups} groups), input has {x[1]}"
        )
    if bias is not None and tuple(bias) != (w[0],):
        fail(f"expected bias of shape [{w[0]}], got {list(bias)}")
    h, wd = windowed_output_hw("kernel", x, w[2:], strides, pads, dilations)
    return (x[0], w[0], h, wd)


def dense_result_shape(
    x: Sequence[int], w: Sequence[int], bias: Sequence[int] | None
) -> tuple[int, int]:
    """Checks the shapes of `x @ w^T + b` (`x: [B, K]`, `w: [N, K]`, bias
    [N] or None); returns `[B, N]`."""
    expect_rank("input", x, 2)
    expect_rank("weight", w, 2)
    if x[1] != w[1]:
        fail(f"input has {x[1]} features, weight expects {w[1]}")
    if bias is not None and tuple(bias) != (w[0],):
        fail(f"expected bias of shape [{w[0]}], got {list(bias)}")
    return (x[0], w[0])


def matmul_result_shape(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """Checks the shapes of a numpy matmul of tensors of rank >= 2 (batch
    dimensions broadcast); returns its result shape."""
    if len(a) < 2 or len(b) < 2:
        fail(f"expected operands of rank >= 2, got ranks {len(a)} and {len(b)}")
    if a[-1] != b[-2]:
        fail(f"contracting dimensions differ: {a[-1]} and {b[-2]}")
    batch = broadcast_shapes(a[:-2], b[:-2], "batch dimensions")
    return (*batch, a[-2], b[-1])


def pool2d_result_shape(
    x: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool,
) -> tuple[int, int, int, int]:
    """Checks a 2-D pooling window over the NCHW input `x` (every window must
    contain an input element); returns the NCHW result shape."""
    expect_rank("input", x, 4)
    expect_length("kernel", kernel, 2)
    expect_length("strides", strides, 2)
    expect_length("pads", pads, 4)
    expect_length("dilations", dilations, 2)
    expect_at_least("kernel", kernel, 1)
    expect_at_least("strides", strides, 1)
    expect_at_least("dilations", dilations, 1)
    expect_at_least("pads", pads, 0)
    out = windowed_output_hw("window", x, kernel, strides, pads, dilations, ceil_mode)
    for axis in (0, 1):
        empty = first_empty_window(
            x[2 + axis], kernel[axis], strides[axis], pads[axis], dilations[axis], out[axis]
        )
        if empty is not None:
            fail(
                f"window {empty[0]} along {'HW'[axis]} lies entirely in the "
                f"padding (it starts at {empty[1]}, the input has size "
                f"{x[2 + axis]}); every window must contain an input element"
            )
    return (x[0], x[1], *out)


def global_pool_result_shape(x: Sequence[int]) -> tuple[int, int, int, int]:
    """Checks the NCHW input of a global pooling; returns `[N, C, 1, 1]`."""
    expect_rank("input", x, 4)
    if x[2] == 0 or x[3] == 0:
        fail(f"cannot average over an empty spatial extent {list(x[2:])}")
    return (x[0], x[1], 1, 1)


def flatten_result_shape(x: Sequence[int], axis: int) -> tuple[int, int]:
    """ONNX Flatten: `[prod(x[:axis]), prod(x[axis:])]`, axis in [-rank, rank]."""
    if not -len(x) <= axis <= len(x):
        fail(f"axis {axis} is out of range [{-len(x)}, {len(x)}] for rank {len(x)}")
    if axis < 0:
        axis += len(x)
    return (math.prod(x[:axis]), math.prod(x[axis:]))


def expect_reshape(x: Sequence[int], y: Sequence[int]) -> None:
    """A row-major reshape keeps the number of elements."""
    if math.prod(x) != math.prod(y):
        fail(
            f"cannot reshape {list(x)} ({math.prod(x)} elements) to "
            f"{list(y)} ({math.prod(y)} elements)"
        )


def transpose_result_shape(x: Sequence[int], perm: Sequence[int]) -> tuple[int, ...]:
    if sorted(perm) != list(range(len(x))):
        fail(f"perm {list(perm)} is not a permutation of the {len(x)} axes")
    return tuple(x[p] for p in perm)


def concat_result_shape(shapes: Sequence[Sequence[int]], axis: int) -> tuple[int, ...]:
    """Checks the shapes of a concatenation along `axis` (at least one
    input); returns the result shape."""
    if not shapes:
        fail("concat needs at least one input")
    rank = len(shapes[0])
    axis = normalize_axis(axis, rank)
    for i, s in enumerate(shapes):
        if len(s) != rank:
            fail(f"input {i} has rank {len(s)}, input 0 has rank {rank}")
        if any(a != b for j, (a, b) in enumerate(zip(s, shapes[0])) if j != axis):
            fail(f"input shapes {[list(s) for s in shapes]} differ outside axis {axis}")
    expected = list(shapes[0])
    expected[axis] = sum(s[axis] for s in shapes)
    return tuple(expected)


def argmax_result_shape(x: Sequence[int], axis: int, keepdims: bool) -> tuple[int, ...]:
    axis = normalize_axis(axis, len(x))
    if x[axis] == 0:
        fail(f"axis {axis} is empty, argmax needs at least one element")
    expected = list(x)
    if keepdims:
        expected[axis] = 1
    else:
        del expected[axis]
    return tuple(expected)
