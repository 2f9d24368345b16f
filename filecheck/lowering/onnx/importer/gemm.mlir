// Gemm -> nn.dense when B is constant: the [N, K] weight is alpha * B^T
// (here transB=0, alpha=0.5: w = 0.5 * [[0..3], [4..7], [8..11]]^T) and a C
// that is the same for every row becomes the bias, times beta. A full C is
// an nn.add; transA is an nn.transpose. A dynamic B gives nn.matmul, with
// alpha and beta as nn.mul by scalar constants.
// RUN: asic-opt %inputs/gemm.onnx | filecheck %s

// CHECK:      %w = nn.constant "w" dense<[[0.000000e+00, 2.000000e+00, 4.000000e+00], [5.000000e-01, 2.500000e+00, 4.500000e+00], [1.000000e+00, 3.000000e+00, 5.000000e+00], [1.500000e+00, 3.500000e+00, 5.500000e+00]]> : tensor<4x3xf32>
// CHECK-NEXT: %c = nn.constant "c" dense<[2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]> : tensor<4xf32>
// CHECK-NEXT: %folded = nn.dense %x, %w, %c : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>

// CHECK-NEXT: %[[XT:.*]] = nn.transpose %xt perm [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %w2 = nn.constant "w2" dense<1.000000e+00> : tensor<5x3xf32>
// CHECK-NEXT: %[[D:.*]] = nn.dense %[[XT]], %w2 : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %c2 = nn.constant "c2" {{.*}} : tensor<2x5xf32>
// CHECK-NEXT: %trans_a = nn.add %[[D]], %c2 : tensor<2x5xf32>

// CHECK-NEXT: %[[M:.*]] = nn.matmul %x, %y : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[ALPHA:.*]] = nn.constant "dynamic.scale" dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[AM:.*]] = nn.mul %[[M]], %[[ALPHA]] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[BETA:.*]] = nn.constant "dynamic.scale.1" dense<3.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[BC:.*]] = nn.mul %z, %[[BETA]] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x4xf32>
// CHECK-NEXT: %dynamic = nn.add %[[AM]], %[[BC]] : tensor<2x4xf32>
// CHECK-NEXT: func.return %folded, %trans_a, %dynamic
