"""`qnt.add` of two streams of one frame shape as `dataflow.add`: the same
multipliers, shift and bounds (a ReLU after the add is its `min`). Its
lanes are left for `tile` to choose. When one of its inputs also feeds
another engine (a residual block's skip path), `lower-qnt-to-dataflow`
forks that stream (`dataflow.insert_forks`)."""

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
class Sum:
    """A `qnt.add` whose operands travel as the streams `lhs` and `rhs`."""

    op: qnt.AddOp
    lhs: SSAValue
    rhs: SSAValue


class AddPattern(EnginePattern[Sum]):
    """`qnt.add` to `dataflow.add`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.add of equal shapes",)

    def match(self, op: Operation) -> Sum | None:
        if not isinstance(op, qnt.AddOp):
            return None
        if shape_of(op.lhs) != shape_of(op.rhs):
            raise NotMapped(
                op, f": the adder takes operands of one shape, got {list(shape_of(op.lhs))} and "
                f"{list(shape_of(op.rhs))} (broadcasting is not mapped)",
            )  # fmt: skip
        lhs, rhs = input_stream(op.lhs, op), input_stream(op.rhs, op)
        if lhs is None or rhs is None:
            return None
        orders = [list(df.stream_type_of(x).axis_order) for x in (lhs, rhs)]
        if orders[0] != orders[1]:
            raise NotMapped(op, f": its operands stream in the orders {orders[0]} and {orders[1]}; the adder takes one")
        one_consumer(op.result)
        return Sum(op, lhs, rhs)

    def rewrite(self, match: Sum, rewriter: PatternRewriter) -> None:
        op = match.op
        output = quantized_type_of(op.result)
        lo, hi = op.min, op.max
        bounds = (lo.value.data if lo is not None else None, hi.value.data if hi is not None else None)
        engine = df.AddOp(match.lhs, match.rhs, output, ints(op.multipliers), op.shift.value.data, bounds=bounds)
        replace_by_engine(rewriter, [op], engine)
