"""A convolution as a sliding-window generator and a matrix-vector unit:
`qnt.conv2d` whose only user is a `qnt.requantize` of it (per tensor, or
per output channel along axis 1), and a `qnt.clamp` that is the
requantization's only user, become

    dataflow.swg (the windows, padded with the input's zero point)
      -> dataflow.mvu over the R = OH*OW windows of K = Kh*Kw*C inputs
      -> dataflow.reshape (the MVU's [1, OH, OW, O] rows are the
         channels-last [1, O, OH, OW] result)

(a clamp behind a reshape that only drops unit axes, as a Conv1d's ReLU
on `[1, C, L]`, folds into the bounds too), with the OIHW weights permuted at compile time to the windows' `(u, v, c)`
order (`sliding_window.window_weights`: `[O, Kh*Kw*C]`). A 1x1 convolution
with stride 1 and no padding needs no window generator: every window is
one pixel, so the engine takes the pixels themselves as rows (`[1, H, W,
C]`, the same beats relabelled). The clamp folds into the bounds as for a
dense layer (`mvu`).

Grouped convolution (1 < groups < C): one MVU over the whole window, its
weights block-diagonal (the zero point, which contributes nothing, on the
other groups' channels). This spends `groups` times the multiplications a
per-group engine would, but keeps a single window stream, ROM and
requantization and needs no split or concat of the stream; the
accumulator is widened to the full window's range if needed. A depthwise
convolution (groups = C = O, each channel convolved with its own kernel)
is a `dataflow.swg` and a `dataflow.vvu` (vector-vector unit) instead: one
multiplier per channel lane, its weights `[C, Kh*Kw]` in the windows' tap
order, its output the channels-last `[1, C, OH, OW]` image itself (no
reshape). A depthwise convolution with a channel multiplier (O = k*C, k >
1) takes the grouped path.

The channel-wise multiply-add `y[c] = a[c] * x[c] + b[c]` (a batchnorm
that was not folded into a convolution, a per-channel `Mul` and `Add`,
which `quantize` makes a depthwise 1x1 convolution) is thus a `dataflow.
vvu` of one tap straight on the pixel stream: one multiply-add per channel
and pixel, `simd` channels per beat, no window generator.

Refused with a diagnostic naming the geometry: kernels over 7 on a side,
convolutions whose every window lies in the padding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import IntegerType, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense
from asic.dialects.dataflow.sliding_window import conv_geometry, window_weights
from asic.dialects.dataflow.swg import MAX_KERNEL
from asic.dialects.nn import ints, shape_of
from asic.dialects.qnt import accumulator_range, integer_width, quantized_type_of
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    input_stream,
    one_consumer,
    only_user,
    replace_by_engine,
    rom_constant,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped
from asic.lowering.qnt_to_dataflow.mvu import clamp_bounds, compose_bounds
from asic.lowering.qnt_to_dataflow.pixels import as_pixels, pixel_image, pixel_problem, pixel_rows


@dataclass
class Convolution:
    """A convolution, the ops fused into its engines and its operands."""

    conv: qnt.Conv2dOp
    requantize: qnt.RequantizeOp
    clamp: qnt.ClampOp | None
    input: SSAValue
    weight: SSAValue
    bias: SSAValue | None
    late_clamp: qnt.ClampOp | None = None
    """A clamp behind a reshape of the result (a Conv1d's ReLU on `[1, C,
    L]`): folded into the bounds too, the reshape left in place."""

    @property
    def ops(self) -> list[Operation]:
        return [op for op in (self.conv, self.requantize, self.clamp) if op is not None]

    @property
    def result(self) -> SSAValue:
        return (self.clamp or self.requantize).result

    @property
    def pointwise(self) -> bool:
        """A 1x1 convolution over every pixel (any groups): each window is
        one pixel, no window generator."""
        conv = self.conv
        return shape_of(conv.weight)[2:] == (1, 1) and ints(conv.strides) == (1, 1) and not any(ints(conv.pads))

    @property
    def depthwise(self) -> bool:
        """Every channel convolved with its own kernel alone (groups = C = O)."""
        conv = self.conv
        c, o = shape_of(conv.input)[1], shape_of(conv.weight)[0]
        return conv.groups.value.data == c == o and c > 1


def geometry(conv: qnt.Conv2dOp):
    """The sliding-window model of a convolution's windows."""
    x, y = shape_of(conv.input), shape_of(conv.result)
    return conv_geometry(
        x,  # pyright: ignore[reportArgumentType]
        shape_of(conv.weight)[2:],  # pyright: ignore[reportArgumentType]
        ints(conv.strides),  # pyright: ignore[reportArgumentType]
        ints(conv.pads),  # pyright: ignore[reportArgumentType]
        ints(conv.dilations),  # pyright: ignore[reportArgumentType]
        y[2:],  # pyright: ignore[reportArgumentType]
    )


class ConvPattern(EnginePattern[Convolution]):
    """`qnt.conv2d` -> `qnt.requantize` [-> `qnt.clamp`] to `dataflow.swg`
    and `dataflow.mvu` (`dataflow.vvu` when depthwise)."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.conv2d with its qnt.requantize and qnt.clamp",)

    def match(self, op: Operation) -> Convolution | None:
        if not isinstance(op, qnt.Conv2dOp):
            return None
        requantize = only_user(op.result)
        if not isinstance(requantize, qnt.RequantizeOp):
            raise NotMapped(op, ": its accumulator must go to exactly one qnt.requantize")
        per_channel = len(ints(requantize.multipliers)) > 1 or len(ints(requantize.shifts)) > 1
        if per_channel and requantize.axis.value.data % 4 != 1:
            raise NotMapped(requantize, ": per-channel requantization of a convolution must be along axis 1")
        kernel = shape_of(op.weight)[2:]
        if max(kernel) > MAX_KERNEL:
            raise NotMapped(
                op, f": kernel {kernel[0]}x{kernel[1]}: the sliding-window generator takes sides 1 to {MAX_KERNEL}"
            )
        if geometry(op).stored_beats == 0:
            raise NotMapped(op, ": every window lies in the padding (no input element is read)")
        x = input_stream(op.input, op)
        if x is None:
            return None
        problem = pixel_problem(x)
        if problem is not None:
            raise NotMapped(op, f": {problem}")
        clamp = only_user(requantize.result)
        weight = rom_constant(op.weight, "weight", op)
        assert weight is not None
        bias = rom_constant(op.bias, "bias", op)
        fused = clamp if isinstance(clamp, qnt.ClampOp) else None
        late = only_user(clamp.result) if isinstance(clamp, qnt.ReshapeOp) else None
        late = late if isinstance(late, qnt.ClampOp) else None
        match = Convolution(op, requantize, fused, x, weight, bias, late)
        one_consumer(match.result)
        return match

    def rewrite(self, match: Convolution, rewriter: PatternRewriter) -> None:
        conv = match.conv
        anchor = conv
        x = as_pixels(match.input, rewriter, anchor)
        x_type = quantized_type_of(conv.input)
        w_type = quantized_type_of(conv.weight)
        w = match.weight.owner
        assert isinstance(w, qnt.ConstantOp)
        weights = array_from_dense(w.value).astype(np.int64)
        o = weights.shape[0]
        if match.pointwise:
            rows = pixel_rows(x, rewriter, anchor)
        else:
            _, oh, ow = shape_of(conv.result)[1:]
            swg = df.SwgOp(
                x, shape_of(conv.weight)[2:], (oh, ow), x_type.zero_point,
                strides=ints(conv.strides), dilations=ints(conv.dilations), pads=ints(conv.pads),
            )  # fmt: skip
            swg.result.name_hint = f"{w.sym_name.data}.windows"
            rewriter.insert(swg, InsertPoint.before(anchor))
            rows = swg.result
        zw = np.broadcast_to(np.asarray(w_type.zero_points, np.int64), (o,))
        if match.depthwise:  # [C, 1, Kh, Kw] -> [C, Kh*Kw], the windows' tap order
            matrix = weights.reshape(o, -1)
        else:
            matrix = window_weights(weights, conv.groups.value.data, zw)
        rom = qnt.ConstantOp.from_array(w.sym_name.data, matrix, TensorType(w_type, matrix.shape))
        rom.result.name_hint = w.result.name_hint
        rewriter.insert(rom, InsertPoint.before(anchor))
        output = quantized_type_of(match.result)
        lo, hi = clamp_bounds(match.requantize, output)
        for clamp in (match.clamp, match.late_clamp):
            if clamp is not None:
                lo, hi = compose_bounds((lo, hi), clamp_bounds(clamp, output))
        accumulator = conv.result.type.get_element_type()  # pyright: ignore
        assert isinstance(accumulator, IntegerType)
        bias_type = match.bias.type.get_element_type() if match.bias is not None else None  # pyright: ignore
        needed = integer_width(*accumulator_range(x_type, w_type, matrix.shape[1], bias_type))
        if needed > accumulator.width.data:
            accumulator = IntegerType(needed)
        bounds = {"min": lo if lo != output.qmin else None, "max": hi if hi != output.qmax else None}
        multipliers, shifts = ints(match.requantize.multipliers), ints(match.requantize.shifts)
        if match.depthwise:
            engine = df.VvuOp(rows, rom.result, match.bias, output, accumulator, multipliers, shifts, **bounds)
            replace_by_engine(rewriter, match.ops, engine)
        else:
            engine = df.MvuOp(rows, rom.result, match.bias, output, accumulator, multipliers, shifts, **bounds)
            rewriter.insert(engine, InsertPoint.before(anchor))
            replace_by_engine(rewriter, match.ops, pixel_image(engine.result))
        if match.late_clamp is not None:  # the values are clamped already
            rewriter.replace_all_uses_with(match.late_clamp.result, match.late_clamp.input)
            rewriter.erase(match.late_clamp)
