// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of qnt.add, qnt.clamp and qnt.lut, one per chunk.

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
!y = tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>

func.func @add_multipliers(%a: !a) {
  // CHECK: Operation does not verify: multipliers must have 2 values (lhs, rhs), got 1{{$}}
  %y = qnt.add %a, %a multipliers [1] shift 1 : (!a, !a) -> !y
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
!y = tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>

func.func @add_multiplier_range(%a: !a) {
  // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [1, 4294967296]{{$}}
  %y = qnt.add %a, %a multipliers [1, 4294967296] shift 1 : (!a, !a) -> !y
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
!y = tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>

func.func @add_shift(%a: !a) {
  // CHECK: Operation does not verify: shift must be in [0, 62], got [70]{{$}}
  %y = qnt.add %a, %a multipliers [1, 1] shift 70 : (!a, !a) -> !y
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
!y = tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>

func.func @add_bounds(%a: !a) {
  // CHECK: Operation does not verify: min and max must satisfy -128 <= min <= max <= 127 (the storage range of !qnt.uniform<i8:f32, 0.2:5>), got min -128 and max 128{{$}}
  %y = qnt.add %a, %a multipliers [1, 1] shift 1 max 128 : (!a, !a) -> !y
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @add_shapes(%a: !a, %b: tensor<3x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: operand shapes [1, 4] and [3] do not broadcast{{$}}
  %y = qnt.add %a, %b multipliers [1, 1] shift 1 : (!a, tensor<3x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @add_result_shape(%a: !a, %b: tensor<4x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: expected result shape [1, 4], got [4]{{$}}
  %y = qnt.add %a, %b multipliers [1, 1] shift 1 : (!a, tensor<4x!qnt.uniform<i8:f32, 0.1>>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @add_per_axis(%a: !a, %b: tensor<1x4x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>) {
  // CHECK: Operation does not verify: rhs must be quantized per tensor, got !qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>{{$}}
  %y = qnt.add %a, %b multipliers [1, 1] shift 1 : (!a, tensor<1x4x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>) -> !a
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @add_float(%a: !a, %b: tensor<1x4xf32>) {
  // CHECK: Operation does not verify: operand 'rhs' at position 1 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<1x4xf32>{{$}}
  %y = qnt.add %a, %b multipliers [1, 1] shift 1 : (!a, tensor<1x4xf32>) -> !a
  func.return
}

// -----

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @clamp_type(%a: !a) {
  // CHECK: Operation does not verify: result type tensor<1x4x!qnt.uniform<i8:f32, 0.1>> must equal the input type tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>{{$}}
  %y = qnt.clamp %a min 0 : (!a) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @clamp_bounds(%a: tensor<4x!qnt.uniform<u4:f32, 0.1:3>>) {
  // CHECK: Operation does not verify: min and max must satisfy 0 <= min <= max <= 15 (the storage range of !qnt.uniform<u4:f32, 0.1:3>), got min 3 and max 16{{$}}
  %y = qnt.clamp %a min 3 max 16 : tensor<4x!qnt.uniform<u4:f32, 0.1:3>>
  func.return
}

// -----

func.func @clamp_per_axis(%a: tensor<2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: input must be quantized per tensor, got !qnt.uniform<i8:f32:0, {0.1, 0.2}>{{$}}
  %y = qnt.clamp %a min 0 : tensor<2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>
  func.return
}

// -----

func.func @lut_size(%a: tensor<3x!qnt.uniform<i2<-1:1>:f32, 1.0>>) {
  // CHECK: Operation does not verify: table must have 3 entries (one per input value in [-1, 1]), got 4{{$}}
  %y = qnt.lut %a table [0, 0, 0, 0] : (tensor<3x!qnt.uniform<i2<-1:1>:f32, 1.0>>) -> tensor<3x!qnt.uniform<u8:f32, 0.1>>
  func.return
}

// -----

func.func @lut_entry(%a: tensor<3x!qnt.uniform<u2:f32, 1.0>>) {
  // CHECK: Operation does not verify: table entry 2 (input 2) is 300, outside the result's storage range [0, 255]{{$}}
  %y = qnt.lut %a table [0, 255, 300, -1] : (tensor<3x!qnt.uniform<u2:f32, 1.0>>) -> tensor<3x!qnt.uniform<u8:f32, 0.1>>
  func.return
}

// -----

func.func @lut_shape(%a: tensor<3x!qnt.uniform<u2:f32, 1.0>>) {
  // CHECK: Operation does not verify: expected result shape [3], got [1, 3]{{$}}
  %y = qnt.lut %a table [0, 1, 2, 3] : (tensor<3x!qnt.uniform<u2:f32, 1.0>>) -> tensor<1x3x!qnt.uniform<u8:f32, 0.1>>
  func.return
}

// -----

func.func @lut_result_per_axis(%a: tensor<2x!qnt.uniform<u2:f32, 1.0>>) {
  // CHECK: Operation does not verify: result must be quantized per tensor, got !qnt.uniform<u8:f32:0, {0.1, 0.2}>{{$}}
  %y = qnt.lut %a table [0, 1, 2, 3] : (tensor<2x!qnt.uniform<u2:f32, 1.0>>) -> tensor<2x!qnt.uniform<u8:f32:0, {0.1, 0.2}>>
  func.return
}
