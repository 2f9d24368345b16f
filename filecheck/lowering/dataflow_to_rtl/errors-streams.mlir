// RUN: not asic-opt %s -p lower-dataflow-to-rtl 2>&1 | filecheck %s
// RUN: not asic-opt %s -p schedule 2>&1 | filecheck %s --check-prefix=SCHEDULE

// A graph may fork and join inside, but the top module's stream contract
// (and the timing model's driver) has one input and one output stream.

// CHECK: asic-opt: error: lower-dataflow-to-rtl: graph 'g' has 2 input and 2 output streams: the top module's stream contract has one of each
// SCHEDULE: asic-opt: error: schedule: graph 'g': the timing model handles graphs of one input and one output stream, 'g' has 2 and 2

!q = !qnt.uniform<i8:f32, 0.05:-3>
func.func @streams(%t: tensor<1x4x!q>, %u: tensor<1x4x!q>) -> (tensor<1x4x!q>, tensor<1x4x!q>) {
  %o:2 = dataflow.graph "g" inputs ["a", "b"] outputs ["c", "d"] (%t, %u) : (tensor<1x4x!q>, tensor<1x4x!q>) -> (tensor<1x4x!q>, tensor<1x4x!q>) {
  ^bb0(%s: !dataflow.stream<!q, lanes 4, shape [1, 4]>, %v: !dataflow.stream<!q, lanes 2, shape [1, 4]>):
    %s1 = dataflow.fifo %s depth 2 : !dataflow.stream<!q, lanes 4, shape [1, 4]>
    %v1 = dataflow.dwc %v : (!dataflow.stream<!q, lanes 2, shape [1, 4]>) -> !dataflow.stream<!q, lanes 4, shape [1, 4]>
    dataflow.yield %s1, %v1 : !dataflow.stream<!q, lanes 4, shape [1, 4]>, !dataflow.stream<!q, lanes 4, shape [1, 4]>
  }
  func.return %o#0, %o#1 : tensor<1x4x!q>, tensor<1x4x!q>
}
