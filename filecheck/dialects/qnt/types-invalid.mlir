// RUN: asic-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Parse errors of the !qnt.uniform type syntax, with their locations.

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:56{{$}}
// CHECK: expected a storage type, i<bits> (signed) or u<bits> (unsigned), like i8 or u4{{$}}
func.func private @signed_prefix(tensor<4x!qnt.uniform<s8:f32, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:50{{$}}
// CHECK: storage width must be 2 to 16 bits, got i1{{$}}
func.func private @one_bit(tensor<4x!qnt.uniform<i1:f32, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:47{{$}}
// CHECK: storage width must be 2 to 16 bits, got u17{{$}}
func.func private @wide(tensor<4x!qnt.uniform<u17:f32, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:57{{$}}
// CHECK: Expected ':' between the storage and the expressed type{{$}}
func.func private @no_expressed(tensor<4x!qnt.uniform<i8, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:63{{$}}
// CHECK: expressed type must be f16, bf16, f32 or f64, got i32{{$}}
func.func private @integer_expressed(tensor<4x!qnt.uniform<i8:i32, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:65{{$}}
// CHECK: scale must be positive and finite, got -0.1{{$}}
func.func private @negative_scale(tensor<4x!qnt.uniform<i8:f32, -0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:61{{$}}
// CHECK: scale must be positive and finite, got 0.0{{$}}
func.func private @zero_scale(tensor<4x!qnt.uniform<i8:f32, 0.0>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:65{{$}}
// CHECK: expected a scale, a positive number like 0.0125 or 1.0e-03{{$}}
func.func private @infinite_scale(tensor<4x!qnt.uniform<i8:f32, inf>>)

// -----

// The MLIR lexer reads 1e-05 as the integer 1 and the identifier e.
// CHECK: types-invalid.mlir:[[# @LINE + 2]]:73{{$}}
// CHECK: a scale with an exponent needs a '.', like 1.0e-05{{$}}
func.func private @exponent_without_point(tensor<4x!qnt.uniform<i8:f32, 1e-05>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:70{{$}}
// CHECK: zero point 128 is outside the storage range [-128, 127]{{$}}
func.func private @zero_point_high(tensor<4x!qnt.uniform<i8:f32, 0.1:128>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:74{{$}}
// CHECK: zero point -1 is outside the storage range [0, 255]{{$}}
func.func private @zero_point_unsigned(tensor<4x!qnt.uniform<u8:f32, 0.1:-1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:84{{$}}
// CHECK: zero point -128 is outside the storage range [-127, 127]{{$}}
func.func private @zero_point_narrowed(tensor<4x!qnt.uniform<i8<-127:127>:f32, 0.1:-128>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:71{{$}}
// CHECK: Expected integer literal (the zero point){{$}}
func.func private @float_zero_point(tensor<4x!qnt.uniform<i8:f32, 0.1:0.5>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:56{{$}}
// CHECK: storage range [-127, 128] must be a range of at least two values inside [-128, 127] of i8{{$}}
func.func private @range_outside(tensor<4x!qnt.uniform<i8<-127:128>:f32, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:55{{$}}
// CHECK: storage range [3, 3] must be a range of at least two values inside [-128, 127] of i8{{$}}
func.func private @range_single(tensor<4x!qnt.uniform<i8<3:3>:f32, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:51{{$}}
// CHECK: expected at least one scale{{$}}
func.func private @no_scales(tensor<4x!qnt.uniform<i8:f32:0, {}>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:63{{$}}
// CHECK: Expected integer literal (the quantization axis){{$}}
func.func private @negative_axis(tensor<4x!qnt.uniform<i8:f32:-1, {0.1}>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:70{{$}}
// CHECK: scales in braces are per axis: give the axis after the expressed type, like i8:f32:0, {0.1, 0.2}{{$}}
func.func private @braces_without_axis(tensor<4x!qnt.uniform<i8:f32, {0.1}>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:72{{$}}
// CHECK: '{' expected to open the scales of a per-axis type{{$}}
func.func private @axis_without_braces(tensor<4x!qnt.uniform<i8:f32:0, 0.1>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:65{{$}}
// CHECK: Expected '>' to close the parameters of !qnt.uniform{{$}}
func.func private @two_scales(tensor<4x!qnt.uniform<i8:f32, 0.1 0.2>>)

// -----

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:55{{$}}
// CHECK: Expected '<' to open the parameters of !qnt.uniform{{$}}
func.func private @no_parameters(tensor<4x!qnt.uniform>)
