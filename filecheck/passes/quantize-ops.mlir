// quantize on every other op kind it maps, with ranges exact in binary:
// batchnorm as a depthwise 1x1 convolution with the ReLU fused, a residual add
// with the ReLU fused, average and global average pooling, transpose, reshape,
// flatten, matmul by a constant (per channel along its last axis), sigmoid,
// tanh and leaky_relu as tables, an add of a constant, clip, concat, a mul by a
// constant (a depthwise convolution through a reshape), and three results
// dequantized. quant.act_bits = 3 makes two tables short enough to check.
// RUN: asic-opt %s -p 'quantize' | asic-opt | filecheck %s
// RUN: asic-opt %s -p 'quantize{multiplier-bits=12}' | filecheck %s --check-prefix=MBITS

func.func @ops(%x: tensor<1x2x4x4xf32> {calibration.range = array<f64: -4.0, 3.96875>, calibration.observed = array<f64: -4.0, 3.96875>, calibration.method = "minmax scheme=asymmetric"}, %v: tensor<1x3xf32> {quant.act_bits = 3, calibration.range = array<f64: 0.0, 7.0>, calibration.observed = array<f64: 0.0, 7.0>, calibration.method = "minmax scheme=unsigned"}) -> (tensor<1x4xf32>, tensor<1x3xf32>, tensor<1x2x4xf32>) {
  %scale = nn.constant "bn.scale" dense<[2.0, -1.0]> : tensor<2xf32>
  %shift = nn.constant "bn.bias" dense<[0.5, 0.25]> : tensor<2xf32>
  %mean = nn.constant "bn.mean" dense<[0.0, 1.0]> : tensor<2xf32>
  %var = nn.constant "bn.var" dense<[1.0, 4.0]> : tensor<2xf32>
  %bn = nn.batchnorm %x, %scale, %shift, %mean, %var epsilon 0.0 {calibration.range = array<f64: -8.0, 8.0>, calibration.observed = array<f64: -8.0, 8.0>, calibration.method = "minmax scheme=symmetric"} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %bn {calibration.range = array<f64: 0.0, 7.96875>, calibration.observed = array<f64: 0.0, 7.96875>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2x4x4xf32>
  %sum = nn.add %r, %x {calibration.range = array<f64: -4.0, 12.0>, calibration.observed = array<f64: -4.0, 12.0>, calibration.method = "minmax scheme=asymmetric"} : tensor<1x2x4x4xf32>
  %sum_relu = nn.relu %sum {calibration.range = array<f64: 0.0, 12.0>, calibration.observed = array<f64: 0.0, 12.0>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2x4x4xf32>
  %avg = nn.avgpool2d %sum_relu kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] {calibration.range = array<f64: 0.0, 8.0>, calibration.observed = array<f64: 0.0, 8.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %g = nn.global_avgpool2d %avg {calibration.range = array<f64: 0.0, 4.0>, calibration.observed = array<f64: 0.0, 4.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %t = nn.transpose %avg perm [0, 1, 3, 2] {calibration.range = array<f64: 0.0, 8.0>, calibration.observed = array<f64: 0.0, 8.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %rs = nn.reshape %t {calibration.range = array<f64: 0.0, 8.0>, calibration.observed = array<f64: 0.0, 8.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4xf32>
  %fg = nn.flatten %g {calibration.range = array<f64: 0.0, 4.0>, calibration.observed = array<f64: 0.0, 4.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %k = nn.constant "k" dense<[[1.0, -1.0, 0.5, 0.25], [0.5, 0.5, -0.5, 1.0]]> : tensor<2x4xf32>
  %mm = nn.matmul %fg, %k {calibration.range = array<f64: -8.0, 8.0>, calibration.observed = array<f64: -8.0, 8.0>, calibration.method = "minmax scheme=symmetric"} : (tensor<1x2xf32>, tensor<2x4xf32>) -> tensor<1x4xf32>
  %sig = nn.sigmoid %mm {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : tensor<1x4xf32>
  %th = nn.tanh %v {quant.act_bits = 3, calibration.range = array<f64: -1.0, 1.0>, calibration.observed = array<f64: -1.0, 1.0>, calibration.method = "minmax scheme=symmetric"} : tensor<1x3xf32>
  %lr = nn.leaky_relu %th alpha 0.5 {quant.act_bits = 3, calibration.range = array<f64: -0.5, 1.0>, calibration.observed = array<f64: -0.5, 1.0>, calibration.method = "minmax scheme=asymmetric"} : tensor<1x3xf32>
  %c = nn.constant "offset" dense<[0.5, -0.5, 1.0]> : tensor<3xf32>
  %lr2 = nn.add %lr, %c {calibration.range = array<f64: -1.0, 2.0>, calibration.observed = array<f64: -1.0, 2.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %cl = nn.clip %lr2 min -0.5 max 1.5 {calibration.range = array<f64: -0.5, 1.5>, calibration.observed = array<f64: -0.5, 1.5>, calibration.method = "minmax scheme=asymmetric"} : tensor<1x3xf32>
  %cat = nn.concat %cl, %v axis 1 {calibration.range = array<f64: -1.0, 7.0>, calibration.observed = array<f64: -1.0, 7.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x6xf32>
  %two = nn.constant "two" dense<2.0> : tensor<1x1xf32>
  %sc = nn.mul %cat, %two {calibration.range = array<f64: -2.0, 14.0>, calibration.observed = array<f64: -2.0, 14.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x6xf32>, tensor<1x1xf32>) -> tensor<1x6xf32>
  %wf = nn.constant "wf" dense<0.25> : tensor<3x6xf32>
  %out = nn.dense %sc, %wf {calibration.range = array<f64: -4.0, 4.0>, calibration.observed = array<f64: -4.0, 4.0>, calibration.method = "minmax scheme=symmetric"} : (tensor<1x6xf32>, tensor<3x6xf32>) -> tensor<1x3xf32>
  func.return %sig, %out, %rs : tensor<1x4xf32>, tensor<1x3xf32>, tensor<1x2x4xf32>
}

// x: [-4, 255/32 - 4] asymmetric: s = 2^-5, zero point rint(4 / 2^-5) = 128 in
// u8, i8 storage: 0.
// CHECK:      func.func @ops(%x: tensor<1x2x4x4xf32>, %v: tensor<1x3xf32>) -> (tensor<1x4xf32>, tensor<1x3xf32>, tensor<1x2x4xf32>) {
// CHECK-NEXT:   %x_q = qnt.quantize %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.03125>>

// batchnorm: a = scale / sqrt(var) = [2, -0.5], one weight per channel at
// s_w = |a| / 127; shift = bias - a * mean = [0.5, 0.75] at s_x * s_w:
// 0.5 / (2^-5 * 2/127) = 1016, 0.75 / (2^-5 * 0.5/127) = 6096. Requantized to
// the relu's [0, 255/32] (s = 2^-5), the real multipliers are s_w: 2/127 lies in
// [2^-6, 2^-5), so shift 36 and M = round(2^36 * 2/127) = round(2^37 / 127) =
// 1082196484; 0.5/127 is a quarter of it: the same M, shift 38.
// CHECK-NEXT:   %scale = qnt.constant "bn.scale" dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1x!qnt.uniform<i8<-127:127>:f32:0, {0.015748031496062992, 0.003937007874015748}>>
// CHECK-NEXT:   %scale_shift = qnt.constant "bn.scale.shift" dense<[1016, 6096]> : tensor<2xi14>
// CHECK-NEXT:   %bn_acc = qnt.conv2d %x_q, %scale, %scale_shift groups 2 : ({{.*}}) -> tensor<1x2x4x4xi16>
// CHECK-NEXT:   %r = qnt.requantize %bn_acc multipliers [1082196484, 1082196484] shifts [36, 38] min 0 : (tensor<1x2x4x4xi16>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.03125>>

// residual add, relu fused: result [0, 12] -> s = 12/255; both inputs have
// s = 2^-5: 2^-5 / (12/255) = 255/384 = 0.6640625 = 1426063360 / 2^31.
// CHECK-NEXT:   %sum_relu = qnt.add %r, %x_q multipliers [1426063360, 1426063360] shift 31 min 0 : ({{.*}}) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.047058823529411764>>

// 3x3 windows, stride 2, pad 1 on 4x4: 4, 6 or 9 taps inside; (12/255) /
// (8/255) / n = 1.5 / n: 0.375 = 1610612736 / 2^32, 0.25 = 2^30 / 2^32,
// 1/6 -> round(2^33 / 6) = 1431655765.
// CHECK-NEXT:   %avg = qnt.avgpool2d %sum_relu kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] counts [4, 6, 9] multipliers [1610612736, 1073741824, 1431655765] shifts [32, 32, 33] : ({{.*}}) -> tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.03137254901960784>>
// (8/255) / (4/255) / 4 = 1/2 = 2^30 / 2^31.
// CHECK-NEXT:   %g = qnt.global_avgpool2d %avg multiplier 1073741824 shift 31 : ({{.*}}) -> tensor<1x2x1x1x!qnt.uniform<u8:f32, 0.01568627450980392>>
// CHECK-NEXT:   %t = qnt.transpose %avg perm [0, 1, 3, 2] : tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.03137254901960784>>
// CHECK-NEXT:   %rs = qnt.reshape %t : ({{.*}}) -> tensor<1x2x4x!qnt.uniform<u8:f32, 0.03137254901960784>>
// CHECK-NEXT:   %[[RS:.*]] = qnt.dequantize %rs : (tensor<1x2x4x!qnt.uniform<u8:f32, 0.03137254901960784>>) -> tensor<1x2x4xf32>
// CHECK-NEXT:   %fg = qnt.flatten %g : ({{.*}}) -> tensor<1x2x!qnt.uniform<u8:f32, 0.01568627450980392>>

// matmul weights per column (axis 1): maxima 1, 1, 0.5, 1.
// CHECK-NEXT:   %k = qnt.constant "k" dense<{{\[}}[127, -127, 127, 32], [64, 64, -127, 127]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32:1, {0.007874015748031496, 0.007874015748031496, 0.003937007874015748, 0.007874015748031496}>>
// CHECK-NEXT:   %mm_acc = qnt.matmul %fg, %k : ({{.*}}) -> tensor<1x4xi17>
// CHECK-NEXT:   %mm = qnt.requantize %mm_acc {{.*}} : (tensor<1x4xi17>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.06299212598425197>>
// CHECK-NEXT:   %sig = qnt.lut %mm table [0, {{.*}}, 255] : (tensor<1x4x!qnt.uniform<i8:f32, 0.06299212598425197>>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.00392156862745098>>
// CHECK-NEXT:   %[[SIG:.*]] = qnt.dequantize %sig

// v: [0, 7] at 3 bits: u3, s = 1. tanh at 3 bits, [-1, 1] symmetric: i3,
// s = 1/3: round(3 tanh(q)) = 0, 2 (2.28), 3 (2.89), then 3.
// leaky_relu (alpha 0.5) of the 8 values q/3, q = -4..3, to [-0.5, 1] at 3 bits:
// s = 1.5/7, zero point rint(0.5 / s) = 2 in u3, -2 in i3; round(f(q/3) / s) - 2:
// -5 -> -4, -4, -4, -3, -2, 0, 1, 3.
// CHECK-NEXT:   %v_q = qnt.quantize %v : (tensor<1x3xf32>) -> tensor<1x3x!qnt.uniform<u3:f32, 1.0>>
// CHECK-NEXT:   %th = qnt.lut %v_q table [0, 2, 3, 3, 3, 3, 3, 3] : (tensor<1x3x!qnt.uniform<u3:f32, 1.0>>) -> tensor<1x3x!qnt.uniform<i3:f32, 0.3333333333333333>>
// CHECK-NEXT:   %lr = qnt.lut %th table [-4, -4, -4, -3, -2, 0, 1, 3] : (tensor<1x3x!qnt.uniform<i3:f32, 0.3333333333333333>>) -> tensor<1x3x!qnt.uniform<i3:f32, 0.21428571428571427:-2>>

// A constant added is quantized on its own range [-0.5, 1]: s = 1.5/255,
// zero point 85 - 128 = -43: 0.5 -> 42, -0.5 -> -128, 1 -> 127. The clip after
// the add is fused (its bounds are the ends of its range: -128 and 127).
// CHECK-NEXT:   %c_q = qnt.constant "offset" dense<[42, -128, 127]> : tensor<3x!qnt.uniform<i8:f32, 0.0058823529411764705:-43>>
// CHECK-NEXT:   %cl = qnt.add %lr, %c_q multipliers [{{.*}}] shift {{.*}} min -128 max 127 : ({{.*}}) -> tensor<1x3x!qnt.uniform<i8:f32, 0.00784313725490196:-64>>
// (2/255) / (8/255) = 1/4 = 2^30 / 2^32.
// CHECK-NEXT:   %cat = qnt.concat %cl, %v_q axis 1 multipliers [1073741824, {{.*}}] shifts [32, {{.*}}] : ({{.*}}) -> tensor<1x6x!qnt.uniform<i8:f32, 0.03137254901960784:-96>>

// multiplier-bits=12 bounds every rescale's multipliers below 2^12, each real
// at its largest shift: batchnorm 2/127 in [2^-6, 2^-5): shift 17, M =
// round(2^18 / 127) = 2064; 255/384 -> 2720 / 2^12; 1.5 / n -> 3072 / 2^13,
// 2048 / 2^13, round(2^14 / 6) = 2731 / 2^14; 1/2 -> 2048 / 2^12; concat
// 1/4 -> 2048 / 2^13.
// MBITS:      %r = qnt.requantize %bn_acc multipliers [2064, 2064] shifts [17, 19] min 0
// MBITS:      %sum_relu = qnt.add %r, %x_q multipliers [2720, 2720] shift 12 min 0
// MBITS:      %avg = qnt.avgpool2d {{.*}} counts [4, 6, 9] multipliers [3072, 2048, 2731] shifts [13, 13, 14]
// MBITS:      %g = qnt.global_avgpool2d %avg multiplier 2048 shift 12
// MBITS:      %cat = qnt.concat %cl, %v_q axis 1 multipliers [2048, {{[0-9]+}}] shifts [13, {{[0-9]+}}]

// mul by the constant 2: a depthwise convolution on the [1, 6, 1, 1] view.
// CHECK-NEXT:   %cat_4d = qnt.reshape %cat : ({{.*}}) -> tensor<1x6x1x1x!qnt.uniform<i8:f32, 0.03137254901960784:-96>>
// CHECK-NEXT:   %two = qnt.constant "two" dense<127> : tensor<6x1x1x1x!qnt.uniform<i8<-127:127>:f32:0, {{.*}}>>
// CHECK-NEXT:   %sc_acc = qnt.conv2d %cat_4d, %two groups 6 : ({{.*}}) -> tensor<1x6x1x1xi16>
// CHECK-NEXT:   %[[SC:.*]] = qnt.requantize %sc_acc
// CHECK-NEXT:   %sc = qnt.reshape %[[SC]] : ({{.*}}) -> tensor<1x6x!qnt.uniform<i8:f32, 0.06274509803921569:-96>>
// CHECK-NEXT:   %wf = qnt.constant "wf" dense<127>
// CHECK-NEXT:   %out_acc = qnt.dense %sc, %wf : ({{.*}}) -> tensor<1x3xi19>
// CHECK-NEXT:   %out = qnt.requantize %out_acc
// CHECK-NEXT:   %[[OUT:.*]] = qnt.dequantize %out
// CHECK-NEXT:   func.return %[[SIG]], %[[OUT]], %[[RS]] : tensor<1x4xf32>, tensor<1x3xf32>, tensor<1x2x4xf32>
