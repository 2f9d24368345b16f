"""End to end: the digits MLP trained at test time (scikit-learn, exported
with skl2onnx), quantized W8A8, W4A4 and W8A8 with rounding shifts for
requantization (`requantize=shift`, folded and fully parallel) with
`asic-opt`, compiled to
SystemVerilog and simulated with `asic-sim` in Verilator on the whole
held-out split (540 images, one build and one simulation per
configuration): the hardware's integers equal the qnt interpreter's on every
sample, the measured interval and latency equal the dataflow interpreter's
prediction, and its top-1 equals the qnt interpreter's (the float softmax
stays on the host, so the integers compared are the logits before
`qnt.dequantize`, which the accelerator streams out). A fast test runs the
RTL interpreter on a few samples of the same pipeline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.interp.dataflow import predict_timing
from asic.interp.runner import evaluate_op
from support.boundary import integer_outputs

BIN = Path(sys.executable).parent
CONFIGS = {
    "w8a8": (8, 8, 64, ""),
    "w4a4": (4, 4, 32, ""),
    "w8a8-shift": (8, 8, 64, " requantize=shift"),
    "w8a8-parallel": (8, 8, 64 * 64 + 10 * 64, " requantize=shift"),
}
"""name: (weight bits, activation bits, multiplier budget of tile, more
quantize options): `requantize=shift` requantizes by rounding shifts; the
last budget makes both layers fully parallel (digit sums of constant
weights, one frame per cycle; large enough for Verilator to split its C++
into several files)."""

QUICK = "w8a8"
"""The configuration the quick subset (`-m "not slow"`) compiles; the
others are slow end-to-end cases (compiling the fully parallel one alone
takes half a minute)."""


def _parse(path: Path) -> ModuleOp:
    from asic.universe import dialect_context

    return Parser(dialect_context(), path.read_text(), str(path)).parse_module()


def asic_opt(*args: str) -> None:
    result = subprocess.run([str(BIN / "asic-opt"), *args], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class Compiled:
    """The levels of one configuration, as files and parsed modules."""

    def __init__(self, directory: Path, name: str):
        w, a, budget, options = CONFIGS[name]
        self.dir = directory
        q, d, r = directory / f"{name}.qnt.mlir", directory / f"{name}.df.mlir", directory / f"{name}.rtl.mlir"
        asic_opt(
            str(directory / "mlp.onnx"), "--onnx-outputs", "probabilities", "-p",
            f'fuse-bias,calibrate{{data="{directory / "calib.npz"}"}},quantize{{weight-bits={w} act-bits={a}{options}}}',
            "-o", str(q),
        )  # fmt: skip
        asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule", "-o", str(d))
        asic_opt(str(d), "-p", "lower-dataflow-to-rtl", "-o", str(r))
        self.sv = directory / f"{name}.sv"
        asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule,lower-dataflow-to-rtl", "-t", "sv", "-o", str(self.sv))
        self.qnt, self.dataflow, self.rtl = _parse(q), _parse(d), _parse(r)
        self.graph = next(op for op in self.dataflow.walk() if isinstance(op, df.GraphOp))

    def quantized_inputs(self, x: np.ndarray) -> np.ndarray:
        """What the host streams in: `qnt.quantize` of the images."""
        function = next(op for op in self.qnt.ops if isinstance(op, func.FuncOp))
        quantize = next(op for op in function.body.block.ops if isinstance(op, qnt.QuantizeOp))
        return np.asarray(evaluate_op(quantize, [x])[0])

    def qnt_logits(self, x: np.ndarray) -> np.ndarray:
        """The qnt interpreter's integer logits: the function cut at the
        `qnt.dequantize` in front of the float softmax."""
        return integer_outputs(self.qnt, [x])


@pytest.fixture(
    scope="module",
    params=[pytest.param(name, marks=() if name == QUICK else pytest.mark.slow) for name in sorted(CONFIGS)],
)
def compiled(request, digits):
    return Compiled(digits, request.param)


def _float_top1(directory: Path, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(directory / "mlp.onnx"), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    (probabilities,) = session.run(["probabilities"], {name: x})
    return np.argmax(probabilities, axis=1)


def test_rtl_interpreter_few_samples(compiled):
    """The RTL level in the RTL interpreter on 4 held-out images: the qnt
    interpreter's logits, the dataflow interpreter's cycles."""
    from asic.interp.rtl import simulate

    x = np.load(compiled.dir / "test.npz")["X"][:4]
    xq = compiled.quantized_inputs(x)
    result = simulate(compiled.rtl, {"X": xq})
    np.testing.assert_array_equal(result.outputs["probabilities"].reshape(4, -1), compiled.qnt_logits(x))
    interval, latency = predict_timing(compiled.graph, 4)
    assert (result.interval, result.latency) == (interval, latency)


@pytest.mark.slow
def test_verilator_whole_test_split(compiled, capsys):
    x = np.load(compiled.dir / "test.npz")["X"]
    labels = np.load(compiled.dir / "labels.npz")["y"]
    xq = compiled.quantized_inputs(x)
    np.savez(compiled.dir / "xq.npz", X=xq)
    out = compiled.dir / "out.npz"
    result = subprocess.run(
        [str(BIN / "asic-sim"), str(compiled.sv), "--inputs", str(compiled.dir / "xq.npz"), "--output", str(out)],
        check=False, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    measured = np.load(out)
    hardware = measured["probabilities"].reshape(len(x), -1)
    reference = compiled.qnt_logits(x)
    assert len(x) == 540
    np.testing.assert_array_equal(hardware, reference)
    interval, latency = predict_timing(compiled.graph, len(x))
    assert (int(measured["cycles_interval"]), int(measured["cycles_latency"])) == (interval, latency)
    top1_hw = np.argmax(hardware, axis=1)
    np.testing.assert_array_equal(top1_hw, np.argmax(reference, axis=1))
    accuracy = float((top1_hw == labels).mean())
    float_accuracy = float((_float_top1(compiled.dir, x) == labels).mean())
    with capsys.disabled():
        print(
            f"\n{compiled.sv.stem}: {len(x)} images, interval {interval} cycles, latency {latency}, "
            f"total {int(measured['cycles_total'])}; top-1 hardware {accuracy:.4f} (= qnt), "
            f"float {float_accuracy:.4f}"
        )
    assert accuracy > 0.8
