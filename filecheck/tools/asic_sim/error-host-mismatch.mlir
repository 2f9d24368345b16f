// The design streams frames of 3 results, the host function's graph of 2.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 4), np.float32))"
// RUN: printf '// rtl.streams = [#rtl.stream<in "arg0" : ui8, lanes 4, beats 1, shape [1, 4]>, #rtl.stream<out "result0" : si8, lanes 1, beats 3, shape [1, 3]>]\nmodule main (input logic clk);\nendmodule\n' > %t.sv
// RUN: rm -f %t.out.npz
// RUN: not asic-sim %t.sv --host %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-sim: error: the host function 'main' does not match the design: its graph's output stream is 'result0' of si8, shape [1, 2], top module 'main' has 'result0' of si8, shape [1, 3]; --host takes the IR the design was compiled from
// CHECK-NOT: Traceback

builtin.module {
  func.func @main(%0: tensor<1x4xf32>) -> tensor<1x2xf32> {
    %q = qnt.quantize %0 : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>
    %h0 = dataflow.graph "main" inputs ["arg0"] outputs ["result0"] (%q) attributes {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64} : (tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>> {
    ^bb0(%1: !dataflow.stream<!qnt.uniform<u8:f32, 0.0811210741946077:45>, lanes 4, shape [1, 4]>):
      %2 = qnt.constant "fc0.weight" dense<[[-67, -117, -103, -43], [-17, 31, -5, -60]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>
      %h0_1 = dataflow.mvu %1, %2 pe 1 simd 4 accumulator i18 multipliers [2142322211] shifts [38] {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64} : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0811210741946077:45>, lanes 4, shape [1, 4]>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.015798841892533326>, lanes 1, shape [1, 2]>
      dataflow.yield %h0_1 : !dataflow.stream<!qnt.uniform<i8:f32, 0.015798841892533326>, lanes 1, shape [1, 2]>
    }
    %logits = qnt.dequantize %h0 : (tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>>) -> tensor<1x2xf32>
    func.return %logits : tensor<1x2xf32>
  }
}
