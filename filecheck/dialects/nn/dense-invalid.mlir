// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @element_types(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>, %b: tensor<3xf64>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32, f32, f64) -> f32{{$}}
  %y = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<3xf64>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @input_rank(%x: tensor<2x2x8xf32>, %w: tensor<3x8xf32>) {
  // CHECK: Operation does not verify: expected input of rank 2, got rank 3{{$}}
  %y = nn.dense %x, %w : (tensor<2x2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @weight_rank(%x: tensor<2x8xf32>, %w: tensor<8xf32>) {
  // CHECK: Operation does not verify: expected weight of rank 2, got rank 1{{$}}
  %y = nn.dense %x, %w : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x1xf32>
  func.return
}

// -----

func.func @features(%x: tensor<2x8xf32>, %w: tensor<8x3xf32>) {
  // CHECK: Operation does not verify: input has 8 features, weight expects 3{{$}}
  %y = nn.dense %x, %w : (tensor<2x8xf32>, tensor<8x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @bias_shape(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>, %b: tensor<1x3xf32>) {
  // CHECK: Operation does not verify: expected bias of shape [3], got [1, 3]{{$}}
  %y = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @result_shape(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 3], got [3, 2]{{$}}
  %y = nn.dense %x, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<3x2xf32>
  func.return
}
