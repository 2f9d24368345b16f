"""A dense layer as a matrix-vector unit: `qnt.dense` whose only user is a
`qnt.requantize` of it (per tensor, or per output channel along the last
axis), and a `qnt.clamp` that is the requantization's only user, become
one `dataflow.mvu`.

The clamp folds into the requantization's bounds (`clamp(clamp(v, a, b),
c, d) = clamp(v, clamp(a, c, d), clamp(b, c, d))`); bounds equal to the
output type's range are left out. The weights and bias must be
`qnt.constant`s of the graph (the ROMs); the accumulator type is the dense
result's. `pe` and `simd` are those of `dataflow.pe` / `dataflow.simd`
attributes on the `qnt.dense` (in `[1, size]`, and dividing the size when a
frame has several rows), else left for `tile` to choose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from xdsl.dialects.builtin import IntegerAttr, IntegerType
from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.nn import ints, shape_of
from asic.dialects.qnt import UniformQuantizedType, quantized_type_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    input_stream,
    one_consumer,
    only_user,
    replace_by_engine,
    rom_constant,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped, Refusal, where

PE_ATTR, SIMD_ATTR = "dataflow.pe", "dataflow.simd"
"""Attributes of a `qnt.dense` that fix the folding of its MVU."""


def compose_bounds(inner: tuple[int, int], outer: tuple[int, int]) -> tuple[int, int]:
    """`[a', b']` with `clamp(clamp(v, a, b), c, d) = clamp(v, a', b')`."""
    (a, b), (c, d) = inner, outer
    return min(max(a, c), d), min(max(b, c), d)


def clamp_bounds(op: Operation, qtype: UniformQuantizedType) -> tuple[int, int]:
    lo, hi = op.properties.get("min"), op.properties.get("max")
    return (
        lo.value.data if isinstance(lo, IntegerAttr) else qtype.qmin,
        hi.value.data if isinstance(hi, IntegerAttr) else qtype.qmax,
    )


def _factor(op: Operation, name: str, size: int, what: str, rows: int) -> int | None:
    """A folding factor given on the qnt op: in [1, size], and a divisor of
    `size` when a frame has several rows (`dataflow.mvu`)."""
    attr = op.attributes.get(name)
    if attr is None:
        return None
    if not isinstance(attr, IntegerAttr):
        raise Refusal(f"{where(op)}: {name} must be an integer, got {attr}")
    value = attr.value.data  # pyright: ignore
    if not 1 <= value <= size:
        raise Refusal(f"{where(op)}: {name} = {value} must be in [1, {size}] (the {size} {what})")
    if rows > 1 and size % value:
        raise Refusal(
            f"{where(op)}: {name} = {value} must divide the {size} {what} ({rows} rows per frame)"
        )
    return value


@dataclass
class DenseLayer:
    """A dense layer, the ops fused into its MVU and its operands."""

    dense: qnt.DenseOp
    requantize: qnt.RequantizeOp
    clamp: qnt.ClampOp | None
    input: SSAValue
    weight: SSAValue
    bias: SSAValue | None
    pe: int | None
    simd: int | None

    @property
    def ops(self) -> list[Operation]:
        return [op for op in (self.dense, self.requantize, self.clamp) if op is not None]

    @property
    def result(self) -> SSAValue:
        return (self.clamp or self.requantize).result


class MvuPattern(EnginePattern[DenseLayer]):
    """`qnt.dense` -> `qnt.requantize` [-> `qnt.clamp`] to `dataflow.mvu`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.dense with its qnt.requantize and qnt.clamp",)

    def match(self, op: Operation) -> DenseLayer | None:
        if isinstance(op, qnt.RequantizeOp):
            raise NotMapped(op, ": only the requantization of a qnt.dense or a qnt.conv2d is")
        if isinstance(op, qnt.ClampOp):
            raise NotMapped(op, ": only a clamp right after the requantization of a qnt.dense is")
        if not isinstance(op, qnt.DenseOp):
            return None
        requantize = only_user(op.result)
        if not isinstance(requantize, qnt.RequantizeOp):
            raise NotMapped(op, ": its accumulator must go to exactly one qnt.requantize")
        rank = len(shape_of(op.result))
        per_channel = len(ints(requantize.multipliers)) > 1 or len(ints(requantize.shifts)) > 1
        if per_channel and requantize.axis.value.data % rank != rank - 1:
            raise NotMapped(requantize, ": per-channel requantization must be along the last axis")
        clamp = only_user(requantize.result)
        x = input_stream(op.input, op)
        if x is None:
            return None
        n, k = shape_of(op.weight)
        rows = math.prod(df.stream_type_of(x).frame_shape[:-1])
        pe = _factor(op, PE_ATTR, n, "output channels", rows)
        simd = _factor(op, SIMD_ATTR, k, "inputs", rows)
        weight = rom_constant(op.weight, "weight", op)
        assert weight is not None
        bias = rom_constant(op.bias, "bias", op)
        fused = clamp if isinstance(clamp, qnt.ClampOp) else None
        layer = DenseLayer(op, requantize, fused, x, weight, bias, pe, simd)
        one_consumer(layer.result)
        return layer

    def rewrite(self, match: DenseLayer, rewriter: PatternRewriter) -> None:
        output = quantized_type_of(match.result)
        lo, hi = clamp_bounds(match.requantize, output)
        if match.clamp is not None:
            lo, hi = compose_bounds((lo, hi), clamp_bounds(match.clamp, output))
        accumulator = match.dense.result.type.get_element_type()  # pyright: ignore
        assert isinstance(accumulator, IntegerType)
        mvu = df.MvuOp(
            match.input,
            match.weight,
            match.bias,
            output,
            accumulator,
            ints(match.requantize.multipliers),
            ints(match.requantize.shifts),
            pe=match.pe,
            simd=match.simd,
            min=lo if lo != output.qmin else None,
            max=hi if hi != output.qmax else None,
        )
        replace_by_engine(rewriter, match.ops, mvu)
