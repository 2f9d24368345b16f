"""`dataflow.skid %s`: a skid buffer, the register that ends a ready chain
at an engine boundary, the same stream type in and out.

    %k = dataflow.skid %h : !dataflow.stream<!q, lanes 6, shape [1, 8, 8, 6]>

Why. Most engines stall combinationally: their `in_ready` is a function of
their `out_ready` (an MVU holds its row while its output waits, a window
generator's read side waits for its consumer). Chained engines then form
one combinational path from the last engine's state back through every
`in_ready` to the first engine's registers: in a convolutional network the
critical path of the design ran from the max pool's window generator
(its watermark) back through the convolution's MVU into the first window
generator's issue logic. `schedule` puts a skid buffer on every stream
between two such engines (`asic.passes.schedule`), so that no timing path
crosses more than one engine's control.

Timing: one register of a beat, `full`, and the beat `skid_q`; `in_ready
= !full` (a register: the chain ends here), `out_valid = full | in_valid`,
`out_data = full ? skid_q : in_data` (fall-through: an empty buffer passes
the beat on in the same cycle, so it adds no latency and a pipeline
without stalls runs cycle for cycle as without it); edge: `full <= (full |
in_move) & !out_ready` (a beat that moved in and was not taken waits in
`skid_q`). One entry is enough for full rate: the buffer refuses a beat
only while it holds one, and then its consumer has a beat to take.
Alone: II `B`, latency `B - 1` (the last beat leaves in the cycle it
arrives). Compared with a `dataflow.fifo` (also a registered `in_ready`):
no RAM, no added latency (a FIFO's beat leaves two cycles after it is
pushed), so it costs a register of the stream's width and a multiplexer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.ir import SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, result_def

from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame
from asic.dialects.dataflow.engine import EngineOp, OutputRegisterTiming
from asic.dialects.dataflow.stream import StreamType


@irdl_op_definition
class SkidOp(EngineOp):
    """A skid buffer: a registered `in_ready`, the beat passed on in the
    same cycle (module docstring)."""

    name = "dataflow.skid"

    input = operand_def(StreamType)
    result = result_def(StreamType)

    DATA_MOVER: ClassVar[bool] = True
    REGISTERED_READY: ClassVar[bool] = True
    NOUN: ClassVar[str] = "skid buffer"

    def __init__(self, input: SSAValue):
        super().__init__(operands=[input], result_types=[input.type])

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """A beat per cycle, the last beat out in the cycle it comes in."""
        beats = beats_per_frame()
        return CostModel(cycles=beats, latency=beats - 1)

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        beats = self.input_stream.beat_count
        return beats, beats - 1

    def timing_model(self) -> SkidTiming:
        return SkidTiming()

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        return list(inputs)

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")


class SkidTiming(OutputRegisterTiming):
    """The `full` register (module docstring); `out_valid` falls through
    from `in_valid` (`TimingModel.FALL_THROUGH`)."""

    __slots__ = ()
    FALL_THROUGH: ClassVar[bool] = True

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return 1 - self.full

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        self.full = int((self.full or in_move[0]) and not out_ready[0])
