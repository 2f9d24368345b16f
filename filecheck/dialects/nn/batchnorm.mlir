// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.batchnorm: per-channel parameters of shape [C] (axis 1), epsilon
// defaults to 1e-5; any rank >= 2.

func.func @batchnorm(%x: tensor<1x4x3x3xf32>, %p: tensor<4xf32>, %v: tensor<2x3xf64>, %q: tensor<3xf64>) -> tensor<1x4x3x3xf32> {
  %y = nn.batchnorm %x, %p, %p, %p, %p : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %explicit = nn.batchnorm %x, %p, %p, %p, %p epsilon 1.0e-05 : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %eps = nn.batchnorm %x, %p, %p, %p, %p epsilon 0.001 : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %zero = nn.batchnorm %v, %q, %q, %q, %q epsilon 0 : (tensor<2x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %tiny = nn.batchnorm %v, %q, %q, %q, %q epsilon 1.0e-12 : (tensor<2x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  func.return %y : tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @batchnorm
// CHECK-NEXT:    %y = nn.batchnorm %x, %p, %p, %p, %p : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %explicit = nn.batchnorm %x, %p, %p, %p, %p : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %eps = nn.batchnorm %x, %p, %p, %p, %p epsilon 0.001 : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %zero = nn.batchnorm %v, %q, %q, %q, %q epsilon 0.0 : (tensor<2x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
// CHECK-NEXT:    %tiny = nn.batchnorm %v, %q, %q, %q, %q epsilon 1.0e-12 : (tensor<2x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3xf64>

// GENERIC:      %y = "nn.batchnorm"(%x, %p, %p, %p, %p) <{epsilon = 1.000000e-05 : f64}> : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// GENERIC:      %eps = "nn.batchnorm"(%x, %p, %p, %p, %p) <{epsilon = 1.000000e-03 : f64}> : (tensor<1x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
