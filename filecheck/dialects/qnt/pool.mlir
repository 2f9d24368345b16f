// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.maxpool2d (same type in and out), qnt.avgpool2d (the distinct window
// counts, each with its multiplier and shift), qnt.global_avgpool2d. The
// multipliers are those of Avgpool2dOp.from_types for scales 0.1 -> 0.05:
// 2/4 = 2^30 / 2^31, 2/6 ~ 1431655765 / 2^32, 2/9 ~ 1908874354 / 2^33,
// 2/25 ~ 1374389535 / 2^34.

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>
!x4 = tensor<1x1x4x4x!qnt.uniform<u8:f32, 0.1>>

func.func @pool(%x: !x, %x4: !x4) {
  %m = qnt.maxpool2d %x kernel [2, 2] strides [2, 2] ceil_mode true : (!x) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.1:-3>>
  %md = qnt.maxpool2d %x kernel [2, 2] dilations [2, 2] pads [1, 1, 0, 0] : (!x) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1:-3>>
  %a = qnt.avgpool2d %x kernel [2, 2] strides [2, 2] counts [4] multipliers [1073741824] shifts [31] : (!x) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.05:2>>
  %padded = qnt.avgpool2d %x kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] counts [4, 6, 9] multipliers [1073741824, 1431655765, 1908874354] shifts [31, 32, 33] : (!x) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
  %included = qnt.avgpool2d %x shifts [33] multipliers [1908874354] counts [9] count_include_pad true pads [1, 1, 1, 1] strides [2, 2] kernel [3, 3] : (!x) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
  %ceil = qnt.avgpool2d %x4 kernel [3, 3] strides [2, 2] ceil_mode true counts [4, 6, 9] multipliers [1, 1, 1] shifts [2, 3, 3] : (!x4) -> tensor<1x1x2x2x!qnt.uniform<u8:f32, 0.1>>
  %dilated = qnt.avgpool2d %x kernel [2, 2] dilations [2, 2] pads [1, 1, 0, 0] counts [1, 2, 4] multipliers [1073741824, 1073741824, 1073741824] shifts [29, 30, 31] : (!x) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.05:2>>
  %g = qnt.global_avgpool2d %x multiplier 1374389535 shift 34 : (!x) -> tensor<1x2x1x1x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// CHECK-LABEL: func.func @pool
// CHECK-NEXT:    %m = qnt.maxpool2d %x kernel [2, 2] strides [2, 2] ceil_mode true : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %md = qnt.maxpool2d %x kernel [2, 2] pads [1, 1, 0, 0] dilations [2, 2] : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1:-3>>
// CHECK-NEXT:    %a = qnt.avgpool2d %x kernel [2, 2] strides [2, 2] counts [4] multipliers [1073741824] shifts [31] : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.05:2>>
// CHECK-NEXT:    %padded = qnt.avgpool2d %x kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] counts [4, 6, 9] multipliers [1073741824, 1431655765, 1908874354] shifts [31, 32, 33] : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
// CHECK-NEXT:    %included = qnt.avgpool2d %x kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] count_include_pad true counts [9] multipliers [1908874354] shifts [33] : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
// CHECK-NEXT:    %ceil = qnt.avgpool2d %x4 kernel [3, 3] strides [2, 2] ceil_mode true counts [4, 6, 9] multipliers [1, 1, 1] shifts [2, 3, 3] : (tensor<1x1x4x4x!qnt.uniform<u8:f32, 0.1>>) -> tensor<1x1x2x2x!qnt.uniform<u8:f32, 0.1>>
// CHECK-NEXT:    %dilated = qnt.avgpool2d %x kernel [2, 2] pads [1, 1, 0, 0] dilations [2, 2] counts [1, 2, 4] multipliers [1073741824, 1073741824, 1073741824] shifts [29, 30, 31] : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.05:2>>
// CHECK-NEXT:    %g = qnt.global_avgpool2d %x multiplier 1374389535 shift 34 : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x1x1x!qnt.uniform<i8:f32, 0.05:2>>
// CHECK-NEXT:    func.return

// GENERIC:      %m = "qnt.maxpool2d"(%x) <{kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true}> : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.1:-3>>
// GENERIC:      %a = "qnt.avgpool2d"(%x) <{kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = false, counts = array<i64: 4>, multipliers = array<i64: 1073741824>, shifts = array<i64: 31>}> : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.05:2>>
// GENERIC:      %g = "qnt.global_avgpool2d"(%x) <{multiplier = 1374389535 : i64, shift = 34 : i64}> : (tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>) -> tensor<1x2x1x1x!qnt.uniform<i8:f32, 0.05:2>>
