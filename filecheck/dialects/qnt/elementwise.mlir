// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.add (each input rescaled by its multiplier, one common shift, with
// numpy broadcasting and an optional clamp), qnt.clamp (same type in and
// out) and qnt.lut (one table entry per input storage value).

!a = tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
!b = tensor<1x4x!qnt.uniform<u8:f32, 0.05:128>>
!y = tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>

func.func @elementwise(%a: !a, %b: !b, %row: tensor<4x!qnt.uniform<i8:f32, 0.3>>, %u2: tensor<3x!qnt.uniform<u2:f32, 1.0>>) {
  %s = qnt.add %a, %b multipliers [1073741824, 536870912] shift 31 : (!a, !b) -> !y
  %relu = qnt.add %a, %b multipliers [1073741824, 536870912] shift 31 min 5 : (!a, !b) -> !y
  %broadcast = qnt.add %a, %row max 100 multipliers [1, 3] shift 1 : (!a, tensor<4x!qnt.uniform<i8:f32, 0.3>>) -> !y
  %c = qnt.clamp %a min -3 max 57 : !a
  %lo = qnt.clamp %a min -3 : !a
  %none = qnt.clamp %a : !a
  %t = qnt.lut %u2 table [1, 0, -1, -2] : (tensor<3x!qnt.uniform<u2:f32, 1.0>>) -> tensor<3x!qnt.uniform<i2:f32, 0.5>>
  func.return
}

// CHECK-LABEL: func.func @elementwise
// CHECK-NEXT:    %s = qnt.add %a, %b multipliers [1073741824, 536870912] shift 31 : (tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>, tensor<1x4x!qnt.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>
// CHECK-NEXT:    %relu = qnt.add %a, %b multipliers [1073741824, 536870912] shift 31 min 5 : (tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>, tensor<1x4x!qnt.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>
// CHECK-NEXT:    %broadcast = qnt.add %a, %row multipliers [1, 3] shift 1 max 100 : (tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>, tensor<4x!qnt.uniform<i8:f32, 0.3>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>
// CHECK-NEXT:    %c = qnt.clamp %a min -3 max 57 : tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %lo = qnt.clamp %a min -3 : tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %none = qnt.clamp %a : tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %t = qnt.lut %u2 table [1, 0, -1, -2] : (tensor<3x!qnt.uniform<u2:f32, 1.0>>) -> tensor<3x!qnt.uniform<i2:f32, 0.5>>
// CHECK-NEXT:    func.return

// GENERIC:      %s = "qnt.add"(%a, %b) <{multipliers = array<i64: 1073741824, 536870912>, shift = 31 : i64}> : (tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>, tensor<1x4x!qnt.uniform<u8:f32, 0.05:128>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.2:5>>
// GENERIC:      %c = "qnt.clamp"(%a) <{min = -3 : i64, max = 57 : i64}> : (tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
// GENERIC:      %none = "qnt.clamp"(%a) : (tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1:-3>>
// GENERIC-NEXT: %t = "qnt.lut"(%u2) <{table = array<i64: 1, 0, -1, -2>}> : (tensor<3x!qnt.uniform<u2:f32, 1.0>>) -> tensor<3x!qnt.uniform<i2:f32, 0.5>>
