// Every storage type of QuantizeLinear / DequantizeLinear (opset 21): the
// zero point's type (INT8, UINT16, INT16, UINT4, INT4), UINT8 without one.
// RUN: asic-opt %inputs/storage.onnx | filecheck %s

// CHECK: qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.5:-3>>
// CHECK: qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u16:f32, 0.5:1000>>
// CHECK: qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i16:f32, 0.5:-7>>
// CHECK: qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u4:f32, 0.5:8>>
// CHECK: qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i4:f32, 0.5:-1>>
// CHECK: qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.5>>
// CHECK: %y_i8 = qnt.dequantize %x_q : (tensor<1x4x!qnt.uniform<i8:f32, 0.5:-3>>) -> tensor<1x4xf32>
