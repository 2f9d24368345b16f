// LayerNormalization decomposed (reduce_mean, sub, mul, sqrt, reciprocal),
// ReduceMean with axes as an input, Slice, Gather with constant indices,
// Split, Expand, Tile and Einsum on run-time tensors.
// RUN: asic-opt %inputs/breadth_layout.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x5x4xf32> {nn.name = "x"}) -> (tensor<2x1x4xf32> {nn.name = "ex"}, tensor<1x5x4xf32> {nn.name = "ti"}, tensor<1x2x4xf32> {nn.name = "ga"}, tensor<1x5x5xf32> {nn.name = "ei"}) {
// CHECK-NEXT:  %0 = nn.reduce_mean %x axes [2] : (tensor<1x5x4xf32>) -> tensor<1x5x1xf32>
// CHECK-NEXT:  %1 = nn.sub %x, %0 : (tensor<1x5x4xf32>, tensor<1x5x1xf32>) -> tensor<1x5x4xf32>
// CHECK-NEXT:  %2 = nn.mul %1, %1 : tensor<1x5x4xf32>
// CHECK-NEXT:  %3 = nn.reduce_mean %2 axes [2] : (tensor<1x5x4xf32>) -> tensor<1x5x1xf32>
// CHECK-NEXT:  %ln.epsilon = nn.constant "ln.epsilon" dense<1.000000e-05> : tensor<f32>
// CHECK-NEXT:  %4 = nn.add %3, %ln.epsilon : (tensor<1x5x1xf32>, tensor<f32>) -> tensor<1x5x1xf32>
// CHECK-NEXT:  %5 = nn.sqrt %4 : tensor<1x5x1xf32>
// CHECK-NEXT:  %6 = nn.reciprocal %5 : tensor<1x5x1xf32>
// CHECK-NEXT:  %7 = nn.mul %1, %6 : (tensor<1x5x4xf32>, tensor<1x5x1xf32>) -> tensor<1x5x4xf32>
// CHECK-NEXT:  %scale = nn.constant "scale" dense<[-1.740000e+00, -1.340000e+00, -1.360000e+00, -3.500000e-01]> : tensor<4xf32>
// CHECK-NEXT:  %8 = nn.mul %7, %scale : (tensor<1x5x4xf32>, tensor<4xf32>) -> tensor<1x5x4xf32>
// CHECK-NEXT:  %bias = nn.constant "bias" dense<[-2.310000e+00, -1.900000e-01, -9.600000e-01, 8.900000e-01]> : tensor<4xf32>
// CHECK-NEXT:  %ln = nn.add %8, %bias : (tensor<1x5x4xf32>, tensor<4xf32>) -> tensor<1x5x4xf32>
// CHECK-NEXT:  %pooled = nn.reduce_mean %ln axes [1] keepdims false : (tensor<1x5x4xf32>) -> tensor<1x4xf32>
// CHECK-NEXT:  %sl = nn.slice %x starts [0, 0, 1] steps [1, 1, 1] : (tensor<1x5x4xf32>) -> tensor<1x5x2xf32>
// CHECK-NEXT:  %gather.indices = nn.constant "gather.indices" dense<[0, 3]> : tensor<2xi64>
// CHECK-NEXT:  %ga = nn.gather %x, %gather.indices axis 1 : (tensor<1x5x4xf32>, tensor<2xi64>) -> tensor<1x2x4xf32>
// CHECK-NEXT:  %s0 = nn.slice %x starts [0, 0, 0] steps [1, 1, 1] : (tensor<1x5x4xf32>) -> tensor<1x5x2xf32>
// CHECK-NEXT:  %s1 = nn.slice %x starts [0, 0, 2] steps [1, 1, 1] : (tensor<1x5x4xf32>) -> tensor<1x5x2xf32>
// CHECK-NEXT:  %expand.ones = nn.constant "expand.ones" dense<1.000000e+00> : tensor<2x1x4xf32>
// CHECK-NEXT:  %ex = nn.mul %pooled, %expand.ones : (tensor<1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
// CHECK-NEXT:  %ti = nn.concat %sl, %sl axis 2 : (tensor<1x5x2xf32>, tensor<1x5x2xf32>) -> tensor<1x5x4xf32>
// CHECK-NEXT:  %ei = nn.einsum %s0, %s1 equation "bij,bkj->bik" : (tensor<1x5x2xf32>, tensor<1x5x2xf32>) -> tensor<1x5x5xf32>
// CHECK-NEXT:  func.return %ex, %ti, %ga, %ei : tensor<2x1x4xf32>, tensor<1x5x4xf32>, tensor<1x2x4xf32>, tensor<1x5x5xf32>
// CHECK-NEXT:   }
