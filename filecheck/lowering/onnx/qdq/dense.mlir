// Gemm, MatMul and the bias.
// RUN: asic-opt %inputs/dense.onnx | filecheck %s

// Gemm with transB: the [N, K] weight as it is, per tensor (scale 0.125);
// the INT32 bias at scale 0.0625 = 0.5 * 0.125; into an i8 result with zero
// point 0: 0.5 * 0.125 / 0.5 = 2^30 / 2^33.
// CHECK:      %x_q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.5:128>>
// CHECK-NEXT: %gemm.weight_q = qnt.constant "gemm.weight_q" dense<{{.*}}> : tensor<3x4x!qnt.uniform<i8<-127:127>:f32, 0.125>>
// CHECK-NEXT: %gemm.bias_q = qnt.constant "gemm.bias_q" dense<[7, -8, 9]> : tensor<3xi5>
// CHECK-NEXT: %gemm_out_acc = qnt.dense %x_q, %gemm.weight_q, %gemm.bias_q : ({{.*}}) -> tensor<1x3xi17>
// CHECK-NEXT: %gemm_out = qnt.requantize %gemm_out_acc multipliers [1073741824] shifts [33] : (tensor<1x3xi17>) -> tensor<1x3x!qnt.uniform<i8:f32, 0.5>>

// MatMul by a [K, N] weight quantized per column (axis 1): qnt.dense with
// the transposed weight, per axis 0. The float bias of the Add after it is
// quantized at import to the accumulator scale 0.5 * {0.25, 0.5}:
// [1.25, -0.5] -> [10, -2].
// CHECK-NEXT: %proj.weight_q = qnt.constant "proj.weight_q" dense<{{.*}}> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32:0, {0.25, 0.5}>>
// CHECK-NEXT: %proj.bias = qnt.constant "proj.bias" dense<[10, -2]> : tensor<2xi5>
// CHECK-NEXT: %proj_mm_acc = qnt.dense %x_q, %proj.weight_q, %proj.bias
// CHECK-NEXT: %proj_out = qnt.requantize %proj_mm_acc multipliers [1073741824, 1073741824] shifts [33, 32] : (tensor<1x2xi17>) -> tensor<1x2x!qnt.uniform<u8:f32, 1.0:128>>

// A 3-D input: qnt.matmul with the weight as it is (per axis 1, its last),
// requantized along the last axis.
// CHECK-NEXT: %seq_q = qnt.quantize %seq
// CHECK-NEXT: %proj.weight_q_1 = qnt.constant "proj.weight_q.1" dense<{{.*}}> : tensor<4x2x!qnt.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>
// CHECK-NEXT: %seq_proj_acc = qnt.matmul %seq_q, %proj.weight_q_1 : ({{.*}}) -> tensor<1x3x2xi17>
// CHECK-NEXT: %seq_proj = qnt.requantize %seq_proj_acc multipliers [1073741824, 1073741824] shifts [33, 32] axis -1

// Two activations: qnt.matmul, one multiplier 0.5 * 0.25 / 1.0.
// CHECK-NEXT: %keys_q = qnt.quantize %keys : (tensor<1x4x5xf32>) -> tensor<1x4x5x!qnt.uniform<u8:f32, 0.25:128>>
// CHECK-NEXT: %scores_acc = qnt.matmul %seq_q, %keys_q : ({{.*}}) -> tensor<1x3x5xi18>
// CHECK-NEXT: %scores = qnt.requantize %scores_acc multipliers [1073741824] shifts [33] axis -1
// CHECK-NOT:  nn.
