// A .sv file with a stream contract but broken SystemVerilog: Verilator's message is shown.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 1), np.int8))"
// RUN: printf '// rtl.streams = [#rtl.stream<in "x" : si8, lanes 1, beats 1, shape [1]>, #rtl.stream<out "y" : si8, lanes 1, beats 1, shape [1]>]\nmodule top (input logic clk, input logic rst, input logic [7:0] x_data);\n  assign y = undefined_signal;\nendmodule\n' > %t.sv
// RUN: not asic-sim %t.sv --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-sim: error: Verilator could not build the design:
// CHECK: %Error
// CHECK-NOT: Traceback
