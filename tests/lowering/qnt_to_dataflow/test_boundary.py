"""`boundary.outline` and `boundary.close`: the graph the engine patterns
work in. Outlined, the hardware ops sit in the graph in their order, on
casts of the stream arguments (1 lane, the tensor's element and shape),
with their constants copied in and the host's tensors in the yield; the
host reads the graph's results. Closed after the patterns, the yield gives
streams and no cast is left."""

from __future__ import annotations

from xdsl.dialects import func
from xdsl.dialects.builtin import TensorType, UnrealizedConversionCastOp
from xdsl.pattern_rewriter import GreedyRewritePatternApplier, PatternRewriteWalker

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.lowering.qnt_to_dataflow.boundary import close, outline
from asic.lowering.qnt_to_dataflow.registry import ENGINE_PATTERNS
from support.dataflow_models import parse_any

SOURCE = """
!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.2>
func.func @main(%x: tensor<1x2x3xf32>) -> tensor<1x4xf32> {
  %w = qnt.constant "fc.weight" dense<1> : tensor<4x6x!qw>
  %q = qnt.quantize %x : (tensor<1x2x3xf32>) -> tensor<1x2x3x!qx>
  %f = qnt.flatten %q : (tensor<1x2x3x!qx>) -> tensor<1x6x!qx>
  %a = qnt.dense %f, %w : (tensor<1x6x!qx>, tensor<4x6x!qw>) -> tensor<1x4xi19>
  %y = qnt.requantize %a multipliers [1374389535] shifts [36] : (tensor<1x4xi19>) -> tensor<1x4x!qy>
  %d = qnt.dequantize %y : (tensor<1x4x!qy>) -> tensor<1x4xf32>
  func.return %d : tensor<1x4xf32>
}
"""


def outlined() -> tuple[func.FuncOp, df.GraphOp]:
    module = parse_any(SOURCE)
    function = next(op for op in module.ops if isinstance(op, func.FuncOp))
    graph = outline(function)
    assert graph is not None
    return function, graph


def test_outline_moves_the_hardware_ops_onto_casts_of_streams():
    function, graph = outlined()
    host = [op.name for op in function.body.block.ops]
    assert host == ["qnt.quantize", "dataflow.graph", "qnt.dequantize", "func.return"]
    (arg,) = graph.block.args
    q_type = graph.inputs[0].type
    assert isinstance(q_type, TensorType)
    assert arg.type == df.StreamType(q_type.get_element_type(), 1, (1, 2, 3))
    ops = list(graph.block.ops)
    assert [op.name for op in ops] == [
        "builtin.unrealized_conversion_cast",
        "qnt.flatten",
        "qnt.constant",
        "qnt.dense",
        "qnt.requantize",
        "dataflow.yield",
    ]
    cast, flatten, constant, dense, requantize, yield_op = ops
    assert isinstance(cast, UnrealizedConversionCastOp) and cast.inputs[0] is arg
    assert cast.results[0].type == q_type and flatten.operands[0] is cast.results[0]
    assert dense.operands[1] is constant.results[0]
    assert yield_op.operands[0] is requantize.results[0]  # a tensor until close
    assert graph.outputs[0].type == requantize.results[0].type


def test_close_yields_the_streams_and_drops_the_casts():
    _, graph = outlined()
    applier = GreedyRewritePatternApplier(ENGINE_PATTERNS, dce_enabled=False)
    PatternRewriteWalker(applier).rewrite_region(graph.body)
    close(graph)
    assert [op.name for op in graph.block.ops] == [
        "dataflow.reshape", "qnt.constant", "dataflow.mvu", "dataflow.yield",
    ]
    assert isinstance(graph.yield_op.operands[0].type, df.StreamType)
    assert not any(isinstance(op, (UnrealizedConversionCastOp, qnt.DenseOp)) for op in graph.walk())
