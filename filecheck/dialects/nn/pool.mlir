// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.maxpool2d, nn.avgpool2d, nn.global_avgpool2d. `kernel` has no default
// and is always printed; the others are omitted at their defaults. Pooled
// shapes exercise ceil_mode, including its rule that drops a last window
// starting in the end padding, and dilated max pooling.

func.func @pool(%x: tensor<1x4x8x8xf32>, %odd: tensor<1x4x7x7xf32>, %four: tensor<2x3x4x4xf32>, %two: tensor<1x1x2x2xf16>, %five: tensor<1x2x5x5xf64>) -> tensor<1x4x4x4xf32> {
  %max = nn.maxpool2d %x kernel [2, 2] strides [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %max_defaults = nn.maxpool2d %x kernel [3, 3] strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] ceil_mode false : (tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32>
  %floor = nn.maxpool2d %odd kernel [2, 2] strides [2, 2] : (tensor<1x4x7x7xf32>) -> tensor<1x4x3x3xf32>
  %ceil = nn.maxpool2d %odd ceil_mode true strides [2, 2] kernel [2, 2] : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
  %dropped = nn.maxpool2d %four kernel [2, 2] strides [2, 2] pads [0, 0, 1, 1] ceil_mode true : (tensor<2x3x4x4xf32>) -> tensor<2x3x2x2xf32>
  %past_end = nn.maxpool2d %two kernel [3, 3] strides [2, 2] ceil_mode true : (tensor<1x1x2x2xf16>) -> tensor<1x1x1x1xf16>
  %dilated = nn.maxpool2d %five kernel [2, 2] pads [1, 0, 1, 0] dilations [2, 1] : (tensor<1x2x5x5xf64>) -> tensor<1x2x5x4xf64>
  %pad_beyond_kernel = nn.maxpool2d %four kernel [2, 2] strides [3, 3] pads [0, 0, 2, 2] : (tensor<2x3x4x4xf32>) -> tensor<2x3x2x2xf32>
  %avg = nn.avgpool2d %x kernel [2, 2] strides [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %avg_pad = nn.avgpool2d %x count_include_pad true kernel [3, 3] pads [1, 1, 1, 1] : tensor<1x4x8x8xf32>
  %avg_ceil = nn.avgpool2d %odd kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] ceil_mode true count_include_pad false : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
  %avg_dilated = nn.avgpool2d %five kernel [2, 2] pads [1, 0, 1, 0] dilations [2, 1] count_include_pad true : (tensor<1x2x5x5xf64>) -> tensor<1x2x5x4xf64>
  %global = nn.global_avgpool2d %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %global_one = nn.global_avgpool2d %two : (tensor<1x1x2x2xf16>) -> tensor<1x1x1x1xf16>
  func.return %max : tensor<1x4x4x4xf32>
}

// CHECK-LABEL: func.func @pool
// CHECK-NEXT:    %max = nn.maxpool2d %x kernel [2, 2] strides [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %max_defaults = nn.maxpool2d %x kernel [3, 3] : (tensor<1x4x8x8xf32>) -> tensor<1x4x6x6xf32>
// CHECK-NEXT:    %floor = nn.maxpool2d %odd kernel [2, 2] strides [2, 2] : (tensor<1x4x7x7xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %ceil = nn.maxpool2d %odd kernel [2, 2] strides [2, 2] ceil_mode true : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %dropped = nn.maxpool2d %four kernel [2, 2] strides [2, 2] pads [0, 0, 1, 1] ceil_mode true : (tensor<2x3x4x4xf32>) -> tensor<2x3x2x2xf32>
// CHECK-NEXT:    %past_end = nn.maxpool2d %two kernel [3, 3] strides [2, 2] ceil_mode true : (tensor<1x1x2x2xf16>) -> tensor<1x1x1x1xf16>
// CHECK-NEXT:    %dilated = nn.maxpool2d %five kernel [2, 2] pads [1, 0, 1, 0] dilations [2, 1] : (tensor<1x2x5x5xf64>) -> tensor<1x2x5x4xf64>
// CHECK-NEXT:    %pad_beyond_kernel = nn.maxpool2d %four kernel [2, 2] strides [3, 3] pads [0, 0, 2, 2] : (tensor<2x3x4x4xf32>) -> tensor<2x3x2x2xf32>
// CHECK-NEXT:    %avg = nn.avgpool2d %x kernel [2, 2] strides [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %avg_pad = nn.avgpool2d %x kernel [3, 3] pads [1, 1, 1, 1] count_include_pad true : tensor<1x4x8x8xf32>
// CHECK-NEXT:    %avg_ceil = nn.avgpool2d %odd kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] ceil_mode true : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %avg_dilated = nn.avgpool2d %five kernel [2, 2] pads [1, 0, 1, 0] dilations [2, 1] count_include_pad true : (tensor<1x2x5x5xf64>) -> tensor<1x2x5x4xf64>
// CHECK-NEXT:    %global = nn.global_avgpool2d %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:    %global_one = nn.global_avgpool2d %two : (tensor<1x1x2x2xf16>) -> tensor<1x1x1x1xf16>

// GENERIC:      %max = "nn.maxpool2d"(%x) <{kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false}> : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
// GENERIC:      %ceil = "nn.maxpool2d"(%odd) <{kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true}> : (tensor<1x4x7x7xf32>) -> tensor<1x4x4x4xf32>
// GENERIC:      %avg_pad = "nn.avgpool2d"(%x) <{kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = true}> : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
// GENERIC:      %global = "nn.global_avgpool2d"(%x) : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
