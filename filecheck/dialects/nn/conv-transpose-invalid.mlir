// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @shape(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) {
  // CHECK: Operation does not verify: {{.*}}[1, 4, 5, 5]{{.*}}
  %y = nn.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @channels(%x: tensor<1x3x3x3xf32>, %w: tensor<2x4x3x3xf32>) {
  // CHECK: Operation does not verify: the input's 3 channels must equal the weight's dim 0 (2) and divide into 1 groups{{$}}
  %y = nn.conv_transpose2d %x, %w : (tensor<1x3x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32>
  func.return
}

// -----

func.func @output_padding(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) {
  // CHECK: Operation does not verify: output_padding 1 must be smaller than the stride or the dilation{{$}}
  %y = nn.conv_transpose2d %x, %w output_padding [1, 0] : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x6x5xf32>
  func.return
}

// -----

func.func @bias(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>, %b: tensor<2xf32>) {
  // CHECK: Operation does not verify: expected bias of shape [4], got [2]{{$}}
  %y = nn.conv_transpose2d %x, %w, %b : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<2xf32>) -> tensor<1x4x5x5xf32>
  func.return
}
