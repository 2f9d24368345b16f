// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.requantize: one multiplier and shift for the tensor, or one per
// channel along `axis` (default 1, printed when not); `min` and `max`
// (ReLU: min = zero point) only when given; a quantized input is rescaled.

!acc = tensor<1x4x2x2xi20>
!y = tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>

func.func @requantize(%acc: !acc, %d: tensor<2x3xi32>, %q: tensor<2x3x!qnt.uniform<u8:f32, 0.1:128>>) {
  %t = qnt.requantize %acc multipliers [1518500250] shifts [38] : (!acc) -> !y
  %c = qnt.requantize %acc multipliers [1073741824, 1518500250, 2147483647, 0] shifts [30, 38, 0, 62] : (!acc) -> !y
  %mixed = qnt.requantize %acc multipliers [1073741824] shifts [30, 31, 32, 33] axis 1 : (!acc) -> !y
  %relu = qnt.requantize %acc max 100 min -128 shifts [38] multipliers [1518500250] : (!acc) -> !y
  %last = qnt.requantize %d multipliers [1, 2, 3] shifts [0, 1, 2] axis -1 : (tensor<2x3xi32>) -> tensor<2x3x!qnt.uniform<u4:f32, 0.5>>
  %rescale = qnt.requantize %q multipliers [1073741824] shifts [31] {note = "x0.5"} : (tensor<2x3x!qnt.uniform<u8:f32, 0.1:128>>) -> tensor<2x3x!qnt.uniform<i8:f32, 0.2>>
  func.return
}

// CHECK-LABEL: func.func @requantize
// CHECK-NEXT:    %t = qnt.requantize %acc multipliers [1518500250] shifts [38] : (tensor<1x4x2x2xi20>) -> tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>
// CHECK-NEXT:    %c = qnt.requantize %acc multipliers [1073741824, 1518500250, 2147483647, 0] shifts [30, 38, 0, 62] : (tensor<1x4x2x2xi20>) -> tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>
// CHECK-NEXT:    %mixed = qnt.requantize %acc multipliers [1073741824] shifts [30, 31, 32, 33] : (tensor<1x4x2x2xi20>) -> tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>
// CHECK-NEXT:    %relu = qnt.requantize %acc multipliers [1518500250] shifts [38] min -128 max 100 : (tensor<1x4x2x2xi20>) -> tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>
// CHECK-NEXT:    %last = qnt.requantize %d multipliers [1, 2, 3] shifts [0, 1, 2] axis -1 : (tensor<2x3xi32>) -> tensor<2x3x!qnt.uniform<u4:f32, 0.5>>
// CHECK-NEXT:    %rescale = qnt.requantize %q multipliers [1073741824] shifts [31] {note = "x0.5"} : (tensor<2x3x!qnt.uniform<u8:f32, 0.1:128>>) -> tensor<2x3x!qnt.uniform<i8:f32, 0.2>>
// CHECK-NEXT:    func.return

// GENERIC:      %t = "qnt.requantize"(%acc) <{multipliers = array<i64: 1518500250>, shifts = array<i64: 38>, axis = 1 : i64}> : (tensor<1x4x2x2xi20>) -> tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>
// GENERIC:      %relu = "qnt.requantize"(%acc) <{multipliers = array<i64: 1518500250>, shifts = array<i64: 38>, axis = 1 : i64, min = -128 : i64, max = 100 : i64}> : (tensor<1x4x2x2xi20>) -> tensor<1x4x2x2x!qnt.uniform<i8:f32, 0.05:-128>>
