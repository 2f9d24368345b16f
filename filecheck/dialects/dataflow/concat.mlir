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

// Several rows per beat: 2 pixels of channels-last frames, inputs of 2
// and 3 channels (pixels*C_i lanes each), the result 2*5 lanes.

!a = !dataflow.stream<!q, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
!b = !dataflow.stream<!q, lanes 6, shape [1, 3, 2, 2], order [0, 2, 3, 1]>
!c = !dataflow.stream<!q, lanes 10, shape [1, 5, 2, 2], order [0, 2, 3, 1]>

// CHECK-LABEL: func.func @rows
// CHECK:         %y = dataflow.concat %a, %b pixels 2 multipliers [1, 1] shifts [0, 0] : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>, !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 6, shape [1, 3, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 10, shape [1, 5, 2, 2], order [0, 2, 3, 1]>
// GENERIC:       %y = "dataflow.concat"(%a, %b) <{pixels = 2 : i64, multipliers = array<i64: 1, 1>, shifts = array<i64: 0, 0>}>
func.func @rows(%i: tensor<1x2x2x2x!q>, %j: tensor<1x3x2x2x!q>) -> tensor<1x5x2x2x!q> {
  %o = dataflow.graph "g" inputs ["a", "b"] outputs ["y"] (%i, %j) : (tensor<1x2x2x2x!q>, tensor<1x3x2x2x!q>) -> tensor<1x5x2x2x!q> {
  ^bb0(%a: !a, %b: !b):
    %y = dataflow.concat %a, %b pixels 2 multipliers [1, 1] shifts [0, 0] : (!a, !b) -> !c
    dataflow.yield %y : !c
  }
  func.return %o : tensor<1x5x2x2x!q>
}
