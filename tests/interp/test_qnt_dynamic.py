"""Dynamic quantization (`asic.interp.qnt_dynamic`): per-sample activation
scales computed at run time by the interpreter, on qnt IR from the QDQ
import and from the `quantize` pass.

The claim tested: on inputs outside the calibration range, dynamic mode
tracks the float model at least as well as the static types do (and much
better where static saturates); each sample's result depends on that sample
only; the integer arithmetic is the qnt specification's.
"""

from __future__ import annotations

import math
import os
import subprocess
from fractions import Fraction

import numpy as np
import onnx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import UnitAttr

from asic.diagnostics import UserError
from asic.dialects.dynamic_quantization import (
    DYNAMIC_ATTR,
    is_dynamic,
    mark_dynamic,
    require_static_quantization,
)
from asic.dialects.qnt import encode_multiplier
from asic.interp.qnt_dynamic import encode
from asic.interp.runner import entry_function, run_function
from asic.lowering.onnx.importer import import_onnx
from support.qdq_models import gemm_model, pattern_model, pattern_qdq, quantize_qdq  # noqa: E402


def rms(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(a, np.float64) - b) ** 2)))


def errors(float_module, quantized_module, inputs: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """Per output: RMS error against the float model of the static and the
    dynamic run."""
    reference = run_function(float_module, inputs)
    static = run_function(quantized_module, inputs, dynamic_quantization=False)
    dynamic = run_function(quantized_module, inputs, dynamic_quantization=True)
    return {
        name: (rms(static[name], reference[name]), rms(dynamic[name], reference[name]))
        for name in reference
    }


# --------------------------------------------------------------------------
# The multiplier encoding and per-sample independence
# --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=1e-15, max_value=2.0**30, allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, 0.5, 1.0, 1 / 3, 2.0**-40, 2.0**30 - 1, 1 - 2.0**-40])
)
def test_encode_is_encode_multiplier(real: float) -> None:
    multiplier, shift = encode(np.array([real]))
    assert (int(multiplier[0]), int(shift[0])) == encode_multiplier(Fraction(real))


def test_samples_are_independent(tmp_path) -> None:
    """A batch run vectorized gives every sample what it gives alone: the
    parameters are per sample, not per batch."""
    qdq = pattern_qdq(tmp_path, True, "u8")
    module = import_onnx(qdq)
    x = np.random.default_rng(0).standard_normal((6, 3, 8, 8)).astype(np.float32)
    x *= np.array([0.1, 1, 3, 10, 0.5, 2], np.float32)[:, None, None, None]
    batch = run_function(module, {"x": x}, dynamic_quantization=True)
    for i in range(len(x)):
        alone = run_function(module, {"x": x[i : i + 1]}, dynamic_quantization=True)
        for name in batch:
            np.testing.assert_array_equal(batch[name][i : i + 1], alone[name])


def test_in_range_inputs_stay_close_to_static(tmp_path) -> None:
    """The same IR on the calibration distribution: dynamic and static are
    both close to float (dynamic is no worse than twice static's error)."""
    qdq = pattern_qdq(tmp_path, True, "u8", model=_relu_pattern_model())
    x = np.random.default_rng(5).standard_normal((100, 3, 8, 8)).astype(np.float32)
    for name, (static, dynamic) in errors(import_onnx(_relu_pattern_model()), import_onnx(qdq), {"x": x}).items():
        assert dynamic <= 2 * static + 1e-3, (name, static, dynamic)


def _relu_pattern_model() -> onnx.ModelProto:
    """`pattern_model` with Relu in place of Clip(0, 6): onnxruntime's
    quantizer deletes a Clip and folds it into the quantized type, where
    dynamic quantization cannot see its bound (see `test_qdq_clip`)."""
    model = pattern_model()
    for node in model.graph.node:
        if node.name == "relu6":
            node.op_type = "Relu"
            del node.input[1:]
    return model


@pytest.mark.parametrize("factor", [4.0, 0.25])
def test_patterns_outside_the_calibration_range(tmp_path, factor) -> None:
    """Every qnt op (conv, add, concat, pools, lut, dense, both matmuls,
    layout ops) in dynamic mode, on inputs 4x wider or narrower than the
    calibration data: at least as close to float as static."""
    qdq = pattern_qdq(tmp_path, True, "u8", model=_relu_pattern_model())
    x = factor * np.random.default_rng(5).standard_normal((100, 3, 8, 8)).astype(np.float32)
    results = errors(import_onnx(_relu_pattern_model()), import_onnx(qdq), {"x": x})
    for name, (static, dynamic) in results.items():
        print(f"x{factor} {name}: static {static:.4f} dynamic {dynamic:.4f}")
        assert dynamic <= static, (name, static, dynamic)
    if factor > 1:  # static saturates: an order of magnitude
        assert all(dynamic < static / 5 for static, dynamic in results.values())


def test_qdq_clip(tmp_path) -> None:
    """The documented limit: onnxruntime deletes Clip(0, 6) before a
    QuantizeLinear and keeps only the calibrated range [0, 6] as the type.
    The static run saturates at 6 and so matches float; dynamic lifts the
    calibrated saturation, so beyond 6 it follows the unclipped values."""
    qdq = pattern_qdq(tmp_path, True, "u8")
    assert "Clip" not in {n.op_type for n in qdq.graph.node}
    x = 4 * np.random.default_rng(5).standard_normal((50, 3, 8, 8)).astype(np.float32)
    static, dynamic = errors(import_onnx(pattern_model()), import_onnx(qdq), {"x": x})["ap"]
    assert dynamic > static


# --------------------------------------------------------------------------
# The digits models, float vs static vs dynamic (trained here: slow)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits_cnn():
    from asic.examples.digits import train_digits_cnn

    return train_digits_cnn()


@pytest.mark.slow
@pytest.mark.parametrize("per_channel", [False, True], ids=["per-tensor", "per-channel"])
def test_digits_cnn_qdq(digits_cnn, tmp_path, per_channel) -> None:
    from asic.examples.digits import export_digits_cnn

    weights, data = digits_cnn
    model = export_digits_cnn(weights)
    calibration = [data.x_train[i : i + 32].reshape(-1, 1, 8, 8) for i in range(0, 256, 32)]
    qdq = import_onnx(quantize_qdq(model, tmp_path, "image", calibration, per_channel=per_channel))
    float_module = import_onnx(model)
    for factor in (1.0, 3.0, 0.2):
        x = {"image": factor * data.x_test.reshape(-1, 1, 8, 8)}
        static, dynamic = errors(float_module, qdq, x)["logits"]
        print(f"cnn qdq per_channel={per_channel} x{factor}: static {static:.4f} dynamic {dynamic:.4f}")
        assert dynamic <= static
        if factor != 1.0:
            assert dynamic < static / 4


@pytest.mark.slow
@pytest.mark.parametrize("bits", [8, 4])
def test_digits_cnn_quantize_pass(digits_cnn, tmp_path, bits) -> None:
    """IR from calibrate + quantize: top-1 agreement with float and RMS
    error of the logits, static vs dynamic."""
    from asic.examples.digits import digits_cnn_module
    from asic.passes.calibrate import CalibratePass
    from asic.passes.quantize import QuantizePass

    weights, data = digits_cnn
    float_module = digits_cnn_module(weights)
    module = digits_cnn_module(weights)
    calib = os.path.join(tmp_path, "calib.npz")
    np.savez(calib, arg0=data.x_train[:256].reshape(-1, 1, 8, 8))
    ctx = Context()
    CalibratePass(data=calib).apply(ctx, module)
    QuantizePass(weight_bits=bits, act_bits=bits).apply(ctx, module)
    for factor in (1.0, 3.0, 0.2):
        x = [factor * data.x_test.reshape(-1, 1, 8, 8)]
        reference = next(iter(run_function(float_module, x).values()))
        static = next(iter(run_function(module, x).values()))
        dynamic = next(iter(run_function(module, x, dynamic_quantization=True).values()))
        agree = [float(np.mean(r.argmax(-1) == reference.argmax(-1))) for r in (static, dynamic)]
        errs = [rms(r, reference) for r in (static, dynamic)]
        print(f"cnn W{bits}A{bits} x{factor}: static rms {errs[0]:.4f} top-1 {agree[0]:.3f}, "
              f"dynamic rms {errs[1]:.4f} top-1 {agree[1]:.3f}")
        if factor != 1.0:
            assert errs[1] <= errs[0] and agree[1] >= agree[0]


# --------------------------------------------------------------------------
# Selecting the mode, results, the hardware check, asic-run
# --------------------------------------------------------------------------


def test_attribute_selects_dynamic_mode(tmp_path) -> None:
    model = gemm_model()
    x = {"x": np.random.default_rng(0).uniform(-40, 40, (8, 4)).astype(np.float32)}
    module = import_onnx(model)
    static = run_function(module, x)["y"]
    dynamic = run_function(module, x, dynamic_quantization=True)["y"]
    assert not np.array_equal(static, dynamic)
    function = entry_function(module)
    assert not is_dynamic(function)
    mark_dynamic(function)
    assert isinstance(function.attributes[DYNAMIC_ATTR], UnitAttr)
    np.testing.assert_array_equal(run_function(module, x)["y"], dynamic)
    np.testing.assert_array_equal(run_function(module, x, dynamic_quantization=False)["y"], static)
    with pytest.raises(UserError, match=r"lower-qnt-to-dataflow: function 'main' is marked qnt.dynamic_quantization .* the hardware has fixed scales"):
        require_static_quantization(module, "lower-qnt-to-dataflow")
    require_static_quantization(import_onnx(model), "lower-qnt-to-dataflow")


def test_quantized_results_leave_in_their_static_type(tmp_path) -> None:
    """A function returning a qnt tensor returns its stored integers in the
    declared (static) type, from the dynamic one."""
    model = gemm_model()
    names = ["rq"]  # the QuantizeLinear output: !qnt.uniform<u8:f32, 0.1:10>
    module = import_onnx(model, outputs=names)
    x = {"x": np.random.default_rng(1).uniform(-3, 3, (16, 4)).astype(np.float32)}
    static = run_function(module, x)["rq"]
    dynamic = run_function(module, x, dynamic_quantization=True)["rq"]
    assert dynamic.dtype == np.int64 and dynamic.min() >= 10 and dynamic.max() <= 255
    assert np.abs(dynamic - static).max() <= 1


def test_asic_run_dynamic_quantization(tmp_path) -> None:
    path = os.path.join(tmp_path, "gemm.onnx")
    onnx.save(gemm_model(), path)
    inputs = os.path.join(tmp_path, "in.npz")
    x = np.random.default_rng(0).uniform(-40, 40, (8, 4)).astype(np.float32)
    np.savez(inputs, x=x)
    outputs = {}
    for flag in ([], ["--dynamic-quantization"]):
        out = os.path.join(tmp_path, f"out{len(flag)}.npz")
        subprocess.run(["asic-run", path, "--inputs", inputs, "--output", out, *flag], check=True)
        outputs[bool(flag)] = np.load(out)["y"]
    module = import_onnx(gemm_model())
    np.testing.assert_array_equal(outputs[True], run_function(module, {"x": x}, dynamic_quantization=True)["y"])
    np.testing.assert_array_equal(outputs[False], run_function(module, {"x": x})["y"])
    assert not math.isclose(float(np.abs(outputs[True] - outputs[False]).max()), 0.0)
