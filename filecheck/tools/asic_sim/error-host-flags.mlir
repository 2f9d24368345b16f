// --host is for a design without its host function; --frames and --host exclude each other; --host is IR, not SystemVerilog.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 4), np.float32))"
// RUN: printf '// rtl.streams = [#rtl.stream<in "arg0" : ui8, lanes 4, beats 1, shape [1, 4]>, #rtl.stream<out "result0" : si8, lanes 1, beats 3, shape [1, 3]>]\nmodule main (input logic clk);\nendmodule\n' > %t.sv
// RUN: not asic-sim %s --host %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix DATAFLOW
// RUN: not asic-sim %t.sv --host %s --frames --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix BOTH
// RUN: not asic-sim %t.sv --host %t.sv --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix SV
// RUN: not test -e %t.out.npz

// DATAFLOW: asic-sim: error: '{{.*}}error-host-flags.mlir' is at the dataflow level and holds its host function: --host is for an .sv or rtl-level design
// BOTH: asic-sim: error: argument --frames: not allowed with argument --host
// SV: asic-sim: error: --host takes the IR holding the host function (.mlir after quantize or lower-qnt-to-dataflow), not SystemVerilog: '{{.*}}.sv'
// DATAFLOW-NOT: Traceback
// BOTH-NOT: Traceback
// SV-NOT: Traceback

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
