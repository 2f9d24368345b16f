"""Pixel streams, what the window engines take and give: an NCHW tensor
`[1, C, H, W]` travels channels-last (`!dataflow.stream<..., shape [1, C,
H, W], order [0, 2, 3, 1]>`, pixels in raster order, a pixel's channels
together).

`pixel_problem` says why a stream cannot become one (checked in a
pattern's `match`), `as_pixels` makes it one (in `rewrite`): a graph input
is retyped (the host streams its tensor channels-last), and so is a graph
input that reaches the window engines through a reshape across unit axes
only (a Conv1d's `[1, C, L]` as `[1, C, 1, L]`: the host streams it in
`[0, 2, 1]` order); a stream whose row-major order is the same sequence
(one channel, or one pixel) is relabelled by a `dataflow.reshape`. `pixel_rows` and `pixel_image` are the
relabellings between a pixel stream and the row-major `[1, H, W, C]` frame
an MVU takes as `H*W` rows.
"""

from __future__ import annotations

from xdsl.dialects.builtin import UnrealizedConversionCastOp
from xdsl.ir import BlockArgument, Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint, Rewriter

from asic.dialects import dataflow as df
from asic.dialects.dataflow.reshape import unit_axes_order
from asic.dialects.dataflow.swg import CHANNELS_LAST, channels_last


def pixel_problem(stream: SSAValue) -> str | None:
    """Why `stream` (a `[1, C, H, W]` frame) cannot travel channels-last,
    or None."""
    ty = df.stream_type_of(stream)
    shape = ty.frame_shape
    if len(shape) != 4 or shape[0] != 1:
        return f"window engines take one [1, C, H, W] image per frame, got shape {list(shape)}"
    if channels_last(ty) or isinstance(stream, BlockArgument) or _reshaped_input(stream) is not None:
        return None
    if ty.has_identity_order and (shape[1] == 1 or shape[2] * shape[3] == 1):
        return None
    return (
        f"its input [1, C, H, W] = {list(shape)} arrives in NCHW order from "
        f"{stream.owner.name}: window engines take pixels channels-last"  # pyright: ignore[reportAttributeAccessIssue]
    )


def as_pixels(stream: SSAValue, rewriter: PatternRewriter, before) -> SSAValue:
    """`stream` as a channels-last pixel stream (`pixel_problem` is None)."""
    ty = df.stream_type_of(stream)
    if channels_last(ty):
        return stream
    pixels = df.StreamType(ty.element_type, ty.lane_count, ty.frame_shape, CHANNELS_LAST)
    if isinstance(stream, BlockArgument):
        return Rewriter.replace_value_with_new_type(stream, pixels)
    if (reshape := _reshaped_input(stream)) is not None:
        return _stream_input_as_pixels(reshape)
    relabel = df.ReshapeOp(stream, ty.frame_shape, CHANNELS_LAST)
    rewriter.insert(relabel, InsertPoint.before(before))
    return relabel.result


def pixel_rows(pixels: SSAValue, rewriter: PatternRewriter, before) -> SSAValue:
    """The pixel stream `[1, C, H, W]` as the row-major `[1, H, W, C]`."""
    _, c, h, w = df.stream_type_of(pixels).frame_shape
    relabel = df.ReshapeOp(pixels, (1, h, w, c))
    rewriter.insert(relabel, InsertPoint.before(before))
    return relabel.result


def pixel_image(rows: SSAValue) -> df.ReshapeOp:
    """The row-major `[1, H, W, C]` as the pixel stream `[1, C, H, W]`."""
    _, h, w, c = df.stream_type_of(rows).frame_shape
    return df.ReshapeOp(rows, (1, c, h, w), CHANNELS_LAST)


def _reshaped_input(stream: SSAValue) -> df.ReshapeOp | None:
    """The `dataflow.reshape` across unit axes only that makes `stream` of
    a graph input read by nothing else, or None."""
    reshape = stream.owner
    if not isinstance(reshape, df.ReshapeOp) or not isinstance(reshape.input, BlockArgument):
        return None
    if any(use.operation is not reshape and _read(use.operation) for use in reshape.input.uses):
        return None
    if unit_axes_order(df.stream_type_of(reshape.input), df.stream_type_of(stream).frame_shape) is None:
        return None
    return reshape


def _read(user: Operation) -> bool:
    """Whether `user` reads its stream operand: anything but a cast of it
    to a tensor nothing uses any more (left until the boundary closes)."""
    return not isinstance(user, UnrealizedConversionCastOp) or any(r.uses for r in user.results)


def _stream_input_as_pixels(reshape: df.ReshapeOp) -> SSAValue:
    """Retype the graph input of `reshape` (`_reshaped_input`) to the order
    whose sequence is the reshape's result channels-last, and the result to
    that order (the new result): the unit axes first, then the input's axes in the order of
    their images among the result's channels-last axes."""
    x, y = df.stream_type_of(reshape.input), df.stream_type_of(reshape.result)
    old = [a for a in range(len(x.frame_shape)) if x.frame_shape[a] > 1]
    new = [a for a in range(len(y.frame_shape)) if y.frame_shape[a] > 1]
    units = [a for a in range(len(x.frame_shape)) if x.frame_shape[a] == 1]
    order = (*units, *(old[new.index(a)] for a in CHANNELS_LAST if a in new))
    retyped = df.StreamType(x.element_type, x.lane_count, x.frame_shape, order)
    Rewriter.replace_value_with_new_type(reshape.input, retyped)
    return Rewriter.replace_value_with_new_type(reshape.result, df.StreamType(y.element_type, y.lane_count, y.frame_shape, CHANNELS_LAST))
