// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow,tile{multipliers=16},schedule | filecheck %s --check-prefix=SCHEDULE
// RUN: asic-opt %s -p lower-qnt-to-dataflow --verify-each

// Inception-style: the hidden layer feeds a dense branch and the concat
// (a fork), the concat rescales the branch and becomes dataflow.concat
// with the same multipliers and shifts; tile gives it a whole row per beat
// (pixels 1: each input's lanes its row, 4 and 2) for the interval of 2
// cycles the MVUs reach, which lanes dividing both rows (at most 2, 3
// cycles) would miss; schedule gives each of its inputs a join FIFO.

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-3>
!qb = !qnt.uniform<i8:f32, 0.1>

// CHECK:      %h = dataflow.mvu
// CHECK-NEXT: %[[L:[0-9]+]], %[[R:[0-9]+]] = dataflow.fork %h
// CHECK:      %g = dataflow.mvu %[[L]], %w2
// CHECK-NEXT: %{{c.*}} = dataflow.concat %[[R]], %g multipliers [1, 2147483647] shifts [0, 30] : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 1, shape [1, 2]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 6]>
// CHECK-NOT:  qnt.concat

// SCHEDULE:      %[[H:[0-9]+]] = dataflow.dwc %h
// SCHEDULE-NEXT: %[[L:[0-9]+]], %[[R:[0-9]+]] = dataflow.fork %[[H]]
// SCHEDULE:      %[[G:[0-9]+]] = dataflow.dwc %g
// SCHEDULE-NEXT: %[[A:[0-9]+]] = dataflow.fifo %[[R]] depth 7 {
// SCHEDULE-NEXT: %[[B:[0-9]+]] = dataflow.fifo %[[G]] depth 3 {
// SCHEDULE-NEXT: %{{c.*}} = dataflow.concat %[[A]], %[[B]] pixels 1
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x6xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %w1 = qnt.constant "fc1.weight" dense<[[1, 2, 3, 4], [-1, -2, -3, -4], [7, 0, 7, 0], [0, 7, 0, 7]]> : tensor<4x4x!qw>
  %a1 = qnt.dense %q, %w1 : (tensor<1x4x!qx>, tensor<4x4x!qw>) -> tensor<1x4xi18>
  %h = qnt.requantize %a1 multipliers [1073741824] shifts [32] : (tensor<1x4xi18>) -> tensor<1x4x!qh>
  %w2 = qnt.constant "fc2.weight" dense<[[1, -1, 2, -2], [7, 7, -7, -7]]> : tensor<2x4x!qw>
  %a2 = qnt.dense %h, %w2 : (tensor<1x4x!qh>, tensor<2x4x!qw>) -> tensor<1x2xi18>
  %g = qnt.requantize %a2 multipliers [1073741824] shifts [33] : (tensor<1x2xi18>) -> tensor<1x2x!qb>
  %c = qnt.concat %h, %g axis 1 multipliers [1, 2147483647] shifts [0, 30] : (tensor<1x4x!qh>, tensor<1x2x!qb>) -> tensor<1x6x!qh>
  %f = qnt.dequantize %c : (tensor<1x6x!qh>) -> tensor<1x6xf32>
  func.return %f : tensor<1x6xf32>
}
