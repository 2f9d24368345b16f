// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %w = nn.constant "conv.weight" dense<0.5> : tensor<4x3x3x3xf32>
  %b = nn.constant "conv.bias" dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %y = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  func.return %y : tensor<1x4x4x4xf32>
}
// CHECK: %w = nn.constant "conv.weight" dense<5.000000e-01> : tensor<4x3x3x3xf32>
// CHECK: %y = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
