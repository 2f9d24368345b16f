// xdsl-opt runs our passes (the package's xdsl.universe entry point) and
// reports their errors as diagnostics, like asic-opt: no traceback, status 1.
// RUN: not xdsl-opt %s -p 'tile{multipliers=0}' 2>&1 | filecheck %s --check-prefix=OPTION
// OPTION:     xdsl-opt: error: tile: multipliers must be >= 1, got 0
// OPTION-NOT: Traceback
// RUN: not xdsl-opt %s -p 'tile{multiplers=3}' 2>&1 | filecheck %s --check-prefix=NAME
// NAME:     xdsl-opt: error: {{.*}}tile has no option 'multiplers'; did you mean 'multipliers'?
// NAME-NOT: Traceback
// RUN: not xdsl-opt %s -p schedule 2>&1 | filecheck %s --check-prefix=APPLY
// APPLY:     xdsl-opt: error: schedule: the module has no dataflow.graph: run lower-qnt-to-dataflow first
// APPLY-NOT: Traceback
//
// With --verify-diagnostics, xdsl-opt prints them itself and exits 0.
// RUN: xdsl-opt %s -p schedule --verify-diagnostics | filecheck %s --check-prefix=VERIFY
// VERIFY: schedule: the module has no dataflow.graph

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
