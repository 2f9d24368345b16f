// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @element_types(%x: tensor<1x4xf32>, %p: tensor<4xf32>, %h: tensor<4xf16>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (f32, f32, f32, f32, f16) -> f32{{$}}
  %y = nn.batchnorm %x, %p, %p, %p, %h : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf16>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @rank(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // CHECK: Operation does not verify: expected input of rank >= 2, got rank 1{{$}}
  %y = nn.batchnorm %x, %p, %p, %p, %p : tensor<4xf32>
  func.return
}

// -----

func.func @scale(%x: tensor<1x4xf32>, %p: tensor<4xf32>, %s: tensor<1x4xf32>) {
  // CHECK: Operation does not verify: expected scale of shape [4], got [1, 4]{{$}}
  %y = nn.batchnorm %x, %s, %p, %p, %p : (tensor<1x4xf32>, tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @bias(%x: tensor<1x4xf32>, %p: tensor<4xf32>, %s: tensor<3xf32>) {
  // CHECK: Operation does not verify: expected bias of shape [4], got [3]{{$}}
  %y = nn.batchnorm %x, %p, %s, %p, %p : (tensor<1x4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @mean(%x: tensor<1x4xf32>, %p: tensor<4xf32>, %s: tensor<f32>) {
  // CHECK: Operation does not verify: expected mean of shape [4], got []{{$}}
  %y = nn.batchnorm %x, %p, %p, %s, %p : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<f32>, tensor<4xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @var(%x: tensor<1x4xf32>, %p: tensor<4xf32>, %s: tensor<1xf32>) {
  // CHECK: Operation does not verify: expected var of shape [4], got [1]{{$}}
  %y = nn.batchnorm %x, %p, %p, %p, %s : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @negative_epsilon(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // CHECK: Operation does not verify: epsilon must be >= 0, got -0.001{{$}}
  %y = nn.batchnorm %x, %p, %p, %p, %p epsilon -0.001 : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @nan_epsilon(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // CHECK: Operation does not verify: epsilon must be finite, got nan{{$}}
  %y = nn.batchnorm %x, %p, %p, %p, %p epsilon nan : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @result_shape(%x: tensor<1x4xf32>, %p: tensor<4xf32>) {
  // CHECK: Operation does not verify: expected result shape [1, 4], got [4, 1]{{$}}
  %y = nn.batchnorm %x, %p, %p, %p, %p : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x1xf32>
  func.return
}
