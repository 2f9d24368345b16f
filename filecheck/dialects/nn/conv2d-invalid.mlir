// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of nn.conv2d, one per chunk.

func.func @element_types(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32, f16) -> f32{{$}}
  %y = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @input_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: expected input of rank 4, got rank 3{{$}}
  %y = nn.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x27xf32>) {
  // CHECK: Operation does not verify: expected weight of rank 4, got rank 2{{$}}
  %y = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x27xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @strides_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: strides must have 2 values, got 1{{$}}
  %y = nn.conv2d %x, %w strides [2] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @pads_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: pads must have 4 values, got 2{{$}}
  %y = nn.conv2d %x, %w pads [1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  func.return
}

// -----

func.func @dilations_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: dilations must have 2 values, got 3{{$}}
  %y = nn.conv2d %x, %w dilations [1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: strides must be >= 1, got [0, 2]{{$}}
  %y = nn.conv2d %x, %w strides [0, 2] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x3xf32>
  func.return
}

// -----

func.func @zero_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: dilations must be >= 1, got [1, 0]{{$}}
  %y = nn.conv2d %x, %w dilations [1, 0] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x8xf32>
  func.return
}

// -----

func.func @negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: pads must be >= 0, got [1, -1, 1, 1]{{$}}
  %y = nn.conv2d %x, %w pads [1, -1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  func.return
}

// -----

func.func @empty_kernel(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) {
  // CHECK: Operation does not verify: kernel size (weight dimensions 2 and 3) must be >= 1, got [0, 3]{{$}}
  %y = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x9x6xf32>
  func.return
}

// -----

func.func @zero_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: groups must be >= 1, got 0{{$}}
  %y = nn.conv2d %x, %w groups 0 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @groups_divide_input(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // CHECK: Operation does not verify: groups (2) must divide input channels (3) and output channels (4){{$}}
  %y = nn.conv2d %x, %w groups 2 : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @groups_divide_output(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // CHECK: Operation does not verify: groups (2) must divide input channels (4) and output channels (3){{$}}
  %y = nn.conv2d %x, %w groups 2 : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  func.return
}

// -----

func.func @weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // CHECK: Operation does not verify: weight expects 8 input channels (4 per group, 2 groups), input has 4{{$}}
  %y = nn.conv2d %x, %w groups 2 : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // CHECK: Operation does not verify: expected bias of shape [4], got [3]{{$}}
  %y = nn.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @kernel_too_large(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: the kernel of extent [5, 3] does not fit in the padded input of size [4, 5]{{$}}
  %y = nn.conv2d %x, %w pads [0, 1, 0, 0] dilations [2, 1] : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  func.return
}

// -----

func.func @result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: Operation does not verify: expected result shape [1, 4, 4, 4], got [1, 4, 8, 8]{{$}}
  %y = nn.conv2d %x, %w strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  func.return
}

// -----

func.func @too_few_operands(%x: tensor<1x3x8x8xf32>) {
  // CHECK: Operation does not verify: Expected 2 or 3 operands, but got 1{{$}}
  %y = nn.conv2d %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  func.return
}
