// --keep-qdq: the QDQ model's float semantics. Every QuantizeLinear is a
// qnt.quantize, every DequantizeLinear of an activation a qnt.dequantize,
// a dequantized weight or bias a float constant, every other node its nn op.
// RUN: asic-opt %inputs/conv.onnx --keep-qdq | filecheck %s

// CHECK:      %image_q = qnt.quantize %image : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %image_dq = qnt.dequantize %image_q : (tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT: %conv.weight_q = nn.constant "conv.weight_q" {{.*}} : tensor<3x2x3x3xf32>
// CHECK-NEXT: %conv.bias_q = nn.constant "conv.bias_q" dense<[1.250000e+01, -6.250000e+01, 1.562500e-01]> : tensor<3xf32>
// CHECK-NEXT: %conv_out = nn.conv2d %image_dq, %conv.weight_q, %conv.bias_q pads [1, 1, 1, 1]
// CHECK-NEXT: %relu_out = nn.relu %conv_out
// CHECK-NEXT: %relu_out_q = qnt.quantize %relu_out : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4x!qnt.uniform<u8:f32, 1.0:10>>
// CHECK-NEXT: %relu_out_dq = qnt.dequantize %relu_out_q
// CHECK-NEXT: func.return %relu_out_dq
// CHECK-NOT:  qnt.conv2d
