// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow,tile{multipliers=16},schedule | filecheck %s --check-prefix=SCHEDULE
// RUN: asic-opt %s -p lower-qnt-to-dataflow --verify-each

// A residual block: the requantized output of the first dense layer feeds
// the second one and the add (with a ReLU: min at the zero point), so its
// stream forks; the add becomes dataflow.add with the same multipliers,
// shift and bounds, its lanes left to tile. schedule puts a join FIFO in
// front of each input of the add, the skip path's deep enough for the
// beats that wait there while the second MVU works.

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-3>
!qy = !qnt.uniform<u8:f32, 0.1:7>

// CHECK:      %h = dataflow.mvu %{{.*}}, %w1
// CHECK-NEXT: %[[L:.*]], %[[R:.*]] = dataflow.fork %h : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 4]>) -> (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 4]>)
// CHECK:      %g = dataflow.mvu %[[L]], %w2
// CHECK-NEXT: %{{s.*}} = dataflow.add %[[R]], %g multipliers [1073741824, 1518500250] shift 31 min 7 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 4]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.1:7>, lanes 1, shape [1, 4]>
// CHECK-NOT:  qnt.add

// SCHEDULE:      dataflow.fork
// SCHEDULE:      %[[SKIP:[0-9]+]] = dataflow.fifo %{{[0-9]+}} depth 14 
// SCHEDULE:      %[[BODY:[0-9]+]] = dataflow.fifo %g depth 3 
// SCHEDULE-NEXT: %{{s.*}} = dataflow.add %[[SKIP]], %[[BODY]] lanes
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %w1 = qnt.constant "fc1.weight" dense<[[1, 2, 3, 4], [-1, -2, -3, -4], [7, 0, 7, 0], [0, 7, 0, 7]]> : tensor<4x4x!qw>
  %a1 = qnt.dense %q, %w1 : (tensor<1x4x!qx>, tensor<4x4x!qw>) -> tensor<1x4xi18>
  %h = qnt.requantize %a1 multipliers [1073741824] shifts [32] : (tensor<1x4xi18>) -> tensor<1x4x!qh>
  %w2 = qnt.constant "fc2.weight" dense<[[1, -1, 2, -2], [7, 7, -7, -7], [0, 1, 0, 1], [3, 3, 3, 3]]> : tensor<4x4x!qw>
  %a2 = qnt.dense %h, %w2 : (tensor<1x4x!qh>, tensor<4x4x!qw>) -> tensor<1x4xi18>
  %g = qnt.requantize %a2 multipliers [1073741824] shifts [33] : (tensor<1x4xi18>) -> tensor<1x4x!qh>
  %s = qnt.add %h, %g multipliers [1073741824, 1518500250] shift 31 min 7 : (tensor<1x4x!qh>, tensor<1x4x!qh>) -> tensor<1x4x!qy>
  %f = qnt.dequantize %s : (tensor<1x4x!qy>) -> tensor<1x4xf32>
  func.return %f : tensor<1x4xf32>
}
