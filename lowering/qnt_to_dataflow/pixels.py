"""Pixel streams, what the window engines take and give: an NCHW tensor
`[1, C, H, W]` travels channels-last (`!dataflow.stream<..., shape [1, C,
H, W], order [0, 2, 3, 1]>`, pixels in raster order, a pixel's channels
together).

`pixel_problem` says why a stream cannot become one (checked in a
pattern's `match`), `as_pixels` makes it one (in `rewrite`): a graph input
is retyped (the host streams its tensor channels-last), also through
reshapes that only insert or remove unit axes (a Conv1d's `[1, C, L]` input
made `[1, C, 1, L]`: the input streams `order [0, 2, 1]`); a stream whose
row-major order is the same sequence (one channel, or one pixel) is
relabelled by a `dataflow.reshape`. `pixel_rows` and `pixel_image` are the
relabellings between a pixel stream and the row-major `[1, H, W, C]` frame
an MVU takes as `H*W` rows.
"""

from __future__ import annotations

from xdsl.dialects.builtin import UnrealizedConversionCastOp
from xdsl.ir import BlockArgument, SSAValue
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
    if channels_last(ty) or _input_behind_reshapes(stream) is not None:
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
    chain = _input_behind_reshapes(stream)
    if chain is not None:
        arg, reshapes = chain  # the last value of the chain is `stream`
        values = [arg, *(r.result for r in reshapes)]
        for value in values[:-1]:
            ty = df.stream_type_of(value)
            Rewriter.replace_value_with_new_type(value, _reordered(ty, unit_axes_order(pixels, ty.frame_shape)))
        return Rewriter.replace_value_with_new_type(values[-1], pixels)
    relabel = df.ReshapeOp(stream, ty.frame_shape, CHANNELS_LAST)
    rewriter.insert(relabel, InsertPoint.before(before))
    return relabel.result


def _reordered(ty: df.StreamType, order) -> df.StreamType:
    return df.StreamType(ty.element_type, ty.lane_count, ty.frame_shape, order)


def _input_behind_reshapes(stream: SSAValue) -> tuple[BlockArgument, list[df.ReshapeOp]] | None:
    """The graph input `stream` is, through `dataflow.reshape`s in row-major
    order that only insert or remove unit axes (each stream used once), and
    those reshapes from the input on; None otherwise."""
    reshapes: list[df.ReshapeOp] = []
    while isinstance(owner := stream.owner, df.ReshapeOp):
        x = df.stream_type_of(owner.input)
        if not x.has_identity_order or unit_axes_order(x, df.stream_type_of(stream).frame_shape) is None:
            return None
        if sum(not isinstance(u.operation, UnrealizedConversionCastOp) for u in owner.input.uses) != 1:
            return None  # (the casts of the conversion in progress do not count)
        reshapes.insert(0, owner)
        stream = owner.input
    return (stream, reshapes) if isinstance(stream, BlockArgument) else None


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
