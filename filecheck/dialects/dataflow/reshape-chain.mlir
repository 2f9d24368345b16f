// RUN: asic-opt %s -p canonicalize | filecheck %s
// RUN: asic-opt %s -p canonicalize,schedule | filecheck %s --check-prefix=SCHEDULE

// `dataflow.reshape`'s canonicalization: a reshape of a reshape is one
// reshape of the first one's input (each keeps the sequence of elements),
// a chain back to the input's stream type is none, and a chain no single
// reshape can express stays.

!q = !qnt.uniform<i8:f32, 0.5>

// [1, 8] -> [2, 4] -> [8, 1]: one reshape [1, 8] -> [8, 1], named after the
// last.
// CHECK-LABEL: func.func @chain
// CHECK:         ^bb0(%x: !dataflow.stream<!qnt.uniform<i8:f32, 0.5>, lanes 2, shape [1, 8]>):
// CHECK-NEXT:      %b = dataflow.reshape %x : (!dataflow.stream<!qnt.uniform<i8:f32, 0.5>, lanes 2, shape [1, 8]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.5>, lanes 2, shape [8, 1]>
// CHECK-NEXT:      %i = dataflow.argmax %b
func.func @chain(%q: tensor<1x8x!q>) -> tensor<1x1xi64> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x8x!q>) -> tensor<1x1xi64> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 8]>):
    %a = dataflow.reshape %x : (!dataflow.stream<!q, lanes 2, shape [1, 8]>) -> !dataflow.stream<!q, lanes 2, shape [2, 4]>
    %b = dataflow.reshape %a : (!dataflow.stream<!q, lanes 2, shape [2, 4]>) -> !dataflow.stream<!q, lanes 2, shape [8, 1]>
    %i = dataflow.argmax %b : (!dataflow.stream<!q, lanes 2, shape [8, 1]>) -> !dataflow.stream<ui3, lanes 1, shape [1, 1]>
    dataflow.yield %i : !dataflow.stream<ui3, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1xi64>
}

// [1, 8] -> [1, 8, 1, 1] -> [1, 8, 1, 1] channels last -> [1, 8] (an
// unfolded batchnorm's way around a rank-2 stream, without its engine):
// nothing.
// CHECK-LABEL: func.func @round_trip
// CHECK:         ^bb0(%x: !dataflow.stream<!qnt.uniform<i8:f32, 0.5>, lanes 1, shape [1, 8]>):
// CHECK-NEXT:      %i = dataflow.argmax %x
func.func @round_trip(%q: tensor<1x8x!q>) -> tensor<1x1xi64> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x8x!q>) -> tensor<1x1xi64> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 8]>):
    %a = dataflow.reshape %x : (!dataflow.stream<!q, lanes 1, shape [1, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 8, 1, 1]>
    %b = dataflow.reshape %a : (!dataflow.stream<!q, lanes 1, shape [1, 8, 1, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 8, 1, 1], order [0, 2, 3, 1]>
    %c = dataflow.reshape %b : (!dataflow.stream<!q, lanes 1, shape [1, 8, 1, 1], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 8]>
    %i = dataflow.argmax %c : (!dataflow.stream<!q, lanes 1, shape [1, 8]>) -> !dataflow.stream<ui3, lanes 1, shape [1, 1]>
    dataflow.yield %i : !dataflow.stream<ui3, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1xi64>
}

// [1, 12] -> [1, 2, 2, 3] (row-major pixels) -> [1, 3, 2, 2] channels last
// (the pixels relabelled as an image): no single reshape takes [1, 12] to
// the image, so both stay; `schedule` builds nothing between them (wires).
// CHECK-LABEL: func.func @kept
// CHECK:           %a = dataflow.reshape %x
// CHECK-NEXT:      %b = dataflow.reshape %a
// SCHEDULE-LABEL: func.func @kept
// SCHEDULE:         %a = dataflow.reshape %x
// SCHEDULE-NEXT:    %b = dataflow.reshape %a
// SCHEDULE-NEXT:    dataflow.yield %b
func.func @kept(%q: tensor<1x12x!q>) -> tensor<1x3x2x2x!q> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x3x2x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 3, shape [1, 12]>):
    %a = dataflow.reshape %x : (!dataflow.stream<!q, lanes 3, shape [1, 12]>) -> !dataflow.stream<!q, lanes 3, shape [1, 2, 2, 3]>
    %b = dataflow.reshape %a : (!dataflow.stream<!q, lanes 3, shape [1, 2, 2, 3]>) -> !dataflow.stream<!q, lanes 3, shape [1, 3, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %b : !dataflow.stream<!q, lanes 3, shape [1, 3, 2, 2], order [0, 2, 3, 1]>
  }
  func.return %y : tensor<1x3x2x2x!q>
}
