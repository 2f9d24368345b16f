"""A flatten between convolutions and a dense layer, with no reordering
buffer: ONNX flattens `[1, C, H, W]` in NCHW order (element `c*H*W + h*W +
w`), the pixel stream carries it channels-last (element `(h*W + w)*C +
c`). When such a `qnt.flatten`'s only user is a `qnt.dense` whose weights
are a constant, the dense layer's weight columns are permuted at compile
time to the stream's order,

    w'[o, (h*W + w)*C + c] = w[o, c*H*W + h*W + w]

(in general: column `k` of `w'` is the column of the element the stream
carries `k`-th), and the flatten becomes wires (a `dataflow.reshape` to
`[1, H*W*C]` in stream order); the dense layer, now on
the permuted vector with permuted weights, computes the same sums and
becomes its MVU as any other. A flatten of a pixel stream into anything
else is refused (it would need a buffer of a whole frame), unless one
channel or one pixel makes the two orders the same sequence (then it is a
plain reshape, `reshape`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from typing import ClassVar

from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense
from asic.dialects.nn import shape_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    input_stream,
    only_user,
    replace_by_stream,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped


def reordered(stream: SSAValue) -> bool:
    """Whether a stream's order is not the row-major sequence of its frames
    (a pixel stream of several channels and several pixels)."""
    ty = df.stream_type_of(stream)
    moved = [a for a in ty.axis_order if ty.frame_shape[a] > 1]
    return moved != sorted(moved)


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
            op.axis.value.data % len(shape_of(op.input)) != 1
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
        x = df.stream_type_of(match.input)
        flat = df.ReshapeOp(match.input, shape_of(flatten.result))
        rewriter.insert(flat, InsertPoint.before(flatten))
        old = dense.weight.owner
        assert isinstance(old, qnt.ConstantOp)
        weights = array_from_dense(old.value)
        # the NCHW (row-major) index of the element in each stream position
        stream_order = np.arange(x.frame_size).reshape(x.frame_shape).transpose(x.axis_order).reshape(-1)
        permuted = weights[:, stream_order]
        rom = qnt.ConstantOp.from_array(old.sym_name.data, permuted, old.result.type)
        rom.result.name_hint = old.result.name_hint
        rewriter.insert(rom, InsertPoint.before(dense))
        dense.operands[1] = rom.result
        rewriter.handle_operation_modification(dense)
        replace_by_stream(rewriter, [flatten], flat.result)
