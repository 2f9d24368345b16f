// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @top_k_k(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: k 4 must lie in [0, 3] (the size of axis 1){{$}}
  %y = nn.top_k %x axis 1 k 4 : (tensor<2x3xf32>) -> tensor<2x4xi64>
  func.return
}

// -----

func.func @top_k_shape(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 2], got [2, 3]{{$}}
  %y = nn.top_k %x axis 1 k 2 : (tensor<2x3xf32>) -> tensor<2x3xi64>
  func.return
}

// -----

func.func @scatter_reduction(%x: tensor<2x3xf32>, %i: tensor<2x3xi64>) {
  // CHECK: Operation does not verify: unknown reduction 'mean', expected one of none, add, mul, max, min{{$}}
  %y = nn.scatter_elements %x, %i, %x reduction "mean" : (tensor<2x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @scatter_updates(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>) {
  // CHECK: Operation does not verify: expected updates of shape [2, 2], got [2, 3]{{$}}
  %y = nn.scatter_elements %x, %i, %x : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x3xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @scatter_result(%x: tensor<2x3xf32>, %i: tensor<2x3xi64>) {
  // CHECK: Operation does not verify: result type tensor<2x3xf16> must equal the data type tensor<2x3xf32>{{$}}
  %y = nn.scatter_elements %x, %i, %x : (tensor<2x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<2x3xf16>
  func.return
}

// -----

func.func @scatter_nd_depth(%x: tensor<2x3xf32>, %i: tensor<1x3xi64>, %u: tensor<1xf32>) {
  // CHECK: Operation does not verify: the indices' last axis must hold 1 to 2 coordinates, got shape [1, 3]{{$}}
  %y = nn.scatter_nd %x, %i, %u : (tensor<2x3xf32>, tensor<1x3xi64>, tensor<1xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @scatter_nd_updates(%x: tensor<2x3xf32>, %i: tensor<1x1xi64>, %u: tensor<1x2xf32>) {
  // CHECK: Operation does not verify: expected updates of shape [1, 3], got [1, 2]{{$}}
  %y = nn.scatter_nd %x, %i, %u : (tensor<2x3xf32>, tensor<1x1xi64>, tensor<1x2xf32>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @gather_nd_batch(%x: tensor<2x3xf32>, %i: tensor<3x1xi64>) {
  // CHECK: Operation does not verify: batch_dims 1 must name leading axes the input [2, 3] and the indices [3, 1] share{{$}}
  %y = nn.gather_nd %x, %i batch_dims 1 : (tensor<2x3xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  func.return
}

// -----

func.func @gather_nd_shape(%x: tensor<2x3xf32>, %i: tensor<4x2xi64>) {
  // CHECK: Operation does not verify: expected result shape [4], got [4, 3]{{$}}
  %y = nn.gather_nd %x, %i : (tensor<2x3xf32>, tensor<4x2xi64>) -> tensor<4x3xf32>
  func.return
}
