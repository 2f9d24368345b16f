// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.conv2d: properties at their defaults are omitted (also when written out),
// the others print in the order strides, pads, dilations, groups, whatever
// order they were written in; the bias is optional; f16 works like f32.

func.func @conv2d(%x: tensor<1x3x8x8xf32>, %x4: tensor<1x4x9x9xf32>, %wg: tensor<6x2x3x3xf32>, %h: tensor<2x8x5x5xf16>, %wd: tensor<8x1x3x3xf16>, %d: tensor<1x2x4x4xf64>, %wk: tensor<3x2x1x2xf64>) -> tensor<1x4x4x4xf32> {
  %w = nn.constant "conv.weight" dense<0.5> : tensor<4x3x3x3xf32>
  %b = nn.constant "conv.bias" dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %defaults = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %explicit = nn.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %y = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %all = nn.conv2d %x4, %wg groups 2 dilations [2, 2] pads [1, 0, 2, 1] strides [2, 1] : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x6xf32>
  %depthwise = nn.conv2d %h, %wd pads [1, 1, 1, 1] groups 8 {tag = "dw"} : (tensor<2x8x5x5xf16>, tensor<8x1x3x3xf16>) -> tensor<2x8x5x5xf16>
  %rect = nn.conv2d %d, %wk strides [3, 2] dilations [1, 3] : (tensor<1x2x4x4xf64>, tensor<3x2x1x2xf64>) -> tensor<1x3x2x1xf64>
  func.return %y : tensor<1x4x4x4xf32>
}

// CHECK-LABEL: func.func @conv2d
// CHECK-NEXT:    %w = nn.constant "conv.weight" dense<5.000000e-01> : tensor<4x3x3x3xf32>
// CHECK-NEXT:    %b = nn.constant "conv.bias" dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    %defaults = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT:    %explicit = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT:    %y = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %all = nn.conv2d %x4, %wg strides [2, 1] pads [1, 0, 2, 1] dilations [2, 2] groups 2 : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x6xf32>
// CHECK-NEXT:    %depthwise = nn.conv2d %h, %wd pads [1, 1, 1, 1] groups 8 {tag = "dw"} : (tensor<2x8x5x5xf16>, tensor<8x1x3x3xf16>) -> tensor<2x8x5x5xf16>
// CHECK-NEXT:    %rect = nn.conv2d %d, %wk strides [3, 2] dilations [1, 3] : (tensor<1x2x4x4xf64>, tensor<3x2x1x2xf64>) -> tensor<1x3x2x1xf64>
// CHECK-NEXT:    func.return %y : tensor<1x4x4x4xf32>

// The generic form holds every property, defaults included, in one order.
// GENERIC:      %w = "nn.constant"() <{name = "conv.weight", value = dense<5.000000e-01> : tensor<4x3x3x3xf32>}> : () -> tensor<4x3x3x3xf32>
// GENERIC:      %defaults = "nn.conv2d"(%x, %w) <{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// GENERIC-NEXT: %explicit = "nn.conv2d"(%x, %w) <{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// GENERIC-NEXT: %y = "nn.conv2d"(%x, %w, %b) <{strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}> : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// GENERIC-NEXT: %all = "nn.conv2d"(%x4, %wg) <{strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 2, 1>, dilations = array<i64: 2, 2>, groups = 2 : i64}> : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x4x6xf32>
// GENERIC-NEXT: %depthwise = "nn.conv2d"(%h, %wd) <{strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 8 : i64}> {tag = "dw"} : (tensor<2x8x5x5xf16>, tensor<8x1x3x3xf16>) -> tensor<2x8x5x5xf16>
