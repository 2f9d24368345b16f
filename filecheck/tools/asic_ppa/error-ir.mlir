// --ir must be the dataflow- or rtl-level IR the .sv came from.
// RUN: rm -f %t.json
// RUN: asic-opt %s -p lower-dataflow-to-rtl -t sv -o %t.sv
// RUN: not asic-ppa %t.sv --ir %S/inputs/no-hardware.mlir --json %t.json 2>&1 | filecheck %s --check-prefix NOGRAPH
// RUN: not asic-ppa %s --ir %s --json %t.json 2>&1 | filecheck %s --check-prefix TWICE
// RUN: sed -e 's/depth 2/depth 3/' -e 's/lanes 2/lanes 1/g' %s > %t.other.mlir
// RUN: not asic-ppa %t.sv --ir %t.other.mlir --json %t.json 2>&1 | filecheck %s --check-prefix MISMATCH
// RUN: not test -e %t.json

// NOGRAPH: asic-ppa: error: '{{.*}}no-hardware.mlir' holds no dataflow.graph and no hw.module: --ir takes the IR the design was compiled from at the dataflow level (after tile and schedule) or the rtl level
// TWICE: asic-ppa: error: '{{.*}}error-ir.mlir' is at the dataflow level and holds its IR: --ir is for an .sv design
// MISMATCH: asic-ppa: error: '{{.*}}.tmp.sv' is not the SystemVerilog of '{{.*}}.other.mlir' (asic-opt -t sv of it differs): --ir takes the IR the design was compiled from
// NOGRAPH-NOT: Traceback
// TWICE-NOT: Traceback
// MISMATCH-NOT: Traceback

!q = !qnt.uniform<i8:f32, 0.1>
func.func @main(%a: tensor<1x2x!q>) -> tensor<1x2x!q> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x!q>) -> tensor<1x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2]>):
    %o = dataflow.fifo %x depth 2 : !dataflow.stream<!q, lanes 2, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 2]>
  }
  func.return %y : tensor<1x2x!q>
}
