// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

// dataflow.concat in the custom syntax and the generic form: a stream
// forked and joined with itself, the second copy rescaled.

!q = !qnt.uniform<i8:f32, 0.1>
!qy = !qnt.uniform<i8:f32, 0.2:1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

// CHECK-LABEL: func.func @concat
// CHECK:         %y = dataflow.concat %l, %r lanes 2 multipliers [1, 1073741824] shifts [0, 31] : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 4]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 4]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.2:1>, lanes 2, shape [1, 8]>
// GENERIC:       %y = "dataflow.concat"(%l, %r) <{lanes = 2 : i64, multipliers = array<i64: 1, 1073741824>, shifts = array<i64: 0, 31>}>
func.func @concat(%a: tensor<1x4x!q>) -> tensor<1x8x!qy> {
  %o = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x4x!q>) -> tensor<1x8x!qy> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    %y = dataflow.concat %l, %r lanes 2 multipliers [1, 1073741824] shifts [0, 31] : (!s, !s) -> !dataflow.stream<!qy, lanes 2, shape [1, 8]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 2, shape [1, 8]>
  }
  func.return %o : tensor<1x8x!qy>
}
