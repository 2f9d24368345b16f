// lower-dataflow-to-rtl drops the host function: an rtl-level IR is no host side.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 4), np.float32))"
// RUN: printf '// rtl.streams = [#rtl.stream<in "arg0" : ui8, lanes 4, beats 1, shape [1, 4]>, #rtl.stream<out "result0" : si8, lanes 1, beats 3, shape [1, 3]>]\nmodule main (input logic clk);\nendmodule\n' > %t.sv
// RUN: not asic-sim %t.sv --host %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s

// CHECK: asic-sim: error: '{{.*}}error-host-rtl-level.mlir' holds only hardware (hw.module): lower-dataflow-to-rtl drops the host function, so the host side comes from the IR before it (after lower-qnt-to-dataflow, or the qnt-level IR after quantize)
// CHECK-NOT: Traceback

hw.module @main(in %clk: !seq.clock, in %rst: i1, in %arg0_data: i8, in %arg0_valid: i1, out arg0_ready: i1, out result0_data: i8, out result0_valid: i1, in %result0_ready: i1) attributes {rtl.streams = [#rtl.stream<in "arg0" : si8, lanes 1, beats 1, shape [1]>, #rtl.stream<out "result0" : si8, lanes 1, beats 1, shape [1]>]} {
  hw.output %result0_ready, %arg0_data, %arg0_valid : i1, i8, i1
}
