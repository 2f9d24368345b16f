"""`qnt.concat` of streams along the last axis of their stream order (the
features of a dense layer's frames; channels once convolutions stream
channels last) as `dataflow.concat`: the same multipliers and shifts, its
lanes left to `tile`. The branches feeding it are forks of one stream
(`dataflow.insert_forks`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.attributes import ints
from asic.dialects.nn import shape_of
from asic.dialects.qnt import quantized_type_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    input_stream,
    one_consumer,
    replace_by_engine,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped


@dataclass
class Join:
    """A `qnt.concat` whose operands travel as `streams`."""

    op: qnt.ConcatOp
    streams: list[SSAValue]


class ConcatPattern(EnginePattern[Join]):
    """`qnt.concat` to `dataflow.concat`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.concat along the stream's last axis",)

    def match(self, op: Operation) -> Join | None:
        if not isinstance(op, qnt.ConcatOp):
            return None
        streams = [input_stream(v, op) for v in op.inputs]
        if any(s is None for s in streams):
            return None
        order = df.stream_type_of(streams[0]).axis_order  # pyright: ignore[reportArgumentType]
        axis = op.axis.value.data % len(shape_of(op.result))
        if axis != order[-1]:
            raise NotMapped(op, f": the concat engine joins along the stream's last axis ({order[-1]}), not axis {axis}")
        one_consumer(op.result)
        return Join(op, [s for s in streams if s is not None])

    def rewrite(self, match: Join, rewriter: PatternRewriter) -> None:
        op = match.op
        engine = df.ConcatOp(
            match.streams, quantized_type_of(op.result), shape_of(op.result), ints(op.multipliers), ints(op.shifts)
        )
        replace_by_engine(rewriter, [op], engine)
