// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of the qnt shape ops, concat and argmax, one per
// chunk (the shape checks are those of nn, shared; one each is shown).

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @reshape_type(%x: !x) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (!qnt.uniform<i8:f32, 0.1:-3>) -> !qnt.uniform<i8:f32, 0.1>{{$}}
  %y = qnt.reshape %x : (!x) -> tensor<24x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @reshape_count(%x: !x) {
  // CHECK: Operation does not verify: cannot reshape [1, 2, 3, 4] (24 elements) to [25] (25 elements){{$}}
  %y = qnt.reshape %x : (!x) -> tensor<25x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

func.func @reshape_per_axis(%x: tensor<2x2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: input must be quantized per tensor, got !qnt.uniform<i8:f32:0, {0.1, 0.2}>{{$}}
  %y = qnt.reshape %x : (tensor<2x2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<4x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @flatten_axis(%x: !x) {
  // CHECK: Operation does not verify: axis 5 is out of range [-4, 4] for rank 4{{$}}
  %y = qnt.flatten %x axis 5 : (!x) -> tensor<24x1x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @flatten_shape(%x: !x) {
  // CHECK: Operation does not verify: expected result shape [1, 24], got [2, 12]{{$}}
  %y = qnt.flatten %x : (!x) -> tensor<2x12x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @transpose_perm(%x: !x) {
  // CHECK: Operation does not verify: perm [0, 1, 1, 2] is not a permutation of the 4 axes{{$}}
  %y = qnt.transpose %x perm [0, 1, 1, 2] : (!x) -> !x
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @transpose_type(%x: !x) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<1x2x3x4xi8>{{$}}
  %y = "qnt.transpose"(%x) <{perm = array<i64: 0, 1, 2, 3>}> : (!x) -> tensor<1x2x3x4xi8>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @concat_lists(%x: !x) {
  // CHECK: Operation does not verify: expected one multiplier and one shift per input (2), got 1 multipliers and 2 shifts{{$}}
  %y = qnt.concat %x, %x axis 1 multipliers [1] shifts [0, 0] : (!x, !x) -> tensor<1x4x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @concat_multiplier(%x: !x) {
  // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [1, -1]{{$}}
  %y = qnt.concat %x, %x axis 1 multipliers [1, -1] shifts [0, 0] : (!x, !x) -> tensor<1x4x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @concat_shift(%x: !x) {
  // CHECK: Operation does not verify: shifts must be in [0, 62], got [0, 63]{{$}}
  %y = qnt.concat %x, %x axis 1 multipliers [1, 1] shifts [0, 63] : (!x, !x) -> tensor<1x4x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @concat_shapes(%x: !x, %z: tensor<1x2x3x5x!qnt.uniform<i8:f32, 0.1:-3>>) {
  // CHECK: Operation does not verify: input shapes [[1, 2, 3, 4], [1, 2, 3, 5]] differ outside axis 1{{$}}
  %y = qnt.concat %x, %z axis 1 multipliers [1, 1] shifts [0, 0] : (!x, tensor<1x2x3x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x4x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @concat_per_axis(%x: !x, %z: tensor<1x2x3x4x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: input 1 must be quantized per tensor, got !qnt.uniform<i8:f32:1, {0.1, 0.2}>{{$}}
  %y = qnt.concat %x, %z axis 1 multipliers [1, 1] shifts [0, 0] : (!x, tensor<1x2x3x4x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<1x4x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

func.func @concat_empty() {
  // CHECK: Operation does not verify: concat needs at least one input{{$}}
  %y = "qnt.concat"() <{axis = 0 : i64, multipliers = array<i64>, shifts = array<i64>}> : () -> tensor<0x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @argmax_axis(%x: !x) {
  // CHECK: Operation does not verify: axis -5 is out of range for rank 4{{$}}
  %y = qnt.argmax %x axis -5 : (!x) -> tensor<1x2x3x4xi64>
  func.return
}

// -----

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @argmax_result(%x: !x) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of i64, got tensor<1x2x3x1xi32>{{$}}
  %y = qnt.argmax %x axis 3 : (!x) -> tensor<1x2x3x1xi32>
  func.return
}

// -----

func.func @argmax_float(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<2x3xf32>{{$}}
  %y = qnt.argmax %x : (tensor<2x3xf32>) -> tensor<1x3xi64>
  func.return
}
