// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @dft_parts(%x: tensor<2x8x3xf32>) {
  // CHECK: Operation does not verify: the input's last axis must hold 1 or 2 parts (real, imaginary), got shape [2, 8, 3]{{$}}
  %y = nn.dft %x axis 1 length 8 : (tensor<2x8x3xf32>) -> tensor<2x8x2xf32>
  func.return
}

// -----

func.func @dft_axis(%x: tensor<2x8x1xf32>) {
  // CHECK: Operation does not verify: axis 2 must be a signal axis, in [0, 1]{{$}}
  %y = nn.dft %x axis 2 length 8 : (tensor<2x8x1xf32>) -> tensor<2x8x2xf32>
  func.return
}

// -----

func.func @dft_length(%x: tensor<2x8x1xf32>) {
  // CHECK: Operation does not verify: length must be >= 1, got 0{{$}}
  %y = nn.dft %x axis 1 length 0 : (tensor<2x8x1xf32>) -> tensor<2x0x2xf32>
  func.return
}

// -----

func.func @dft_shape(%x: tensor<2x8x1xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 5, 2], got [2, 8, 2]{{$}}
  %y = nn.dft %x axis 1 length 8 onesided true : (tensor<2x8x1xf32>) -> tensor<2x8x2xf32>
  func.return
}

// -----

func.func @det_square(%m: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: the input must end in a square matrix, got shape [2, 3]{{$}}
  %y = nn.det %m : (tensor<2x3xf32>) -> tensor<f32>
  func.return
}

// -----

func.func @bitcast_width(%i: tensor<4xi32>) {
  // CHECK: Operation does not verify: i32 and f64 differ in width (4 and 8 bytes){{$}}
  %y = nn.bitcast %i : (tensor<4xi32>) -> tensor<4xf64>
  func.return
}

// -----

func.func @bitcast_shape(%i: tensor<4xi32>) {
  // CHECK: Operation does not verify: expected result shape [4], got [2]{{$}}
  %y = nn.bitcast %i : (tensor<4xi32>) -> tensor<2xf32>
  func.return
}
// -----

func.func @grid_mode(%x: tensor<1x2x4x4xf32>, %g: tensor<1x3x5x2xf32>) {
  // CHECK: Operation does not verify: unknown mode 'bilinear', expected one of nearest, linear, cubic{{$}}
  %y = nn.grid_sample %x, %g mode "bilinear" : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
  func.return
}

// -----

func.func @grid_padding(%x: tensor<1x2x4x4xf32>, %g: tensor<1x3x5x2xf32>) {
  // CHECK: Operation does not verify: unknown padding_mode 'wrap', expected one of zeros, border, reflection{{$}}
  %y = nn.grid_sample %x, %g padding_mode "wrap" : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
  func.return
}

// -----

func.func @grid_shape(%x: tensor<1x2x4x4xf32>, %g: tensor<1x3x5x3xf32>) {
  // CHECK: Operation does not verify: the grid [1, 3, 5, 3] must be [N, *out, 2] for the input [1, 2, 4, 4]{{$}}
  %y = nn.grid_sample %x, %g : (tensor<1x2x4x4xf32>, tensor<1x3x5x3xf32>) -> tensor<1x2x3x5xf32>
  func.return
}
