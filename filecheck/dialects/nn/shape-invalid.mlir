// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @flatten_element_types(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32) -> f64{{$}}
  %y = nn.flatten %x : (tensor<2x3xf32>) -> tensor<2x3xf64>
  func.return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axis 3 is out of range [-2, 2] for rank 2{{$}}
  %y = nn.flatten %x axis 3 : (tensor<2x3xf32>) -> tensor<6x1xf32>
  func.return
}

// -----

func.func @flatten_negative_axis(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axis -3 is out of range [-2, 2] for rank 2{{$}}
  %y = nn.flatten %x axis -3 : (tensor<2x3xf32>) -> tensor<1x6xf32>
  func.return
}

// -----

func.func @flatten_result(%x: tensor<2x3x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 12], got [6, 4]{{$}}
  %y = nn.flatten %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  func.return
}

// -----

func.func @reshape_element_types(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32) -> f16{{$}}
  %y = nn.reshape %x : (tensor<2x3xf32>) -> tensor<6xf16>
  func.return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: cannot reshape [2, 3] (6 elements) to [7] (7 elements){{$}}
  %y = nn.reshape %x : (tensor<2x3xf32>) -> tensor<7xf32>
  func.return
}

// -----

func.func @reshape_dynamic(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64, an integer type (i8 to i64, ui8 to ui64) or i1, got tensor<?xf32>{{$}}
  %y = nn.reshape %x : (tensor<2x3xf32>) -> tensor<?xf32>
  func.return
}

// -----

func.func @transpose_element_types(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32) -> f64{{$}}
  %y = nn.transpose %x perm [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf64>
  func.return
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: perm [1, 1] is not a permutation of the 2 axes{{$}}
  %y = nn.transpose %x perm [1, 1] : (tensor<2x3xf32>) -> tensor<3x3xf32>
  func.return
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: perm [2, 1, 0] is not a permutation of the 2 axes{{$}}
  %y = nn.transpose %x perm [2, 1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  func.return
}

// -----

func.func @transpose_result(%x: tensor<2x3x4xf32>) {
  // CHECK: Operation does not verify: expected result shape [4, 2, 3], got [3, 4, 2]{{$}}
  %y = nn.transpose %x perm [2, 0, 1] : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  func.return
}

// -----

func.func @transpose_missing_perm(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: property 'perm' expected in operation 'nn.transpose'{{$}}
  %y = "nn.transpose"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  func.return
}
