// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @reduce_no_axes(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axes must name at least one axis{{$}}
  %y = nn.reduce_sum %x axes [] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @reduce_repeat(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axes [1, -1] repeat an axis{{$}}
  %y = nn.reduce_sum %x axes [1, -1] : (tensor<2x3xf32>) -> tensor<2x1xf32>
  func.return
}

// -----

func.func @reduce_range(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axis 2 is out of range for rank 2{{$}}
  %y = nn.reduce_mean %x axes [2] : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @reduce_shape(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: {{.*}}[2, 1]{{.*}}
  %y = nn.reduce_mean %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  func.return
}

// -----

func.func @reduce_max_empty(%x: tensor<2x0xf32>) {
  // CHECK: Operation does not verify: nn.reduce_max over an empty axis is undefined{{$}}
  %y = nn.reduce_max %x axes [1] : (tensor<2x0xf32>) -> tensor<2x1xf32>
  func.return
}

// -----

func.func @slice_outside(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: axis 0: 3 elements from 2 by step 1 leave the input's 4 elements{{$}}
  %y = nn.slice %x starts [2] steps [1] : (tensor<4xf32>) -> tensor<3xf32>
  func.return
}

// -----

func.func @slice_step(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: step of axis 0 must not be 0{{$}}
  %y = nn.slice %x starts [0] steps [0] : (tensor<4xf32>) -> tensor<1xf32>
  func.return
}

// -----

func.func @slice_length(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: {{.*}}starts{{.*}}
  %y = nn.slice %x starts [0, 0] steps [1] : (tensor<4xf32>) -> tensor<1xf32>
  func.return
}

// -----

func.func @gather_shape(%x: tensor<4x5xf32>, %i: tensor<3xi64>) {
  // CHECK: Operation does not verify: {{.*}}[4, 3]{{.*}}
  %y = nn.gather %x, %i axis 1 : (tensor<4x5xf32>, tensor<3xi64>) -> tensor<3x5xf32>
  func.return
}

// -----

func.func @gather_float_indices(%x: tensor<4x5xf32>, %i: tensor<3xf32>) {
  // CHECK: Operation does not verify: operand 'indices' at position 1 does not verify:{{$}}
  %y = nn.gather %x, %i : (tensor<4x5xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  func.return
}

// -----

func.func @einsum_implicit(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: equation 'ij' must be explicit ('...->...') without an ellipsis{{$}}
  %y = nn.einsum %x equation "ij" : (tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @einsum_sizes(%x: tensor<2x3xf32>, %z: tensor<4x2xf32>) {
  // CHECK: Operation does not verify: axis 'j' has sizes 3 and 4{{$}}
  %y = nn.einsum %x, %z equation "ij,jk->ik" : (tensor<2x3xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  func.return
}

// -----

func.func @einsum_terms(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: operand term 'i' does not name the 2 axes of its operand{{$}}
  %y = nn.einsum %x equation "i->i" : (tensor<2x3xf32>) -> tensor<2xf32>
  func.return
}
