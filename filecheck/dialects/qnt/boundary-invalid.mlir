// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of qnt.quantize and qnt.dequantize, one per chunk.

func.func @expressed_type(%x: tensor<4xf16>) {
  // CHECK: Operation does not verify: input element type f16 must be the expressed type f32 of !qnt.uniform<i8:f32, 0.1>{{$}}
  %q = qnt.quantize %x : (tensor<4xf16>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @integer_input(%x: tensor<4xi8>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<4xi8>{{$}}
  %q = qnt.quantize %x : (tensor<4xi8>) -> tensor<4x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @integer_result(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<4xi8>{{$}}
  %q = qnt.quantize %x : (tensor<4xf32>) -> tensor<4xi8>
  func.return
}

// -----

func.func @quantize_shape(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: expected result shape [4], got [2, 2]{{$}}
  %q = qnt.quantize %x : (tensor<4xf32>) -> tensor<2x2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @quantize_scales(%x: tensor<4x2xf32>) {
  // CHECK: Operation does not verify: result has 2 scales for axis 0 of size 4{{$}}
  %q = qnt.quantize %x : (tensor<4x2xf32>) -> tensor<4x2x!qnt.uniform<i8:f32:0, {0.1, 0.2}>>
  func.return
}

// -----

func.func @quantize_axis(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: result: quantization axis 1 is out of range for rank 1{{$}}
  %q = qnt.quantize %x : (tensor<4xf32>) -> tensor<4x!qnt.uniform<i8:f32:1, {0.1}>>
  func.return
}

// -----

func.func @dequantize_type(%q: tensor<4x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: result element type f64 must be the expressed type f32 of !qnt.uniform<i8:f32, 0.1>{{$}}
  %x = qnt.dequantize %q : (tensor<4x!qnt.uniform<i8:f32, 0.1>>) -> tensor<4xf64>
  func.return
}

// -----

func.func @dequantize_shape(%q: tensor<4x!qnt.uniform<i8:f32, 0.1>>) {
  // CHECK: Operation does not verify: expected result shape [4], got [1, 4]{{$}}
  %x = qnt.dequantize %q : (tensor<4x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x4xf32>
  func.return
}

// -----

func.func @dequantize_scales(%q: tensor<4x3x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // CHECK: Operation does not verify: input has 2 scales for axis 1 of size 3{{$}}
  %x = qnt.dequantize %q : (tensor<4x3x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<4x3xf32>
  func.return
}

// -----

func.func @dequantize_integer(%q: tensor<4xi8>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements, got tensor<4xi8>{{$}}
  %x = qnt.dequantize %q : (tensor<4xi8>) -> tensor<4xf32>
  func.return
}
