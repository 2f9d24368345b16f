// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @element_types(%a: tensor<2x3xf16>, %b: tensor<3x4xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f16, f32) -> f32{{$}}
  %y = nn.matmul %a, %b : (tensor<2x3xf16>, tensor<3x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

func.func @rank(%a: tensor<3xf32>, %b: tensor<3x4xf32>) {
  // CHECK: Operation does not verify: expected operands of rank >= 2, got ranks 1 and 2{{$}}
  %y = nn.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @contracting(%a: tensor<2x3xf32>, %b: tensor<4x4xf32>) {
  // CHECK: Operation does not verify: contracting dimensions differ: 3 and 4{{$}}
  %y = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

func.func @batch(%a: tensor<5x2x3xf32>, %b: tensor<6x3x4xf32>) {
  // CHECK: Operation does not verify: batch dimensions [5] and [6] do not broadcast{{$}}
  %y = nn.matmul %a, %b : (tensor<5x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x2x4xf32>
  func.return
}

// -----

func.func @result_shape(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [5, 2, 4], got [2, 4]{{$}}
  %y = nn.matmul %a, %b : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  func.return
}
