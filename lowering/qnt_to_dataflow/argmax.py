"""`qnt.argmax` of a frame whose elements all lie along the reduced axis as
`dataflow.argmax`: an index stream (`ui<bits>`), which the host widens to
the `i64` result."""

from __future__ import annotations

from typing import ClassVar

from xdsl.ir import Operation
from xdsl.pattern_rewriter import PatternRewriter

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.nn import shape_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    OnStream,
    on_stream,
    replace_by_engine,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped


class ArgmaxPattern(EnginePattern[OnStream[qnt.ArgmaxOp]]):
    """`qnt.argmax` of whole frames to `dataflow.argmax`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.argmax",)

    def match(self, op: Operation) -> OnStream[qnt.ArgmaxOp] | None:
        if not isinstance(op, qnt.ArgmaxOp):
            return None
        shape = shape_of(op.input)
        axis = op.axis.value.data % len(shape)
        if any(d != 1 for i, d in enumerate(shape) if i != axis):
            raise NotMapped(
                op, f": the argmax engine reduces whole frames, not axis {axis} of {list(shape)}"
            )
        return on_stream(op, op.input)

    def rewrite(self, match: OnStream[qnt.ArgmaxOp], rewriter: PatternRewriter) -> None:
        op = match.op
        last = bool(op.select_last_index.value.data)
        engine = df.ArgmaxOp(match.input, shape_of(op.result), select_last_index=last)
        replace_by_engine(rewriter, [op], engine)
