"""`qnt.flatten` and `qnt.reshape` as `dataflow.reshape`: the same beats as
frames of another shape, no hardware; nothing at all when the shape does
not change."""

from __future__ import annotations

from typing import ClassVar

from xdsl.ir import Operation
from xdsl.pattern_rewriter import PatternRewriter

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.nn import shape_of
from asic.lowering.qnt_to_dataflow.errors import NotMapped
from asic.dialects.dataflow.reshape import unit_axes_order
from asic.lowering.qnt_to_dataflow.flatten import reordered
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    OnStream,
    on_stream,
    replace_by_engine,
    replace_by_stream,
)

Reshape = OnStream[qnt.FlattenOp | qnt.ReshapeOp]


class ReshapePattern(EnginePattern[Reshape]):
    """`qnt.flatten` / `qnt.reshape` to `dataflow.reshape`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.flatten", "qnt.reshape")

    def match(self, op: Operation) -> Reshape | None:
        if not isinstance(op, (qnt.FlattenOp, qnt.ReshapeOp)):
            return None
        match = on_stream(op, op.input)
        if match is not None and reordered(match.input) and _order(match) is None:
            raise NotMapped(
                op,
                f": its input {list(shape_of(op.input))} streams channels-last, not in NCHW order "
                "(only unit axes may be inserted or removed)",
            )
        return match

    def rewrite(self, match: Reshape, rewriter: PatternRewriter) -> None:
        shape = shape_of(match.op.result)
        if shape == df.stream_type_of(match.input).frame_shape:
            replace_by_stream(rewriter, [match.op], match.input)
        else:
            replace_by_engine(rewriter, [match.op], df.ReshapeOp(match.input, shape, _order(match)))


def _order(match: Reshape) -> tuple[int, ...] | None:
    """The result's stream order: row-major, or the input's across unit
    axes (`unit_axes_order`); None when neither keeps the sequence."""
    shape = shape_of(match.op.result)
    if not reordered(match.input):
        return tuple(range(len(shape)))
    return unit_axes_order(df.stream_type_of(match.input), shape)
