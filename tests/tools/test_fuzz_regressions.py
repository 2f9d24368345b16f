"""Every failure the mutation fuzzer (`support.fuzz`) found, reduced to its
input: each is now a diagnostic (status 1, the message below, no
traceback, no output file) within the timeout, run like the fuzzer runs
cases (a forked child)."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from onnx import TensorProto, helper

from support.fuzz import Case, npz_bytes, run_case

DYNAMIC_DATAFLOW = """
!q = !qnt.uniform<u8:f32, 0.1:3>
!y = !qnt.uniform<i8:f32, 0.05>
func.func @main(%a: tensor<1x4xf32>) -> tensor<1x2xf32> attributes {qnt.dynamic_quantization} {
  %q = qnt.quantize %a : (tensor<1x4xf32>) -> tensor<1x4x!q>
  %h = dataflow.graph "main" inputs ["arg0"] outputs ["result0"] (%q) : (tensor<1x4x!q>) -> tensor<1x2x!y> {
  ^bb0(%s: !dataflow.stream<!q, lanes 4, shape [1, 4]>):
    %w = qnt.constant "w" dense<[[1, 2, 3, 4], [5, 6, 7, 8]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>
    %o = dataflow.mvu %s, %w pe 1 simd 4 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!q, lanes 4, shape [1, 4]>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> !dataflow.stream<!y, lanes 1, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<!y, lanes 1, shape [1, 2]>
  }
  %r = qnt.dequantize %h : (tensor<1x2x!y>) -> tensor<1x2xf32>
  func.return %r : tensor<1x2xf32>
}
"""

NAN_WEIGHT = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<"0x0000803F0000C07F0000803F0000803F0000803F0000803F0000803F0000803F"> : tensor<2x4xf32>
  %h = nn.dense %x, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %h : tensor<1x2xf32>
}
"""

USED_BEFORE_DEFINED = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %a = qnt.dense %q, %w : (tensor<1x4x!qnt.uniform<u8:f32, 0.0625>>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> tensor<1x2xi18>
  %w = qnt.constant "fc.weight" dense<1> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0625>>
  %h = qnt.requantize %a multipliers [1073741824] shifts [32] : (tensor<1x2xi18>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.05:-100>>
  %y = qnt.dequantize %h : (tensor<1x2x!qnt.uniform<i8:f32, 0.05:-100>>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
"""

DYNAMIC_DENSE = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> attributes {qnt.dynamic_quantization} {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0625>>
  %w = qnt.constant "fc.weight" dense<1> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>
  %a = qnt.dense %q, %w : (tensor<1x4x!qnt.uniform<u8:f32, 0.0625>>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> tensor<1x2xi18>
  %h = qnt.requantize %a multipliers [1073741824] shifts [32] : (tensor<1x2xi18>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.05:-100>>
  %y = qnt.dequantize %h : (tensor<1x2x!qnt.uniform<i8:f32, 0.05:-100>>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
"""


def _zip_with_nameless_member() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.npy", npz_to_member(np.zeros((1, 4), np.float32)))
        archive.writestr(zipfile.ZipInfo(""), b"")
    return buffer.getvalue()


def npz_to_member(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array)
    return buffer.getvalue()


def _mlir(text: str, *extra: str) -> tuple[dict[str, bytes], list[str]]:
    return {"m.mlir": text.encode()}, ["@m.mlir@", *extra, "-o", "@out@"]


def _onnx_unknown_input_type() -> bytes:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
    x.type.tensor_type.elem_type = 99
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [y])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()


CASES = {
    # A graph input of data type 99: onnx's own name lookup raised.
    "onnx-unknown-data-type": (
        "asic-opt",
        {"m.onnx": _onnx_unknown_input_type()},
        ["@m.onnx@", "-o", "@out@"],
        "model.graph.input[0].type.tensor_type.elem_type is 99, which is not an ONNX data type",
    ),
    # An unterminated string literal: xDSL's lexer backtracked exponentially.
    "unterminated-string": (
        "asic-opt",
        *_mlir('func.func @f(%x: tensor<4xf32>) {\n  %y = dataflow.graph "g" inputs ["x"] outputs ["y" "] (%x) : (tensor<1x4xf32>) -> tensor<4xf32> {\n  }\n}\n'),
        "End of file reached before closing string literal",
    ),
    # A dense splat whose element count overflows the index type.
    "dense-overflow": (
        "asic-opt",
        *_mlir('func.func @f() -> tensor<2xf32> {\n  %w = nn.constant "w" dense<1.0> : tensor<1000000000000000000000000000000x4xf32>\n  func.return %w : tensor<2xf32>\n}\n'),
        "a literal holds at most 268435456",
    ),
    # A dense splat of 2^31 bf16 elements, which xDSL expands in memory.
    "dense-splat-expanded": (
        "asic-opt",
        *_mlir('func.func @f() -> tensor<2147483647xbf16> {\n  %a = nn.constant "a" dense<1.0> : tensor<2147483647xbf16>\n  func.return %a : tensor<2147483647xbf16>\n}\n'),
        "a dense literal of type tensor<2147483647xbf16> has 2147483647 elements",
    ),
    # low-rank's SVD of a NaN weight did not converge.
    "low-rank-nan": (
        "asic-opt",
        *_mlir(NAN_WEIGHT, "-p", "low-rank{rank=1}"),
        "low-rank: constant 'fc.weight' (operand 1 of nn.dense %h) holds nan at index [0, 1]",
    ),
    "prune-nan": (
        "asic-opt",
        *_mlir(NAN_WEIGHT, "-p", "prune{sparsity=0.5}"),
        "prune: constant 'fc.weight' (operand 1 of nn.dense %h) holds nan",
    ),
    # The dynamic interpreter gave a dataflow graph its run-time values.
    "dynamic-dataflow-verify-each": (
        "asic-opt",
        *_mlir(DYNAMIC_DATAFLOW, "-p", "remove-dead-code", "--verify-each"),
        "dynamic quantization runs qnt-level functions, and function 'main' holds dataflow.graph",
    ),
    "dynamic-dataflow-run": (
        "asic-run",
        {"m.mlir": DYNAMIC_DATAFLOW.encode(), "in.npz": npz_bytes({"x": np.zeros((1, 4), np.float32)})},
        ["@m.mlir@", "--inputs", "@in.npz@", "--output", "@out@"],
        "holds dataflow.graph, whose scales are fixed",
    ),
    # Ops out of order: xDSL's verifier does not check dominance and the
    # interpreter looked up a value not yet computed (KeyError).
    "used-before-defined": (
        "asic-run",
        {"m.mlir": USED_BEFORE_DEFINED.encode(), "in.npz": npz_bytes({"x": np.zeros((1, 4), np.float32)})},
        ["@m.mlir@", "--inputs", "@in.npz@", "--output", "@out@"],
        "m.mlir:3:3: op 'qnt.dense': operand #0 %q is used before it is defined",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_found_by_the_fuzzer(name: str) -> None:
    tool, files, argv, message = CASES[name]
    result = run_case(Case(tool, argv, files, "out", name), timeout=60)
    assert result.outcome == "diagnostic", result.stderr
    assert message in result.stderr, result.stderr


def test_a_nameless_zip_member_is_skipped() -> None:
    files = {"m.mlir": b"func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {\n  func.return %x : tensor<1x4xf32>\n}\n",
             "in.npz": _zip_with_nameless_member()}  # fmt: skip
    argv = ["@m.mlir@", "--inputs", "@in.npz@", "--output", "@out@"]
    result = run_case(Case("asic-run", argv, files, "out", "nameless-member"))
    assert result.outcome == "ok", result.stderr


def test_verify_each_compares_dynamically_quantized_tensors() -> None:
    """--verify-each compared the run-time quantized tensors of dynamic
    quantization as arrays (TypeError); it compares the reals they stand for."""
    files, argv = _mlir(DYNAMIC_DENSE, "-p", "fold-constants", "--verify-each")
    result = run_case(Case("asic-opt", argv, files, "out", "dynamic-verify-each"))
    assert result.outcome == "ok", result.stderr
