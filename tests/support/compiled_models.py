"""A float ONNX model compiled through every level in Python (fuse-bias,
calibrate, quantize, lower-qnt-to-dataflow, tile, schedule,
lower-dataflow-to-rtl), with what the tests compare: the qnt
interpreter's integers in front of the host's `qnt.dequantize`, the
dataflow graph, the RTL, and a Verilator run of it; and the fixtures and
checks of the digits MLPs of `asic.examples.digits` in hardware
(`digits_model_fixtures`)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.interp.dataflow import predict_timing
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass


class Compiled:
    """The qnt and dataflow levels and the RTL of `model.onnx` quantized
    W`weight_bits`A`act_bits` on `calib.npz` of `directory`, tiled under
    `budget` multipliers (with digit-serial weights if `digits`)."""

    def __init__(self, directory: Path, weight_bits: int, act_bits: int, budget: int, digits: bool = False):
        from asic.lowering.onnx.importer import import_onnx
        from asic.passes.calibrate import CalibratePass
        from asic.passes.fuse_bias import FuseBiasPass
        from asic.passes.quantize import QuantizePass

        ctx = Context()
        module = import_onnx((directory / "model.onnx").read_bytes())
        FuseBiasPass().apply(ctx, module)
        CalibratePass(data=str(directory / "calib.npz")).apply(ctx, module)
        QuantizePass(weight_bits=weight_bits, act_bits=act_bits).apply(ctx, module)
        self.qnt = module.clone()
        LowerQntToDataflowPass().apply(ctx, module)
        TilePass(multipliers=budget, digits=digits).apply(ctx, module)
        SchedulePass().apply(ctx, module)
        self.dataflow = module
        self.graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
        self.rtl = module.clone()
        LowerDataflowToRtlPass().apply(ctx, self.rtl)
        self.rtl.verify()

    def _ops(self) -> list:
        function = next(op for op in self.qnt.ops if isinstance(op, func.FuncOp))
        return list(function.body.block.ops)

    def quantized(self, x: np.ndarray) -> np.ndarray:
        """What the host streams in: `qnt.quantize` of the inputs."""
        quantize = next(op for op in self._ops() if isinstance(op, qnt.QuantizeOp))
        return np.asarray(evaluate_op(quantize, [x])[0])

    def qnt_outputs(self, x: np.ndarray) -> np.ndarray:
        """The qnt interpreter's integers in front of the host's
        `qnt.dequantize`, one row per input."""
        values = {}
        for op in self._ops():
            if isinstance(op, qnt.DequantizeOp):
                return values[op.input].reshape(len(x), -1)
            operands = [x] if isinstance(op, qnt.QuantizeOp) else [values[v] for v in op.operands]
            (values[op.results[0]],) = evaluate_op(op, operands)
        raise AssertionError("no qnt.dequantize")


def write_model(directory: Path, model, x_calibration: np.ndarray, x_test: np.ndarray, y_test: np.ndarray) -> Path:
    """`model.onnx`, `calib.npz` and `test.npz` (`x`, `y`) in `directory`."""
    import onnx

    onnx.save(model, directory / "model.onnx")
    np.savez(directory / "calib.npz", x=x_calibration)
    np.savez(directory / "test.npz", x=x_test, y=y_test)
    return directory


def lint(module: ModuleOp, directory: Path) -> None:
    """`verilator --lint-only -Wall` accepts the SystemVerilog of `module`
    silently."""
    from asic.lowering.rtl_to_sv import sv_text

    path = directory / "design.sv"
    path.write_text(sv_text(module.clone()))
    verilator = shutil.which("verilator-cli") or "verilator"
    result = subprocess.run([verilator, "--lint-only", "-Wall", str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0 and "%Warning" not in result.stderr, result.stderr


def check_verilator(compiled: Compiled, x: np.ndarray, y: np.ndarray) -> float:
    """Verilator's integers, cycles and top-1 on inputs `x`: those of the
    qnt interpreter and the timing model; returns the top-1 accuracy."""
    from asic.tools.asic_sim import simulate_design

    result = simulate_design(compiled.rtl.clone(), compiled.quantized(x))
    (out,) = result.outputs.values()
    hardware = out.reshape(len(x), -1)
    reference = compiled.qnt_outputs(x)
    np.testing.assert_array_equal(hardware, reference)
    assert (result.interval, result.latency) == predict_timing(compiled.graph, len(x))
    np.testing.assert_array_equal(hardware.argmax(1), reference.argmax(1))
    return float((hardware.argmax(1) == y).mean())


# --------------------------------------------------------------------------
# The digits MLPs of asic.examples.digits in hardware
# --------------------------------------------------------------------------

DIGITS_CONFIGS = {"w8a8": (8, 8, 64), "w4a4": (4, 4, 32)}
"""name: (weight bits, activation bits, multiplier budget of tile)."""


def digits_model_fixtures(name: str, train: Callable, export: Callable):
    """Two module-scoped fixtures for a test module of a digits MLP trained
    by `train` and exported to ONNX by `export`: `name`, the directory of
    `write_model` (the first 256 training images to calibrate, the
    held-out split to test), and `compiled`, its `Compiled` hardware at
    each of `DIGITS_CONFIGS`. Bind both in the test module:
    `digits, compiled = digits_model_fixtures("digits", train, export)`."""

    @pytest.fixture(scope="module", name=name)
    def model(tmp_path_factory) -> Path:
        weights, data = train()
        directory = tmp_path_factory.mktemp(name)
        return write_model(directory, export(weights), data.x_train[:256], data.x_test, data.y_test)

    @pytest.fixture(scope="module", name="compiled", params=sorted(DIGITS_CONFIGS))
    def compiled(request) -> Compiled:
        return Compiled(request.getfixturevalue(name), *DIGITS_CONFIGS[request.param])

    return model, compiled


def check_few_images(compiled: Compiled, directory: Path, lint_directory: Path) -> None:
    """Verilator lints the design silently and agrees on the first 24
    held-out images of `directory` (`check_verilator`)."""
    lint(compiled.rtl, lint_directory)
    data = np.load(directory / "test.npz")
    check_verilator(compiled, data["x"][:24], data["y"][:24])


def check_whole_split(compiled: Compiled, directory: Path) -> None:
    """Verilator agrees on the whole held-out split (540 images) of
    `directory` and its top-1 is above 80%."""
    data = np.load(directory / "test.npz")
    assert len(data["y"]) == 540
    assert check_verilator(compiled, data["x"], data["y"]) > 0.8
