// RUN: asic-opt %s --split-input-file -p fold-batchnorm | filecheck %s
// RUN: asic-opt %s --split-input-file -p 'fold-batchnorm{scale-shift=false}' | filecheck %s --check-prefix=NOSHIFT
// RUN: not asic-opt %s -p 'fold-batchnorm{bogus=1}' 2>&1 | filecheck %s --check-prefix=BADOPT

// BADOPT: asic-opt: error: Provided arguments ["bogus"] not found in expected arguments ["scale_shift"]

// Conv with bias. a = scale / sqrt(var + eps) = [1, 2] / sqrt([3, 15] + 1) = [0.5, 0.5]
// w' = w * a = [1, -0.5];  b' = (b - mean) * a + bias = ([1, 2] - [1, 0]) * 0.5 + [0.5, 0] = [0.5, 1]

func.func @conv_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant "conv.weight" dense<[[[[2.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %b = nn.constant "conv.bias" dense<[1.0, 2.0]> : tensor<2xf32>
  %s = nn.constant "bn.scale" dense<[1.0, 2.0]> : tensor<2xf32>
  %t = nn.constant "bn.bias" dense<[0.5, 0.0]> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<[1.0, 0.0]> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<[3.0, 15.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %z = nn.batchnorm %y, %s, %t, %m, %v epsilon 1.0 : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %z : tensor<1x2x2x2xf32>
}

// CHECK-LABEL: func.func @conv_bias
// CHECK-NEXT:    %w = nn.constant "conv.weight.bn_folded" dense<[[[[1.000000e+00]]], [[[-5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-NEXT:    %b = nn.constant "conv.bias.bn_folded" dense<[5.000000e-01, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %z = nn.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %z : tensor<1x2x2x2xf32>

// NOSHIFT-LABEL: func.func @conv_bias
// NOSHIFT-NOT:     nn.batchnorm
// NOSHIFT:         nn.conv2d %x, %w, %b

// -----

// Depthwise conv (groups = channels), no bias, epsilon 0:
// a = [1, 1] / sqrt([0.25, 16]) = [2, 0.25], each output channel scales its own 2x2 slice;
// b' = (0 - mean) * a + bias = -[1, 4] * [2, 0.25] + [0, 1] = [-2, 0]: named after the batchnorm bias.

func.func @depthwise(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant "dw.weight" dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[4.0, 8.0], [12.0, 16.0]]]]> : tensor<2x1x2x2xf32>
  %s = nn.constant "bn.scale" dense<1.0> : tensor<2xf32>
  %t = nn.constant "bn.bias" dense<[0.0, 1.0]> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<[1.0, 4.0]> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<[0.25, 16.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w groups 2 : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %z = nn.batchnorm %y, %s, %t, %m, %v epsilon 0.0 : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %z : tensor<1x2x2x2xf32>
}

// CHECK-LABEL: func.func @depthwise
// CHECK-NEXT:    %w = nn.constant "dw.weight.bn_folded" dense<{{\[}}[{{\[}}[2.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]]], [{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]]]> : tensor<2x1x2x2xf32>
// CHECK-NEXT:    %t = nn.constant "bn.bias.bn_folded" dense<[-2.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %z = nn.conv2d %x, %w, %t groups 2 : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    func.return %z

// -----

// Dense [N=2, K=3] with bias, f64: a = [2, 3] / sqrt([1, 9]) = [2, 1];
// w' = [[2, 4, 6], [-1, 0, 1]];  b' = ([1, 1] - [0, 2]) * [2, 1] + [0, 0.5] = [2, -0.5]

func.func @dense(%x: tensor<4x3xf64>) -> tensor<4x2xf64> {
  %w = nn.constant "fc.weight" dense<[[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]> : tensor<2x3xf64>
  %b = nn.constant "fc.bias" dense<1.0> : tensor<2xf64>
  %s = nn.constant "bn.scale" dense<[2.0, 3.0]> : tensor<2xf64>
  %t = nn.constant "bn.bias" dense<[0.0, 0.5]> : tensor<2xf64>
  %m = nn.constant "bn.mean" dense<[0.0, 2.0]> : tensor<2xf64>
  %v = nn.constant "bn.var" dense<[1.0, 9.0]> : tensor<2xf64>
  %y = nn.dense %x, %w, %b : (tensor<4x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<4x2xf64>
  %z = nn.batchnorm %y, %s, %t, %m, %v epsilon 0.0 : (tensor<4x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> tensor<4x2xf64>
  func.return %z : tensor<4x2xf64>
}

// CHECK-LABEL: func.func @dense
// CHECK-NEXT:    %w = nn.constant "fc.weight.bn_folded" dense<{{\[}}[2.000000e+00, 4.000000e+00, 6.000000e+00], [-1.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<2x3xf64>
// CHECK-NEXT:    %b = nn.constant "fc.bias.bn_folded" dense<[2.000000e+00, -5.000000e-01]> : tensor<2xf64>
// CHECK-NEXT:    %z = nn.dense %x, %w, %b : (tensor<4x3xf64>, tensor<2x3xf64>, tensor<2xf64>) -> tensor<4x2xf64>
// CHECK-NEXT:    func.return %z

// -----

// No producer to fold into (a function argument): per-channel mul + add, [C, 1, 1]
// constants for rank 4, [C] for rank 2. a = [2, 0.5]; shift = bias - a * mean = [1, 1] - [2, 0.5] * [1, 2] = [-1, 0]

func.func @scale_shift(%x: tensor<1x2x3x3xf32>, %x2: tensor<5x2xf32>) -> (tensor<1x2x3x3xf32>, tensor<5x2xf32>) {
  %s = nn.constant "bn.scale" dense<[2.0, 2.0]> : tensor<2xf32>
  %t = nn.constant "bn.bias" dense<1.0> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<[1.0, 2.0]> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<[1.0, 16.0]> : tensor<2xf32>
  %z = nn.batchnorm %x, %s, %t, %m, %v epsilon 0.0 : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z2 = nn.batchnorm %x2, %s, %t, %m, %v epsilon 0.0 : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<5x2xf32>
  func.return %z, %z2 : tensor<1x2x3x3xf32>, tensor<5x2xf32>
}

// CHECK-LABEL: func.func @scale_shift
// CHECK-DAG:     %[[A4:.*]] = nn.constant "bn.scale.bn_folded" dense<{{\[}}[{{\[}}2.000000e+00]], [{{\[}}5.000000e-01]]]> : tensor<2x1x1xf32>
// CHECK-DAG:     %[[S4:.*]] = nn.constant "bn.bias.bn_folded" dense<{{\[}}[{{\[}}-1.000000e+00]], [{{\[}}0.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK-DAG:     %[[A2:.*]] = nn.constant "bn.scale.bn_folded.1" dense<[2.000000e+00, 5.000000e-01]> : tensor<2xf32>
// CHECK-DAG:     %[[S2:.*]] = nn.constant "bn.bias.bn_folded.1" dense<[-1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK:         %z_scaled = nn.mul %x, %[[A4]] : (tensor<1x2x3x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %z = nn.add %z_scaled, %[[S4]] : (tensor<1x2x3x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    %z2_scaled = nn.mul %x2, %[[A2]] : (tensor<5x2xf32>, tensor<2xf32>) -> tensor<5x2xf32>
// CHECK-NEXT:    %z2 = nn.add %z2_scaled, %[[S2]] : (tensor<5x2xf32>, tensor<2xf32>) -> tensor<5x2xf32>
// CHECK-NEXT:    func.return %z, %z2
// CHECK-NOT:     nn.batchnorm

// NOSHIFT-LABEL: func.func @scale_shift
// NOSHIFT-NOT:     nn.mul
// NOSHIFT:         nn.batchnorm %x,
// NOSHIFT:         nn.batchnorm %x2,

// -----

// The conv's result has another user: it cannot absorb the batchnorm, which becomes mul + add.

func.func @conv_two_users(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = nn.constant "conv.weight" dense<1.0> : tensor<2x2x1x1xf32>
  %s = nn.constant "bn.scale" dense<1.0> : tensor<2xf32>
  %t = nn.constant "bn.bias" dense<0.0> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<0.0> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<3.0> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z = nn.batchnorm %y, %s, %t, %m, %v epsilon 1.0 : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  func.return %y, %z : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// CHECK-LABEL: func.func @conv_two_users
// CHECK:         %w = nn.constant "conv.weight" dense<1.000000e+00> : tensor<2x2x1x1xf32>
// CHECK-NOT:     bn_folded"{{.*}}2x2x1x1
// CHECK:         %y = nn.conv2d %x, %w :
// CHECK-NEXT:    %z_scaled = nn.mul %y, %{{.*}} : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>)
// CHECK-NEXT:    %z = nn.add %z_scaled,
// CHECK-NEXT:    func.return %y, %z

// -----

// The weight is not a constant: no fold into the dense.

func.func @dense_variable_weight(%x: tensor<1x3xf32>, %w: tensor<2x3xf32>) -> tensor<1x2xf32> {
  %s = nn.constant "bn.scale" dense<1.0> : tensor<2xf32>
  %t = nn.constant "bn.bias" dense<0.0> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<0.0> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<1.0> : tensor<2xf32>
  %y = nn.dense %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %z = nn.batchnorm %y, %s, %t, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  func.return %z : tensor<1x2xf32>
}

// CHECK-LABEL: func.func @dense_variable_weight
// CHECK:         %y = nn.dense %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %z_scaled = nn.mul %y, %{{.*}} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %z = nn.add %z_scaled,

// -----

// Batchnorm parameters that are not constants, and a negative variance: left alone.

func.func @not_constant(%x: tensor<1x2xf32>, %s: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x2xf32>
  %t = nn.constant "bn.bias" dense<0.0> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<0.0> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<1.0> : tensor<2xf32>
  %bad = nn.constant "bn.var_negative" dense<[1.0, -1.0]> : tensor<2xf32>
  %y = nn.dense %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %z = nn.batchnorm %y, %s, %t, %m, %v : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %z2 = nn.batchnorm %x, %t, %t, %m, %bad : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  func.return %z, %z2 : tensor<1x2xf32>, tensor<1x2xf32>
}

// CHECK-LABEL: func.func @not_constant
// CHECK-NOT:     bn_folded
// CHECK:         %y = nn.dense %x, %w
// CHECK-NEXT:    %z = nn.batchnorm %y, %s, %t, %m, %v :
// CHECK-NEXT:    %z2 = nn.batchnorm %x, %t, %t, %m, %bad :
// CHECK-NOT:     nn.mul

// -----

// A weight shared by two convs, each followed by a batchnorm: each gets its own folded weight
// (distinct names), the shared original goes once unused. Then a second batchnorm in a row
// folds into the already folded conv.

func.func @shared_weight(%x: tensor<1x1x1x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) {
  %w = nn.constant "conv.weight" dense<3.0> : tensor<1x1x1x1xf32>
  %s1 = nn.constant "bn1.scale" dense<2.0> : tensor<1xf32>
  %s2 = nn.constant "bn2.scale" dense<0.5> : tensor<1xf32>
  %t = nn.constant "bn.bias" dense<0.0> : tensor<1xf32>
  %m = nn.constant "bn.mean" dense<0.0> : tensor<1xf32>
  %v = nn.constant "bn.var" dense<1.0> : tensor<1xf32>
  %y1 = nn.conv2d %x, %w : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %z1 = nn.batchnorm %y1, %s1, %t, %m, %v epsilon 0.0 : (tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %y2 = nn.conv2d %x, %w : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %z2 = nn.batchnorm %y2, %s2, %t, %m, %v epsilon 0.0 : (tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %z3 = nn.batchnorm %z2, %s2, %t, %m, %v epsilon 0.0 : (tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  func.return %z1, %z3 : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>
}

// CHECK-LABEL: func.func @shared_weight
// CHECK-NOT:     "conv.weight"
// CHECK-DAG:     nn.constant "conv.weight.bn_folded" dense<6.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG:     nn.constant "conv.weight.bn_folded.1" dense<7.500000e-01> : tensor<1x1x1x1xf32>
// CHECK-NOT:     nn.batchnorm
// CHECK-NOT:     "conv.weight"
// CHECK:         func.return
