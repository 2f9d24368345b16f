// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: xdsl-opt %s | xdsl-opt | filecheck %s

// Average pools at several pixels per beat: a windowed pool over 2 whole
// 2x2 windows per beat (pixels*T*C = 16 lanes in, pixels*C = 4 out), a
// global pool over 4 pixels of its 4x4 frame per beat (pixels*C = 8 lanes
// in, C = 2 out).

!qy = !qnt.uniform<i8:f32, 0.05:-3>

// CHECK:      %p = dataflow.pool %s kind "avg" taps 4 multipliers [1073741824] shifts [32] simd 2 pixels 2 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 16, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
// CHECK-NEXT: %g = dataflow.pool %i kind "avg" taps 16 multipliers [1073741824] shifts [34] simd 2 pixels 4 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 2, 1, 1], order [0, 2, 3, 1]>

func.func @pools(%q: tensor<1x2x2x8x!qy>, %r: tensor<1x2x4x4x!qy>) {
  %y:2 = dataflow.graph "g" inputs ["s", "i"] outputs ["p", "g"] (%q, %r) : (tensor<1x2x2x8x!qy>, tensor<1x2x4x4x!qy>) -> (tensor<1x2x2x2x!qy>, tensor<1x2x1x1x!qy>) {
  ^bb0(%s: !dataflow.stream<!qy, lanes 16, shape [1, 2, 2, 8]>, %i: !dataflow.stream<!qy, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    %p = dataflow.pool %s kind "avg" taps 4 multipliers [1073741824] shifts [32] simd 2 pixels 2 : (!dataflow.stream<!qy, lanes 16, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    %g = dataflow.pool %i kind "avg" taps 16 multipliers [1073741824] shifts [34] simd 2 pixels 4 : (!dataflow.stream<!qy, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 2, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
    dataflow.yield %p, %g : !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>, !dataflow.stream<!qy, lanes 2, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
  }
  func.return
}
