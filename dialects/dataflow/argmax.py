"""`dataflow.argmax`: the index of the maximum of each frame.

    %i = dataflow.argmax %l select_last_index true : (!dataflow.stream<!q, lanes 2, shape [1, 10]>) -> !dataflow.stream<ui4, lanes 1, shape [1, 1]>

The row-major flat index in stream order of the first maximum, or the last
with `select_last_index true`: one beat of one lane `ui<max(1, ceil(log2
F))>` per frame of `F` elements, any lane count in (padding lanes take no
part).

Timing (`B` input beats per frame): `in_ready = advance`; edge: `out_full
<= (in_move & k == B-1) | (out_full & !out_ready)`, `k <= in_move ? (k+1)
mod B : k`. The running maximum is compared with the lanes of each beat in
lane order (strictly greater replaces, or greater or equal with
`select_last_index`), the index of the last beat's winner loaded into the
output register. II `B`, latency `B` (a gather of a whole frame into one
beat, `dwc.CollectTiming`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import IntegerAttr
from xdsl.ir import SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, prop_def, result_def

from asic.dialects.attributes import bool_attr
from asic.dialects.checks import fail
from asic.dialects.dataflow.dwc import CollectTiming
from asic.dialects.dataflow.engine import EngineOp
from asic.dialects.dataflow.stream import StreamType, index_type, stream_type_of
from asic.dialects.qnt_kernels import INT
from asic.dialects.syntax import BOOL, PropertyKind


@irdl_op_definition
class ArgmaxOp(EngineOp):
    """The index of the largest element of each frame (module docstring)."""

    name = "dataflow.argmax"

    input = operand_def(StreamType)
    select_last_index = prop_def(IntegerAttr, default_value=bool_attr(False))
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"select_last_index": BOOL}

    def __init__(self, input: SSAValue, shape: Sequence[int], *, select_last_index: bool = False):
        """`shape` is the result frame's shape (one element)."""
        x = stream_type_of(input)
        super().__init__(
            operands=[input],
            result_types=[StreamType(index_type(x.frame_size), 1, shape)],
            properties={"select_last_index": bool_attr(select_last_index)},
        )

    @property
    def last(self) -> bool:
        return bool(self.select_last_index.value.data)

    # The engine interface ------------------------------------------------------
    def output_lanes(self, port: int) -> int | None:
        return 1

    def output_beat_spacing(self, port: int) -> int:
        """One beat per frame."""
        return self.timing_alone()[0]

    def timing_alone(self) -> tuple[int, int]:
        """A beat per cycle (the default cost model), in integers."""
        beats = self.input_stream.beat_count
        return beats, beats

    def timing_model(self) -> CollectTiming:
        beats = self.input_stream.beat_count
        return CollectTiming(beats, beats)

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """`[B, 1, 1]`: the flat index of the first (or last) maximum, kept
        beat by beat as the engine does."""
        (beats,) = inputs
        count, nbeats, lanes = beats.shape
        real = lanes - self.input_stream.padding  # lanes of the last beat that are not padding
        last = self.last
        best = np.zeros(count, dtype=INT)
        index = np.zeros(count, dtype=INT)
        for b in range(nbeats):
            beat = beats[:, b, :] if b < nbeats - 1 else beats[:, b, :real]
            if last:
                lane = beat.shape[1] - 1 - np.argmax(beat[:, ::-1], axis=1)
            else:
                lane = np.argmax(beat, axis=1)
            value = beat[np.arange(count), lane]
            take = np.ones(count, dtype=bool) if b == 0 else (value >= best if last else value > best)
            best = np.where(take, value, best)
            index = np.where(take, b * lanes + lane, index)
        return [index.reshape(count, 1, 1)]

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        expected = index_type(x.frame_size)
        if y.element_type != expected:
            fail(
                f"the index of {x.frame_size} elements must be {expected}, "
                f"got {y.element_type}"
            )
        if y.frame_size != 1 or y.lane_count != 1:
            fail(
                f"the result frame is one element in one lane, got shape "
                f"{list(y.frame_shape)} with {y.lane_count} lanes"
            )
