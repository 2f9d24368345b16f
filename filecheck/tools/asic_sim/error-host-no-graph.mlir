// A float (nn-level) function has no hardware boundary: no host side.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 4), np.float32))"
// RUN: printf '// rtl.streams = [#rtl.stream<in "arg0" : ui8, lanes 4, beats 1, shape [1, 4]>, #rtl.stream<out "result0" : si8, lanes 1, beats 3, shape [1, 3]>]\nmodule main (input logic clk);\nendmodule\n' > %t.sv
// RUN: not asic-sim %t.sv --host %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s

// CHECK: asic-sim: error: '{{.*}}error-host-no-graph.mlir' has no dataflow.graph and no qnt integer ops to lower to one: the host side comes from the IR after quantize (qnt level) or after lower-qnt-to-dataflow (dataflow level)
// CHECK-NOT: Traceback

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = nn.relu %x : tensor<1x4xf32>
  func.return %y : tensor<1x4xf32>
}
