"""Convolutional pipelines: utilization and line buffers.

The LeNet-style net of the tests (`support.conv_models.lenet`: two 3x3
convolutions with max pooling, flatten, two dense layers; 7584 MACs per
frame), quantized W8A8, through `lower-qnt-to-dataflow,
tile{multipliers=M},schedule` for budgets from 16 multipliers to fully
parallel. For each: the interval of a long run of frames (the dataflow
interpreter's timing model, which Verilator reproduces cycle for cycle, see
tests/test_conv_end_to_end.py) against the bound `total MACs / M`:
utilization = bound / interval (goal >= 0.95), and the bottleneck engine.

Line buffers: each window generator's depth against the geometric minimum
of a line buffer (`SlidingWindow.line_minimum`, counted beat by beat over a
frame; goal <= 1.1x), and its bits.

    python bench/bench_conv.py [--frames N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

import numpy as np  # noqa: E402
from xdsl.context import Context  # noqa: E402

from asic.dialects import dataflow as df  # noqa: E402
from asic.interp.dataflow import predict_timing  # noqa: E402
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass  # noqa: E402
from asic.passes.schedule import SchedulePass  # noqa: E402
from asic.passes.tile import TilePass  # noqa: E402

UTILIZATION_GOAL = 0.95
BUFFER_GOAL = 1.1

def lenet_qnt() -> str:
    """The LeNet-style net at qnt level (text), W8A8, calibrated on digits."""

    from asic.examples.digits import load_digits_split
    from asic.lowering.onnx.importer import import_onnx
    from asic.passes.calibrate import CalibratePass
    from asic.passes.fuse_bias import FuseBiasPass
    from asic.passes.quantize import QuantizePass
    from support.conv_models import lenet

    data = load_digits_split()
    with tempfile.TemporaryDirectory() as directory:
        calib = os.path.join(directory, "calib.npz")
        np.savez(calib, image=data.x_train[:128].reshape(-1, 1, 8, 8).astype(np.float32))
        module = import_onnx(lenet())
        ctx = Context()
        FuseBiasPass().apply(ctx, module)
        CalibratePass(data=calib).apply(ctx, module)
        QuantizePass(weight_bits=8, act_bits=8).apply(ctx, module)
    return str(module)

def tiled(text: str, budget: int) -> df.GraphOp:
    from asic.tools.asic_run import load_model

    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(text)
    try:
        module = load_model(f.name)
    finally:
        os.unlink(f.name)
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    with contextlib.redirect_stderr(io.StringIO()):
        TilePass(multipliers=budget).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=16, help="frames of the simulated run")
    args = parser.parse_args()
    text = lenet_qnt()
    graph = tiled(text, 16)
    macs = sum(op.cost("macs") for op in graph.engines())
    parallel = sum(op.out_features * op.in_features for op in graph.engines() if isinstance(op, df.MvuOp))
    print(f"LeNet-style net (W8A8), {macs} MACs per frame; utilization goal {UTILIZATION_GOAL:.2f}")
    print(f"{'budget':>7} {'used':>6} {'interval':>9} {'bound':>8} {'util':>6}  bottleneck")
    for budget in (16, 32, 64, 128, 256, 512, parallel):
        graph = tiled(text, budget)
        used = sum(op.cost("multipliers") for op in graph.engines())
        interval, _ = predict_timing(graph, args.frames)
        bound = macs / budget
        slowest = max(graph.engines(), key=lambda op: op.timing_alone()[0])
        print(
            f"{budget:>7} {used:>6} {interval:>9} {bound:>8.1f} {bound / interval:>6.3f}  "
            f"{slowest.name} {slowest.engine_label} ({slowest.timing_alone()[0]} cycles)"
        )
    print(f"\nline buffers (goal depth <= {BUFFER_GOAL}x the geometric minimum)")
    print(f"{'engine':>8} {'geometry':>28} {'depth':>6} {'minimum':>8} {'ratio':>6} {'bits':>6}")
    for op in graph.engines():
        if isinstance(op, df.SwgOp):
            model = op.model()
            minimum = model.line_minimum()
            geometry = f"{list(op.input_stream.frame_shape)} k{model.rows.kernel}x{model.cols.kernel} s{model.rows.stride}"
            print(
                f"{op.engine_label:>8} {geometry:>28} {model.depth:>6} {minimum:>8} "
                f"{model.depth / max(minimum, 1):>6.2f} {op.cost('memory_bits'):>6}"
            )

if __name__ == "__main__":
    main()
