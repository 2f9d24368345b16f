// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @empty_name() {
  // CHECK: Operation does not verify: constant name must not be empty{{$}}
  %c = nn.constant "" dense<1.0> : tensor<2xf32>
  func.return
}

// -----

func.func @result_type() {
  // CHECK: Operation does not verify: result type tensor<3xf32> does not match the value's type tensor<2xf32>{{$}}
  %c = "nn.constant"() <{name = "c", value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  func.return
}

// -----

func.func @i12() {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64, an integer type (i8 to i64, ui8 to ui64) or i1, got tensor<2xi12>{{$}}
  %c = nn.constant "c" dense<1> : tensor<2xi12>
  func.return
}

// -----

func.func @missing_name() {
  // CHECK: Operation does not verify: property 'name' expected in operation 'nn.constant'{{$}}
  %c = "nn.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  func.return
}

// -----

func.func @non_ascii_name() {
  // xDSL prints such a string as bytes and cannot read it back as a string.
  // CHECK: Operation does not verify: constant name must be ASCII, got 'poids_é'{{$}}
  %c = nn.constant "poids_\C3\A9" dense<1.0> : tensor<2xf32>
  func.return
}
