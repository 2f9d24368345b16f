// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: xdsl-opt %s | xdsl-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | xdsl-opt --print-op-generic | asic-opt | filecheck %s

// The window engines in the custom syntax; the generic form and plain
// xdsl-opt read back the same IR. A channels-last image of 2 channels, its
// 2x2 windows of stride 2 (padded with the storage minimum), a max pool,
// a relabelling reshape, a 3x3 convolution's windows (asymmetric pads,
// dilation, a given depth) and a global average pool.

!q = !qnt.uniform<i8:f32, 0.1:-3>
!qy = !qnt.uniform<u8:f32, 0.05:7>

// CHECK-LABEL: func.func @windows
// CHECK:      %w = dataflow.swg %x kernel [2, 2] strides [2, 2] pad_value -128 simd 2 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 8]>
// CHECK-NEXT: %p = dataflow.pool %w kind "max" taps 4 simd 2 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
// CHECK-NEXT: %r = dataflow.reshape %p : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 2]>
// CHECK-NEXT: %i = dataflow.reshape %r : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 2]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
// CHECK-NEXT: %c = dataflow.swg %i kernel [3, 3] dilations [2, 1] pads [2, 1, 1, 1] pad_value -3 simd 2 depth 9 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 2, shape [1, 1, 2, 18]>
// CHECK-NEXT: %g = dataflow.pool %x2 kind "avg" taps 16 multipliers [1073741824] shifts [33] : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.05:7>, lanes 1, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
func.func @windows(%a: tensor<1x2x4x4x!q>, %b: tensor<1x2x4x4x!q>) -> (tensor<1x1x2x18x!q>, tensor<1x2x1x1x!qy>) {
  %y:2 = dataflow.graph "windows" inputs ["x", "x2"] outputs ["y", "g"] (%a, %b) : (tensor<1x2x4x4x!q>, tensor<1x2x4x4x!q>) -> (tensor<1x1x2x18x!q>, tensor<1x2x1x1x!qy>) {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>, %x2: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    %w = dataflow.swg %x kernel [2, 2] strides [2, 2] pad_value -128 simd 2 : (!dataflow.stream<!q, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 2, shape [1, 2, 2, 8]>
    %p = dataflow.pool %w kind "max" taps 4 simd 2 : (!dataflow.stream<!q, lanes 2, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    %r = dataflow.reshape %p : (!dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2]>
    %i = dataflow.reshape %r : (!dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2]>) -> !dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    %c = dataflow.swg %i kernel [3, 3] dilations [2, 1] pads [2, 1, 1, 1] pad_value -3 simd 2 depth 9 : (!dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 2, shape [1, 1, 2, 18]>
    %g = dataflow.pool %x2 kind "avg" taps 16 multipliers [1073741824] shifts [33] : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
    dataflow.yield %c, %g : !dataflow.stream<!q, lanes 2, shape [1, 1, 2, 18]>, !dataflow.stream<!qy, lanes 1, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
  }
  func.return %y#0, %y#1 : tensor<1x1x2x18x!q>, tensor<1x2x1x1x!qy>
}

// Parallel windows: a one-channel image's 3x3 windows, the whole window
// (nine taps) per beat.

// CHECK-LABEL: func.func @parallel_windows
// CHECK: %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value -3 simd 1 out_simd 9 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 9, shape [1, 4, 4, 9]>
func.func @parallel_windows(%a: tensor<1x1x4x4x!q>) -> tensor<1x4x4x9x!q> {
  %y = dataflow.graph "parallel" inputs ["x"] outputs ["y"] (%a) : (tensor<1x1x4x4x!q>) -> tensor<1x4x4x9x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value -3 simd 1 out_simd 9 : (!dataflow.stream<!q, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 9, shape [1, 4, 4, 9]>
    dataflow.yield %w : !dataflow.stream<!q, lanes 9, shape [1, 4, 4, 9]>
  }
  func.return %y : tensor<1x4x4x9x!q>
}

// Padded windows: the 3x3 windows of one channel (9 elements) padded to
// 10, two beats of 5 lanes per window, for an MVU of simd 5.

// CHECK-LABEL: func.func @padded_windows
// CHECK: %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value -3 simd 1 out_simd 5 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.1:-3>, lanes 5, shape [1, 4, 4, 10]>
func.func @padded_windows(%a: tensor<1x1x4x4x!q>) -> tensor<1x4x4x10x!q> {
  %y = dataflow.graph "padded" inputs ["x"] outputs ["y"] (%a) : (tensor<1x1x4x4x!q>) -> tensor<1x4x4x10x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value -3 simd 1 out_simd 5 : (!dataflow.stream<!q, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 5, shape [1, 4, 4, 10]>
    dataflow.yield %w : !dataflow.stream<!q, lanes 5, shape [1, 4, 4, 10]>
  }
  func.return %y : tensor<1x4x4x10x!q>
}
