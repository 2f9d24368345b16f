"""`asic-run` in process: an ONNX model against onnxruntime (one sample and a
batch), output naming, and diagnostics (exit 1, no traceback, no output)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from asic.tools.asic_run import main

MLIR = """
func.func @main(%x: tensor<1x3xf32> {nn.name = "x"}) -> (tensor<1x3xf32> {nn.name = "file"}) {
  %y = nn.tanh %x : tensor<1x3xf32>
  func.return %y : tensor<1x3xf32>
}
"""


def _onnx_model(path: Path) -> bytes:
    rng = np.random.default_rng(0)
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, 6, 6])
    y = helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", 3])
    inits = [
        numpy_helper.from_array(rng.standard_normal((2, 1, 3, 3)).astype(np.float32), "conv.w"),
        numpy_helper.from_array(rng.standard_normal(2).astype(np.float32), "conv.b"),
        numpy_helper.from_array(rng.standard_normal((3, 18)).astype(np.float32), "fc.w"),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "conv.w", "conv.b"], ["c"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"]),
        helper.make_node("Gemm", ["f", "fc.w"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=1),
    ]
    model = helper.make_model(
        helper.make_graph(nodes, "cnn", [x], [y], inits),
        opset_imports=[helper.make_opsetid("", 17)],
        ir_version=9,
    )
    data = model.SerializeToString()
    path.write_bytes(data)
    return data


def test_onnx_model_matches_onnxruntime(tmp_path: Path) -> None:
    data = _onnx_model(tmp_path / "cnn.onnx")
    x = np.random.default_rng(1).standard_normal((5, 1, 6, 6)).astype(np.float32)
    np.savez(tmp_path / "in.npz", input=x)
    main([str(tmp_path / "cnn.onnx"), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "out.npz")])
    expected = ort.InferenceSession(data, providers=["CPUExecutionProvider"]).run(None, {"input": x})[0]
    with np.load(tmp_path / "out.npz") as out:
        assert out.files == ["probs"]
        assert out["probs"].shape == (5, 3)  # merged batch layout, as in ONNX
        np.testing.assert_allclose(out["probs"], expected, rtol=1e-5, atol=1e-6)


def test_output_names_are_kept_verbatim(tmp_path: Path) -> None:
    (tmp_path / "m.mlir").write_text(MLIR)
    np.savez(tmp_path / "in.npz", x=np.array([[0.0, 1.0, -1.0]], np.float32))
    out_path = tmp_path / "out"  # no .npz suffix: written at exactly this path
    main([str(tmp_path / "m.mlir"), "--inputs", str(tmp_path / "in.npz"), "--output", str(out_path)])
    with np.load(out_path) as out:
        np.testing.assert_allclose(out["file"], np.tanh([[0.0, 1.0, -1.0]]), rtol=1e-6)


@pytest.mark.parametrize(
    "inputs,extra,message",
    [
        ("not-npz", [], "cannot read inputs '.*in.bin': not an .npz or .npy file"),
        ("good", ["--batch-size", "2"], "--onnx-outputs and --batch-size apply to .onnx models only"),
        ("good", ["--entry", "other"], "no function named 'other' in the module"),
        ("bad-dtype", [], "input 'x' has dtype complex128, expected f32"),
        ("good", ["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], inputs: str, extra: list[str], message: str) -> None:
    (tmp_path / "m.mlir").write_text(MLIR)
    if inputs == "not-npz":
        in_path = tmp_path / "in.bin"
        in_path.write_bytes(b"not numpy data")
    else:
        in_path = tmp_path / "in.npz"
        dtype = np.complex128 if inputs == "bad-dtype" else np.float32
        np.savez(in_path, x=np.zeros((1, 3), dtype))
    out_path = tmp_path / "out.npz"
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path / "m.mlir"), "--inputs", str(in_path), "--output", str(out_path), *extra])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert any(line.startswith("asic-run: error: ") for line in err.splitlines())
    assert re.search(message, err), err
    assert not out_path.exists()
