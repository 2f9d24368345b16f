// A QDQ Conv with a per-channel int8 weight, an INT32 bias and a Relu
// before its QuantizeLinear: the input quantized with its Q's scale and
// zero point, the weight and bias as qnt constants (the symmetric weight in
// the narrowed range, the bias just wide enough for its values), an integer
// conv2d into the narrowest safe accumulator, and one requantization whose
// multipliers encode s_x * s_w[o] / s_y = 0.5 * {0.25, 0.125, 0.0625} / 1.0
// (2^30 / 2^33, 2^30 / 2^34, 2^30 / 2^35) and whose min is the zero point
// (the fused Relu).
// RUN: asic-opt %inputs/conv.onnx | filecheck %s

// CHECK:      func.func @main(%image: tensor<1x2x4x4xf32> {nn.name = "image"}) -> (tensor<1x3x4x4xf32> {nn.name = "relu_out_dq"})
// CHECK-NEXT: %image_q = qnt.quantize %image : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %conv.weight_q = qnt.constant "conv.weight_q" dense<{{.*}}> : tensor<3x2x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.25, 0.125, 0.0625}>>
// CHECK-NEXT: %conv.bias_q = qnt.constant "conv.bias_q" dense<[100, -1000, 5]> : tensor<3xi11>
// CHECK-NEXT: %conv_out_acc = qnt.conv2d %image_q, %conv.weight_q, %conv.bias_q pads [1, 1, 1, 1] : (tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>, tensor<3x2x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.25, 0.125, 0.0625}>>, tensor<3xi11>) -> tensor<1x3x4x4xi20>
// CHECK-NEXT: %relu_out = qnt.requantize %conv_out_acc multipliers [1073741824, 1073741824, 1073741824] shifts [33, 34, 35] min 10 : (tensor<1x3x4x4xi20>) -> tensor<1x3x4x4x!qnt.uniform<u8:f32, 1.0:10>>
// CHECK-NEXT: %relu_out_dq = qnt.dequantize %relu_out : (tensor<1x3x4x4x!qnt.uniform<u8:f32, 1.0:10>>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: func.return %relu_out_dq
// CHECK-NOT:  nn.

// The symbolic batch dimension takes --batch-size, as for float models.
// RUN: asic-opt %inputs/conv.onnx --batch-size 8 | filecheck %s --check-prefix=BATCH
// BATCH: %image_q = qnt.quantize %image : (tensor<8x2x4x4xf32>) -> tensor<8x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>

// The printed IR parses and verifies again.
// RUN: asic-opt %inputs/conv.onnx | asic-opt | filecheck %s --check-prefix=ROUNDTRIP
// ROUNDTRIP: qnt.requantize %conv_out_acc multipliers [1073741824, 1073741824, 1073741824] shifts [33, 34, 35] min 10

// A quantized AveragePool with dilations: every other element of a 4x4
// image, four taps in every window.
// RUN: asic-opt %inputs/avgpool_dilations.onnx | filecheck %s --check-prefix=AVGPOOL_DILATIONS
// AVGPOOL_DILATIONS: %p = qnt.avgpool2d %x_q kernel [2, 2] dilations [2, 2] counts [4] multipliers [1073741824] shifts [32] : (tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.5:128>>
