// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of the qnt pooling ops, one per chunk (the window
// checks are those of nn's pooling, shared; one is shown).

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @maxpool_type(%x: !x) {
  // CHECK: Operation does not verify: operands and result must have the same element type, got (!qnt.uniform<i8:f32, 0.1:-3>) -> !qnt.uniform<i8:f32, 0.2:-3>{{$}}
  %y = qnt.maxpool2d %x kernel [2, 2] : (!x) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.2:-3>>
  func.return
}

// -----

func.func @maxpool_per_axis(%x: tensor<1x2x4x4x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: input must be quantized per tensor, got !qnt.uniform<i8:f32:1, {0.1, 0.2}>{{$}}
  %y = qnt.maxpool2d %x kernel [2, 2] : (tensor<1x2x4x4x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<1x2x3x3x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @maxpool_window_in_padding(%x: !x) {
  // CHECK: Operation does not verify: window 0 along H lies entirely in the padding (it starts at -2, the input has size 5); every window must contain an input element{{$}}
  %y = qnt.maxpool2d %x kernel [2, 2] pads [2, 0, 0, 0] : (!x) -> tensor<1x2x6x4x!qnt.uniform<i8:f32, 0.1:-3>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_counts(%x: !x) {
  // CHECK: Operation does not verify: counts must be the distinct window sizes [4, 6, 9], got [9]{{$}}
  %y = qnt.avgpool2d %x kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] counts [9] multipliers [1] shifts [1] : (!x) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_dilated_counts(%x: !x) {
  // CHECK: Operation does not verify: counts must be the distinct window sizes [1, 2, 4], got [4]{{$}}
  %y = qnt.avgpool2d %x kernel [2, 2] dilations [2, 2] pads [1, 1, 0, 0] counts [4] multipliers [1] shifts [1] : (!x) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_lists(%x: !x) {
  // CHECK: Operation does not verify: expected one multiplier and one shift per count (3), got 3 multipliers and 1 shifts{{$}}
  %y = qnt.avgpool2d %x kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] counts [4, 6, 9] multipliers [1, 1, 1] shifts [1] : (!x) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_multiplier(%x: !x) {
  // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [-5]{{$}}
  %y = qnt.avgpool2d %x kernel [2, 2] strides [2, 2] counts [4] multipliers [-5] shifts [1] : (!x) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_shift(%x: !x) {
  // CHECK: Operation does not verify: shifts must be in [0, 62], got [99]{{$}}
  %y = qnt.avgpool2d %x kernel [2, 2] strides [2, 2] counts [4] multipliers [1] shifts [99] : (!x) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_result_per_axis(%x: !x) {
  // CHECK: Operation does not verify: result must be quantized per tensor, got !qnt.uniform<i8:f32:1, {0.1, 0.1}>{{$}}
  %y = qnt.avgpool2d %x kernel [2, 2] strides [2, 2] counts [4] multipliers [1] shifts [1] : (!x) -> tensor<1x2x2x2x!qnt.uniform<i8:f32:1, {0.1, 0.1}>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @avgpool_shape(%x: !x) {
  // CHECK: Operation does not verify: expected result shape [1, 2, 2, 2], got [1, 2, 3, 3]{{$}}
  %y = qnt.avgpool2d %x kernel [2, 2] strides [2, 2] counts [4] multipliers [1] shifts [1] : (!x) -> tensor<1x2x3x3x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

func.func @global_product(%x: tensor<1x1x1048576x1048576x!qnt.uniform<u16:f32, 0.1>>) {
  // CHECK: Operation does not verify: the product of the sum (57 bits) and a 31-bit multiplier needs 88 bits, more than 63{{$}}
  %y = qnt.global_avgpool2d %x multiplier 2147483647 shift 62 : (tensor<1x1x1048576x1048576x!qnt.uniform<u16:f32, 0.1>>) -> tensor<1x1x1x1x!qnt.uniform<u16:f32, 0.1>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @global_shape(%x: !x) {
  // CHECK: Operation does not verify: expected result shape [1, 2, 1, 1], got [1, 2]{{$}}
  %y = qnt.global_avgpool2d %x multiplier 1 shift 1 : (!x) -> tensor<1x2x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

func.func @global_empty(%x: tensor<1x2x0x5x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: cannot average over an empty spatial extent [0, 5]{{$}}
  %y = qnt.global_avgpool2d %x multiplier 1 shift 1 : (tensor<1x2x0x5x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2x1x1x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}

// -----

!x = tensor<1x2x5x5x!qnt.uniform<i8:f32, 0.1:-3>>

func.func @global_multiplier(%x: !x) {
  // CHECK: Operation does not verify: multiplier must be in [0, 2147483647], got [2147483648]{{$}}
  %y = qnt.global_avgpool2d %x multiplier 2147483648 shift 1 : (!x) -> tensor<1x2x1x1x!qnt.uniform<i8:f32, 0.05:2>>
  func.return
}
