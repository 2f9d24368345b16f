// Missing or unreadable designs, and designs of neither kind.
// RUN: rm -f %t.json
// RUN: not asic-ppa %t.missing.sv --json %t.json 2>&1 | filecheck %s --check-prefix MISSING
// RUN: printf 'hello' > %t.txt
// RUN: not asic-ppa %t.txt --json %t.json 2>&1 | filecheck %s --check-prefix KIND
// RUN: printf 'module top (input logic clk);\nendmodule\n' > %t.sv
// RUN: not asic-ppa %t.sv --json %t.json 2>&1 | filecheck %s --check-prefix CONTRACT
// RUN: not asic-ppa %s --json %t.json 2>&1 | filecheck %s --check-prefix NOHW
// RUN: not test -e %t.json

// MISSING: asic-ppa: error: no such file '{{.*}}.missing.sv'
// KIND: asic-ppa: error: '{{.*}}.txt' is neither SystemVerilog (.sv) nor IR (.mlir)
// CONTRACT: asic-ppa: error: no stream contract for any module in the SystemVerilog
// NOHW: asic-ppa: error: '{{.*}}error-files.mlir' holds no hardware
// MISSING-NOT: Traceback
// KIND-NOT: Traceback
// CONTRACT-NOT: Traceback
// NOHW-NOT: Traceback

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  func.return %x : tensor<1x4xf32>
}
