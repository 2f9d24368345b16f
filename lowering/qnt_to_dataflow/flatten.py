"""A flatten between convolutions and a dense layer, with no reordering
buffer: ONNX flattens `[1, C, H, W]` in NCHW order (element `c*H*W + h*W +
w`), the pixel stream carries it channels-last (element `(h*W + w)*C +
c`). When such a `qnt.flatten`'s only user is a `qnt.dense` whose weights
are a constant, the dense layer's weight columns are permuted at compile
time to the stream's order,

    w'[o, (h*W + w)*C + c] = w[o, c*H*W + h*W + w]

and the flatten becomes wires (`dataflow.reshape`s: the pixel stream as
the row-major `[1, H, W, C]`, then `[1, H*W*C]`); the dense layer, now on
the permuted vector with permuted weights, computes the same sums and
becomes its MVU as any other. A flatten of a pixel stream into anything
else is refused (it would need a buffer of a whole frame), unless one
channel or one pixel makes the two orders the same sequence (then it is a
plain reshape, `reshape`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense
from asic.dialects.dataflow.swg import channels_last
from asic.dialects.nn import shape_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    input_stream,
    only_user,
    replace_by_stream,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped
from asic.lowering.qnt_to_dataflow.pixels import pixel_rows


def reordered(stream: SSAValue) -> bool:
    """Whether a pixel stream's order is not the NCHW sequence (several
    channels and several pixels)."""
    ty = df.stream_type_of(stream)
    return channels_last(ty) and ty.frame_shape[1] > 1 and ty.frame_shape[2] * ty.frame_shape[3] > 1


@dataclass
class FlattenIntoDense:
    flatten: qnt.FlattenOp
    dense: qnt.DenseOp
    input: SSAValue


class FlattenPattern(EnginePattern[FlattenIntoDense]):
    """`qnt.flatten` of a pixel stream into a `qnt.dense`: wires and
    permuted weights."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.flatten of a convolution's result into a qnt.dense",)

    def match(self, op: Operation) -> FlattenIntoDense | None:
        if not isinstance(op, qnt.FlattenOp):
            return None
        x = input_stream(op.input, op)
        if x is None or not reordered(x):
            return None
        dense = only_user(op.result)
        if (
            op.axis.value.data % 4 != 1
            or not isinstance(dense, qnt.DenseOp)
            or dense.input is not op.result
            or not isinstance(dense.weight.owner, qnt.ConstantOp)
        ):
            raise NotMapped(
                op,
                f": flattening the channels-last {list(shape_of(op.input))} stream in NCHW order is "
                "mapped only along axis 1 into one qnt.dense with constant weights (its weights are "
                "permuted instead of the stream)",
            )
        return FlattenIntoDense(op, dense, x)

    def rewrite(self, match: FlattenIntoDense, rewriter: PatternRewriter) -> None:
        flatten, dense = match.flatten, match.dense
        _, c, h, w = shape_of(flatten.input)
        rows = pixel_rows(match.input, rewriter, flatten)
        flat = df.ReshapeOp(rows, shape_of(flatten.result))
        rewriter.insert(flat, InsertPoint.before(flatten))
        old = dense.weight.owner
        assert isinstance(old, qnt.ConstantOp)
        weights = array_from_dense(old.value)
        o = weights.shape[0]
        permuted = weights.reshape(o, c, h, w).transpose(0, 2, 3, 1).reshape(o, c * h * w)
        rom = qnt.ConstantOp.from_array(old.sym_name.data, permuted, old.result.type)
        rom.result.name_hint = old.result.name_hint
        rewriter.insert(rom, InsertPoint.before(dense))
        dense.operands[1] = rom.result
        rewriter.handle_operation_modification(dense)
        replace_by_stream(rewriter, [flatten], flat.result)
