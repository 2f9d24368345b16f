"""Sequence models built with onnx.helper (random weights) through `asic-run`
against onnxruntime, within float tolerance (rtol 1e-3, atol 1e-4):

- a transformer encoder layer as PyTorch exports it: multi-head attention
  (MatMul, Reshape, Transpose, Softmax, scaling by Div), residual Adds,
  LayerNormalization, a feed-forward block with exact GELU written with Erf
  (as exporters before opset 20 write it), and mean pooling (ReduceMean)
  into a classifier;
- a GRU classifier (bidirectional, the last states concatenated) and an
  LSTM classifier (forward, the last output step through Slice and
  Squeeze), both with Expand-ed zero initial states as PyTorch writes them.
"""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from asic.tools.asic_run import main

RTOL, ATOL = 1e-3, 1e-4


def _init(name: str, array: np.ndarray) -> TensorProto:
    return numpy_helper.from_array(np.asarray(array), name)


def _model(nodes, inputs, outputs, inits, opset: int = 17) -> onnx.ModelProto:
    graph = helper.make_graph(nodes, "g", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def _compare(tmp_path, model: onnx.ModelProto, x: np.ndarray) -> None:
    path = tmp_path / "model.onnx"
    path.write_bytes(model.SerializeToString())
    np.savez(tmp_path / "in.npz", x=x)
    main([str(path), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "out.npz")])
    got = np.load(tmp_path / "out.npz")["y"]
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (expected,) = session.run(None, {"x": x})
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


def _weights(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)


def encoder_layer(seq: int = 6, d: int = 16, heads: int = 4, ff: int = 32, classes: int = 3) -> onnx.ModelProto:
    rng = np.random.default_rng(0)
    dh = d // heads
    i64 = lambda *v: np.array(v, np.int64)
    inits = [
        _init("wq", _weights(rng, d, d)), _init("wk", _weights(rng, d, d)), _init("wv", _weights(rng, d, d)),
        _init("wo", _weights(rng, d, d)), _init("bq", _weights(rng, d)), _init("bo", _weights(rng, d)),
        _init("heads_shape", i64(1, seq, heads, dh)), _init("merged_shape", i64(1, seq, d)),
        _init("scale", np.float32(np.sqrt(dh))),
        _init("ln1_s", 1 + _weights(rng, d)), _init("ln1_b", _weights(rng, d)),
        _init("ln2_s", 1 + _weights(rng, d)), _init("ln2_b", _weights(rng, d)),
        _init("w1", _weights(rng, d, ff)), _init("b1", _weights(rng, ff)),
        _init("w2", _weights(rng, ff, d)), _init("b2", _weights(rng, d)),
        _init("sqrt2", np.float32(np.sqrt(2))), _init("one", np.float32(1)), _init("half", np.float32(0.5)),
        _init("pool_axes", i64(1)), _init("wc", _weights(rng, d, classes)),
    ]
    mm = lambda a, b, y: helper.make_node("MatMul", [a, b], [y])
    nodes = [
        mm("x", "wq", "q0"), helper.make_node("Add", ["q0", "bq"], ["q1"]),
        mm("x", "wk", "k0"), mm("x", "wv", "v0"),
        *[helper.make_node("Reshape", [f"{t}", "heads_shape"], [f"{t}h"]) for t in ("q1", "k0", "v0")],
        helper.make_node("Transpose", ["q1h"], ["q"], perm=[0, 2, 1, 3]),
        helper.make_node("Transpose", ["k0h"], ["kt"], perm=[0, 2, 3, 1]),
        helper.make_node("Transpose", ["v0h"], ["v"], perm=[0, 2, 1, 3]),
        mm("q", "kt", "scores0"), helper.make_node("Div", ["scores0", "scale"], ["scores"]),
        helper.make_node("Softmax", ["scores"], ["attn"], axis=-1),
        mm("attn", "v", "ctx0"), helper.make_node("Transpose", ["ctx0"], ["ctx1"], perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["ctx1", "merged_shape"], ["ctx"]),
        mm("ctx", "wo", "o0"), helper.make_node("Add", ["o0", "bo"], ["o"]),
        helper.make_node("Add", ["x", "o"], ["r1"]),
        helper.make_node("LayerNormalization", ["r1", "ln1_s", "ln1_b"], ["h1"], axis=-1, epsilon=1e-5),
        mm("h1", "w1", "f0"), helper.make_node("Add", ["f0", "b1"], ["f1"]),
        helper.make_node("Div", ["f1", "sqrt2"], ["g0"]), helper.make_node("Erf", ["g0"], ["g1"]),
        helper.make_node("Add", ["g1", "one"], ["g2"]), helper.make_node("Mul", ["f1", "g2"], ["g3"]),
        helper.make_node("Mul", ["g3", "half"], ["gelu"]),
        mm("gelu", "w2", "f2"), helper.make_node("Add", ["f2", "b2"], ["f3"]),
        helper.make_node("Add", ["h1", "f3"], ["r2"]),
        helper.make_node("LayerNormalization", ["r2", "ln2_s", "ln2_b"], ["h2"], axis=-1, epsilon=1e-5),
        helper.make_node("ReduceMean", ["h2"], ["pooled"], axes=[1], keepdims=0),
        mm("pooled", "wc", "y"),
    ]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, seq, d])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, classes])
    return _model(nodes, [x], [y], inits, opset=17)


def recurrent_classifier(kind: str, seq: int = 7, features: int = 5, hidden: int = 8, classes: int = 3) -> onnx.ModelProto:
    rng = np.random.default_rng(1 if kind == "GRU" else 2)
    gates = {"GRU": 3, "LSTM": 4}[kind]
    directions = 2 if kind == "GRU" else 1
    inits = [
        _init("W", _weights(rng, directions, gates * hidden, features)),
        _init("R", _weights(rng, directions, gates * hidden, hidden)),
        _init("B", _weights(rng, directions, 2 * gates * hidden)),
        _init("zeros", np.zeros((1, 1, hidden), np.float32)),
        _init("state_shape", np.array([directions, 1, hidden], np.int64)),
        _init("wc", _weights(rng, directions * hidden, classes)),
        _init("flat", np.array([1, directions * hidden], np.int64)),
        _init("last", np.array([seq - 1], np.int64)), _init("end", np.array([seq], np.int64)),
        _init("axis0", np.array([0], np.int64)), _init("axes01", np.array([0, 1], np.int64)),
    ]
    nodes = [
        helper.make_node("Transpose", ["x"], ["xt"], perm=[1, 0, 2]),  # batch_first
        helper.make_node("Expand", ["zeros", "state_shape"], ["h0"]),
    ]
    if kind == "GRU":
        nodes += [
            helper.make_node("GRU", ["xt", "W", "R", "B", "", "h0"], ["", "hn"], hidden_size=hidden,
                             direction="bidirectional", linear_before_reset=1),
            helper.make_node("Transpose", ["hn"], ["hb"], perm=[1, 0, 2]),
            helper.make_node("Reshape", ["hb", "flat"], ["features"]),
        ]
    else:
        nodes += [
            helper.make_node("Expand", ["zeros", "state_shape"], ["c0"]),
            helper.make_node("LSTM", ["xt", "W", "R", "B", "", "h0", "c0"], ["ys"], hidden_size=hidden),
            helper.make_node("Slice", ["ys", "last", "end", "axis0"], ["y_last"]),
            helper.make_node("Squeeze", ["y_last", "axes01"], ["features"]),
        ]
    nodes.append(helper.make_node("MatMul", ["features", "wc"], ["y"]))
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, seq, features])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, classes])
    return _model(nodes, [x], [y], inits, opset=14)


def test_transformer_encoder_layer(tmp_path) -> None:
    x = np.random.default_rng(10).standard_normal((1, 6, 16)).astype(np.float32)
    _compare(tmp_path, encoder_layer(), x)


@pytest.mark.parametrize("kind", ["GRU", "LSTM"])
def test_recurrent_classifier(tmp_path, kind: str) -> None:
    x = np.random.default_rng(11).standard_normal((1, 7, 5)).astype(np.float32)
    _compare(tmp_path, recurrent_classifier(kind), x)
