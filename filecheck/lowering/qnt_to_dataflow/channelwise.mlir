// RUN: asic-opt %s --split-input-file -p lower-qnt-to-dataflow --verify-each | filecheck %s
// RUN: asic-opt %s --split-input-file -p lower-qnt-to-dataflow,tile{multipliers=2} 2>&1 | filecheck %s --check-prefix=TILE

// The channel-wise multiply-add: a batchnorm that was not folded (or a
// per-channel Mul and Add), which quantize makes a depthwise 1x1
// convolution, is a dataflow.vvu of one tap on the pixels themselves: the
// pixel stream relabelled [1, H, W, C], no window generator; its cost is
// one multiplier per lane and no accumulator memory.

!qx = !qnt.uniform<i8:f32, 0.03:19>
!qw = !qnt.uniform<i8<-127:127>:f32:0, {0.0097, 0.0056, 0.0071}>
!qy = !qnt.uniform<i8:f32, 0.032:-1>

// CHECK-LABEL: func.func @main
// CHECK:      ^bb0(%0: !dataflow.stream<!qnt.uniform<i8:f32, 0.03:19>, lanes 1, shape [1, 3, 4, 5], order [0, 2, 3, 1]>):
// CHECK-NOT:  dataflow.swg
// CHECK:      %1 = dataflow.reshape %0 : {{.*}} -> !dataflow.stream<!qnt.uniform<i8:f32, 0.03:19>, lanes 1, shape [1, 4, 5, 3]>
// CHECK-NEXT: %w = qnt.constant "bn.scale" dense<{{\[}}[127], [-90], [64]]> : tensor<3x1x
// CHECK-NEXT: %{{.*}} = dataflow.vvu %1, %w, %s taps 1 accumulator i16 multipliers [1086212605, 1269901067, 1073741824] shifts [37, 38, 37] min 0 : {{.*}} -> !dataflow.stream<!qnt.uniform<i8:f32, 0.032:-1>, lanes 1, shape [1, 3, 4, 5], order [0, 2, 3, 1]>
// CHECK-NEXT: dataflow.yield

// TILE:      dataflow.vvu cost model
// TILE:      memory_bits = Piecewise((0, Eq(ceiling(T/parallel_taps), 1)), (acc_bits*simd*ceiling(C/simd), True))
// TILE:      engine     R  T  C  simd  parallel_taps  cycles  multipliers  memory_bits
// TILE-NEXT: bn.scale  20  1  3     1              1      60            1            0
func.func @main(%x: tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32> {
  %q = qnt.quantize %x : (tensor<1x3x4x5xf32>) -> tensor<1x3x4x5x!qx>
  %w = qnt.constant "bn.scale" dense<[[[[127]]], [[[-90]]], [[[64]]]]> : tensor<3x1x1x1x!qw>
  %s = qnt.constant "bn.shift" dense<[2529, -514, 77]> : tensor<3xi13>
  %acc = qnt.conv2d %q, %w, %s groups 3 : (tensor<1x3x4x5x!qx>, tensor<3x1x1x1x!qw>, tensor<3xi13>) -> tensor<1x3x4x5xi16>
  %h = qnt.requantize %acc multipliers [1086212605, 1269901067, 1073741824] shifts [37, 38, 37] : (tensor<1x3x4x5xi16>) -> tensor<1x3x4x5x!qy>
  %b = qnt.clamp %h min 0 max 127 : (tensor<1x3x4x5x!qy>) -> tensor<1x3x4x5x!qy>
  %y = qnt.dequantize %b : (tensor<1x3x4x5x!qy>) -> tensor<1x3x4x5xf32>
  func.return %y : tensor<1x3x4x5xf32>
}

// -----

// A rank-2 batchnorm behind a dense layer: quantize computes it on [1, C, 1,
// 1]; the reshapes around it are relabellings of the dense layer's stream.

!qx = !qnt.uniform<u8:f32, 0.0625>
!qv = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<u8:f32, 0.01>
!qw = !qnt.uniform<i8<-127:127>:f32:0, {0.005, 0.009}>
!qy = !qnt.uniform<i8:f32, 0.02:-57>

// CHECK-LABEL: func.func @main
// CHECK:      %r = dataflow.mvu %0, %v
// CHECK-NOT:  dataflow.swg
// CHECK:      %h = dataflow.vvu %{{.*}}, %w, %s taps 1 accumulator i17 multipliers [1525256301, 1336705400] shifts [39, 38] : (!dataflow.stream<!qnt.uniform<u8:f32, 0.01>, lanes 1, shape [1, 1, 1, 2]>, {{.*}}) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.02:-57>, lanes 1, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
// CHECK-NEXT: %{{.*}} = dataflow.reshape %h : {{.*}} -> !dataflow.stream<!qnt.uniform<i8:f32, 0.02:-57>, lanes 1, shape [1, 2]>

// TILE:      engine    R  T  C  simd  parallel_taps  cycles  multipliers  memory_bits
// TILE-NEXT: bn.scale  1  1  2     1              1       2            1            0
func.func @main(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %q = qnt.quantize %x : (tensor<1x3xf32>) -> tensor<1x3x!qx>
  %v = qnt.constant "fc.w" dense<[[1, 2, 3], [-4, 5, 6]]> : tensor<2x3x!qv>
  %a = qnt.dense %q, %v : (tensor<1x3x!qx>, tensor<2x3x!qv>) -> tensor<1x2xi18>
  %r = qnt.requantize %a multipliers [1073741824] shifts [32] min 0 : (tensor<1x2xi18>) -> tensor<1x2x!qh>
  %r4 = qnt.reshape %r : (tensor<1x2x!qh>) -> tensor<1x2x1x1x!qh>
  %w = qnt.constant "bn.scale" dense<127> : tensor<2x1x1x1x!qw>
  %s = qnt.constant "bn.shift" dense<[-7954, 4922]> : tensor<2xi16>
  %acc = qnt.conv2d %r4, %w, %s groups 2 : (tensor<1x2x1x1x!qh>, tensor<2x1x1x1x!qw>, tensor<2xi16>) -> tensor<1x2x1x1xi17>
  %h = qnt.requantize %acc multipliers [1525256301, 1336705400] shifts [39, 38] : (tensor<1x2x1x1xi17>) -> tensor<1x2x1x1x!qy>
  %y = qnt.reshape %h : (tensor<1x2x1x1x!qy>) -> tensor<1x2x!qy>
  %o = qnt.dequantize %y : (tensor<1x2x!qy>) -> tensor<1x2xf32>
  func.return %o : tensor<1x2xf32>
}
