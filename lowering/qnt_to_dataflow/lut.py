"""`qnt.lut` as `dataflow.lut`: the same table, looked up in every lane of
the stream (its lanes are those of the producer)."""

from __future__ import annotations

from typing import ClassVar

from xdsl.ir import Operation
from xdsl.pattern_rewriter import PatternRewriter

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.attributes import ints
from asic.dialects.qnt import quantized_type_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    OnStream,
    on_stream,
    replace_by_engine,
)


class LutPattern(EnginePattern[OnStream[qnt.LutOp]]):
    """`qnt.lut` to `dataflow.lut`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.lut",)

    def match(self, op: Operation) -> OnStream[qnt.LutOp] | None:
        if not isinstance(op, qnt.LutOp):
            return None
        return on_stream(op, op.input)

    def rewrite(self, match: OnStream[qnt.LutOp], rewriter: PatternRewriter) -> None:
        op = match.op
        engine = df.LutOp(match.input, quantized_type_of(op.result), ints(op.table))
        replace_by_engine(rewriter, [op], engine)
