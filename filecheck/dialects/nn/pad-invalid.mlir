// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @element_types(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32) -> f16{{$}}
  %y = nn.pad %x pads [1, 1] : (tensor<4xf32>) -> tensor<6xf16>
  func.return
}

// -----

func.func @pads_length(%x: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: pads must have 4 values, got 2{{$}}
  %y = nn.pad %x pads [1, 1] : (tensor<2x4xf32>) -> tensor<2x6xf32>
  func.return
}

// -----

func.func @negative_pads(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: pads must be >= 0, got [-1, 1]{{$}}
  %y = nn.pad %x pads [-1, 1] : tensor<4xf32>
  func.return
}

// -----

func.func @mode(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: unknown pad mode 'wrap', expected one of constant, reflect, edge{{$}}
  %y = nn.pad %x pads [1, 1] mode "wrap" : (tensor<4xf32>) -> tensor<6xf32>
  func.return
}

// -----

func.func @value_without_constant_mode(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: value is only used by mode 'constant', got mode 'edge'{{$}}
  %y = nn.pad %x pads [1, 1] mode "edge" value 1.0 : (tensor<4xf32>) -> tensor<6xf32>
  func.return
}

// -----

func.func @nan_value(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: value must not be nan{{$}}
  %y = nn.pad %x pads [1, 1] value nan : (tensor<4xf32>) -> tensor<6xf32>
  func.return
}

// -----

func.func @reflect_too_far(%x: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: reflect padding along axis 1 must be smaller than its size 4, got pads 0 and 4{{$}}
  %y = nn.pad %x pads [1, 0, 1, 4] mode "reflect" : (tensor<2x4xf32>) -> tensor<4x8xf32>
  func.return
}

// -----

func.func @reflect_single(%x: tensor<1x4xf32>) {
  // CHECK: Operation does not verify: reflect padding along axis 0 must be smaller than its size 1, got pads 1 and 0{{$}}
  %y = nn.pad %x pads [1, 0, 0, 0] mode "reflect" : (tensor<1x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

func.func @edge_of_empty(%x: tensor<0x4xf32>) {
  // CHECK: Operation does not verify: edge padding along axis 0 needs a non-empty dimension{{$}}
  %y = nn.pad %x pads [0, 0, 1, 0] mode "edge" : (tensor<0x4xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @result(%x: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [3, 7], got [3, 6]{{$}}
  %y = nn.pad %x pads [1, 1, 0, 2] : (tensor<2x4xf32>) -> tensor<3x6xf32>
  func.return
}

// -----

func.func @missing_pads(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: property 'pads' expected in operation 'nn.pad'{{$}}
  %y = "nn.pad"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}
