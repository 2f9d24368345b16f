// The other integer patterns, each on DequantizeLinear outputs and into
// the type of its QuantizeLinear.
// RUN: asic-opt %inputs/elementwise.onnx | filecheck %s

// CHECK:      %a_q = qnt.quantize %a : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %b_q = qnt.quantize %b : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.25:10>>

// Add: 0.5 / 1.0 and 0.25 / 1.0 with one shift.
// CHECK-NEXT: %sum = qnt.add %a_q, %b_q multipliers [1073741824, 536870912] shift 31 : ({{.*}}) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 1.0:128>>

// Concat: the input of the result's scale keeps it (multiplier 1, shift 0).
// CHECK-NEXT: %cat = qnt.concat %a_q, %b_q axis 1 multipliers [1, 1073741824] shifts [0, 31] : ({{.*}}) -> tensor<1x4x4x4x!qnt.uniform<u8:f32, 0.5:128>>

// Clip(0, 6) into another scale: a requantize whose max is 6 / 0.125 = 48
// (its min, the zero point 0, is the storage bound); Relu into the same
// type: a clamp at the zero point.
// CHECK-NEXT: %relu6 = qnt.requantize %a_q multipliers [1073741824] shifts [28] max 48 : ({{.*}}) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.125>>
// CHECK-NEXT: %relu = qnt.clamp %a_q min 128 : tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.5:128>>

// Pools: max pooling keeps the type; average pooling divides by the window
// counts 4, 6, 9; global average pooling by 16 into scale 0.25.
// CHECK-NEXT: %maxpool = qnt.maxpool2d %a_q kernel [2, 2] strides [2, 2] : ({{.*}}) -> tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %avgpool = qnt.avgpool2d %a_q kernel [3, 3] pads [1, 1, 1, 1] counts [4, 6, 9] multipliers [1073741824, 1431655765, 1908874354] shifts [32, 33, 34]
// CHECK-NEXT: %gap = qnt.global_avgpool2d %a_q multiplier 1073741824 shift 33 : ({{.*}}) -> tensor<1x2x1x1x!qnt.uniform<u8:f32, 0.25:128>>

// Sigmoid: a table over the 256 input values (sigmoid(-64) ~ 0 first,
// sigmoid(63.5) ~ 1 saturating at 255 last).
// CHECK-NEXT: %sigmoid = qnt.lut %a_q table [0, 0, {{.*}}, 255, 255] : ({{.*}}) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.00390625>>

// Layout ops on the stored integers, then ArgMax on them.
// CHECK-NEXT: %nhwc = qnt.transpose %a_q perm [0, 2, 3, 1]
// CHECK-NEXT: %rows = qnt.reshape %nhwc : (tensor<1x4x4x2x!qnt.uniform<u8:f32, 0.5:128>>) -> tensor<1x4x8x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %flat = qnt.flatten %rows : ({{.*}}) -> tensor<1x32x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %index = qnt.argmax %flat axis 1 : (tensor<1x32x!qnt.uniform<u8:f32, 0.5:128>>) -> tensor<1x1xi64>

// DQ -> Q with another scale: a requantize of the quantized tensor.
// CHECK-NEXT: %a_rescaled = qnt.requantize %a_q multipliers [1073741824] shifts [29] : ({{.*}}) -> tensor<1x2x4x4x!qnt.uniform<u8:f32, 0.25:128>>

// Softmax has no integer form: a float island between dequantize and quantize.
// CHECK-NEXT: %flat_dq = qnt.dequantize %flat
// CHECK-NEXT: %probs = nn.softmax %flat_dq : tensor<1x32xf32>
// CHECK-NEXT: %probs_q = qnt.quantize %probs : (tensor<1x32xf32>) -> tensor<1x32x!qnt.uniform<u8:f32, 0.00390625>>
