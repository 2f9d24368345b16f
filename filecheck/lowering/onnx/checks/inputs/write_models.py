"""Writes the ONNX models that break one rule of `asic.lowering.onnx.checks`
each, into the directory given as the only argument (the lit tests run it
into their temporary directory)."""

from __future__ import annotations

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT


def _model(nodes, inputs, outputs, inits=(), opset=17) -> onnx.ModelProto:
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def _weights(*shape: int) -> np.ndarray:
    return np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 10


X = helper.make_tensor_value_info("x", F, [1, 4])
Y = helper.make_tensor_value_info("y", F, [1, 3])
W = numpy_helper.from_array(_weights(4, 3), "w")
WT = numpy_helper.from_array(_weights(3, 4), "wt")


def models() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    def add(name: str, model: onnx.ModelProto) -> None:
        out[name] = model.SerializeToString()

    matmul = helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")
    add("good.onnx", _model([matmul], [X], [Y], [W]))
    add("undefined_attribute.onnx", _model([helper.make_node("MatMul", ["x", "w"], ["y"], name="mm", axis=1)], [X], [Y], [W]))
    add("flag_value.onnx", _model([helper.make_node("Gemm", ["x", "wt"], ["y"], name="fc", transB=99)], [X], [Y], [WT]))
    gemm = helper.make_node("Gemm", ["x", "wt"], ["y"], name="fc")
    gemm.attribute.append(helper.make_attribute("transB", [1, 1]))
    add("list_for_int.onnx", _model([gemm], [X], [Y], [WT]))
    transpose = helper.make_node("Transpose", ["x"], ["y"], name="t")
    transpose.attribute.append(helper.make_attribute("perm", 1))
    add("int_for_list.onnx", _model([transpose], [X], [helper.make_tensor_value_info("y", F, [4, 1])]))
    scales = numpy_helper.from_array(np.array([1, 2], np.float32), "scales")
    resize = helper.make_node("Resize", ["x", "", "scales"], ["y"], name="up", mode="linear",
                              coordinate_transformation_mode="half_pixel_symmetric")
    for opset in (18, 19):
        add(f"newer_value_{opset}.onnx", _model([resize], [X], [helper.make_tensor_value_info("y", F, [1, 8])], [scales], opset))
    add("no_outputs.onnx", _model([matmul], [X], [], [W]))
    add("declared_shape.onnx", _model([matmul], [X], [helper.make_tensor_value_info("y", F, [1, 5])], [W]))
    add("declared_rank.onnx", _model([matmul], [X], [helper.make_tensor_value_info("y", F, [3])], [W]))
    add("declared_type.onnx", _model([matmul], [X], [helper.make_tensor_value_info("y", TensorProto.DOUBLE, [1, 3])], [W]))
    negative = onnx.TensorProto()
    negative.CopyFrom(W)
    negative.dims[:] = [4, -3]
    add("negative_dim.onnx", _model([matmul], [X], [Y], [negative]))
    # Invalid UTF-8: written into the serialized bytes (onnx.helper checks
    # its strings), in an op type and in an initializer's name.
    good = out["good.onnx"]
    out["utf8_op_type.onnx"] = good.replace(b"MatMul", b"Mat\xffu\xfe")
    renamed = _model([helper.make_node("MatMul", ["x", "wQ"], ["y"], name="mm")], [X], [Y],
                     [numpy_helper.from_array(_weights(4, 3), "wQ")])
    out["utf8_name.onnx"] = renamed.SerializeToString().replace(b"wQ", b"w\xc3")
    return out


def main(directory: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for name, data in models().items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
