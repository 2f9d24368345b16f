// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @gelu_type(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result type tensor<4xf16> must equal the input type tensor<4xf32>{{$}}
  %y = nn.gelu %x : (tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @elu_alpha(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: alpha must be finite, got nan{{$}}
  %y = nn.elu %x alpha nan : tensor<4xf32>
  func.return
}

// -----

func.func @erf_integer(%x: tensor<4xi64>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<4xi64>{{$}}
  %y = nn.erf %x : tensor<4xi64>
  func.return
}

// -----

func.func @pow_broadcast(%x: tensor<2x3xf32>, %e: tensor<2xf32>) {
  // CHECK: Operation does not verify: {{.*}}operand shapes{{.*}}
  %y = nn.pow %x, %e : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  func.return
}
