// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>, %b: tensor<4xf32>, %g: tensor<2x1x2x2xf32>) -> tensor<1x4x5x5xf32> {
  %y = nn.conv_transpose2d %x, %w, %b : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
  %s = nn.conv_transpose2d %x, %w strides [3, 2] pads [1, 1, 1, 1] output_padding [1, 0] : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x8x5xf32>
  %grouped = nn.conv_transpose2d %x, %g groups 2 dilations [2, 2] : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x5x5xf32>
  func.return %y : tensor<1x4x5x5xf32>
}

// CHECK-LABEL: func.func @conv_transpose
// CHECK-NEXT:    %y = nn.conv_transpose2d %x, %w, %b : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
// CHECK-NEXT:    %s = nn.conv_transpose2d %x, %w strides [3, 2] pads [1, 1, 1, 1] output_padding [1, 0] : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x8x5xf32>
// CHECK-NEXT:    %grouped = nn.conv_transpose2d %x, %g dilations [2, 2] groups 2 : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x5x5xf32>

// GENERIC: "nn.conv_transpose2d"(%{{.*}}, %{{.*}}, %{{.*}}) <{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>}>
