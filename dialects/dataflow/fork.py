"""`dataflow.fork`: one stream to two, the fan-out of a value that two
engines consume (a residual block's skip path and its body, inception
branches).

    %a, %b = dataflow.fork %x : (!dataflow.stream<!q, lanes 2, shape [1, 6]>) -> (!dataflow.stream<!q, lanes 2, shape [1, 6]>, !dataflow.stream<!q, lanes 2, shape [1, 6]>)

Both outputs carry every beat of the input, unchanged (the same stream
type). A value consumed `n > 2` times takes a chain of `n - 1` forks
(`insert_forks`, which `lower-qnt-to-dataflow` runs).

Timing: an output register per output: `in_ready = (!full0 | out_ready0)
& (!full1 | out_ready1)` (a beat moves on only when both outputs can take
it, so the slower branch holds the other back: `schedule` puts the FIFOs
in front of the join that make the branches independent); edge: `full_p
<= in_move | (full_p & !out_ready_p)`, the beat loaded into both output
registers with `in_move`. Alone: II `B`, latency `B`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.ir import Block, SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, result_def
from xdsl.rewriter import InsertPoint, Rewriter

from asic.dialects.checks import fail
from asic.dialects.dataflow.engine import EngineOp, TimingModel
from asic.dialects.dataflow.stream import StreamType


@irdl_op_definition
class ForkOp(EngineOp):
    """One stream to two, every beat on both (module docstring)."""

    name = "dataflow.fork"

    input = operand_def(StreamType)
    left = result_def(StreamType)
    right = result_def(StreamType)

    NOUN: ClassVar[str] = "fork"

    def __init__(self, input: SSAValue):
        super().__init__(operands=[input], result_types=[input.type, input.type])

    def timing_alone(self) -> tuple[int, int]:
        """A beat per cycle (the default cost model), in integers."""
        beats = self.input_stream.beat_count
        return beats, beats

    def timing_model(self) -> ForkTiming:
        return ForkTiming()

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        (beats,) = inputs
        return [beats, beats.copy()]

    def verify_semantics(self) -> None:
        if self.left.type != self.input.type or self.right.type != self.input.type:
            fail(f"both outputs of a fork have the input's type {self.input.type}")


class ForkTiming(TimingModel):
    """An output register per output (module docstring)."""

    __slots__ = ("full",)

    def __init__(self) -> None:
        self.full = [0, 0]

    def state(self) -> tuple:
        return tuple(self.full)

    def out_valid(self, port: int) -> int:
        return self.full[port]

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(all(not f or r for f, r in zip(self.full, out_ready)))

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        self.full = [int(in_move[0] or (f and not r)) for f, r in zip(self.full, out_ready)]


def insert_forks(block: Block) -> None:
    """Give every stream of `block` (its arguments, the engines' results)
    consumed more than once a chain of forks right behind its producer:
    its first consumer reads the first fork's left output, the others the
    right one, forked again while more than one remain."""
    streams = [a for a in block.args if isinstance(a.type, StreamType)]
    streams += [r for op in block.ops if isinstance(op, EngineOp) for r in op.output_values]
    for value in streams:
        uses = sorted(value.uses, key=lambda u: _position(block, u.operation))
        after = value.owner if not isinstance(value.owner, Block) else None
        while len(uses) > 1:
            fork = ForkOp(value)
            point = InsertPoint.after(after) if after is not None else InsertPoint.at_start(block)
            Rewriter.insert_op(fork, point)
            first, *rest = uses
            first.operation.operands[first.index] = fork.left
            for use in rest:
                use.operation.operands[use.index] = fork.right
            value, after = fork.right, fork
            uses = sorted(value.uses, key=lambda u: _position(block, u.operation))


def _position(block: Block, op) -> int:
    return block.get_operation_index(op)
