// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @relu_type(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result type tensor<4xf16> must equal the input type tensor<4xf32>{{$}}
  %y = nn.relu %x : (tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @tanh_shape(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result type tensor<2x2xf32> must equal the input type tensor<4xf32>{{$}}
  %y = nn.tanh %x : (tensor<4xf32>) -> tensor<2x2xf32>
  func.return
}

// -----

func.func @sigmoid_integer(%x: tensor<4xi8>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<4xi8>{{$}}
  %y = nn.sigmoid %x : tensor<4xi8>
  func.return
}

// -----

func.func @leaky_alpha(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: alpha must be finite, got inf{{$}}
  %y = nn.leaky_relu %x alpha inf : tensor<4xf32>
  func.return
}

// -----

func.func @clip_order(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: min (6.0) must not exceed max (0.0){{$}}
  %y = nn.clip %x min 6.0 max 0.0 : tensor<4xf32>
  func.return
}

// -----

func.func @clip_infinite_order(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: min (inf) must not exceed max (-inf){{$}}
  %y = nn.clip %x min inf max -inf : tensor<4xf32>
  func.return
}

// -----

func.func @clip_nan(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: max must not be nan (omit it for no bound){{$}}
  %y = nn.clip %x max nan : tensor<4xf32>
  func.return
}

// -----

func.func @clip_type(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result type tensor<4xf64> must equal the input type tensor<4xf32>{{$}}
  %y = nn.clip %x min 0.0 : (tensor<4xf32>) -> tensor<4xf64>
  func.return
}

// -----

func.func @softmax_axis(%x: tensor<2x5xf32>) {
  // CHECK: Operation does not verify: axis 2 is out of range for rank 2{{$}}
  %y = nn.softmax %x axis 2 : tensor<2x5xf32>
  func.return
}

// -----

func.func @softmax_negative_axis(%x: tensor<2x5xf32>) {
  // CHECK: Operation does not verify: axis -3 is out of range for rank 2{{$}}
  %y = nn.softmax %x axis -3 : tensor<2x5xf32>
  func.return
}

// -----

func.func @lrn_rank(%x: tensor<4x3xf32>) {
  // CHECK: Operation does not verify: expected input of rank 4, got rank 2{{$}}
  %y = nn.lrn %x size 3 : tensor<4x3xf32>
  func.return
}

// -----

func.func @lrn_size(%x: tensor<1x4x3x3xf32>) {
  // CHECK: Operation does not verify: size must be >= 1, got 0{{$}}
  %y = nn.lrn %x size 0 : tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @lrn_alpha(%x: tensor<1x4x3x3xf32>) {
  // CHECK: Operation does not verify: alpha must be finite, got nan{{$}}
  %y = nn.lrn %x size 3 alpha nan : tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @lrn_beta(%x: tensor<1x4x3x3xf32>) {
  // CHECK: Operation does not verify: beta must be finite, got -inf{{$}}
  %y = nn.lrn %x size 3 beta -inf : tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @lrn_bias(%x: tensor<1x4x3x3xf32>) {
  // CHECK: Operation does not verify: bias must be finite, got inf{{$}}
  %y = nn.lrn %x size 3 bias inf : tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @lrn_missing_size(%x: tensor<1x4x3x3xf32>) {
  // The generic form can leave out a required property; IRDL reports it.
  // CHECK: Operation does not verify: property 'size' expected in operation 'nn.lrn'{{$}}
  %y = "nn.lrn"(%x) : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @cast_shape(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: cast must not change the shape, got [4] -> [2, 2]{{$}}
  %y = nn.cast %x : (tensor<4xf32>) -> tensor<2x2xf16>
  func.return
}

// -----

func.func @cast_to_narrow_integer(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64, an integer type (i8 to i64, ui8 to ui64) or i1, got tensor<4xi12>{{$}}
  %y = nn.cast %x : (tensor<4xf32>) -> tensor<4xi12>
  func.return
}
