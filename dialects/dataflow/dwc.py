"""`dataflow.dwc`: data width converter, the same frames with another lane
count.

    %y = dataflow.dwc %x : (!dataflow.stream<!q, lanes 3, shape [1, 6]>) -> !dataflow.stream<!q, lanes 6, shape [1, 6]>

One of the two lane counts divides the other (a gather, `a -> r*a`, or a
scatter, `r*b -> b`), or the wider one holds a whole frame (`>= F` lanes,
one beat per frame; `r = ceil(wide / narrow)`: a gather's last input beat
and a scatter's last piece reach past it, into padding). `legalize_lanes`
converts through `min(lcm(a, b), F)` lanes when neither holds
(`converter_route`). Frame by frame: a gather packs input beats `j*r .. j*r
+ r - 1` into output beat `j`, the first in the low lanes, and ends a
frame's last output beat early with the frame's last input beat (`ceil(B_in
/ r)` output beats); a scatter sends pieces `i*r ..` of input beat `i` but
stops at the frame's `ceil(F / b)`-th output beat. Either way element `e`
stays at beat `e // lanes`, lane `e % lanes`.

Timing. A gather `a -> r*a` (`B = ceil(F/a)` input beats): `in_ready =
advance`, `out_full <= (in_move & (k == r-1 | j == B-1)) | (out_full &
!out_ready)` (`j` counts the input beats of the frame), the output beat is
the input beats since the last output, the first in the low lanes. II `B`,
latency `B`. A scatter `r*b -> b` (`B = ceil(F/b)` output beats): `out_valid
= full`, `in_ready = !full | (out_ready & end)` with `end = k == r-1 | j ==
B-1` (`j` counts the output beats of the frame); edge: `full <= in_move |
(full & !(out_move & end))`, `k <= out_move ? (end ? 0 : k+1) : k`; output
piece `k` is lanes `[k*b, (k+1)*b)` of the held beat. II `B`, latency `B`.

FIFO in front (`schedule`). A scatter whose frame ends in a partial input
beat (padding) sends `r` pieces for every input beat but the last: a burst
that a producer spacing its beats evenly meets with a stall, lost for good
since a stalled MVU stops its whole pipeline. A FIFO of `B_in + 1` beats (at
least the 3 of full rate) in front of it takes a whole frame's input beats,
so the producer never waits while the converter, whose II `B_out` is at
most the pipeline's, drains them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.ir import SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, result_def

from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, symbols
from asic.dialects.dataflow.engine import EngineOp, Producer, TimingModel
from asic.dialects.dataflow.fifo import FIFO_FULL_RATE_DEPTH
from asic.dialects.dataflow.stream import StreamType, beat_elements, pad_beats, stream_type_of


def converter_route(have: int, need: int, frame: int) -> list[int]:
    """The lanes after each `dataflow.dwc` from `have` to `need` lanes for
    frames of `frame` elements: one when a lane count divides the other or
    the wider holds a frame, else two through `min(lcm, frame)` lanes (the
    fewest registers: a whole frame when the lcm is wider)."""
    if max(have, need) % min(have, need) == 0 or max(have, need) >= frame:
        return [need]
    return [min(math.lcm(have, need), frame), need]


@irdl_op_definition
class DwcOp(EngineOp):
    """Data width converter: other lanes per beat (module docstring)."""

    name = "dataflow.dwc"

    input = operand_def(StreamType)
    result = result_def(StreamType)

    DATA_MOVER: ClassVar[bool] = True

    def __init__(self, input: SSAValue, lanes: int):
        super().__init__(operands=[input], result_types=[stream_type_of(input).with_lanes(lanes)])

    @property
    def is_gather(self) -> bool:
        """More lanes out than in."""
        return self.output_stream.lane_count > self.input_stream.lane_count

    @property
    def ratio(self) -> int:
        """`r`: input beats per output beat (gather) or output beats per
        input beat (scatter), rounded up for a frame converter."""
        a, b = self.input_stream.lane_count, self.output_stream.lane_count
        return -(-max(a, b) // min(a, b))

    # The engine interface ------------------------------------------------------
    def output_lanes(self, port: int) -> int | None:
        return self.output_stream.lane_count

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """A beat of the narrower side per cycle."""
        import sympy as sp

        frame, lanes_in, lanes_out = symbols("F lanes_in lanes_out")
        beats = sp.ceiling(frame / sp.Min(lanes_in, lanes_out))
        return CostModel(cycles=beats, latency=beats)

    def cost_values(self) -> dict[str, int]:
        x, y = self.input_stream, self.output_stream
        return {"F": x.frame_size, "lanes_in": x.lane_count, "lanes_out": y.lane_count}

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        x, y = self.input_stream, self.output_stream
        beats = -(-x.frame_size // min(x.lane_count, y.lane_count))
        return beats, beats

    def timing_model(self) -> TimingModel:
        if self.is_gather:
            return CollectTiming(self.ratio, self.input_stream.beat_count)
        return ScatterTiming(self.ratio, self.output_stream.beat_count)

    def input_fifo_depth(self, port: int, producer: Producer | None) -> int:
        """`B_in + 1` (at least 3) in front of a scatter whose frame ends in
        a partial input beat, else none (module docstring)."""
        x, y = self.input_stream, self.output_stream
        if self.is_gather or y.beat_count % self.ratio == 0 or x.beat_count == 1:
            return 0
        return max(x.beat_count + 1, FIFO_FULL_RATE_DEPTH)

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The frame's elements in the other lanes (padding 0)."""
        (beats,) = inputs
        return [pad_beats(self.output_stream, beat_elements(self.input_stream, beats))]

    # Verification ----------------------------------------------------------------
    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        if x.with_lanes(y.lane_count) != y:
            fail(
                f"a dwc changes only the lanes: {x} and {y} differ in element type, "
                "shape or order"
            )
        a, b = x.lane_count, y.lane_count
        if a == b:
            fail(f"input and output have the same {a} lanes: the converter does nothing")
        if len(converter_route(a, b, x.frame_size)) > 1:
            fail(
                f"one lane count must divide the other, or the wider one hold a whole frame of "
                f"{x.frame_size} elements, got {a} and {b} (convert through "
                f"{converter_route(a, b, x.frame_size)[0]} lanes with two dwcs)"
            )


class CollectTiming(TimingModel):
    """An output beat after every `r` input beats and after the last input
    beat of a frame (`beats` per frame): gathers, and the argmax (`r` =
    `beats`, one output beat per frame)."""

    __slots__ = ("beats", "full", "j", "k", "r")

    def __init__(self, r: int, beats: int):
        self.r, self.beats, self.k, self.j, self.full = r, beats, 0, 0, 0

    def state(self) -> tuple:
        return (self.k, self.j, self.full)

    def out_valid(self, port: int) -> int:
        return self.full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(not self.full or out_ready[0])

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        end = self.k == self.r - 1 or self.j == self.beats - 1
        self.full = int((in_move[0] and end) or (self.full and not out_ready[0]))
        if in_move[0]:
            self.k = 0 if end else self.k + 1
            self.j = self.j + 1 if self.j + 1 < self.beats else 0


class ScatterTiming(TimingModel):
    """`r` output beats per input beat, fewer for the last input beat of a
    frame (`beats` output beats per frame)."""

    __slots__ = ("beats", "full", "j", "k", "r")

    def __init__(self, r: int, beats: int):
        self.r, self.beats, self.k, self.j, self.full = r, beats, 0, 0, 0

    def state(self) -> tuple:
        return (self.k, self.j, self.full)

    def _end(self) -> bool:
        return self.k == self.r - 1 or self.j == self.beats - 1

    def out_valid(self, port: int) -> int:
        return self.full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(not self.full or (out_ready[0] and self._end()))

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        out_move = self.full and out_ready[0]
        end = self._end()
        self.full = int(in_move[0] or (self.full and not (out_move and end)))
        if out_move:
            self.k = 0 if end else self.k + 1
            self.j = self.j + 1 if self.j + 1 < self.beats else 0
