"""The lookup-table engine (`dataflow.lut`): alone on a padded stream, the
dataflow interpreter gives `qnt.lut`'s integers and the RTL interpreter
its integers and the timing model's cycles under gaps and stalls; and an
MLP with sigmoid, tanh and leaky-ReLU trained on the digits, W8A8 and
W4A4, through every level to Verilator: the integers of the qnt
interpreter on every image, the predicted interval and latency, the same
top-1 (a few held-out images in the default run, the whole split in a slow
test)."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.qnt_kernels import lut
from asic.interp.dataflow import predict_timing, simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op, run_function
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import parse_any

PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"))

TABLE = [7, 0, 3, 3, 5, 1, 6, 2]
ALONE = f"""
!qx = !qnt.uniform<i3:f32, 0.5>
!qy = !qnt.uniform<u3:f32, 0.125>
func.func @main(%a: tensor<1x10x!qx>) -> tensor<1x10x!qy> {{
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x10x!qx>) -> tensor<1x10x!qy> {{
  ^bb0(%x: !dataflow.stream<!qx, lanes 4, shape [1, 10]>):
    %o = dataflow.lut %x table {TABLE} : (!dataflow.stream<!qx, lanes 4, shape [1, 10]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 10]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 4, shape [1, 10]>
  }}
  func.return %y : tensor<1x10x!qy>
}}"""


def test_lut_alone_in_the_interpreters_and_rtl():
    module = parse_any(ALONE)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    (engine,) = graph.engines()
    assert engine.timing_alone() == (engine.cost("cycles"), engine.cost("latency")) == (3, 3)
    assert engine.cost("rom_bits") == 4 * 8 * 3
    # the ROM words: addressed by the raw bits of i3 (4..7 are -4..-1)
    assert engine.rom_words().tolist() == [TABLE[4], TABLE[5], TABLE[6], TABLE[7], TABLE[0], TABLE[1], TABLE[2], TABLE[3]]
    x = np.random.default_rng(0).integers(-4, 4, (9, 1, 10))
    (got,) = run_function(module, [x.reshape(-1, 10)]).values()
    np.testing.assert_array_equal(np.asarray(got).reshape(x.shape), lut(x, -4, TABLE))
    timings = [simulate_timing(graph, len(x), valid_pattern=v, ready_pattern=r) for v, r in PATTERNS]
    assert (timings[0].interval, timings[0].latency) == (3, 3)
    LowerDataflowToRtlPass().apply(Context(), module)
    module.verify()
    for (valid, ready), timing in zip(PATTERNS, timings):
        result = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(x.shape), lut(x, -4, TABLE))
        np.testing.assert_array_equal(result.frame_start, timing.start)
        np.testing.assert_array_equal(result.frame_end, timing.end)


# --------------------------------------------------------------------------
# The digits MLP with sigmoid, tanh and leaky ReLU
# --------------------------------------------------------------------------

CONFIGS = {"w8a8": (8, 8, 64), "w4a4": (4, 4, 32)}
"""name: (weight bits, activation bits, multiplier budget of tile)."""


class Compiled:
    """The qnt and dataflow levels and the RTL of one configuration."""

    def __init__(self, directory, name: str):
        from asic.lowering.onnx.importer import import_onnx
        from asic.passes.calibrate import CalibratePass
        from asic.passes.fuse_bias import FuseBiasPass
        from asic.passes.quantize import QuantizePass

        w, a, budget = CONFIGS[name]
        ctx = Context()
        module = import_onnx((directory / "mlp.onnx").read_bytes())
        FuseBiasPass().apply(ctx, module)
        CalibratePass(data=str(directory / "calib.npz")).apply(ctx, module)
        QuantizePass(weight_bits=w, act_bits=a).apply(ctx, module)
        self.qnt = module.clone()
        LowerQntToDataflowPass().apply(ctx, module)
        TilePass(multipliers=budget).apply(ctx, module)
        SchedulePass().apply(ctx, module)
        self.graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
        self.luts = [op for op in self.graph.engines() if isinstance(op, df.LutOp)]
        self.rtl = module.clone()
        LowerDataflowToRtlPass().apply(ctx, self.rtl)
        self.rtl.verify()

    def _function(self, module: ModuleOp) -> func.FuncOp:
        return next(op for op in module.ops if isinstance(op, func.FuncOp))

    def quantized(self, x: np.ndarray) -> np.ndarray:
        """What the host streams in: `qnt.quantize` of the images."""
        quantize = next(op for op in self._function(self.qnt).body.block.ops if isinstance(op, qnt.QuantizeOp))
        return np.asarray(evaluate_op(quantize, [x])[0])

    def qnt_logits(self, x: np.ndarray) -> np.ndarray:
        """The qnt interpreter's integers in front of the host's `qnt.dequantize`."""
        values = {}
        ops = list(self._function(self.qnt).body.block.ops)
        values[ops[0].results[0]] = self.quantized(x)
        for op in ops[1:]:
            if isinstance(op, qnt.DequantizeOp):
                return values[op.input].reshape(len(x), -1)
            (values[op.results[0]],) = evaluate_op(op, [values[v] for v in op.operands])
        raise AssertionError("no qnt.dequantize")


@pytest.fixture(scope="module")
def activation_digits(tmp_path_factory):
    import onnx

    from asic.examples.digits import export_digits_activation_mlp, train_digits_activation_mlp

    directory = tmp_path_factory.mktemp("activation_digits")
    weights, data = train_digits_activation_mlp()
    onnx.save(export_digits_activation_mlp(weights), directory / "mlp.onnx")
    np.savez(directory / "calib.npz", x=data.x_train[:256])
    np.savez(directory / "test.npz", x=data.x_test, y=data.y_test)
    return directory


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def compiled(request, activation_digits):
    return Compiled(activation_digits, request.param)


def check_verilator(compiled: Compiled, x: np.ndarray, y: np.ndarray) -> float:
    """Verilator's integers, cycles and top-1 on images `x`: those of the
    qnt interpreter and the timing model; returns the top-1 accuracy."""
    from asic.tools.asic_sim import simulate_design

    result = simulate_design(compiled.rtl.clone(), compiled.quantized(x))
    (out,) = result.outputs.values()
    hardware = out.reshape(len(x), -1)
    reference = compiled.qnt_logits(x)
    np.testing.assert_array_equal(hardware, reference)
    assert (result.interval, result.latency) == predict_timing(compiled.graph, len(x))
    np.testing.assert_array_equal(hardware.argmax(1), reference.argmax(1))
    return float((hardware.argmax(1) == y).mean())


def test_activation_mlp_lowers_every_lut_and_the_rtl_interpreter_agrees(compiled, activation_digits):
    assert len(compiled.luts) == 3
    data = np.load(activation_digits / "test.npz")
    x = data["x"][:3]
    (logits,) = evaluate_op(compiled.graph, [compiled.quantized(x)])
    np.testing.assert_array_equal(np.asarray(logits).reshape(3, -1), compiled.qnt_logits(x))
    result = simulate(compiled.rtl, compiled.quantized(x))
    (out,) = result.outputs.values()
    np.testing.assert_array_equal(out.reshape(3, -1), compiled.qnt_logits(x))
    assert (result.interval, result.latency) == predict_timing(compiled.graph, 3)


def test_activation_mlp_in_verilator_few_images(compiled, activation_digits, tmp_path):
    """Verilator lints the design silently and agrees on 24 images."""
    import shutil
    import subprocess

    from asic.lowering.rtl_to_sv import sv_text

    path = tmp_path / "mlp.sv"
    path.write_text(sv_text(compiled.rtl.clone()))
    verilator = shutil.which("verilator-cli") or "verilator"
    lint = subprocess.run([verilator, "--lint-only", "-Wall", str(path)], check=False, capture_output=True, text=True)
    assert lint.returncode == 0 and "%Warning" not in lint.stderr, lint.stderr
    data = np.load(activation_digits / "test.npz")
    check_verilator(compiled, data["x"][:24], data["y"][:24])


@pytest.mark.slow
def test_activation_mlp_in_verilator_whole_test_split(compiled, activation_digits, capsys):
    data = np.load(activation_digits / "test.npz")
    assert len(data["y"]) == 540
    accuracy = check_verilator(compiled, data["x"], data["y"])
    with capsys.disabled():
        print(f"\nactivation MLP {compiled.graph.attributes.get('dataflow.ii')}: top-1 {accuracy:.4f} on 540 images")
    assert accuracy > 0.8
