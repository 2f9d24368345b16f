// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 1), np.int8))"
// RUN: printf 'module top (input logic clk);\nendmodule\n' > %t.sv
// RUN: not asic-sim %t.sv --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix SV
// RUN: not asic-sim %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix MLIR

// SV: asic-sim: error: no stream contract for any module in the SystemVerilog: asic-sim needs the '// rtl.streams = [...]' line asic-opt -t sv writes above the top module
// MLIR: asic-sim: error: top module 'm' has no rtl.streams attribute
// SV-NOT: Traceback
// MLIR-NOT: Traceback

hw.module @m(in %a: i8, out y: i8) {
  hw.output %a : i8
}
