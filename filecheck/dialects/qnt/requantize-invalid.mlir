// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of qnt.requantize, one per chunk.

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @multipliers_per_channel(%acc: !acc) {
  // CHECK: Operation does not verify: multipliers must have 1 value or one per channel (4 along axis 1), got 3{{$}}
  %y = qnt.requantize %acc multipliers [1, 2, 3] shifts [1] : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @shifts_per_channel(%acc: !acc) {
  // CHECK: Operation does not verify: shifts must have 1 value or one per channel (2 along axis 2), got 4{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [1, 2, 3, 4] axis 2 : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @empty_lists(%acc: !acc) {
  // CHECK: Operation does not verify: multipliers and shifts must not be empty{{$}}
  %y = qnt.requantize %acc multipliers [] shifts [1] : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @axis(%acc: !acc) {
  // CHECK: Operation does not verify: axis 4 is out of range for rank 4{{$}}
  %y = qnt.requantize %acc multipliers [1, 2, 3, 4] shifts [1] axis 4 : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @multiplier_range(%acc: !acc) {
  // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [2147483648]{{$}}
  %y = qnt.requantize %acc multipliers [2147483648] shifts [31] : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @negative_multiplier(%acc: !acc) {
  // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [1, -1, 1, 1]{{$}}
  %y = qnt.requantize %acc multipliers [1, -1, 1, 1] shifts [31] : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @shift_range(%acc: !acc) {
  // CHECK: Operation does not verify: shifts must be in [0, 62], got [63]{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [63] : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @negative_shift(%acc: !acc) {
  // A left shift is a larger multiplier.
  // CHECK: Operation does not verify: shifts must be in [0, 62], got [-1]{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [-1] : (!acc) -> !y
  func.return
}

// -----

func.func @product_width(%acc: tensor<4xi40>) {
  // CHECK: Operation does not verify: the product of the input (40 bits) and a 31-bit multiplier needs 71 bits, more than 63{{$}}
  %y = qnt.requantize %acc multipliers [1073741824] shifts [40] axis 0 : (tensor<4xi40>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @min_below_storage(%acc: !acc) {
  // CHECK: Operation does not verify: min and max must satisfy -128 <= min <= max <= 127 (the storage range of !qnt.uniform<i8:f32, 0.05:-128>), got min -129 and max 127{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [1] min -129 : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8<-127:127>:f32, 0.05>>

func.func @min_above_max(%acc: !acc) {
  // CHECK: Operation does not verify: min and max must satisfy -127 <= min <= max <= 127 (the storage range of !qnt.uniform<i8<-127:127>:f32, 0.05>), got min 10 and max 5{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [1] min 10 max 5 : (!acc) -> !y
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>

func.func @result_per_axis(%acc: !acc) {
  // CHECK: Operation does not verify: result must be quantized per tensor, got !qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [1] : (!acc) -> tensor<1x4x2x2x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>
  func.return
}

// -----

func.func @input_per_axis(%q: tensor<2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: input must be quantized per tensor, got !qnt.uniform<i8:f32:0, {0.1, 0.2}>{{$}}
  %y = qnt.requantize %q multipliers [1] shifts [1] : (tensor<2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

!acc = tensor<1x4x2x2xi20>

func.func @result_shape(%acc: !acc) {
  // CHECK: Operation does not verify: expected result shape [1, 4, 2, 2], got [1, 16]{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [1] : (!acc) -> tensor<1x16x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @float_input(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements or signless integers of 2 to 64 bits, got tensor<4xf32>{{$}}
  %y = qnt.requantize %x multipliers [1] shifts [1] : (tensor<4xf32>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @integer_result(%acc: tensor<4xi32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<4xi8>{{$}}
  %y = qnt.requantize %acc multipliers [1] shifts [1] : (tensor<4xi32>) -> tensor<4xi8>
  func.return
}

// -----

func.func @missing_shifts(%acc: tensor<4xi32>) {
  // CHECK: Operation does not verify: property 'shifts' expected in operation 'qnt.requantize'{{$}}
  %y = "qnt.requantize"(%acc) <{multipliers = array<i64: 1>}> : (tensor<4xi32>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @min_kind(%acc: tensor<4xi32>) {
  // CHECK: Operation does not verify: property 'min' must be an i64 integer, got 0 : i32{{$}}
  %y = "qnt.requantize"(%acc) <{multipliers = array<i64: 1>, shifts = array<i64: 1>, min = 0 : i32}> : (tensor<4xi32>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}
