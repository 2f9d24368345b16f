// RUN: xdsl-opt %s | xdsl-opt | filecheck %s
// RUN: xdsl-opt %s --print-op-generic | xdsl-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | xdsl-opt | asic-opt | filecheck %s

// The nn dialect is registered in xDSL's universe through the package's
// `xdsl.universe` entry point, so plain xdsl-opt reads and prints it, in
// both forms, and agrees with asic-opt.

func.func @lenet_block(%x: tensor<1x1x8x8xf32>) -> tensor<1x10xf32> {
  %w = nn.constant "conv.weight" dense<0.25> : tensor<4x1x3x3xf32>
  %b = nn.constant "conv.bias" dense<0.0> : tensor<4xf32>
  %c = nn.conv2d %x, %w, %b pads [1, 1, 1, 1] : (tensor<1x1x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = nn.leaky_relu %c alpha 0.1 : tensor<1x4x8x8xf32>
  %p = nn.maxpool2d %r kernel [2, 2] strides [2, 2] ceil_mode true : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %f = nn.flatten %p : (tensor<1x4x4x4xf32>) -> tensor<1x64xf32>
  %fw = nn.constant "fc.weight" dense<1.0e-05> : tensor<10x64xf32>
  %y = nn.dense %f, %fw : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  %s = nn.softmax %y : tensor<1x10xf32>
  func.return %s : tensor<1x10xf32>
}

// CHECK-LABEL: func.func @lenet_block
// CHECK-NEXT:    %w = nn.constant "conv.weight" dense<2.500000e-01> : tensor<4x1x3x3xf32>
// CHECK-NEXT:    %b = nn.constant "conv.bias" dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT:    %c = nn.conv2d %x, %w, %b pads [1, 1, 1, 1] : (tensor<1x1x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
// CHECK-NEXT:    %r = nn.leaky_relu %c alpha 0.1 : tensor<1x4x8x8xf32>
// CHECK-NEXT:    %p = nn.maxpool2d %r kernel [2, 2] strides [2, 2] ceil_mode true : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %f = nn.flatten %p : (tensor<1x4x4x4xf32>) -> tensor<1x64xf32>
// CHECK-NEXT:    %fw = nn.constant "fc.weight" dense<1.000000e-05> : tensor<10x64xf32>
// CHECK-NEXT:    %y = nn.dense %f, %fw : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
// CHECK-NEXT:    %s = nn.softmax %y : tensor<1x10xf32>
// CHECK-NEXT:    func.return %s : tensor<1x10xf32>
