// RUN: asic-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Integer literals beyond i64 wherever the custom syntax reads one, an
// integer too large for an f64 property, and a qnt.constant too large to
// hold: parse errors at the literal, not overflows or allocations.

// CHECK: integer-limits.mlir:[[# @LINE + 3]]:{{[0-9]+}}
// CHECK: integer 99999999999999999999999 is out of range: it must fit in i64 [-9223372036854775808, 9223372036854775807]
func.func @list_property(%x: tensor<1x4xi32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>> {
  %y = qnt.requantize %x multipliers [99999999999999999999999] shifts [3] : (tensor<1x4xi32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
  func.return %y : tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
}

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 3]]:{{[0-9]+}}
// CHECK: integer -9223372036854775809 is out of range: it must fit in i64
func.func @int_property(%x: tensor<1x4xi32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>> {
  %y = qnt.requantize %x multipliers [1] shifts [3] min -9223372036854775809 : (tensor<1x4xi32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
  func.return %y : tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
}

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 3]]:{{[0-9]+}}
// CHECK: is too large for an f64 'alpha'
func.func @float_property(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = nn.leaky_relu %x alpha 1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000 : tensor<4xf32>
  func.return %y : tensor<4xf32>
}

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 2]]:{{[0-9]+}}
// CHECK: integer 18446744073709551616 is out of range: it must fit in i64
func.func private @quantization_axis(tensor<4x!qnt.uniform<i8:f32:18446744073709551616, {0.1, 0.2}>>)

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 2]]:{{[0-9]+}}
// CHECK: integer 9223372036854775808 is out of range: it must fit in i64
func.func private @stream_lanes(!dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 9223372036854775808, shape [1, 4]>)

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 2]]:{{[0-9]+}}
// CHECK: integer 99999999999999999999 is out of range: it must fit in i64
func.func private @stream_shape(!dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 1, shape [1, 99999999999999999999]>)

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 2]]:{{[0-9]+}}
// CHECK: integer 99999999999999999999 is out of range: it must fit in i64
"test.op"() {s = #rtl.stream<in "x" : si8, lanes 99999999999999999999, beats 1, shape [1, 4]>} : () -> ()

// -----

// CHECK: integer-limits.mlir:[[# @LINE + 3]]:{{[0-9]+}}
// CHECK: a constant of type tensor<100000x100000x!qnt.uniform<i8:f32, 0.1>> has 10000000000 elements; a constant holds at most 268435456 (MAX_CONSTANT_ELEMENTS)
func.func @huge_splat() {
  %w = qnt.constant "w" dense<1> : tensor<100000x100000x!qnt.uniform<i8:f32, 0.1>>
  func.return
}
