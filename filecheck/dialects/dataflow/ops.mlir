// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: xdsl-opt %s | xdsl-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | xdsl-opt --print-op-generic | asic-opt | filecheck %s

// Every dataflow op and the stream type in the custom syntax; the generic
// form and plain xdsl-opt (through the package's entry point) read back the
// same IR. A two-layer MLP: a 4-input MVU folded pe 3 simd 2, a FIFO, a
// gather converter to the second MVU's 6 lanes, a reshape, an argmax, and
// a FIFO and a scatter converter of a reordered stream.

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qc = !qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!qh = !qnt.uniform<i8:f32, 0.05:-3>
!qy = !qnt.uniform<i4:f32, 0.5>

// CHECK-LABEL: func.func @mlp
// CHECK:         %y = dataflow.graph "mlp" inputs ["x"] outputs ["label"] (%q) attributes {dataflow.ii = 4 : i64} : (tensor<1x4x!qnt.uniform<u8:f32, 0.02:128>>) -> tensor<1x1xi64> {
// CHECK-NEXT:    ^bb0(%x: !dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 2, shape [1, 4]>):
// CHECK-NEXT:      %w = qnt.constant "fc0.weight" dense<{{\[}}[1, 2, 3, 4], [5, 6, 7, 8], [-1, -2, -3, -4], [0, 0, 1, 1], [9, 9, 9, 9], [1, 1, 1, 1]]> : tensor<6x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>
// CHECK-NEXT:      %b = qnt.constant "fc0.bias" dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi16>
// CHECK-NEXT:      %h = dataflow.mvu %x, %w, %b pe 3 simd 2 accumulator i18 multipliers [1518500250] shifts [38] min -3 {dataflow.ii = 4 : i64, dataflow.latency = 6 : i64} : (!dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 2, shape [1, 4]>, tensor<6x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>, tensor<6xi16>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 3, shape [1, 6]>
// CHECK-NEXT:      %f = dataflow.fifo %h depth 4 : !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 3, shape [1, 6]>
// CHECK-NEXT:      %d = dataflow.dwc %f : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 3, shape [1, 6]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 6, shape [1, 6]>
// CHECK-NEXT:      %w2 = qnt.constant "fc1.weight" dense<{{\[}}[1, 0, 0, 0, 0, -1], [0, 1, 1, 1, 1, 0]]> : tensor<2x6x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
// CHECK-NEXT:      %o = dataflow.mvu %d, %w2 simd 6 accumulator i18 multipliers [1073741824, 1518500250] shifts [30, 31] max 5 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 6, shape [1, 6]>, tensor<2x6x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>) -> !dataflow.stream<!qnt.uniform<i4:f32, 0.5>, lanes 1, shape [1, 2]>
// CHECK-NEXT:      %r = dataflow.reshape %o : (!dataflow.stream<!qnt.uniform<i4:f32, 0.5>, lanes 1, shape [1, 2]>) -> !dataflow.stream<!qnt.uniform<i4:f32, 0.5>, lanes 1, shape [2, 1]>
// CHECK-NEXT:      %i = dataflow.argmax %r select_last_index true : (!dataflow.stream<!qnt.uniform<i4:f32, 0.5>, lanes 1, shape [2, 1]>) -> !dataflow.stream<ui1, lanes 1, shape [1, 1]>
// CHECK-NEXT:      dataflow.yield %i : !dataflow.stream<ui1, lanes 1, shape [1, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %y : tensor<1x1xi64>
func.func @mlp(%q: tensor<1x4x!qa>) -> tensor<1x1xi64> {
  %y = dataflow.graph "mlp" inputs ["x"] outputs ["label"] (%q) attributes {dataflow.ii = 4 : i64} : (tensor<1x4x!qa>) -> tensor<1x1xi64> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "fc0.weight" dense<[[1, 2, 3, 4], [5, 6, 7, 8], [-1, -2, -3, -4], [0, 0, 1, 1], [9, 9, 9, 9], [1, 1, 1, 1]]> : tensor<6x4x!qw>
    %b = qnt.constant "fc0.bias" dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi16>
    %h = dataflow.mvu %x, %w, %b pe 3 simd 2 accumulator i18 multipliers [1518500250] shifts [38] min -3 {dataflow.ii = 4 : i64, dataflow.latency = 6 : i64} : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qh, lanes 3, shape [1, 6]>
    %f = dataflow.fifo %h depth 4 : !dataflow.stream<!qh, lanes 3, shape [1, 6]>
    %d = dataflow.dwc %f : (!dataflow.stream<!qh, lanes 3, shape [1, 6]>) -> !dataflow.stream<!qh, lanes 6, shape [1, 6]>
    %w2 = qnt.constant "fc1.weight" dense<[[1, 0, 0, 0, 0, -1], [0, 1, 1, 1, 1, 0]]> : tensor<2x6x!qc>
    %o = dataflow.mvu %d, %w2 simd 6 accumulator i18 multipliers [1073741824, 1518500250] shifts [30, 31] max 5 : (!dataflow.stream<!qh, lanes 6, shape [1, 6]>, tensor<2x6x!qc>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2]>
    %r = dataflow.reshape %o : (!dataflow.stream<!qy, lanes 1, shape [1, 2]>) -> !dataflow.stream<!qy, lanes 1, shape [2, 1]>
    %i = dataflow.argmax %r select_last_index true : (!dataflow.stream<!qy, lanes 1, shape [2, 1]>) -> !dataflow.stream<ui1, lanes 1, shape [1, 1]>
    dataflow.yield %i : !dataflow.stream<ui1, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1xi64>
}

// A reordered stream (channels last), two inputs and outputs, an integer
// stream element on the boundary: a FIFO and a scatter converter.

// CHECK-LABEL: func.func @streams
// CHECK:         %o, %o_1 = dataflow.graph "g" inputs ["a", "b.0"] outputs ["c", "d"] (%t, %u) : (tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-3>>, tensor<1x4xi8>) -> (tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-3>>, tensor<1x4xi8>) {
// CHECK-NEXT:    ^bb0(%s: !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>, %v: !dataflow.stream<si4, lanes 4, shape [1, 4]>):
// CHECK-NEXT:      %s1 = dataflow.fifo %s depth 2 : !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
// CHECK-NEXT:      %s2 = dataflow.dwc %s1 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
// CHECK-NEXT:      dataflow.yield %s2, %v : !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 4, 2, 2], order [0, 2, 3, 1]>, !dataflow.stream<si4, lanes 4, shape [1, 4]>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %o, %o_1 : tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-3>>, tensor<1x4xi8>
func.func @streams(%t: tensor<1x4x2x2x!qh>, %u: tensor<1x4xi8>) -> (tensor<1x4x2x2x!qh>, tensor<1x4xi8>) {
  %o:2 = dataflow.graph "g" inputs ["a", "b.0"] outputs ["c", "d"] (%t, %u) : (tensor<1x4x2x2x!qh>, tensor<1x4xi8>) -> (tensor<1x4x2x2x!qh>, tensor<1x4xi8>) {
  ^bb0(%s: !dataflow.stream<!qh, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>, %v: !dataflow.stream<si4, lanes 4, shape [1, 4]>):
    %s1 = dataflow.fifo %s depth 2 : !dataflow.stream<!qh, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
    %s2 = dataflow.dwc %s1 : (!dataflow.stream<!qh, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!qh, lanes 2, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %s2, %v : !dataflow.stream<!qh, lanes 2, shape [1, 4, 2, 2], order [0, 2, 3, 1]>, !dataflow.stream<si4, lanes 4, shape [1, 4]>
  }
  func.return %o#0, %o#1 : tensor<1x4x2x2x!qh>, tensor<1x4xi8>
}

// Partial folds: 6 outputs in pe 4 lanes (2 neuron folds, the second with
// 2 padding lanes) and 4 inputs in simd 3 lanes (a padded last beat);
// the converters carry the padding (4 -> 8 lanes: one beat per frame; then
// 8 -> 5 lanes, neither dividing the other: a frame converter, its wide side
// holds the whole frame).

// CHECK-LABEL: func.func @padded
// CHECK:         ^bb0(%x: !dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 3, shape [1, 4]>):
// CHECK:           %h = dataflow.mvu %x, %w pe 4 simd 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 3, shape [1, 4]>, tensor<6x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 6]>
// CHECK-NEXT:      %d = dataflow.dwc %h : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 6]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 8, shape [1, 6]>
// CHECK-NEXT:      %e = dataflow.dwc %d : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 8, shape [1, 6]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 5, shape [1, 6]>
// CHECK-NEXT:      %i = dataflow.argmax %e : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 5, shape [1, 6]>) -> !dataflow.stream<ui3, lanes 1, shape [1, 1]>
func.func @padded(%q: tensor<1x4x!qa>) -> tensor<1x1xi64> {
  %y = dataflow.graph "padded" inputs ["x"] outputs ["label"] (%q) : (tensor<1x4x!qa>) -> tensor<1x1xi64> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %h = dataflow.mvu %x, %w pe 4 simd 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 3, shape [1, 4]>, tensor<6x4x!qw>) -> !dataflow.stream<!qh, lanes 4, shape [1, 6]>
    %d = dataflow.dwc %h : (!dataflow.stream<!qh, lanes 4, shape [1, 6]>) -> !dataflow.stream<!qh, lanes 8, shape [1, 6]>
    %e = dataflow.dwc %d : (!dataflow.stream<!qh, lanes 8, shape [1, 6]>) -> !dataflow.stream<!qh, lanes 5, shape [1, 6]>
    %i = dataflow.argmax %e : (!dataflow.stream<!qh, lanes 5, shape [1, 6]>) -> !dataflow.stream<ui3, lanes 1, shape [1, 1]>
    dataflow.yield %i : !dataflow.stream<ui3, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1xi64>
}
