"""The geometry cases of the onnx package's node tests: every 2-D Conv,
MaxPool, AveragePool and GlobalAveragePool case, its other inputs made
initializers (weights), quantized W8A8 on its own inputs, lowered, tiled
(16 multipliers) and scheduled, runs in the RTL interpreter with the qnt
interpreter's integers and the predicted cycles, or is refused with a
diagnostic naming what is unsupported; the exact ones then run in
Verilator too, all in one build (`support.design_batch`), with the same
integers and cycles. At onnx 1.23: 30 exact, 3 refused by the frontend
(MaxPool on integers, MaxPool's Indices output, twice). Slow."""

from __future__ import annotations

import contextlib
import io
import re
import warnings

import numpy as np
import pytest
from onnx import numpy_helper
from xdsl.context import Context
from xdsl.dialects import func

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.interp.dataflow import predict_timing, run_graph
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op
from support.boundary import integer_outputs

PATTERN = r"test_(conv_|maxpool_2d|maxpool_with_argmax_2d|averagepool_2d|globalaveragepool)"
REFUSED = {
    "test_maxpool_2d_uint8": "MaxPool is supported on float tensors only",
    "test_maxpool_with_argmax_2d_precomputed_pads": "the Indices output is not supported",
    "test_maxpool_with_argmax_2d_precomputed_strides": "the Indices output is not supported",
}


def _cases():
    from onnx.backend.test.case import node

    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        return [c for c in node.collect_testcases(None) if re.match(PATTERN, c.name)]


def _compile(case, tmp_path):
    """The quantized module and the lowered one, and the input images."""
    from asic.lowering.onnx.importer import import_onnx
    from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
    from asic.passes.calibrate import CalibratePass
    from asic.passes.quantize import QuantizePass
    from asic.passes.schedule import SchedulePass
    from asic.passes.tile import TilePass

    model = case.model
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx") and opset.version > 21:
            opset.version = 21  # opset 22 changed only the types these ops take
    inputs = case.data_sets[0][0]
    names = [i.name for i in model.graph.input]
    model.graph.initializer.extend(numpy_helper.from_array(np.asarray(inputs[i]), names[i]) for i in range(1, len(names)))
    for name in names[1:]:
        model.graph.input.remove(next(i for i in model.graph.input if i.name == name))
    x = np.asarray(inputs[0]).astype(np.float32)
    module = import_onnx(model)
    ctx = Context()
    calib = tmp_path / "calib.npz"
    np.savez(calib, **{names[0]: x})
    with contextlib.redirect_stderr(io.StringIO()):
        CalibratePass(data=str(calib)).apply(ctx, module)
        QuantizePass(weight_bits=8, act_bits=8).apply(ctx, module)
        quantized = module.clone()
        LowerQntToDataflowPass().apply(ctx, module)
        TilePass(multipliers=16).apply(ctx, module)
        SchedulePass().apply(ctx, module)
    return quantized, module, x.reshape(x.shape[0], 1, *x.shape[1:])


@pytest.mark.slow
def test_onnx_window_node_cases(tmp_path):
    from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
    from support.design_batch import DesignBatch

    exact, refused, hardware = [], [], []
    for case in _cases():
        try:
            quantized, module, images = _compile(case, tmp_path)
        except UserError as error:
            assert REFUSED.get(case.name, "<unexpected>") in str(error), (case.name, str(error))
            refused.append(case.name)
            continue
        function = next(op for op in quantized.ops if isinstance(op, func.FuncOp))
        quantize = next(op for op in function.body.block.ops if isinstance(op, qnt.QuantizeOp))
        xq = np.stack([np.asarray(evaluate_op(quantize, [s])[0]) for s in images])
        graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
        beats = run_graph(graph, [df.frames_to_beats(df.stream_type_of(graph.body.block.args[0]), xq)])[0]
        frames = df.beats_to_frames(df.stream_type_of(graph.yield_op.operands[0]), beats)
        reference = np.stack([integer_outputs(quantized, [s]) for s in images])
        np.testing.assert_array_equal(reference.reshape(frames.shape), frames, case.name)
        rtl = module.clone()
        LowerDataflowToRtlPass().apply(Context(), rtl)
        result = simulate(rtl, {graph.stream_input_names[0]: xq})
        np.testing.assert_array_equal(result.outputs[graph.stream_output_names[0]].reshape(frames.shape), frames, case.name)
        assert (result.interval, result.latency) == predict_timing(graph, len(images)), case.name
        exact.append(case.name)
        hardware.append((rtl, xq, frames, predict_timing(graph, len(images))))
    assert sorted(refused) == sorted(REFUSED)
    assert len(exact) == 30
    batch = DesignBatch([rtl for rtl, *_ in hardware])  # one Verilator build for every case
    for k, (name, (_, xq, frames, timing)) in enumerate(zip(exact, hardware)):
        result = batch.simulate(k, xq)
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(frames.shape), frames, name)
        assert (result.interval, result.latency) == timing, name
