// MatMul -> nn.dense only for a 2-D lhs and a constant 2-D rhs (weight = rhs^T,
// keeping the initializer's name); otherwise nn.matmul, with a 1-D operand
// reshaped to a row (lhs) or a column (rhs) and the result reshaped back.
// RUN: asic-opt %inputs/matmul.onnx | filecheck %s

// CHECK:      %w = nn.constant "w" dense<{{.*}}> : tensor<4x3xf32>
// CHECK-NEXT: %dense = nn.dense %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %w_1 = nn.constant "w.1" dense<{{.*}}> : tensor<3x4xf32>
// CHECK-NEXT: %batched = nn.matmul %x3, %w_1 : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
// CHECK-NEXT: %dynamic = nn.matmul %x, %y : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[ROW:.*]] = nn.reshape %v : (tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %[[P:.*]] = nn.matmul %[[ROW]], %w_1 : (tensor<1x3xf32>, tensor<3x4xf32>) -> tensor<1x4xf32>
// CHECK-NEXT: %vector = nn.reshape %[[P]] : (tensor<1x4xf32>) -> tensor<4xf32>
