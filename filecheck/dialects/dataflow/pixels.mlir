// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: xdsl-opt %s | xdsl-opt | filecheck %s

// Several pixels per beat: a window generator taking 4 pixels per beat
// (simd = 4*C) and giving 2 whole windows per beat (out_simd = 2*Kh*Kw*C),
// an MVU taking 2 rows per beat at pe = N, simd = K, a generator giving a
// whole row of 2x2 windows per beat and a max pool over whole windows.

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

// CHECK:      %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value 128 simd 4 out_simd 18 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 4, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 18, shape [1, 4, 4, 9]>
// CHECK:      %o = dataflow.mvu %w, %k, %b pe 2 simd 9 accumulator i19 multipliers [1518500250] shifts [38] pixels 2 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 18, shape [1, 4, 4, 9]>, tensor<2x9x!qnt.uniform<i8<-127:127>:f32, 0.01>>, tensor<2xi16>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 4, 4, 2]>
// CHECK:      %s = dataflow.swg %i kernel [2, 2] strides [2, 2] pad_value -128 simd 8 out_simd 16 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 16, shape [1, 2, 2, 8]>
// CHECK-NEXT: %p = dataflow.pool %s kind "max" taps 4 simd 2 pixels 2 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 16, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>

func.func @pixels(%q: tensor<1x1x4x4x!qa>, %r: tensor<1x2x4x4x!qy>) {
  %y:2 = dataflow.graph "g" inputs ["x", "i"] outputs ["o", "p"] (%q, %r) : (tensor<1x1x4x4x!qa>, tensor<1x2x4x4x!qy>) -> (tensor<1x4x4x2x!qy>, tensor<1x2x2x2x!qy>) {
  ^bb0(%x: !dataflow.stream<!qa, lanes 4, shape [1, 1, 4, 4], order [0, 2, 3, 1]>, %i: !dataflow.stream<!qy, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    %k = qnt.constant "k" dense<1> : tensor<2x9x!qw>
    %b = qnt.constant "b" dense<1> : tensor<2xi16>
    %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value 128 simd 4 out_simd 18 : (!dataflow.stream<!qa, lanes 4, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qa, lanes 18, shape [1, 4, 4, 9]>
    %o = dataflow.mvu %w, %k, %b pe 2 simd 9 accumulator i19 multipliers [1518500250] shifts [38] pixels 2 : (!dataflow.stream<!qa, lanes 18, shape [1, 4, 4, 9]>, tensor<2x9x!qw>, tensor<2xi16>) -> !dataflow.stream<!qy, lanes 4, shape [1, 4, 4, 2]>
    %s = dataflow.swg %i kernel [2, 2] strides [2, 2] pad_value -128 simd 8 out_simd 16 : (!dataflow.stream<!qy, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 16, shape [1, 2, 2, 8]>
    %p = dataflow.pool %s kind "max" taps 4 simd 2 pixels 2 : (!dataflow.stream<!qy, lanes 16, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o, %p : !dataflow.stream<!qy, lanes 4, shape [1, 4, 4, 2]>, !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}
