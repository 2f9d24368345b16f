// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.reshape, qnt.flatten, qnt.transpose keep the element type; qnt.concat
// rescales each input to the result type (1 and 0 for an input of the
// result's type); qnt.argmax gives i64 indices.

!x = tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @shape(%x: !x, %u: tensor<1x3x3x4x!qnt.uniform<u8:f32, 0.2:128>>) {
  %r = qnt.reshape %x : (!x) -> tensor<1x24x!qnt.uniform<i8:f32, 0.1:-3>>
  %f = qnt.flatten %x : (!x) -> tensor<1x24x!qnt.uniform<i8:f32, 0.1:-3>>
  %f2 = qnt.flatten %x axis 2 : (!x) -> tensor<2x12x!qnt.uniform<i8:f32, 0.1:-3>>
  %t = qnt.transpose %x perm [0, 2, 3, 1] : (!x) -> tensor<1x3x4x2x!qnt.uniform<i8:f32, 0.1:-3>>
  %c = qnt.concat %x, %u axis 1 multipliers [1, 1073741824] shifts [0, 29] : (!x, tensor<1x3x3x4x!qnt.uniform<u8:f32, 0.2:128>>) -> tensor<1x5x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
  %one = qnt.concat %x axis -1 multipliers [1] shifts [0] : (!x) -> !x
  %a = qnt.argmax %x axis 1 : (!x) -> tensor<1x1x3x4xi64>
  %al = qnt.argmax %x axis -1 keepdims false select_last_index true : (!x) -> tensor<1x2x3xi64>
  func.return
}

// CHECK-LABEL: func.func @shape
// CHECK-NEXT:    %r = qnt.reshape %x : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x24x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %f = qnt.flatten %x : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x24x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %f2 = qnt.flatten %x axis 2 : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<2x12x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %t = qnt.transpose %x perm [0, 2, 3, 1] : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x3x4x2x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %c = qnt.concat %x, %u axis 1 multipliers [1, 1073741824] shifts [0, 29] : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>, tensor<1x3x3x4x!qnt.uniform<u8:f32, 0.2:128>>) -> tensor<1x5x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %one = qnt.concat %x axis -1 multipliers [1] shifts [0] : tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %a = qnt.argmax %x axis 1 : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x1x3x4xi64>
// CHECK-NEXT:    %al = qnt.argmax %x axis -1 keepdims false select_last_index true : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x3xi64>
// CHECK-NEXT:    func.return

// GENERIC:      %r = "qnt.reshape"(%x) : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x24x!qnt.uniform<i8:f32, 0.1:-3>>
// GENERIC-NEXT: %f = "qnt.flatten"(%x) <{axis = 1 : i64}> : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x24x!qnt.uniform<i8:f32, 0.1:-3>>
// GENERIC:      %c = "qnt.concat"(%x, %u) <{axis = 1 : i64, multipliers = array<i64: 1, 1073741824>, shifts = array<i64: 0, 29>}> : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>, tensor<1x3x3x4x!qnt.uniform<u8:f32, 0.2:128>>) -> tensor<1x5x3x4x!qnt.uniform<i8:f32, 0.1:-3>>
// GENERIC:      %a = "qnt.argmax"(%x) <{axis = 1 : i64, keepdims = true, select_last_index = false}> : (tensor<1x2x3x4x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x1x3x4xi64>
