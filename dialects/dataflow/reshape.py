"""`dataflow.reshape`: the same beats reinterpreted as frames of another
shape or axis order (same element type, lanes and element count): no
hardware, wires. Element `i` in the stream order of the input is element
`i` in the stream order of the output. The output is in row-major order
(or in an order that moves only axes of size 1, the same sequence), or
keeps the input's order across axes of size 1 inserted or removed
(`unit_axes_order`: a Conv1d's `[1, C, L]` between `[1, C, 1, L]` pixel
streams), or relabels the row-major `[1, H, W, C]` frame of an MVU over
pixels as the channels-last `[1, C, H, W]` (`order [0, 2, 3, 1]`) of a
convolution's result. (A flatten in NCHW order of a channels-last stream
is a reshape to its stream order: `lower-qnt-to-dataflow` permutes the
next dense layer's weights to match.)

    %r = dataflow.reshape %o : (!dataflow.stream<!q, lanes 1, shape [1, 2]>) -> !dataflow.stream<!q, lanes 1, shape [2, 1]>

Timing: wires. II `B`, latency `B - 1` (the last beat leaves in the cycle
it arrives).

Canonicalization (`FoldReshapeChain`): since each reshape keeps the
sequence of elements, a reshape of a reshape is one reshape of the first
one's input to the second one's frames (when that reshape verifies), and a
reshape to its input's own stream type is none. `lower-qnt-to-dataflow`
applies it, so no chain of reshapes (an unfolded rank-2 batchnorm's
`[1, C]` to `[1, C, 1, 1]` and back, between two flattens) reaches `tile`,
`schedule` or the RTL; `canonicalize` applies it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

from xdsl.ir import SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, result_def, traits_def
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern
from xdsl.traits import HasCanonicalizationPatternsTrait, Pure

from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values
from asic.dialects.dataflow.engine import EngineOp, InDataflowGraph, expect_identity_order
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.dataflow.swg import channels_last


class ReshapeCanonicalization(HasCanonicalizationPatternsTrait):
    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        return (FoldReshapeChain(),)


@irdl_op_definition
class ReshapeOp(EngineOp):
    """The same beats as frames of another shape (no hardware)."""

    name = "dataflow.reshape"

    input = operand_def(StreamType)
    result = result_def(StreamType)

    traits = traits_def(InDataflowGraph(), Pure(), ReshapeCanonicalization())

    WIRES: ClassVar[bool] = True
    DATA_MOVER: ClassVar[bool] = True

    def __init__(self, input: SSAValue, shape: Sequence[int], order: Sequence[int] | None = None):
        x = stream_type_of(input)
        super().__init__(
            operands=[input], result_types=[StreamType(x.element_type, x.lane_count, shape, order)]
        )

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """Wires: the last beat leaves as it comes."""
        beats = beats_per_frame()
        return CostModel(cycles=beats, latency=beats - 1)

    def cost_values(self) -> dict[str, int]:
        return stream_values(self.input_stream)

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        beats = self.input_stream.beat_count
        return beats, beats - 1

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        if x.element_type != y.element_type or x.lane_count != y.lane_count:
            fail(f"a reshape keeps the element type and lanes: {x} and {y} differ")
        if x.frame_size != y.frame_size:
            fail(
                f"a reshape keeps the {x.frame_size} elements of a frame, got shape "
                f"{list(y.frame_shape)} ({y.frame_size} elements)"
            )
        if not keeps_sequence(x, y):
            expect_identity_order("output stream", y)


class FoldReshapeChain(RewritePattern):
    """A reshape to its input's stream type goes; a reshape of a reshape
    becomes one reshape of the first one's input (module docstring)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: ReshapeOp, rewriter: PatternRewriter) -> None:
        target = op.output_stream
        if op.input_stream == target:
            rewriter.replace(op, [], [op.input])
            return
        inner = op.input.owner
        if not isinstance(inner, ReshapeOp):
            return
        source = inner.input_stream
        if source == target:
            rewriter.replace(op, [], [inner.input])
        elif keeps_sequence(source, target):
            folded = ReshapeOp(inner.input, target.frame_shape, target.axis_order)
            folded.result.name_hint = op.result.name_hint
            rewriter.replace(op, folded)
        else:
            return  # no single reshape takes the input to the frames: the chain stays
        if not inner.result.uses:
            rewriter.erase(inner)


def keeps_sequence(x: StreamType, y: StreamType) -> bool:
    """Whether a reshape from `x` to `y` (of as many elements) keeps the
    stream's sequence of elements (module docstring): `y` in row-major
    order, or relabelling pixels as an image, or `x`'s order across unit
    axes."""
    return _row_major_sequence(y) or _relabels(x, y) or unit_axes_order(x, y.frame_shape) == y.axis_order


def _row_major_sequence(stream: StreamType) -> bool:
    """Whether the stream order is the row-major one: only axes of size 1
    move."""
    moved = [a for a in stream.axis_order if stream.frame_shape[a] > 1]
    return moved == sorted(moved)


def _relabels(pixels: StreamType, image: StreamType) -> bool:
    """Whether `pixels` is the row-major `[1, H, W, C]` of the channels-last
    `[1, C, H, W]` `image`."""
    if not (pixels.has_identity_order and channels_last(image)):
        return False
    _, c, h, w = image.frame_shape
    return pixels.frame_shape == (1, h, w, c)


def unit_axes_order(stream: StreamType, shape: Sequence[int]) -> tuple[int, ...] | None:
    """The order that streams frames of `shape` in the sequence of `stream`
    when `shape` differs from its frames only in axes of size 1 (unit axes
    first, then the others in the stream's order), else None."""
    old = [a for a in range(len(stream.frame_shape)) if stream.frame_shape[a] > 1]
    new = [a for a in range(len(shape)) if shape[a] > 1]
    if [stream.frame_shape[a] for a in old] != [shape[a] for a in new]:
        return None
    units = [a for a in range(len(shape)) if shape[a] == 1]
    return (*units, *(new[old.index(a)] for a in stream.axis_order if a in old))
