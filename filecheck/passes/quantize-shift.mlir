// quantize{requantize=shift}: every layer's weight scale s_w is raised, by a
// factor in [1, 2), to the next s_y / s_x * 2^e, so its requantization
// multiplier s_x * s_w / s_y is a power of two: M = 1 and a shift (M = 2^e
// when it is >= 1). Requantizations without weights (qnt.add) keep
// multiplier-bits multipliers. The ranges below make every lattice point and
// stored weight computable by hand; the float scales printed are those
// products (a power of two times a float scale is exact).
// RUN: asic-opt %s --split-input-file -p 'quantize{requantize=shift}' | asic-opt --split-input-file | filecheck %s
// RUN: asic-opt %s --split-input-file -p 'quantize{requantize=shift per-channel=false}' | filecheck %s --check-prefix=TENSOR
// RUN: asic-opt %s --split-input-file -p 'quantize{requantize=shift multiplier-bits=8}' | filecheck %s --check-prefix=MBITS
// RUN: asic-opt %s --split-input-file -p 'quantize{requantize=multiply}' | filecheck %s --check-prefix=MULT
// RUN: asic-opt %s --split-input-file -p 'quantize' | filecheck %s --check-prefix=MULT

// MLP: dense, relu (fused), add of a second input.
// x: [0, 255/128] unsigned -> s_x = 2^-7; relu [0, 3] -> s_y = 3/255 = 1/85;
// the lattice: unit = s_y / s_x = 128/85.
// fc1 row 0: max 1 -> s_w = 1/127; (1/127) / unit = 2^-7.58 -> e = -7:
//   s_w = 2^-7 * 128/85 = 1/85 (x 127/85 = 1.49), stored w * 85:
//   85, -0.6 -> -51, 0.2 -> 17, 0.05 -> 4.25 -> 4; real multiplier 2^-7: (1, 7).
// row 1: max 0.35 -> s_w = 0.35/127; / unit = 2^-9.09 -> e = -9: s_w = 1/340
//   (x 1.07), stored w * 340: 119, -68, 0.12 -> 40.8 -> 41, 0.04 -> 13.6 -> 14;
//   real 2^-9: (1, 9).
// bias at s_x * s_w: 0.5 * 2^7 * 85 = 5440, -0.25 * 2^7 * 340 = -10880: i15.
// add: z [-1, 1] symmetric -> s = 1/127; sum [-1, 4] -> s = 5/255, zero point
//   rint(51) - 128 = -77; multipliers (3/255) / (5/255) = 0.6 -> round(0.6 * 2^31)
//   = 1288490189 and (1/127) / (5/255) = 51/127 -> round(2^31 * 51/127) =
//   862375323, shift 31: the add's multipliers stay 31-bit.
func.func @mlp(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.9921875>, calibration.observed = array<f64: 0.0, 1.9921875>, calibration.method = "minmax scheme=unsigned"}, %z: tensor<1x2xf32> {calibration.range = array<f64: -1.0, 1.0>, calibration.observed = array<f64: -1.0, 1.0>, calibration.method = "minmax scheme=symmetric"}) -> tensor<1x2xf32> {
  %w1 = nn.constant "fc1.weight" dense<[[1.0, -0.6, 0.2, 0.05], [0.35, -0.2, 0.12, 0.04]]> : tensor<2x4xf32>
  %b1 = nn.constant "fc1.bias" dense<[0.5, -0.25]> : tensor<2xf32>
  %h = nn.dense %x, %w1, %b1 {calibration.range = array<f64: -1.0, 3.0>, calibration.observed = array<f64: -1.0, 3.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = nn.relu %h {calibration.range = array<f64: 0.0, 3.0>, calibration.observed = array<f64: 0.0, 3.0>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2xf32>
  %s = nn.add %r, %z {calibration.range = array<f64: -1.0, 4.0>, calibration.observed = array<f64: -1.0, 4.0>, calibration.method = "minmax scheme=asymmetric"} : tensor<1x2xf32>
  func.return %s : tensor<1x2xf32>
}

// CHECK-LABEL: func.func @mlp(%x: tensor<1x4xf32>, %z: tensor<1x2xf32>) -> tensor<1x2xf32> {
// CHECK-NEXT:    %x_q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0078125>>
// CHECK-NEXT:    %w1 = qnt.constant "fc1.weight" dense<{{\[}}[85, -51, 17, 4], [119, -68, 41, 14]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32:0, {0.011764705882352941, 0.0029411764705882353}>>
// CHECK-NEXT:    %b1 = qnt.constant "fc1.bias" dense<[5440, -10880]> : tensor<2xi15>
// CHECK-NEXT:    %h_acc = qnt.dense %x_q, %w1, %b1 : ({{.*}}) -> tensor<1x2xi19>
// CHECK-NEXT:    %r = qnt.requantize %h_acc multipliers [1, 1] shifts [7, 9] min 0 : (tensor<1x2xi19>) -> tensor<1x2x!qnt.uniform<u8:f32, 0.011764705882352941>>
// CHECK-NEXT:    %z_q = qnt.quantize %z : (tensor<1x2xf32>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.007874015748031496>>
// CHECK-NEXT:    %s = qnt.add %r, %z_q multipliers [1288490189, 862375323] shift 31 : ({{.*}}) -> tensor<1x2x!qnt.uniform<i8:f32, 0.0196078431372549:-77>>

// Per tensor: one scale, the largest row's lattice point 1/85: row 1 stored
// w * 85: 0.35 -> 29.75 -> 30, -17, 0.12 -> 10.2 -> 10, 0.04 -> 3.4 -> 3; the
// bias -0.25 * 2^7 * 85 = -2720: i14; one shift.
// TENSOR-LABEL: func.func @mlp
// TENSOR:       %w1 = qnt.constant "fc1.weight" dense<{{\[}}[85, -51, 17, 4], [30, -17, 10, 3]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.011764705882352941>>
// TENSOR-NEXT:  %b1 = qnt.constant "fc1.bias" dense<[5440, -2720]> : tensor<2xi14>
// TENSOR:       %r = qnt.requantize %h_acc multipliers [1] shifts [7] min 0

// multiplier-bits bounds the add's multipliers (0.6 -> 154 / 2^8, 51/127 ->
// round(102.8) = 103 at the shared shift 8), not the layer's powers of two.
// MBITS-LABEL: func.func @mlp
// MBITS:       %r = qnt.requantize %h_acc multipliers [1, 1] shifts [7, 9] min 0
// MBITS:       %s = qnt.add %r, %z_q multipliers [154, 103] shift 8

// requantize=multiply (the default) keeps s_w = max / 127 (0.35 / 127 of the
// float32 0.35) and 31-bit multipliers: 2^-7 * (1/127) / (3/255) = 85/16256 ->
// round(2^38 * 85/16256) = 1437292205.
// MULT-LABEL: func.func @mlp
// MULT:        %w1 = qnt.constant "fc1.weight" dense<{{\[}}[127, -76, 25, 6], [127, -73, 44, 15]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32:0, {0.007874015748031496, 0.0027559054648782326}>>
// MULT:        %r = qnt.requantize %h_acc multipliers [1437292205, 2012209053] shifts [38, 40] min 0

// -----

// CNN: conv 3x3 pad 1, relu (fused), batchnorm (a depthwise convolution).
// img: [0, 1] unsigned -> s_x = 1/255; relu [0, 255/32] -> s_y = 2^-5;
// unit = 2^-5 * 255 = 7.96875.
// conv channel 0: max 1 -> 1/127; / unit = 2^-9.98 -> e = -9: s_w = 7.96875 *
//   2^-9 = 0.01556396484375 (x 1.98, just below 2), stored w / s_w = 64.25 w:
//   64, 32, 16; channel 1: 2/127 -> e = -8: 0.0311279296875, 2 -> 64.
// bias at s_x * s_w = 2^-14, 2^-13: 0.1 * 2^14 = 1638.4 -> 1638, -0.2 * 2^13
//   -> -1638: i12; reals 2^-9, 2^-8: (1, 9), (1, 8).
// batchnorm: a = scale / sqrt(var) = [2, -0.5], shift = bias - a * mean =
//   [0.5, 0.75]; input s_x = 2^-5, result [-6, 6] symmetric -> s_y = 6/127,
//   unit = 192/127. 2/127 / unit = 2^-6.58 -> s_w = 3/127 (2 -> 84.7 -> 85);
//   0.5/127 / unit = 2^-8.58 -> s_w = 0.75/127 (-0.5 -> -85). shift at
//   s_x * s_w: 0.5 * 32 * 127/3 = 677.3 -> 677, 0.75 * 32 * 127 / 0.75 = 4064:
//   i13; reals 2^-5 * 32 * 2^-6 = 2^-6 and 2^-8: (1, 6), (1, 8).
func.func @cnn(%img: tensor<1x1x4x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2x4x4xf32> {
  %w = nn.constant "conv.weight" dense<[[[[1.0, 0.0, -1.0], [0.5, 0.0, -0.5], [0.25, 0.0, -0.25]]], [[[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<2x1x3x3xf32>
  %b = nn.constant "conv.bias" dense<[0.1, -0.2]> : tensor<2xf32>
  %c = nn.conv2d %img, %w, %b pads [1, 1, 1, 1] {calibration.range = array<f64: -2.0, 2.0>, calibration.observed = array<f64: -2.0, 2.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %c {calibration.range = array<f64: 0.0, 7.96875>, calibration.observed = array<f64: 0.0, 7.96875>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2x4x4xf32>
  %scale = nn.constant "bn.scale" dense<[2.0, -1.0]> : tensor<2xf32>
  %shift = nn.constant "bn.bias" dense<[0.5, 0.25]> : tensor<2xf32>
  %mean = nn.constant "bn.mean" dense<[0.0, 1.0]> : tensor<2xf32>
  %var = nn.constant "bn.var" dense<[1.0, 4.0]> : tensor<2xf32>
  %bn = nn.batchnorm %r, %scale, %shift, %mean, %var epsilon 0.0 {calibration.range = array<f64: -6.0, 6.0>, calibration.observed = array<f64: -6.0, 6.0>, calibration.method = "minmax scheme=symmetric"} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  func.return %bn : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func.func @cnn(%img: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
// CHECK-NEXT:    %img_q = qnt.quantize %img : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4x!qnt.uniform<u8:f32, 0.00392156862745098>>
// CHECK-NEXT:    %w = qnt.constant "conv.weight" dense<{{\[\[\[\[}}64, 0, -64], [32, 0, -32], [16, 0, -16]]], {{\[\[\[}}0, 0, 0], [0, 64, 0], [0, 0, 0]]]]> : tensor<2x1x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01556396484375, 0.0311279296875}>>
// CHECK-NEXT:    %b = qnt.constant "conv.bias" dense<[1638, -1638]> : tensor<2xi12>
// CHECK-NEXT:    %c_acc = qnt.conv2d %img_q, %w, %b pads [1, 1, 1, 1] : ({{.*}}) -> tensor<1x2x4x4xi20>
// CHECK-NEXT:    %r = qnt.requantize %c_acc multipliers [1, 1] shifts [9, 8] min 0 : (tensor<1x2x4x4xi20>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.03125>>
// CHECK-NEXT:    %scale = qnt.constant "bn.scale" dense<{{\[\[\[\[}}85]]], {{\[\[\[}}-85]]]]> : tensor<2x1x1x1x!qnt.uniform<i8<-127:127>:f32:0, {0.023622047244094488, 0.005905511811023622}>>
// CHECK-NEXT:    %scale_shift = qnt.constant "bn.scale.shift" dense<[677, 4064]> : tensor<2xi13>
// CHECK-NEXT:    %bn_acc = qnt.conv2d %r, %scale, %scale_shift groups 2 : ({{.*}}) -> tensor<1x2x4x4xi17>
// CHECK-NEXT:    %bn = qnt.requantize %bn_acc multipliers [1, 1] shifts [6, 8] : (tensor<1x2x4x4xi17>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.047244094488188976>>

// Per tensor: the conv's largest scale 2/127 -> 0.0311279296875 (channel 0
// stored 32.1 w: 32, 16, 8; bias 0.1 * 2^13 -> 819), one shift 8; the
// batchnorm's 2/127 -> 3/127 (-0.5 -> -21.2 -> -21; shift 0.75 * 32 * 127/3
// = 1016: i11), one shift 6.
// TENSOR-LABEL: func.func @cnn
// TENSOR:       %w = qnt.constant "conv.weight" dense<{{\[\[\[\[}}32, 0, -32], [16, 0, -16], [8, 0, -8]]], {{\[\[\[}}0, 0, 0], [0, 64, 0], [0, 0, 0]]]]> : tensor<2x1x3x3x!qnt.uniform<i8<-127:127>:f32, 0.0311279296875>>
// TENSOR-NEXT:  %b = qnt.constant "conv.bias" dense<[819, -1638]> : tensor<2xi12>
// TENSOR:       %r = qnt.requantize %c_acc multipliers [1] shifts [8] min 0
// TENSOR-NEXT:  %scale = qnt.constant "bn.scale" dense<{{\[\[\[\[}}85]]], {{\[\[\[}}-21]]]]> : tensor<2x1x1x1x!qnt.uniform<i8<-127:127>:f32, 0.023622047244094488>>
// TENSOR-NEXT:  %scale_shift = qnt.constant "bn.scale.shift" dense<[677, 1016]> : tensor<2xi11>
// TENSOR:       %bn = qnt.requantize %bn_acc multipliers [1] shifts [6]

// MULT-LABEL: func.func @cnn
// MULT:        %r = qnt.requantize %c_acc multipliers [1086440392, 1086440392] shifts [40, 39] min 0
// MULT:        %bn = qnt.requantize %bn_acc multipliers [1431655765, 1431655765] shifts [37, 39]

// -----

// A result scale finer than the accumulator's: real multipliers >= 1.
// x: [0, 255] -> s_x = 1; y: [0, 1] -> s_y = 1/255 = unit. Row 0: 1/127 / unit
// = 2^1.006 -> e = 2: s_w = 4/255, stored 63.75 w: 64, -32; real 4. Row 1:
// 0.25/127 / unit = 2^-0.994 -> e = 0: s_w = 1/255, stored 255 w: 64, 32; real
// 1. Each channel's multiplier is its power of two: M = 4 and M = 1, no
// shift.
func.func @wide(%x: tensor<1x2xf32> {calibration.range = array<f64: 0.0, 255.0>, calibration.observed = array<f64: 0.0, 255.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<[[1.0, -0.5], [0.25, 0.125]]> : tensor<2x2xf32>
  %y = nn.dense %x, %w {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// CHECK-LABEL: func.func @wide
// CHECK:         %w = qnt.constant "fc.weight" dense<{{\[}}[64, -32], [64, 32]]> : tensor<2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01568627450980392, 0.00392156862745098}>>
// CHECK-NEXT:    %y_acc = qnt.dense %x_q, %w : ({{.*}}) -> tensor<1x2xi17>
// CHECK-NEXT:    %y = qnt.requantize %y_acc multipliers [4, 1] shifts [0, 0] : (tensor<1x2xi17>) -> tensor<1x2x!qnt.uniform<u8:f32, 0.00392156862745098>>

// Per tensor: s_w = 4/255 (row 1: 0.25 -> 15.9 -> 16, 0.125 -> 8), M = 4, no shift.
// TENSOR-LABEL: func.func @wide
// TENSOR:       %w = qnt.constant "fc.weight" dense<{{\[}}[64, -32], [16, 8]]> : tensor<2x2x!qnt.uniform<i8<-127:127>:f32, 0.01568627450980392>>
// TENSOR:       %y = qnt.requantize %y_acc multipliers [4] shifts [0]

// -----

// The scale a layer's input has, not its own calibration range: max pooling,
// a relu after it (not fused: the pooling does not requantize) and flatten keep
// the conv's type (i8, s_x = 4/255) although their ranges would give 3/255 and
// 1.5/255. y: [-4, 4] symmetric -> s_y = 4/127, unit = (4/127) / (4/255) =
// 255/127; fc.weight 0.5/127 / unit = 2^-8.995 -> e = -8: s_w = 255/127 * 2^-8
// = 0.007843257874015748, stored 0.5 / s_w = 63.75 -> 64; real 2^-8: (1, 8).
// conv: unit = (4/255) / (1/255) = 4, 1/127 -> 2^-6, 2/127 -> 2^-5: reals 2^-8, 2^-7.
// (The lattice of the flatten's own scale 1.5/255 gave s_w = 0.0052288 and a
// real multiplier of 2^-8.58, encoded as 1 / 2^9.)
func.func @pool(%img: tensor<1x1x4x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2xf32> {
  %w = nn.constant "conv.weight" dense<[[[[1.0, 0.0, -1.0], [0.5, 0.0, -0.5], [0.25, 0.0, -0.25]]], [[[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<2x1x3x3xf32>
  %c = nn.conv2d %img, %w pads [1, 1, 1, 1] {calibration.range = array<f64: -2.0, 2.0>, calibration.observed = array<f64: -2.0, 2.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %p = nn.maxpool2d %c kernel [2, 2] strides [2, 2] {calibration.range = array<f64: -1.0, 2.0>, calibration.observed = array<f64: -1.0, 2.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %pr = nn.relu %p {calibration.range = array<f64: 0.0, 1.5>, calibration.observed = array<f64: 0.0, 1.5>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2x2x2xf32>
  %f = nn.flatten %pr {calibration.range = array<f64: 0.0, 1.5>, calibration.observed = array<f64: 0.0, 1.5>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32>
  %fw = nn.constant "fc.weight" dense<0.5> : tensor<2x8xf32>
  %y = nn.dense %f, %fw {calibration.range = array<f64: -4.0, 4.0>, calibration.observed = array<f64: -4.0, 4.0>, calibration.method = "minmax scheme=symmetric"} : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// CHECK-LABEL: func.func @pool
// CHECK:         %c = qnt.requantize %c_acc multipliers [1, 1] shifts [8, 7] : (tensor<1x2x4x4xi20>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.01568627450980392>>
// CHECK:         %f = qnt.flatten %pr : ({{.*}}) -> tensor<1x8x!qnt.uniform<i8:f32, 0.01568627450980392>>
// CHECK-NEXT:    %fw = qnt.constant "fc.weight" dense<64> : tensor<2x8x!qnt.uniform<i8<-127:127>:f32:0, {0.007843257874015748, 0.007843257874015748}>>
// CHECK-NEXT:    %y_acc = qnt.dense %f, %fw : ({{.*}}) -> tensor<1x2xi18>
// CHECK-NEXT:    %y = qnt.requantize %y_acc multipliers [1, 1] shifts [8, 8] : (tensor<1x2xi18>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.031496062992125984>>
