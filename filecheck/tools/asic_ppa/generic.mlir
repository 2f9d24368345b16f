// The generic target: Yosys' gates per engine, no library or OpenSTA needed.
// RUN: asic-ppa %s --target generic | filecheck %s

// CHECK: main: generic gates, Yosys
// CHECK: engine {{ +}}module {{ +}}cells
// CHECK-NEXT: u_o {{ +}}dataflow.fifo depth 2 {{ +}}[[N:[0-9]+]]
// CHECK-NEXT: total {{ +}}[[N]]
// CHECK: flow: synthesis

!q = !qnt.uniform<i8:f32, 0.1>
func.func @main(%a: tensor<1x2x!q>) -> tensor<1x2x!q> {
  %y = dataflow.graph "main" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x!q>) -> tensor<1x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2]>):
    %o = dataflow.fifo %x depth 2 : !dataflow.stream<!q, lanes 2, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 2]>
  }
  func.return %y : tensor<1x2x!q>
}
