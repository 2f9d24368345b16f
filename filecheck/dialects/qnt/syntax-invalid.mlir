// RUN: asic-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Parse errors of the qnt op syntax, with their locations: the dense literal
// of qnt.constant, and the property syntax qnt shares with nn.

func.func @constant_without_dense() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: expected a dense literal like dense<[1, -2]>{{$}}
  %c = qnt.constant "c" [1, 2] : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_float_literal() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:32{{$}}
  // CHECK: Expected integer literal in the dense literal{{$}}
  %c = qnt.constant "c" dense<[1.5, 2]> : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_ragged() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:31{{$}}
  // CHECK: the nested lists of the dense literal have different shapes{{$}}
  %c = qnt.constant "c" dense<[[1, 2], [3]]> : tensor<2x2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_shape() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: the dense literal has shape [3], the type [2]{{$}}
  %c = qnt.constant "c" dense<[1, 2, 3]> : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_container() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: value 40000 does not fit in the i16 container of the constant{{$}}
  %c = qnt.constant "c" dense<[40000, 300]> : tensor<2x!qnt.uniform<u8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_hex() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: the hex string of the dense literal is not valid hex{{$}}
  %c = qnt.constant "c" dense<"0xZZ"> : tensor<1x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_hex_size() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: the hex string of the dense literal has 3 bytes, the type needs 2 (or 1 for a splat){{$}}
  %c = qnt.constant "c" dense<"0x010203"> : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_float_type() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:41{{$}}
  // CHECK: expected a tensor type of !qnt.uniform elements or signless integers{{$}}
  %c = qnt.constant "c" dense<[1, 2]> : tensor<2xf32>
  func.return
}

// -----

func.func @constant_empty_literal() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: the dense literal is empty{{$}}
  %c = qnt.constant "c" dense<> : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @unknown_property(%a: tensor<4xi32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:26{{$}}
  // CHECK: unknown property 'multiplier' of qnt.requantize, expected one of multipliers, shifts, axis, min, max{{$}}
  %y = qnt.requantize %a multiplier [1] shifts [1] : (tensor<4xi32>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @missing_property(%a: tensor<4xi32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:42{{$}}
  // CHECK: qnt.requantize needs property 'shifts'{{$}}
  %y = qnt.requantize %a multipliers [1] : (tensor<4xi32>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @property_kind(%a: tensor<4x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: expected an integer after 'min'{{$}}
  %y = qnt.clamp %a min 0.5 : tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}
