// RUN: asic-opt %s -p 'prune{mode=channel sparsity=0.5}' 2>&1 | filecheck %s

// Channel pruning of a conv followed by batchnorm, relu, max pooling, a
// per-channel constant multiply, flatten and a dense layer. Output channels
// 1 and 3 of the conv have the smallest L2 norms; they disappear from the
// conv's weight and bias, the batchnorm parameters, the [C,1,1] constant,
// and as features 2-3 and 6-7 (channel c is features 2c, 2c+1 after the
// flatten of [1, 4, 1, 2]) of the dense weight.
func.func @main(%x: tensor<1x2x2x2xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "conv.weight" dense<[[[[1.0]], [[0.1]]], [[[0.05]], [[0.0]]], [[[-2.0]], [[1.0]]], [[[0.5]], [[0.5]]]]> : tensor<4x2x1x1xf32>
  %b = nn.constant "conv.bias" dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c = nn.conv2d %x, %w, %b : (tensor<1x2x2x2xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %s = nn.constant "bn.scale" dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %o = nn.constant "bn.bias" dense<[0.0, 0.5, 0.25, 0.5]> : tensor<4xf32>
  %m = nn.constant "bn.mean" dense<0.0> : tensor<4xf32>
  %v = nn.constant "bn.var" dense<1.0> : tensor<4xf32>
  %n = nn.batchnorm %c, %s, %o, %m, %v : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %r = nn.relu %n : tensor<1x4x2x2xf32>
  %k = nn.constant "scale" dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>
  %q = nn.mul %r, %k : (tensor<1x4x2x2xf32>, tensor<4x1x1xf32>) -> tensor<1x4x2x2xf32>
  %p = nn.maxpool2d %q kernel [2, 1] : (tensor<1x4x2x2xf32>) -> tensor<1x4x1x2xf32>
  %f = nn.flatten %p : (tensor<1x4x1x2xf32>) -> tensor<1x8xf32>
  %fw = nn.constant "fc.weight" dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]]> : tensor<2x8xf32>
  %fb = nn.constant "fc.bias" dense<[0.5, 0.5]> : tensor<2xf32>
  %y = nn.dense %f, %fw, %fb : (tensor<1x8xf32>, tensor<2x8xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// CHECK:      remark: prune: layer 'fc.weight' left alone: its channels are a result of the function
// CHECK:      %w = nn.constant "conv.weight" dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}1.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}1.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-NEXT: %b = nn.constant "conv.bias" dense<[1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %c = nn.conv2d %x, %w, %b : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %s = nn.constant "bn.scale" dense<[1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %o = nn.constant "bn.bias" dense<[0.000000e+00, 2.500000e-01]> : tensor<2xf32>
// CHECK-NEXT: %m = nn.constant "bn.mean" dense<0.000000e+00> : tensor<2xf32>
// CHECK-NEXT: %v = nn.constant "bn.var" dense<1.000000e+00> : tensor<2xf32>
// CHECK-NEXT: %n = nn.batchnorm %c, %s, %o, %m, %v : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %r = nn.relu %n : tensor<1x2x2x2xf32>
// CHECK-NEXT: %k = nn.constant "scale" dense<{{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK-NEXT: %q = nn.mul %r, %k : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT: %p = nn.maxpool2d %q kernel [2, 1] : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x2xf32>
// CHECK-NEXT: %f = nn.flatten %p : (tensor<1x2x1x2xf32>) -> tensor<1x4xf32>
// CHECK-NEXT: %fw = nn.constant "fc.weight" dense<{{\[\[}}0.000000e+00, 1.000000e+00, 4.000000e+00, 5.000000e+00], [1.000000e+01, 1.100000e+01, 1.400000e+01, 1.500000e+01]]> : tensor<2x4xf32>
// CHECK-NEXT: %fb = nn.constant "fc.bias" dense<5.000000e-01> : tensor<2xf32>
// CHECK-NEXT: %y = nn.dense %f, %fw, %fb : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
