// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @no_inputs() {
  // CHECK: Operation does not verify: concat needs at least one input{{$}}
  %y = nn.concat axis 0 : () -> tensor<0xf32>
  func.return
}

// -----

func.func @element_types(%a: tensor<2xf32>, %b: tensor<2xf16>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32, f16) -> f32{{$}}
  %y = nn.concat %a, %b axis 0 : (tensor<2xf32>, tensor<2xf16>) -> tensor<4xf32>
  func.return
}

// -----

func.func @axis(%a: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axis 2 is out of range for rank 2{{$}}
  %y = nn.concat %a, %a axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  func.return
}

// -----

func.func @rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // CHECK: Operation does not verify: input 1 has rank 3, input 0 has rank 2{{$}}
  %y = nn.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<4x3xf32>
  func.return
}

// -----

func.func @other_axes(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: input shapes [[2, 3], [2, 4]] differ outside axis 0{{$}}
  %y = nn.concat %a, %b axis 0 : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  func.return
}

// -----

func.func @result(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 7], got [2, 6]{{$}}
  %y = nn.concat %a, %b axis -1 : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x6xf32>
  func.return
}

// -----

func.func @missing_axis(%a: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: property 'axis' expected in operation 'nn.concat'{{$}}
  %y = "nn.concat"(%a, %a) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  func.return
}
