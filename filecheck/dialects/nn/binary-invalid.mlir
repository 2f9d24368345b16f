// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @element_types(%a: tensor<4xf32>, %b: tensor<4xf64>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32, f64) -> f32{{$}}
  %y = nn.add %a, %b : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  func.return
}

// -----

func.func @result_element_type(%a: tensor<4xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32, f32) -> f16{{$}}
  %y = nn.mul %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @broadcast(%a: tensor<2x4xf32>, %b: tensor<3x1xf32>) {
  // CHECK: Operation does not verify: operand shapes [2, 4] and [3, 1] do not broadcast{{$}}
  %y = nn.sub %a, %b : (tensor<2x4xf32>, tensor<3x1xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

func.func @result_shape(%a: tensor<2x4xf32>, %b: tensor<4xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 4], got [4]{{$}}
  %y = nn.div %a, %b : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @booleans(%a: tensor<4xi1>) {
  // CHECK: Operation does not verify: operand 'lhs' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64 or an integer type (i8 to i64, ui8 to ui64), got tensor<4xi1>{{$}}
  %y = nn.add %a, %a : tensor<4xi1>
  func.return
}
