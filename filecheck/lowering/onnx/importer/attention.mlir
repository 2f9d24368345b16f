// Attention decomposed: 3-D inputs to heads, the key/value head repeated for
// both query heads (grouped-query attention), Q and K scaled by
// sqrt(1/sqrt(2)), the causal bias a constant, softmax, and back to 3-D.
// RUN: asic-opt %inputs/attention.onnx | filecheck %s

// CHECK: func.func @main(%q: tensor<1x2x4xf32> {nn.name = "q"}, %k: tensor<1x2x2xf32> {nn.name = "k"}, %v: tensor<1x2x2xf32> {nn.name = "v"}) -> (tensor<1x2x4xf32> {nn.name = "y"}) {
// CHECK-NEXT:   %0 = nn.reshape %q : (tensor<1x2x4xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %1 = nn.transpose %0 perm [0, 2, 1, 3] : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %2 = nn.reshape %k : (tensor<1x2x2xf32>) -> tensor<1x2x1x2xf32>
// CHECK-NEXT:   %3 = nn.transpose %2 perm [0, 2, 1, 3] : (tensor<1x2x1x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:   %4 = nn.reshape %v : (tensor<1x2x2xf32>) -> tensor<1x2x1x2xf32>
// CHECK-NEXT:   %5 = nn.transpose %4 perm [0, 2, 1, 3] : (tensor<1x2x1x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:   %attn.heads = nn.constant "attn.heads" dense<0> : tensor<2xi64>
// CHECK-NEXT:   %6 = nn.gather %3, %attn.heads axis 1 : (tensor<1x1x2x2xf32>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %7 = nn.gather %5, %attn.heads axis 1 : (tensor<1x1x2x2xf32>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %attn.sqrt_scale = nn.constant "attn.sqrt_scale" dense<0.840896428> : tensor<f32>
// CHECK-NEXT:   %8 = nn.mul %1, %attn.sqrt_scale : (tensor<1x2x2x2xf32>, tensor<f32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %9 = nn.mul %6, %attn.sqrt_scale : (tensor<1x2x2x2xf32>, tensor<f32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %10 = nn.transpose %9 perm [0, 1, 3, 2] : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %11 = nn.matmul %8, %10 : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %attn.bias = nn.constant "attn.bias" dense<"0x00000000000080FF0000000000000000"> : tensor<2x2xf32>
// CHECK-NEXT:   %12 = nn.add %11, %attn.bias : (tensor<1x2x2x2xf32>, tensor<2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %13 = nn.softmax %12 : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %14 = nn.matmul %13, %7 : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %15 = nn.transpose %14 perm [0, 2, 1, 3] : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %y = nn.reshape %15 : (tensor<1x2x2x2xf32>) -> tensor<1x2x4xf32>
// CHECK-NEXT:   func.return %y : tensor<1x2x4xf32>
