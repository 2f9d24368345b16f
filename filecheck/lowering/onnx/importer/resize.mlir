// Resize decomposed into gathers with constant indices (nearest) and the
// weighted sum of the two gathered neighbours (linear); an axis that keeps
// its size is left alone.
// RUN: asic-opt %inputs/resize.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x1x2x2xf32> {nn.name = "x"}) -> (tensor<1x1x4x2xf32> {nn.name = "near"}, tensor<1x1x2x3xf32> {nn.name = "lin"}) {
// CHECK-NEXT:   %near.axis2 = nn.constant "near.axis2" dense<[0, 0, 1, 1]> : tensor<4xi64>
// CHECK-NEXT:   %near = nn.gather %x, %near.axis2 axis 2 : (tensor<1x1x2x2xf32>, tensor<4xi64>) -> tensor<1x1x4x2xf32>
// CHECK-NEXT:   %lin.axis3.low = nn.constant "lin.axis3.low" dense<[0, 0, 1]> : tensor<3xi64>
// CHECK-NEXT:   %0 = nn.gather %x, %lin.axis3.low axis 3 : (tensor<1x1x2x2xf32>, tensor<3xi64>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:   %lin.axis3.high = nn.constant "lin.axis3.high" dense<1> : tensor<3xi64>
// CHECK-NEXT:   %1 = nn.gather %x, %lin.axis3.high axis 3 : (tensor<1x1x2x2xf32>, tensor<3xi64>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:   %lin.axis3.wlow = nn.constant "lin.axis3.wlow" dense<[1.000000e+00, 5.000000e-01, 1.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:   %2 = nn.mul %0, %lin.axis3.wlow : (tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:   %lin.axis3.whigh = nn.constant "lin.axis3.whigh" dense<[0.000000e+00, 5.000000e-01, 0.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:   %3 = nn.mul %1, %lin.axis3.whigh : (tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<1x1x2x3xf32>
// CHECK-NEXT:   %lin = nn.add %2, %3 : tensor<1x1x2x3xf32>
// CHECK-NEXT:   func.return %near, %lin : tensor<1x1x4x2xf32>, tensor<1x1x2x3xf32>

