// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @bitwise_kind(%a: tensor<2xi32>) {
  // CHECK: Operation does not verify: unknown kind 'nand', expected one of and, or, xor{{$}}
  %y = nn.bitwise %a, %a kind "nand" : tensor<2xi32>
  func.return
}

// -----

func.func @bitwise_float(%x: tensor<2xf32>) {
  // CHECK: Operation does not verify: operand 'lhs' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of an integer type (i8 to i64, ui8 to ui64), got tensor<2xf32>{{$}}
  %y = nn.bitwise %x, %x kind "and" : tensor<2xf32>
  func.return
}

// -----


func.func @shift_direction(%u: tensor<2xui8>) {
  // CHECK: Operation does not verify: unknown direction 'up', expected one of left, right{{$}}
  %y = nn.bit_shift %u, %u direction "up" : tensor<2xui8>
  func.return
}

// -----

func.func @bitwise_not_type(%a: tensor<2xi32>) {
  // CHECK: Operation does not verify: result type tensor<2xi16> must equal the input type tensor<2xi32>{{$}}
  %y = nn.bitwise_not %a : (tensor<2xi32>) -> tensor<2xi16>
  func.return
}

// -----

func.func @mod_types(%a: tensor<2xi32>, %b: tensor<2xi16>) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (i32, i16) -> i32{{$}}
  %y = nn.mod %a, %b : (tensor<2xi32>, tensor<2xi16>) -> tensor<2xi32>
  func.return
}

// -----

func.func @pow_result(%x: tensor<2xf32>, %a: tensor<2xi32>) {
  // CHECK: Operation does not verify: the result must have the base's element type{{$}}
  %y = nn.pow %x, %a : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xi32>
  func.return
}

// -----

func.func @clip_fraction(%a: tensor<2xi8>) {
  // CHECK: Operation does not verify: min 0.5 is not an integer of the element type i8{{$}}
  %y = nn.clip %a min 0.5 : tensor<2xi8>
  func.return
}

// -----

func.func @clip_range(%a: tensor<2xi8>) {
  // CHECK: Operation does not verify: max 300.0 is not an integer of the element type i8{{$}}
  %y = nn.clip %a max 300.0 : tensor<2xi8>
  func.return
}

// -----

func.func @pad_fraction(%a: tensor<2xi8>) {
  // CHECK: Operation does not verify: value 0.5 is not an integer of the element type i8{{$}}
  %y = nn.pad %a pads [1, 0] value 0.5 : (tensor<2xi8>) -> tensor<3xi8>
  func.return
}

// -----

func.func @gather_elements_rank(%x: tensor<2x3xf32>, %i: tensor<3xi64>) {
  // CHECK: Operation does not verify: the indices have rank 1, the input rank 2{{$}}
  %y = nn.gather_elements %x, %i : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<3xf32>
  func.return
}

// -----

func.func @gather_elements_extent(%x: tensor<2x3xf32>, %i: tensor<2x4xi64>) {
  // CHECK: Operation does not verify: the indices have 4 elements along axis 1, the input 3{{$}}
  %y = nn.gather_elements %x, %i : (tensor<2x3xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  func.return
}

// -----

func.func @gather_elements_indices(%x: tensor<2x3xf32>, %i: tensor<2x3xi16>) {
  // CHECK: Operation does not verify: operand 'indices' at position 1 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of i32 or i64, got tensor<2x3xi16>{{$}}
  %y = nn.gather_elements %x, %i : (tensor<2x3xf32>, tensor<2x3xi16>) -> tensor<2x3xf32>
  func.return
}

// -----

func.func @gather_elements_result(%x: tensor<2x3xf32>, %i: tensor<2x3xi64>) {
  // CHECK: Operation does not verify: the result must have the input's element type{{$}}
  %y = nn.gather_elements %x, %i : (tensor<2x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf16>
  func.return
}

// -----

func.func @trilu_rank(%x: tensor<3xf32>) {
  // CHECK: Operation does not verify: trilu needs a tensor of rank >= 2, got rank 1{{$}}
  %y = nn.trilu %x : tensor<3xf32>
  func.return
}

// -----

func.func @cumsum_axis(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: axis 2 is out of range for rank 2{{$}}
  %y = nn.cumsum %x axis 2 : tensor<2x3xf32>
  func.return
}

// -----

func.func @cumprod_type(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: result type tensor<2x3xf16> must equal the input type tensor<2x3xf32>{{$}}
  %y = nn.cumprod %x axis 0 : (tensor<2x3xf32>) -> tensor<2x3xf16>
  func.return
}

// -----

func.func @is_nan_shape(%x: tensor<2x3xf32>) {
  // CHECK: Operation does not verify: expected result shape [2, 3], got [3]{{$}}
  %y = nn.is_nan %x : (tensor<2x3xf32>) -> tensor<3xi1>
  func.return
}

// -----

func.func @is_inf_integer(%a: tensor<2xi32>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<2xi32>{{$}}
  %y = nn.is_inf %a : (tensor<2xi32>) -> tensor<2xi1>
  func.return
}

// -----

func.func @matmul_integer(%a: tensor<2x2xi32>) {
  // CHECK: Operation does not verify: operand 'lhs' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<2x2xi32>{{$}}
  %y = nn.matmul %a, %a : tensor<2x2xi32>
  func.return
}

// -----

func.func @neg_unsigned(%u: tensor<2xui8>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64 or a signed integer type (i8 to i64), got tensor<2xui8>{{$}}
  %y = nn.neg %u : tensor<2xui8>
  func.return
}

// -----

func.func @abs_boolean(%b: tensor<2xi1>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64 or an integer type (i8 to i64, ui8 to ui64), got tensor<2xi1>{{$}}
  %y = nn.abs %b : tensor<2xi1>
  func.return
}
