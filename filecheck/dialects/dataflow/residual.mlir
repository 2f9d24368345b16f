// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

// dataflow.fork and dataflow.add in the custom syntax and the generic
// form: a residual block whose body is one MVU, the skip path's FIFO and
// the add with a ReLU (min at the result's zero point).

!qa = !qnt.uniform<i8:f32, 0.05:-3>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<u8:f32, 0.1:7>
!s = !dataflow.stream<!qa, lanes 2, shape [1, 4]>

// CHECK-LABEL: func.func @residual
// CHECK:         %l, %r = dataflow.fork %x : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>) -> (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>)
// CHECK:         %skip = dataflow.fifo %r depth 9 : !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>
// CHECK-NEXT:    %y = dataflow.add %skip, %h lanes 2 multipliers [1073741824, 1518500250] shift 31 min 7 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.1:7>, lanes 2, shape [1, 4]>
// GENERIC:       %l, %r = "dataflow.fork"(%x) : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>) -> (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4]>)
// GENERIC:       %y = "dataflow.add"(%skip, %h) <{lanes = 2 : i64, multipliers = array<i64: 1073741824, 1518500250>, shift = 31 : i64, min = 7 : i64}>
func.func @residual(%a: tensor<1x4x!qa>) -> tensor<1x4x!qy> {
  %o = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x4x!qa>) -> tensor<1x4x!qy> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    %w = qnt.constant "fc.weight" dense<1> : tensor<4x4x!qw>
    %h = dataflow.mvu %l, %w pe 2 simd 2 accumulator i18 multipliers [1073741824] shifts [32] : (!s, tensor<4x4x!qw>) -> !s
    %skip = dataflow.fifo %r depth 9 : !s
    %y = dataflow.add %skip, %h lanes 2 multipliers [1073741824, 1518500250] shift 31 min 7 : (!s, !s) -> !dataflow.stream<!qy, lanes 2, shape [1, 4]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 2, shape [1, 4]>
  }
  func.return %o : tensor<1x4x!qy>
}
