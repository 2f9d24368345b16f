// quantize on a small MLP and a small CNN whose calibration ranges and
// weights are exact in binary, so every scale, stored weight, bias,
// accumulator width, multiplier and shift below is computed by hand.
// RUN: asic-opt %s --split-input-file -p 'quantize' | asic-opt --split-input-file | filecheck %s
// RUN: asic-opt %s --split-input-file -p 'quantize{per-channel=false}' | filecheck %s --check-prefix=TENSOR
// RUN: asic-opt %s --split-input-file -p 'quantize{act-signed=true}' | filecheck %s --check-prefix=SIGNED
// RUN: asic-opt %s --split-input-file -p 'quantize{symmetric=false}' | filecheck %s --check-prefix=ASYM
// RUN: asic-opt %s --split-input-file -p 'quantize' 2>&1 >/dev/null | filecheck %s --check-prefix=REMARK
// RUN: asic-opt %s --split-input-file -p 'quantize{multiplier-bits=16}' | filecheck %s --check-prefix=MBITS

// MLP: dense, relu, dense, softmax (float tail).
// x: [0, 255/128] unsigned -> u8, s_x = 2^-7, zero point 0.
// fc1 rows: max |w| 127 * 2^-6 and 127 * 3 * 2^-8 -> s_w = 2^-6, 3 * 2^-8;
//   stored: 1.984375 / 2^-6 = 127, -0.5 / 2^-6 = -32, 0.25 -> 16, 0 -> 0;
//   127, 0.75 / (3*2^-8) = 64, -0.375 -> -32, 0.1 / (3*2^-8) = 8.53 -> 9.
// bias at s_x * s_w: 0.5 / 2^-13 = 4096, -0.25 / (3 * 2^-15) = -2730.7 -> -2731: i14.
// accumulator: 4 * 255 * 127 = 129540 plus the i14 bias range 8192 -> 137732: i19.
// relu fused: its range [0, 255/32] -> u8, s_y = 2^-5; multipliers
//   2^-13 / 2^-5 = 2^-8 -> M = 2^30 (1073741824), shift 38;
//   3 * 2^-15 / 2^-5 = 3 * 2^-10 -> M = 3 * 2^29 (1610612736), shift 39.
// fc2: s_w = 2^-7 (max 127 * 2^-7), 2^-9 (max 127 * 2^-9): [64, -127], [127, 64];
//   accumulator 2 * 255 * 127 = 64770: i17; result [-2, 255/32 - 2]
//   asymmetric -> s = 2^-5, zero point rint(2 / 2^-5) = 64 in u8, i8 storage: -64;
//   multipliers 2^-12 / 2^-5 = 2^-7 -> (2^30, 37), 2^-14 / 2^-5 = 2^-9 -> (2^30, 39).
func.func @mlp(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.9921875>, calibration.observed = array<f64: 0.0, 1.9921875>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2xf32> {
  %w1 = nn.constant "fc1.weight" dense<[[1.984375, -0.5, 0.25, 0.0], [1.48828125, 0.75, -0.375, 0.1]]> : tensor<2x4xf32>
  %b1 = nn.constant "fc1.bias" dense<[0.5, -0.25]> : tensor<2xf32>
  %h = nn.dense %x, %w1, %b1 {calibration.range = array<f64: -3.0, 7.96875>, calibration.observed = array<f64: -3.0, 7.96875>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = nn.relu %h {calibration.range = array<f64: 0.0, 7.96875>, calibration.observed = array<f64: 0.0, 7.96875>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2xf32>
  %w2 = nn.constant "fc2.weight" dense<[[0.5, -0.9921875], [0.248046875, 0.125]]> : tensor<2x2xf32>
  %y = nn.dense %r, %w2 {calibration.range = array<f64: -2.0, 5.96875>, calibration.observed = array<f64: -2.0, 5.96875>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %p = nn.softmax %y {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2xf32>
  func.return %p : tensor<1x2xf32>
}

// CHECK-LABEL: func.func @mlp(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
// CHECK-NEXT:    %x_q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0078125>>
// CHECK-NEXT:    %w1 = qnt.constant "fc1.weight" dense<{{\[}}[127, -32, 16, 0], [127, 64, -32, 9]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32:0, {0.015625, 0.01171875}>>
// CHECK-NEXT:    %b1 = qnt.constant "fc1.bias" dense<[4096, -2731]> : tensor<2xi14>
// CHECK-NEXT:    %h_acc = qnt.dense %x_q, %w1, %b1 : ({{.*}}) -> tensor<1x2xi19>
// CHECK-NEXT:    %r = qnt.requantize %h_acc multipliers [1073741824, 1610612736] shifts [38, 39] min 0 : (tensor<1x2xi19>) -> tensor<1x2x!qnt.uniform<u8:f32, 0.03125>>
// CHECK-NEXT:    %w2 = qnt.constant "fc2.weight" dense<{{\[}}[64, -127], [127, 64]]> : tensor<2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.0078125, 0.001953125}>>
// CHECK-NEXT:    %y_acc = qnt.dense %r, %w2 : ({{.*}}) -> tensor<1x2xi17>
// CHECK-NEXT:    %y = qnt.requantize %y_acc multipliers [1073741824, 1073741824] shifts [37, 39] : (tensor<1x2xi17>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.03125:-64>>
// CHECK-NEXT:    %{{.*}} = qnt.dequantize %y : (tensor<1x2x!qnt.uniform<i8:f32, 0.03125:-64>>) -> tensor<1x2xf32>
// CHECK-NEXT:    %p = nn.softmax %{{.*}} : tensor<1x2xf32>
// CHECK-NEXT:    func.return %p : tensor<1x2xf32>

// One scale per weight tensor: the largest magnitude of all rows.
// TENSOR-LABEL: func.func @mlp
// TENSOR:      qnt.constant "fc1.weight" dense<{{\[}}[127, -32, 16, 0], [95, 48, -24, 6]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.015625>>
// TENSOR:      qnt.requantize %h_acc multipliers [1073741824] shifts [38] min 0

// Signed storage for the unsigned ranges: zero point -128 (the relu's bound too).
// SIGNED-LABEL: func.func @mlp
// SIGNED:      qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.0078125:-128>>
// SIGNED:      %r = qnt.requantize %h_acc multipliers [1073741824, 1610612736] shifts [38, 39] min -128 : (tensor<1x2xi19>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.03125:-128>>

// Asymmetric weights: the full i8 range over [min, max] of each row: row 0
// [-0.5, 1.984375]: s = 2.484375 / 255, zero point round(0.5 / s) - 128 =
// 51 - 128 = -77, stored 1.984375 / s = 203.7 -> 204 - 77 = 127, -0.5 -> -128,
// 0.25 / s = 25.7 -> 26 - 77 = -51, 0 -> -77; row 1 [-0.375, 1.48828125] the same
// proportions (zero point -77) and 0.1 -> round(13.7) - 77 = -63.
// ASYM-LABEL: func.func @mlp
// ASYM:      qnt.constant "fc1.weight" dense<{{\[}}[127, -128, -51, -77], [127, 26, -128, -63]]> : tensor<2x4x!qnt.uniform<i8:f32:0, {0.00974264705882353:-77, 0.007306985294117647:-77}>>

// REMARK: remark: quantize: nn.softmax %p stays float: it has no integer form

// multiplier-bits=16: the same reals below 2^16: 2^-8 -> (2^15, 23),
// 3 * 2^-10 -> (3 * 2^14, 24); 2^-7 -> (2^15, 22), 2^-9 -> (2^15, 24).
// MBITS-LABEL: func.func @mlp
// MBITS:      %r = qnt.requantize %h_acc multipliers [32768, 49152] shifts [23, 24] min 0 : (tensor<1x2xi19>)
// MBITS:      %y = qnt.requantize %y_acc multipliers [32768, 32768] shifts [22, 24] : (tensor<1x2xi17>)

// -----

// CNN: conv 3x3 pad 1, ReLU6 fused, max pooling, flatten, dense, argmax.
// img: [0, 1] unsigned -> u8, s_x = 1/255. conv.weight channel 0: max 1 ->
// s_w = 1/127, stored 127 * w; channel 1: max 2 -> s_w = 2/127.
// bias: 0.1 / (1/255 * 1/127) = 3238.5 (0.1 is a little above 1/10: 3239),
//   -0.2 / (1/255 * 2/127) = -3238.5 (-0.2 a little below -1/5: -3239): i13.
// accumulator: 9 taps * 255 * 127 = 291465 plus 4096 of the bias: i20.
// ReLU6 fused: its range [0, 255/32] -> s_y = 2^-5; min 0, max round(6 / 2^-5) = 192.
// multipliers: (1/255)(1/127) / 2^-5 = 32/32385 in [2^-10, 2^-9): shift 40,
//   M = round(2^45 / 32385) = round(1086440392.43) = 1086440392; channel 1 is twice
//   the real: the same M, shift 39.
// max pooling and flatten keep the type; fc: s_w = 0.5/127, s_x = 2^-5, result
// [-4, 4] symmetric -> i8, s_y = 4/127: real 2^-5 * (0.5/127) / (4/127) = 2^-8 ->
// (2^30, 38); bias 1 / (2^-5 * 0.5/127) = 8128: i14. argmax returns i64: no dequantize.
func.func @cnn(%img: tensor<1x1x4x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x1xi64> {
  %w = nn.constant "conv.weight" dense<[[[[1.0, 0.0, -1.0], [0.5, 0.0, -0.5], [0.25, 0.0, -0.25]]], [[[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<2x1x3x3xf32>
  %b = nn.constant "conv.bias" dense<[0.1, -0.2]> : tensor<2xf32>
  %c = nn.conv2d %img, %w, %b pads [1, 1, 1, 1] {calibration.range = array<f64: -2.0, 2.0>, calibration.observed = array<f64: -2.0, 2.0>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.clip %c min 0.0 max 6.0 {calibration.range = array<f64: 0.0, 7.96875>, calibration.observed = array<f64: 0.0, 7.96875>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2x4x4xf32>
  %p = nn.maxpool2d %r kernel [2, 2] strides [2, 2] {calibration.range = array<f64: 0.0, 7.96875>, calibration.observed = array<f64: 0.0, 7.96875>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %f = nn.flatten %p {calibration.range = array<f64: 0.0, 7.96875>, calibration.observed = array<f64: 0.0, 7.96875>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32>
  %fw = nn.constant "fc.weight" dense<0.5> : tensor<3x8xf32>
  %fb = nn.constant "fc.bias" dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %y = nn.dense %f, %fw, %fb {calibration.range = array<f64: -4.0, 4.0>, calibration.observed = array<f64: -4.0, 4.0>, calibration.method = "minmax scheme=symmetric"} : (tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %a = nn.argmax %y axis 1 : (tensor<1x3xf32>) -> tensor<1x1xi64>
  func.return %a : tensor<1x1xi64>
}

// CHECK-LABEL: func.func @cnn(%img: tensor<1x1x4x4xf32>) -> tensor<1x1xi64> {
// CHECK-NEXT:    %img_q = qnt.quantize %img : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4x!qnt.uniform<u8:f32, 0.00392156862745098>>
// CHECK-NEXT:    %w = qnt.constant "conv.weight" dense<{{\[\[\[\[}}127, 0, -127], [64, 0, -64], [32, 0, -32]]], {{\[\[\[}}0, 0, 0], [0, 127, 0], [0, 0, 0]]]]> : tensor<2x1x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.007874015748031496, 0.015748031496062992}>>
// CHECK-NEXT:    %b = qnt.constant "conv.bias" dense<[3239, -3239]> : tensor<2xi13>
// CHECK-NEXT:    %c_acc = qnt.conv2d %img_q, %w, %b pads [1, 1, 1, 1] : ({{.*}}) -> tensor<1x2x4x4xi20>
// CHECK-NEXT:    %r = qnt.requantize %c_acc multipliers [1086440392, 1086440392] shifts [40, 39] min 0 max 192 : (tensor<1x2x4x4xi20>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.03125>>
// CHECK-NEXT:    %p = qnt.maxpool2d %r kernel [2, 2] strides [2, 2] : (tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.03125>>) -> tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.03125>>
// CHECK-NEXT:    %f = qnt.flatten %p : (tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.03125>>) -> tensor<1x8x!qnt.uniform<u8:f32, 0.03125>>
// CHECK-NEXT:    %fw = qnt.constant "fc.weight" dense<127> : tensor<3x8x!qnt.uniform<i8<-127:127>:f32:0, {0.003937007874015748, 0.003937007874015748, 0.003937007874015748}>>
// CHECK-NEXT:    %fb = qnt.constant "fc.bias" dense<[0, 8128, -8128]> : tensor<3xi14>
// CHECK-NEXT:    %y_acc = qnt.dense %f, %fw, %fb : ({{.*}}) -> tensor<1x3xi20>
// CHECK-NEXT:    %y = qnt.requantize %y_acc multipliers [1073741824, 1073741824, 1073741824] shifts [38, 38, 38] : (tensor<1x3xi20>) -> tensor<1x3x!qnt.uniform<i8:f32, 0.031496062992125984>>
// CHECK-NEXT:    %a = qnt.argmax %y axis 1 : (tensor<1x3x!qnt.uniform<i8:f32, 0.031496062992125984>>) -> tensor<1x1xi64>
// CHECK-NEXT:    func.return %a : tensor<1x1xi64>

// 16 bits: 32/32385 in [2^-10, 2^-9): shift 15 + 10 = 25, M = round(2^30 / 32385)
// = round(33155.63) = 33156; fc: 2^-8 -> (2^15, 23).
// MBITS-LABEL: func.func @cnn
// MBITS:      %r = qnt.requantize %c_acc multipliers [33156, 33156] shifts [25, 24] min 0 max 192
// MBITS:      %y = qnt.requantize %y_acc multipliers [32768, 32768, 32768] shifts [23, 23, 23]

// TENSOR-LABEL: func.func @cnn
// TENSOR:      qnt.requantize %c_acc multipliers [1086440392] shifts [39] min 0 max 192

// SIGNED-LABEL: func.func @cnn
// SIGNED:      qnt.requantize %c_acc {{.*}} min -128 max 64 : ({{.*}}) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.03125:-128>>
