// RotaryEmbedding: a 3-D input split into heads, the caches gathered at the
// positions, the interleaved pairs rotated, the rest of each head kept.
// RUN: asic-opt %inputs/rotary.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x3x8xf32> {nn.name = "x"}, %pos: tensor<1x3xi64> {nn.name = "pos"}) -> (tensor<1x3x8xf32> {nn.name = "y"}) {
// CHECK-NEXT:   %0 = nn.reshape %x : (tensor<1x3x8xf32>) -> tensor<1x3x2x4xf32>
// CHECK-NEXT:   %cos = nn.constant "cos" dense<[[1.830000e+00], [-3.080000e+00], [9.600000e-01], [7.000000e-02]]> : tensor<4x1xf32>
// CHECK-NEXT:   %1 = nn.gather %cos, %pos : (tensor<4x1xf32>, tensor<1x3xi64>) -> tensor<1x3x1xf32>
// CHECK-NEXT:   %2 = nn.reshape %1 : (tensor<1x3x1xf32>) -> tensor<1x3x1x1xf32>
// CHECK-NEXT:   %sin = nn.constant "sin" dense<[[1.320000e+00], [3.900000e-01], [1.830000e+00], [3.000000e-02]]> : tensor<4x1xf32>
// CHECK-NEXT:   %3 = nn.gather %sin, %pos : (tensor<4x1xf32>, tensor<1x3xi64>) -> tensor<1x3x1xf32>
// CHECK-NEXT:   %4 = nn.reshape %3 : (tensor<1x3x1xf32>) -> tensor<1x3x1x1xf32>
// CHECK-NEXT:   %5 = nn.slice %0 starts [0, 0, 0, 0] steps [1, 1, 1, 2] : (tensor<1x3x2x4xf32>) -> tensor<1x3x2x1xf32>
// CHECK-NEXT:   %6 = nn.slice %0 starts [0, 0, 0, 1] steps [1, 1, 1, 2] : (tensor<1x3x2x4xf32>) -> tensor<1x3x2x1xf32>
// CHECK-NEXT:   %7 = nn.mul %2, %5 : (tensor<1x3x1x1xf32>, tensor<1x3x2x1xf32>) -> tensor<1x3x2x1xf32>
// CHECK-NEXT:   %8 = nn.mul %4, %6 : (tensor<1x3x1x1xf32>, tensor<1x3x2x1xf32>) -> tensor<1x3x2x1xf32>
// CHECK-NEXT:   %9 = nn.mul %4, %5 : (tensor<1x3x1x1xf32>, tensor<1x3x2x1xf32>) -> tensor<1x3x2x1xf32>
// CHECK-NEXT:   %10 = nn.mul %2, %6 : (tensor<1x3x1x1xf32>, tensor<1x3x2x1xf32>) -> tensor<1x3x2x1xf32>
// CHECK-NEXT:   %11 = nn.sub %7, %8 : tensor<1x3x2x1xf32>
// CHECK-NEXT:   %12 = nn.add %9, %10 : tensor<1x3x2x1xf32>
// CHECK-NEXT:   %13 = nn.reshape %11 : (tensor<1x3x2x1xf32>) -> tensor<1x3x2x1x1xf32>
// CHECK-NEXT:   %14 = nn.reshape %12 : (tensor<1x3x2x1xf32>) -> tensor<1x3x2x1x1xf32>
// CHECK-NEXT:   %15 = nn.concat %13, %14 axis 4 : (tensor<1x3x2x1x1xf32>, tensor<1x3x2x1x1xf32>) -> tensor<1x3x2x1x2xf32>
// CHECK-NEXT:   %16 = nn.reshape %15 : (tensor<1x3x2x1x2xf32>) -> tensor<1x3x2x2xf32>
// CHECK-NEXT:   %17 = nn.slice %0 starts [0, 0, 0, 2] steps [1, 1, 1, 1] : (tensor<1x3x2x4xf32>) -> tensor<1x3x2x2xf32>
// CHECK-NEXT:   %18 = nn.concat %16, %17 axis 3 : (tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>) -> tensor<1x3x2x4xf32>
// CHECK-NEXT:   %y = nn.reshape %18 : (tensor<1x3x2x4xf32>) -> tensor<1x3x8xf32>
// CHECK-NEXT:   func.return %y : tensor<1x3x8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
