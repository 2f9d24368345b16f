"""`dataflow.fifo %s depth D`: a first-in first-out buffer of `D` beats,
the same stream type in and out.

    %f = dataflow.fifo %h depth 5 : !dataflow.stream<!q, lanes 1, shape [1, 6]>

`schedule` places FIFOs (it removes those it finds and puts one of the depth
an engine asks for in front of it, `EngineOp.input_fifo_depth`).

Timing (`D` beats): `asic.lowering.rtl.builder.fifo_module` exactly:
`count` words held (the one shown at the output counts), `shown`;
`in_ready = count < D`, `out_valid = shown`, `fetch = (count - shown > 0) &
(!shown | pop)`; edge: `shown <= fetch | (shown & !pop)`, `count <= count +
push - pop`. A beat pushed in cycle t can leave in t+2; full rate needs `D
>= 3`. II `B` (with `D >= 3`), latency `B + 1`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import IntegerAttr
from xdsl.ir import SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, prop_def, result_def

from asic.dialects.attributes import i64_attr
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values, symbols
from asic.dialects.dataflow.engine import EngineOp, TimingModel
from asic.dialects.dataflow.stream import StreamType
from asic.dialects.syntax import INT, PropertyKind

FIFO_LATENCY = 2
"""A beat pushed into a FIFO in cycle t can leave it in cycle t + 2."""

FIFO_FULL_RATE_DEPTH = 3
"""The smallest FIFO depth that passes one beat per cycle."""

MEASURED_FIFO = -1
"""The answer of `EngineOp.input_fifo_depth` for a FIFO that `schedule`
sizes to the beats that wait in it (`asic.passes.schedule`): the join
FIFOs of an engine joining branches of a fork (`dataflow.add`), the FIFO
in front of a window generator whose writer stalls (`dataflow.swg`)."""


@irdl_op_definition
class FifoOp(EngineOp):
    """A FIFO of `depth` beats (module docstring)."""

    name = "dataflow.fifo"

    input = operand_def(StreamType)
    depth = prop_def(IntegerAttr)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"depth": INT}
    DATA_MOVER: ClassVar[bool] = True
    REGISTERED_READY: ClassVar[bool] = True

    def __init__(self, input: SSAValue, depth: int):
        super().__init__(
            operands=[input], result_types=[input.type], properties={"depth": i64_attr(depth)}
        )

    @property
    def depth_value(self) -> int:
        return self.depth.value.data

    # The engine interface ------------------------------------------------------
    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """A beat per cycle, two cycles through; `depth` words of RAM."""
        beats = beats_per_frame()
        lanes, depth, bits = symbols("lanes depth bits")
        return CostModel(
            cycles=beats, latency=beats + FIFO_LATENCY - 1, memory_bits=depth * lanes * bits
        )

    def cost_values(self) -> dict[str, int]:
        x = self.input_stream
        return {**stream_values(x), "depth": self.depth_value, "bits": x.bits}

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        beats = self.input_stream.beat_count
        return beats, beats + FIFO_LATENCY - 1

    def timing_model(self) -> FifoTiming:
        return FifoTiming(self.depth_value)

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        return list(inputs)

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")
        if self.depth_value < 1:
            fail(f"depth must be >= 1, got {self.depth_value}")


class FifoTiming(TimingModel):
    """`asic.lowering.rtl.builder.fifo_module`'s count and shown registers."""

    __slots__ = ("count", "depth", "peak", "shown")

    def __init__(self, depth: int):
        self.depth, self.count, self.shown = depth, 0, 0
        # The most beats held, counting a beat pushed: the depth at which the
        # FIFO would never have refused a beat (not a register).
        self.peak = 0

    def state(self) -> tuple:
        return (self.count, self.shown)

    def out_valid(self, port: int) -> int:
        return self.shown

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(self.count < self.depth)

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        pop = self.shown and out_ready[0]
        fetch = self.count - self.shown > 0 and (not self.shown or pop)
        self.shown = int(fetch or (self.shown and not pop))
        if in_move[0]:
            self.peak = max(self.peak, self.count + 1)
        self.count += int(in_move[0]) - int(pop)
