// After the graph the host returns the quantized input too: a value of the inputs, not of the graph.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 4), np.float32))"
// RUN: not asic-sim %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s

// CHECK: asic-sim: error: 'func.return' after dataflow.graph 'main' in function 'main' reads 'q' computed from the inputs before the graph: asic-sim applies host sides whose ops after the graph read only its results and constants (use --frames and your own host code)
// CHECK-NOT: Traceback

builtin.module {
  func.func @main(%0: tensor<1x4xf32>) -> (tensor<1x2xf32>, tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>) {
    %q = qnt.quantize %0 : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>
    %h0 = dataflow.graph "main" inputs ["arg0"] outputs ["result0"] (%q) attributes {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64} : (tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>> {
    ^bb0(%1: !dataflow.stream<!qnt.uniform<u8:f32, 0.0811210741946077:45>, lanes 4, shape [1, 4]>):
      %2 = qnt.constant "fc0.weight" dense<[[-67, -117, -103, -43], [-17, 31, -5, -60]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>
      %h0_1 = dataflow.mvu %1, %2 pe 1 simd 4 accumulator i18 multipliers [2142322211] shifts [38] {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64} : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0811210741946077:45>, lanes 4, shape [1, 4]>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.015798841892533326>, lanes 1, shape [1, 2]>
      dataflow.yield %h0_1 : !dataflow.stream<!qnt.uniform<i8:f32, 0.015798841892533326>, lanes 1, shape [1, 2]>
    }
    %logits = qnt.dequantize %h0 : (tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>>) -> tensor<1x2xf32>
    func.return %logits, %q : tensor<1x2xf32>, tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>
  }
}
