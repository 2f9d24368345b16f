// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @element_types(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32) -> f16{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf16>
  func.return
}

// -----

func.func @rank(%x: tensor<1x4x4xf32>) {
  // CHECK: Operation does not verify: expected input of rank 4, got rank 3{{$}}
  %y = nn.avgpool2d %x kernel [2, 2] : (tensor<1x4x4xf32>) -> tensor<1x3x3xf32>
  func.return
}

// -----

func.func @kernel_length(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: kernel must have 2 values, got 1{{$}}
  %y = nn.maxpool2d %x kernel [2] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @strides_length(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: strides must have 2 values, got 3{{$}}
  %y = nn.avgpool2d %x kernel [2, 2] strides [1, 1, 1] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @pads_length(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: pads must have 4 values, got 0{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] pads [] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @dilations_length(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: dilations must have 2 values, got 1{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] dilations [2] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @kernel_zero(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: kernel must be >= 1, got [0, 2]{{$}}
  %y = nn.avgpool2d %x kernel [0, 2] : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x3xf32>
  func.return
}

// -----

func.func @stride_zero(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: strides must be >= 1, got [1, 0]{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] strides [1, 0] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @dilation_zero(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: dilations must be >= 1, got [0, 1]{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] dilations [0, 1] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @negative_pad(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: pads must be >= 0, got [0, 0, -1, 0]{{$}}
  %y = nn.avgpool2d %x kernel [2, 2] pads [0, 0, -1, 0] : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x3xf32>
  func.return
}

// -----

func.func @window_too_large(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: the window of extent [3, 7] does not fit in the padded input of size [4, 6]{{$}}
  %y = nn.maxpool2d %x kernel [3, 4] pads [0, 1, 0, 1] dilations [1, 2] : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x1xf32>
  func.return
}

// -----

func.func @window_in_begin_padding(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: window 0 along H lies entirely in the padding (it starts at -2, the input has size 4); every window must contain an input element{{$}}
  %y = nn.avgpool2d %x kernel [2, 2] pads [2, 0, 0, 0] : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x3xf32>
  func.return
}

// -----

func.func @window_in_end_padding(%x: tensor<1x1x3x3xf32>) {
  // CHECK: Operation does not verify: window 3 along W lies entirely in the padding (it starts at 3, the input has size 3); every window must contain an input element{{$}}
  %y = nn.maxpool2d %x kernel [1, 1] pads [0, 0, 0, 1] : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x4xf32>
  func.return
}

// -----

func.func @dilated_window_misses_input(%x: tensor<1x1x2x2xf32>) {
  // The taps of the dilated window at -1 are at -1 and 2: both outside the
  // input of size 2, although the pads are smaller than the kernel.
  // CHECK: Operation does not verify: window 0 along H lies entirely in the padding (it starts at -1, the input has size 2); every window must contain an input element{{$}}
  %y = nn.maxpool2d %x kernel [2, 1] pads [1, 0, 1, 0] dilations [3, 1] : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x2xf32>
  func.return
}

// -----

func.func @result_shape(%x: tensor<1x1x7x7xf32>) {
  // CHECK: Operation does not verify: expected result shape [1, 1, 4, 4], got [1, 1, 3, 3]{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] strides [2, 2] ceil_mode true : (tensor<1x1x7x7xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @missing_kernel(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: property 'kernel' expected in operation 'nn.maxpool2d'{{$}}
  %y = "nn.maxpool2d"(%x) : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  func.return
}

// -----

func.func @avgpool_dilated_shape(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [1, 1, 2, 2], got [1, 1, 3, 3]{{$}}
  %y = "nn.avgpool2d"(%x) <{kernel = array<i64: 2, 2>, dilations = array<i64: 2, 2>}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @global_element_types(%x: tensor<1x2x4x4xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32) -> bf16{{$}}
  %y = nn.global_avgpool2d %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xbf16>
  func.return
}

// -----

func.func @global_rank(%x: tensor<2x4x4xf32>) {
  // CHECK: Operation does not verify: expected input of rank 4, got rank 3{{$}}
  %y = nn.global_avgpool2d %x : (tensor<2x4x4xf32>) -> tensor<2x1x1xf32>
  func.return
}

// -----

func.func @global_empty(%x: tensor<1x2x0x4xf32>) {
  // CHECK: Operation does not verify: cannot average over an empty spatial extent [0, 4]{{$}}
  %y = nn.global_avgpool2d %x : (tensor<1x2x0x4xf32>) -> tensor<1x2x1x1xf32>
  func.return
}

// -----

func.func @global_result_shape(%x: tensor<1x2x4x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [1, 2, 1, 1], got [1, 2]{{$}}
  %y = nn.global_avgpool2d %x : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32>
  func.return
}
