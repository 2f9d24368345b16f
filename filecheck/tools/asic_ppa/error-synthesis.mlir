// SystemVerilog Yosys rejects: its message, no output.
// RUN: rm -f %t.json %t.v
// RUN: printf '// rtl.streams = [#rtl.stream<in "x" : si8, lanes 1, beats 1, shape [1]>, #rtl.stream<out "y" : si8, lanes 1, beats 1, shape [1]>]\nmodule top (input logic clk, input logic rst, input logic [7:0] x_data);\n  assign y = ;\nendmodule\n' > %t.sv
// RUN: not asic-ppa %t.sv --json %t.json --netlist %t.v 2>&1 | filecheck %s
// RUN: not asic-ppa %t.sv --target generic --json %t.json 2>&1 | filecheck %s --check-prefix GENERIC
// RUN: not test -e %t.json
// RUN: not test -e %t.v

// CHECK: asic-ppa: error: Yosys could not map the design onto osu018_stdcells.lib: {{.*}}error-synthesis.mlir.tmp.sv:3: ERROR: syntax error, unexpected ';'
// GENERIC: asic-ppa: error: Yosys could not synthesize the design: {{.*}}error-synthesis.mlir.tmp.sv:3: ERROR: syntax error, unexpected ';'
// CHECK-NOT: Traceback
// GENERIC-NOT: Traceback
