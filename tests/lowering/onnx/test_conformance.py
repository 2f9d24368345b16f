"""The ONNX frontend against reference outputs: onnx's bundled models and
test data, and a digits classifier trained here and run by onnxruntime.

(a) every `light_*.onnx` of onnx's package data, on the dummy inputs of
    onnx's backend test runner, reproduces the bundled output (slow);
(b) every case of `pytorch-converted` and `pytorch-operator` either passes
    against its `test_data_set_0`, or — when it uses an op type the frontend
    does not convert, or an attribute value it does not support — raises an
    `OnnxImportError` that names the op type (no case is skipped);
(c) an MLPClassifier trained on scikit-learn's digits data and exported
    with skl2onnx, cut before its ai.onnx.ml label branch, matches
    onnxruntime on the held-out split.

All compare with rtol 1e-3, atol 1e-4, through `asic.interp.runner`.
"""

from __future__ import annotations

import glob
import math
import os

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from asic.lowering.onnx.importer import OnnxImportError, import_onnx, supported_op_types

DATA = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data")
RTOL, ATOL = 1e-3, 1e-4


def _run(module, inputs):
    from asic.interp.runner import run_function

    return run_function(module, inputs)


def _real_inputs(model: onnx.ModelProto) -> list[onnx.ValueInfoProto]:
    weights = {t.name for t in model.graph.initializer}
    return [v for v in model.graph.input if v.name not in weights]


def _assert_close(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL, err_msg=what)


# --------------------------------------------------------------------------
# (a) light_* models
# --------------------------------------------------------------------------

LIGHT = sorted(glob.glob(os.path.join(DATA, "light", "light_*.onnx")))


def _dummy_input(value: onnx.ValueInfoProto) -> np.ndarray:
    """onnx.backend.test.runner's generate_dummy_data: arange / size."""
    shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
    size = math.prod(shape)
    return (np.arange(size, dtype=np.float32) / size).reshape(shape)


@pytest.mark.slow
@pytest.mark.parametrize("path", LIGHT, ids=[os.path.basename(p)[:-5] for p in LIGHT])
def test_light_model(path: str) -> None:
    model = onnx.load(path)
    module = import_onnx(model, path=path)
    module.verify()
    inputs = {v.name: _dummy_input(v) for v in _real_inputs(model)}
    outputs = _run(module, inputs)
    expected = numpy_helper.to_array(onnx.load_tensor(path[: -len(".onnx")] + "_output_0.pb"))
    (name,) = [o.name for o in model.graph.output]
    _assert_close(outputs[name], expected, name)


def test_light_models_present() -> None:
    assert len(LIGHT) >= 9


# --------------------------------------------------------------------------
# (b) pytorch-converted and pytorch-operator
# --------------------------------------------------------------------------

CASES = sorted(
    os.path.relpath(os.path.dirname(p), DATA)
    for folder in ("pytorch-converted", "pytorch-operator")
    for p in glob.glob(os.path.join(DATA, folder, "*", "model.onnx"))
)

UNSUPPORTED_USE = {
    # Cases whose op types are all converted, but not with these values.
    "test_AvgPool3d": ("AveragePool", "3-D pooling is not supported"),
    "test_AvgPool3d_stride": ("AveragePool", "3-D pooling is not supported"),
    "test_AvgPool3d_stride1_pad0_gpu_input": ("AveragePool", "3-D pooling is not supported"),
    "test_MaxPool3d": ("MaxPool", "3-D pooling is not supported"),
    "test_MaxPool3d_stride": ("MaxPool", "3-D pooling is not supported"),
    "test_MaxPool3d_stride_padding": ("MaxPool", "3-D pooling is not supported"),
    "test_Conv3d": ("Conv", "3-D convolution is not supported"),
    "test_Conv3d_dilated": ("Conv", "3-D convolution is not supported"),
    "test_Conv3d_dilated_strided": ("Conv", "3-D convolution is not supported"),
    "test_Conv3d_groups": ("Conv", "3-D convolution is not supported"),
    "test_Conv3d_no_bias": ("Conv", "3-D convolution is not supported"),
    "test_Conv3d_stride": ("Conv", "3-D convolution is not supported"),
    "test_Conv3d_stride_padding": ("Conv", "3-D convolution is not supported"),
}


def _first_unsupported_op(model: onnx.ModelProto) -> str | None:
    supported = set(supported_op_types())
    for node in model.graph.node:
        if node.op_type not in supported:
            return node.op_type
    return None


@pytest.mark.parametrize("case", CASES)
def test_pytorch_case(case: str) -> None:
    directory = os.path.join(DATA, case)
    path = os.path.join(directory, "model.onnx")
    model = onnx.load(path)
    name = os.path.basename(case)
    unsupported = _first_unsupported_op(model)
    if unsupported is not None or name in UNSUPPORTED_USE:
        op_type, fragment = (unsupported, "is not supported") if unsupported else UNSUPPORTED_USE[name]
        with pytest.raises(OnnxImportError) as error:
            import_onnx(model, path=path)
        message = str(error.value)
        assert f"{op_type} node" in message and fragment in message, message
        return

    module = import_onnx(model, path=path)
    module.verify()
    data = os.path.join(directory, "test_data_set_0")
    arrays = [
        numpy_helper.to_array(onnx.load_tensor(p))
        for p in sorted(glob.glob(os.path.join(data, "input_*.pb")))
    ]
    real = _real_inputs(model)
    assert len(arrays) == len(real)
    outputs = _run(module, {v.name: a for v, a in zip(real, arrays)})
    expected = [
        numpy_helper.to_array(onnx.load_tensor(p))
        for p in sorted(glob.glob(os.path.join(data, "output_*.pb")))
    ]
    assert len(expected) == len(model.graph.output)
    for out, want in zip(model.graph.output, expected):
        _assert_close(outputs[out.name], want, out.name)


def test_pytorch_cases_present() -> None:
    assert len(CASES) > 100


# --------------------------------------------------------------------------
# (c) a digits MLP trained here
# --------------------------------------------------------------------------


def test_digits_mlp_against_onnxruntime() -> None:
    import onnxruntime as ort

    from asic.examples.digits import PROBABILITIES, train_digits_mlp

    model, data = train_digits_mlp(hidden=(32,), max_iter=20)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    labels, probabilities = session.run(["label", PROBABILITIES], {"X": data.x_test})

    # The label branch is ai.onnx.ml: without the cut the import names it.
    with pytest.raises(OnnxImportError, match="domain 'ai.onnx.ml' is not supported"):
        import_onnx(model)

    module = import_onnx(model, outputs=[PROBABILITIES])
    ours = _run(module, {"X": data.x_test})[PROBABILITIES]  # a batch of 1-sample runs
    _assert_close(ours, probabilities, PROBABILITIES)
    assert np.array_equal(ours.argmax(axis=1), labels)

    # The same with the batch fixed at import.
    module = import_onnx(model, outputs=[PROBABILITIES], batch_size=len(data.x_test))
    _assert_close(_run(module, {"X": data.x_test})[PROBABILITIES], probabilities, PROBABILITIES)
