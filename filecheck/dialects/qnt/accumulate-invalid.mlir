// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of qnt.conv2d, qnt.dense and qnt.matmul, one per chunk
// (the geometry checks are those of nn.conv2d, shared; two are shown).

!x8 = tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>
!w8 = tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>

func.func @narrow_accumulator(%x: !x8, %w: !w8) {
  // CHECK: Operation does not verify: accumulator i19 can overflow: the sums lie in [-438912, 438912] (27 products), which needs i20{{$}}
  %acc = qnt.conv2d %x, %w : (!x8, !w8) -> tensor<1x4x6x6xi19>
  func.return
}

// -----

!x8 = tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>
!w8 = tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>

func.func @narrow_with_bias(%x: !x8, %w: !w8, %b: tensor<4xi20>) {
  // CHECK: Operation does not verify: accumulator i20 can overflow: the sums lie in [-963200, 963199] (27 products and the bias), which needs i21{{$}}
  %acc = qnt.conv2d %x, %w, %b : (!x8, !w8, tensor<4xi20>) -> tensor<1x4x6x6xi20>
  func.return
}

// -----

func.func @full_range_weights(%x: tensor<1x32x!qnt.uniform<u8:f32, 0.02:128>>, %w: tensor<4x32x!qnt.uniform<i8:f32, 0.01>>, %wn: tensor<4x32x!qnt.uniform<i8<-127:127>:f32, 0.01>>) {
  // (-128) * (-128) * 32 = 2^19 needs i21; the narrowed range [-127, 127]
  // keeps |acc| <= 128 * 127 * 32 = 520192, which fits in i20.
  %ok = qnt.dense %x, %wn : (tensor<1x32x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x32x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> tensor<1x4xi20>
  // CHECK: Operation does not verify: accumulator i20 can overflow: the sums lie in [-520192, 524288] (32 products), which needs i21{{$}}
  %acc = qnt.dense %x, %w : (tensor<1x32x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x32x!qnt.uniform<i8:f32, 0.01>>) -> tensor<1x4xi20>
  func.return
}

// -----

func.func @over_64_bits(%x: tensor<1x8589934592x!qnt.uniform<i16:f32, 0.1>>, %w: tensor<1x8589934592x!qnt.uniform<i16:f32, 0.1>>) {
  // CHECK: Operation does not verify: the sums lie in [-9223090561878065152, 9223372036854775808] (8589934592 products), which needs 65 bits, more than 64{{$}}
  %acc = qnt.dense %x, %w : (tensor<1x8589934592x!qnt.uniform<i16:f32, 0.1>>, tensor<1x8589934592x!qnt.uniform<i16:f32, 0.1>>) -> tensor<1x1xi64>
  func.return
}

// -----

func.func @input_per_axis(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32:1, {0.1, 0.2, 0.3}>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: input must be quantized per tensor, got !qnt.uniform<u8:f32:1, {0.1, 0.2, 0.3}>{{$}}
  %acc = qnt.conv2d %x, %w : (tensor<1x3x4x4x!qnt.uniform<u8:f32:1, {0.1, 0.2, 0.3}>>, tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @float_input(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<1x3x4x4xf32>{{$}}
  %acc = qnt.conv2d %x, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @weight_axis(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) {
  // CHECK: Operation does not verify: weight may be quantized per axis only along its output channels (axis 0), got axis 1{{$}}
  %acc = qnt.conv2d %x, %w : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x1x1x!qnt.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @weight_scales(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) {
  // CHECK: Operation does not verify: weight has 3 scales for axis 0 of size 2{{$}}
  %acc = qnt.conv2d %x, %w : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x1x1x!qnt.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @float_bias(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>, %b: tensor<2xf32>) {
  // CHECK: Operation does not verify: operand 'bias' at position 2 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of signless integers of 2 to 64 bits, got tensor<2xf32>{{$}}
  %acc = qnt.conv2d %x, %w, %b : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>, tensor<2xf32>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @bias_shape(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>, %b: tensor<3xi32>) {
  // CHECK: Operation does not verify: expected bias of shape [2], got [3]{{$}}
  %acc = qnt.conv2d %x, %w, %b : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>, tensor<3xi32>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @quantized_result(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of signless integers of 2 to 64 bits, got tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1>>{{$}}
  %acc = qnt.conv2d %x, %w : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @groups(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: groups (2) must divide input channels (3) and output channels (2){{$}}
  %acc = qnt.conv2d %x, %w groups 2 : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x1x1x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @result_shape(%x: tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x3x3x3x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: expected result shape [1, 2, 2, 2], got [1, 2, 4, 4]{{$}}
  %acc = qnt.conv2d %x, %w : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 0.1>>, tensor<2x3x3x3x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4xi32>
  func.return
}

// -----

func.func @dense_features(%x: tensor<1x8x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x4x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: input has 8 features, weight expects 4{{$}}
  %acc = qnt.dense %x, %w : (tensor<1x8x!qnt.uniform<u8:f32, 0.1>>, tensor<2x4x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2xi32>
  func.return
}

// -----

func.func @dense_weight_axis(%x: tensor<1x2x!qnt.uniform<u8:f32, 0.1>>, %w: tensor<2x2x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: weight may be quantized per axis only along its output channels (axis 0), got axis 1{{$}}
  %acc = qnt.dense %x, %w : (tensor<1x2x!qnt.uniform<u8:f32, 0.1>>, tensor<2x2x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<1x2xi32>
  func.return
}

// -----

func.func @matmul_rhs_axis(%a: tensor<3x4x!qnt.uniform<i8:f32, 0.1>>, %b: tensor<4x5x!qnt.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>>) {
  // CHECK: Operation does not verify: rhs may be quantized per axis only along its output channels (axis 1), got axis 0{{$}}
  %acc = qnt.matmul %a, %b : (tensor<3x4x!qnt.uniform<i8:f32, 0.1>>, tensor<4x5x!qnt.uniform<i8:f32:0, {0.1, 0.1, 0.2, 0.2}>>) -> tensor<3x5xi32>
  func.return
}

// -----

func.func @matmul_lhs_per_axis(%a: tensor<2x4x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>, %b: tensor<4x5x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: lhs must be quantized per tensor, got !qnt.uniform<i8:f32:0, {0.1, 0.2}>{{$}}
  %acc = qnt.matmul %a, %b : (tensor<2x4x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<4x5x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x5xi32>
  func.return
}

// -----

func.func @matmul_contracting(%a: tensor<2x4x!qnt.uniform<i8:f32, 0.1>>, %b: tensor<3x5x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: contracting dimensions differ: 4 and 3{{$}}
  %acc = qnt.matmul %a, %b : (tensor<2x4x!qnt.uniform<i8:f32, 0.1>>, tensor<3x5x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x5xi32>
  func.return
}

// -----

func.func @matmul_narrow(%a: tensor<2x4x!qnt.uniform<i8:f32, 0.1:5>>, %b: tensor<4x5x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: accumulator i17 can overflow: the sums lie in [-67564, 68096] (4 products), which needs i18{{$}}
  %acc = qnt.matmul %a, %b : (tensor<2x4x!qnt.uniform<i8:f32, 0.1:5>>, tensor<4x5x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x5xi17>
  func.return
}
