"""End to end for convolutional networks: the digits CNN (`asic.examples.
digits`, trained at test time), a LeNet-style net and a Conv1d net
(`support.conv_models`) through ONNX import, calibration and quantization
(W8A8, W4A4), `lower-qnt-to-dataflow`, `tile` (two budgets), `schedule`
and `lower-dataflow-to-rtl`: the dataflow interpreter's integers equal the
qnt interpreter's, and the RTL interpreter (a few held-out images) and
Verilator (the whole held-out split, slow) give them with the interval and
latency the dataflow interpreter predicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
from xdsl.dialects import func
from xdsl.parser import Parser

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.interp.dataflow import predict_timing
from asic.interp.runner import evaluate_op
from support.boundary import integer_outputs

BIN = Path(sys.executable).parent
CONFIGS = [(net, bits, budget) for net in ("cnn", "lenet", "conv1d") for bits in (8, 4) for budget in (16, 64)]
CONFIGS.append(("lenet", 8, 512))  # several pixels per beat
FAST = {("cnn", 8, 16), ("lenet", 4, 64), ("conv1d", 8, 64), ("lenet", 8, 512)}
"""The configurations the default run checks (the others are slow)."""


def _parse(path: Path):
    from asic.universe import dialect_context

    return Parser(dialect_context(), path.read_text(), str(path)).parse_module()


def _asic_opt(*args: str) -> None:
    result = subprocess.run([str(BIN / "asic-opt"), *args], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """The three ONNX models, calibration and held-out images."""
    from asic.examples.digits import export_digits_cnn, load_digits_split, train_digits_cnn
    from support.conv_models import conv1d, lenet

    directory = tmp_path_factory.mktemp("conv")
    weights, _ = train_digits_cnn(channels=4, epochs=5)
    data = load_digits_split()
    for name, model, shape in (
        ("cnn", export_digits_cnn(weights), (1, 8, 8)),
        ("lenet", lenet(), (1, 8, 8)),
        ("conv1d", conv1d(), (1, 64)),
    ):
        onnx.save(model, directory / f"{name}.onnx")
        np.savez(directory / f"{name}.calib.npz", image=data.x_train[:128].reshape(-1, *shape).astype(np.float32))
        np.savez(directory / f"{name}.test.npz", image=data.x_test.reshape(-1, *shape).astype(np.float32))
    return directory


class Compiled:
    def __init__(self, directory: Path, net: str, bits: int, budget: int):
        self.dir, self.net = directory, net
        stem = directory / f"{net}-w{bits}-m{budget}"
        q, d, r = (Path(f"{stem}.{level}.mlir") for level in ("qnt", "df", "rtl"))
        self.sv = Path(f"{stem}.sv")
        _asic_opt(
            str(directory / f"{net}.onnx"), "-p",
            f'fuse-bias,calibrate{{data="{directory / f"{net}.calib.npz"}"}},quantize{{weight-bits={bits} act-bits={bits}}}',
            "-o", str(q),
        )  # fmt: skip
        _asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule", "-o", str(d))
        _asic_opt(str(d), "-p", "lower-dataflow-to-rtl", "-o", str(r))
        self.qnt, self.dataflow, self.rtl = _parse(q), _parse(d), _parse(r)
        self.d_path = d
        self.graph = next(op for op in self.dataflow.walk() if isinstance(op, df.GraphOp))

    def images(self, count: int | None = None) -> np.ndarray:
        x = np.load(self.dir / f"{self.net}.test.npz")["image"]
        return x if count is None else x[:count]

    def quantized(self, x: np.ndarray) -> np.ndarray:
        function = next(op for op in self.qnt.ops if isinstance(op, func.FuncOp))
        quantize = next(op for op in function.body.block.ops if isinstance(op, qnt.QuantizeOp))
        return np.asarray(evaluate_op(quantize, [x])[0])

    def integers(self, module, x: np.ndarray) -> np.ndarray:
        """The integer logits (the function cut before its dequantize)."""
        return integer_outputs(module, [x])


@pytest.fixture(
    scope="module",
    params=[pytest.param(c, marks=() if c in FAST else pytest.mark.slow) for c in CONFIGS],
    ids=[f"{n}-w{b}-m{m}" for n, b, m in CONFIGS],
)
def compiled(request, models):
    return Compiled(models, *request.param)


def test_dataflow_and_rtl_interpreters(compiled):
    """The dataflow interpreter on 40 images and the RTL interpreter on 2:
    the qnt interpreter's integers, the predicted interval and latency."""
    from asic.interp.rtl import simulate

    x = compiled.images(40)
    reference = compiled.integers(compiled.qnt, x)
    np.testing.assert_array_equal(compiled.integers(compiled.dataflow, x), reference)
    result = simulate(compiled.rtl, {"image": compiled.quantized(x[:2])})
    np.testing.assert_array_equal(result.outputs["logits"].reshape(2, -1), reference[:2])
    assert (result.interval, result.latency) == predict_timing(compiled.graph, 2)


def test_long_runs_reach_the_pipeline_ii(compiled):
    """With the FIFOs `schedule` places (in front of a window generator
    whose writer stalls, too), frames follow each other at the slowest
    engine's II: no engine slows down another."""
    ii = compiled.graph.attributes["dataflow.ii"].value.data
    assert predict_timing(compiled.graph, 64)[0] == ii


def _verilator(compiled: Compiled, x: np.ndarray):
    """`asic-sim` on the images `x`: the qnt interpreter's integers and the
    predicted interval and latency; its outputs and measured cycles."""
    sv = compiled.sv
    _asic_opt(str(compiled.d_path), "-p", "lower-dataflow-to-rtl", "-t", "sv", "-o", str(sv))
    inputs, out = sv.with_suffix(".in.npz"), sv.with_suffix(".out.npz")
    np.savez(inputs, image=compiled.quantized(x))
    result = subprocess.run(
        [str(BIN / "asic-sim"), str(sv), "--inputs", str(inputs), "--output", str(out)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    measured = np.load(out)
    np.testing.assert_array_equal(measured["logits"].reshape(len(x), -1), compiled.integers(compiled.qnt, x))
    assert (int(measured["cycles_interval"]), int(measured["cycles_latency"])) == predict_timing(compiled.graph, len(x))
    return measured


@pytest.mark.slow
def test_verilator_whole_test_split(compiled):
    x = compiled.images()
    assert len(x) == 540
    _verilator(compiled, x)


def test_pixels_per_beat_in_verilator(models):
    """LeNet at 512 multipliers takes 4 pixels per beat from its input
    (window generators, MVUs and max pools several pixels per beat):
    Verilator on 40 held-out images gives the qnt interpreter's integers
    with the predicted interval and latency."""
    compiled = Compiled(models, "lenet", 8, 512)
    pixels = [op.pixels_value for op in compiled.graph.engines() if isinstance(op, (df.MvuOp, df.PoolOp))]
    assert max(pixels) > 1
    assert df.stream_type_of(compiled.graph.body.block.args[0]).lane_count > 1
    x = compiled.images(40)
    measured = _verilator(compiled, x)
    assert int(measured["cycles_interval"]) == 16
