"""Pooling as a sliding-window generator and the pooling engine:

- `qnt.maxpool2d`: `dataflow.swg` (padded with the storage minimum, which
  never wins) -> `dataflow.pool` max over its `Kh*Kw` taps;
- `qnt.avgpool2d`: `dataflow.swg` (padded with the input's zero point,
  which adds 0) -> `dataflow.pool` avg, each window with the multiplier and
  shift of its divisor (`count_include_pad`, ceil mode and the borders as
  `qnt.avgpool2d` counts them);
- `qnt.global_avgpool2d`: `dataflow.pool` avg over the whole frame, on
  the pixel stream itself (one window of `H*W` taps).

Strides, dilations, symmetric or asymmetric pads and ceil mode
are the window generator's. Refused with a diagnostic naming the geometry:
kernels over 7 on a side, a window that lies wholly in the padding (ceil
mode with pads can make one: ONNX gives it no value).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from xdsl.ir import Operation
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.dataflow.swg import MAX_KERNEL
from asic.dialects.nn import ints, shape_of
from asic.dialects.qnt import quantized_type_of
from asic.dialects.shapes import first_empty_window
from asic.lowering.qnt_to_dataflow.engine_pattern import EnginePattern, OnStream, on_stream, replace_by_engine
from asic.lowering.qnt_to_dataflow.errors import NotMapped
from asic.lowering.qnt_to_dataflow.pixels import as_pixels, pixel_problem

Pool = qnt.Maxpool2dOp | qnt.Avgpool2dOp | qnt.GlobalAvgpool2dOp


def _check_windows(op: qnt.Maxpool2dOp | qnt.Avgpool2dOp) -> None:
    kernel, strides, pads = ints(op.kernel), ints(op.strides), ints(op.pads)
    if max(kernel) > MAX_KERNEL:
        raise NotMapped(
            op, f": kernel {kernel[0]}x{kernel[1]}: the sliding-window generator takes sides 1 to {MAX_KERNEL}"
        )
    x, y = shape_of(op.input), shape_of(op.result)
    dilations = op.window_dilations()
    for axis, name in ((0, "row"), (1, "column")):
        empty = first_empty_window(x[2 + axis], kernel[axis], strides[axis], pads[axis], dilations[axis], y[2 + axis])
        if empty is not None:
            raise NotMapped(
                op, f": {name} window {empty[0]} (from {empty[1]}) lies wholly in the padding: it pools nothing"
            )


class PoolPattern(EnginePattern[OnStream[Pool]]):
    """`qnt.maxpool2d` / `qnt.avgpool2d` to `dataflow.swg` and
    `dataflow.pool`, `qnt.global_avgpool2d` to `dataflow.pool`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.maxpool2d", "qnt.avgpool2d", "qnt.global_avgpool2d")

    def match(self, op: Operation) -> OnStream[Pool] | None:
        if not isinstance(op, (qnt.Maxpool2dOp, qnt.Avgpool2dOp, qnt.GlobalAvgpool2dOp)):
            return None
        if not isinstance(op, qnt.GlobalAvgpool2dOp):
            _check_windows(op)
        match = on_stream(op, op.input)
        if match is not None and (problem := pixel_problem(match.input)) is not None:
            raise NotMapped(op, f": {problem}")
        return match

    def rewrite(self, match: OnStream[Pool], rewriter: PatternRewriter) -> None:
        op = match.op
        x = as_pixels(match.input, rewriter, op)
        x_type = quantized_type_of(op.input)
        out_shape = shape_of(op.result)
        output = quantized_type_of(op.result)
        if isinstance(op, qnt.GlobalAvgpool2dOp):
            taps = shape_of(op.input)[2] * shape_of(op.input)[3]
            pool = df.PoolOp(
                x, "avg", taps, output, out_shape,
                multipliers=[op.multiplier.value.data], shifts=[op.shift.value.data],
            )  # fmt: skip
            replace_by_engine(rewriter, [op], pool)
            return
        kernel = ints(op.kernel)
        pad_value = x_type.qmin if isinstance(op, qnt.Maxpool2dOp) else x_type.zero_point
        swg = df.SwgOp(
            x, kernel, out_shape[2:], pad_value,
            strides=ints(op.strides), dilations=op.window_dilations(), pads=ints(op.pads),
        )  # fmt: skip
        swg.result.name_hint = f"{op.results[0].name_hint or 'pool'}.windows"
        rewriter.insert(swg, InsertPoint.before(op))
        taps = kernel[0] * kernel[1]
        if isinstance(op, qnt.Maxpool2dOp):
            pool = df.PoolOp(swg.result, "max", taps, output, out_shape)
        else:
            index = np.searchsorted(ints(op.counts), op.window_counts()).reshape(-1)
            multipliers = np.asarray(ints(op.multipliers))[index]
            shifts = np.asarray(ints(op.shifts))[index]
            if (multipliers == multipliers[0]).all() and (shifts == shifts[0]).all():
                multipliers, shifts = multipliers[:1], shifts[:1]
            pool = df.PoolOp(
                swg.result, "avg", taps, output, out_shape,
                multipliers=[int(m) for m in multipliers], shifts=[int(s) for s in shifts],
            )  # fmt: skip
        replace_by_engine(rewriter, [op], pool)
