"""`dataflow.reshape`: the same beats reinterpreted as frames of another
shape or axis order (same element type, lanes and element count): no
hardware, wires. Element `i` in the stream order of the input is element
`i` in the stream order of the output. Both streams are in row-major
order (or in an order that moves only axes of size 1, which is the same
sequence), except for one relabelling: the row-major `[1, H, W, C]` frame
of an MVU over pixels is the channels-last `[1, C, H, W]` (`order [0, 2, 3,
1]`) of a convolution's result, and back. (A flatten of a channels-last
frame in NCHW order is no reshape: `lower-qnt-to-dataflow` permutes the
next dense layer's weights instead.)

    %r = dataflow.reshape %o : (!dataflow.stream<!q, lanes 1, shape [1, 2]>) -> !dataflow.stream<!q, lanes 1, shape [2, 1]>

Timing: wires. II `B`, latency `B - 1` (the last beat leaves in the cycle
it arrives).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

from xdsl.ir import SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, result_def

from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values
from asic.dialects.dataflow.engine import EngineOp, expect_identity_order
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.dataflow.swg import channels_last


@irdl_op_definition
class ReshapeOp(EngineOp):
    """The same beats as frames of another shape (no hardware)."""

    name = "dataflow.reshape"

    input = operand_def(StreamType)
    result = result_def(StreamType)

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
        if not (_relabels(x, y) or _relabels(y, x)):
            for what, stream in (("input stream", x), ("output stream", y)):
                if not _row_major_sequence(stream):
                    expect_identity_order(what, stream)


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
