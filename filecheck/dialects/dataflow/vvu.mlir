// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

// dataflow.vvu in the custom syntax and the generic form: a depthwise 3x3
// convolution of 4 channels over the 2x2 windows of a window generator, 2
// channels per beat, per-channel weights and requantization, a bias and a
// ReLU (min 0).

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>
!qy = !qnt.uniform<i8:f32, 0.05>
!win = !dataflow.stream<!qx, lanes 2, shape [1, 2, 2, 36]>
!out = !dataflow.stream<!qy, lanes 2, shape [1, 4, 2, 2], order [0, 2, 3, 1]>

// CHECK-LABEL: func.func @vvu
// CHECK:         %y = dataflow.vvu %win, %w, %b taps 9 simd 2 accumulator i20 multipliers [1, 2, 3, 4] shifts [1, 1, 1, 1] min 0 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 2, shape [1, 2, 2, 36]>, tensor<4x9x!qnt.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<4xi16>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05>, lanes 2, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
// GENERIC:       %y = "dataflow.vvu"(%win, %w, %b) <{taps = 9 : i64, simd = 2 : i64, accumulator = i20, multipliers = array<i64: 1, 2, 3, 4>, shifts = array<i64: 1, 1, 1, 1>, min = 0 : i64}>
func.func @vvu(%a: tensor<1x2x2x36x!qx>) -> tensor<1x4x2x2x!qy> {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x2x36x!qx>) -> tensor<1x4x2x2x!qy> {
  ^bb0(%win: !win):
    %w = qnt.constant "w" dense<1> : tensor<4x9x!qw>
    %b = qnt.constant "b" dense<[1, 2, 3, 4]> : tensor<4xi16>
    %y = dataflow.vvu %win, %w, %b taps 9 simd 2 accumulator i20 multipliers [1, 2, 3, 4] shifts [1, 1, 1, 1] min 0 : (!win, tensor<4x9x!qw>, tensor<4xi16>) -> !out
    dataflow.yield %y : !out
  }
  func.return %r : tensor<1x4x2x2x!qy>
}

// Parallel taps: 2 taps of all 4 channels per beat (8 lanes in, 4 out);
// the 9 taps padded to 5 beats of 2 (windows of 40 elements).

!win2 = !dataflow.stream<!qx, lanes 8, shape [1, 2, 2, 40]>
!out2 = !dataflow.stream<!qy, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>

// CHECK-LABEL: func.func @parallel_taps
// CHECK:         %y = dataflow.vvu %win, %w taps 9 parallel_taps 2 simd 4 accumulator i20 multipliers [1] shifts [1] : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 8, shape [1, 2, 2, 40]>, tensor<4x9x!qnt.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05>, lanes 4, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
// GENERIC:       %y = "dataflow.vvu"(%win, %w) <{taps = 9 : i64, parallel_taps = 2 : i64, simd = 4 : i64, accumulator = i20, multipliers = array<i64: 1>, shifts = array<i64: 1>}>
func.func @parallel_taps(%a: tensor<1x2x2x40x!qx>) -> tensor<1x4x2x2x!qy> {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x2x40x!qx>) -> tensor<1x4x2x2x!qy> {
  ^bb0(%win: !win2):
    %w = qnt.constant "w" dense<1> : tensor<4x9x!qw>
    %y = dataflow.vvu %win, %w taps 9 parallel_taps 2 simd 4 accumulator i20 multipliers [1] shifts [1] : (!win2, tensor<4x9x!qw>) -> !out2
    dataflow.yield %y : !out2
  }
  func.return %r : tensor<1x4x2x2x!qy>
}

// Several windows per beat: 2 whole windows of 9 taps of 4 channels per
// beat (72 lanes in, 8 out).

!win3 = !dataflow.stream<!qx, lanes 72, shape [1, 2, 2, 36]>
!out3 = !dataflow.stream<!qy, lanes 8, shape [1, 4, 2, 2], order [0, 2, 3, 1]>

// CHECK-LABEL: func.func @pixels
// CHECK:         %y = dataflow.vvu %win, %w taps 9 parallel_taps 9 simd 4 pixels 2 accumulator i20 multipliers [1] shifts [1] : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 72, shape [1, 2, 2, 36]>, tensor<4x9x!qnt.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05>, lanes 8, shape [1, 4, 2, 2], order [0, 2, 3, 1]>
// GENERIC:       %y = "dataflow.vvu"(%win, %w) <{taps = 9 : i64, parallel_taps = 9 : i64, simd = 4 : i64, pixels = 2 : i64, accumulator = i20, multipliers = array<i64: 1>, shifts = array<i64: 1>}>
func.func @pixels(%a: tensor<1x2x2x36x!qx>) -> tensor<1x4x2x2x!qy> {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x2x36x!qx>) -> tensor<1x4x2x2x!qy> {
  ^bb0(%win: !win3):
    %w = qnt.constant "w" dense<1> : tensor<4x9x!qw>
    %y = dataflow.vvu %win, %w taps 9 parallel_taps 9 simd 4 pixels 2 accumulator i20 multipliers [1] shifts [1] : (!win3, tensor<4x9x!qw>) -> !out3
    dataflow.yield %y : !out3
  }
  func.return %r : tensor<1x4x2x2x!qy>
}
