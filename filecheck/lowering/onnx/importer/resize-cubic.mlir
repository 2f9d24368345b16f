// Resize cubic: four gathers of the clamped neighbours, weighted by Keys'
// coefficients (cubic_coeff_a -0.5, the outside ones excluded and the rest
// renormalized), summed.
// RUN: asic-opt %inputs/resize_cubic.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x2xf32> {nn.name = "x"}) -> (tensor<1x3xf32> {nn.name = "y"}) {
// CHECK-NEXT:   %cubic.axis1.tap0 = nn.constant "cubic.axis1.tap0" dense<0> : tensor<3xi64>
// CHECK-NEXT:   %0 = nn.gather %x, %cubic.axis1.tap0 axis 1 : (tensor<1x2xf32>, tensor<3xi64>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.tap1 = nn.constant "cubic.axis1.tap1" dense<[0, 0, 1]> : tensor<3xi64>
// CHECK-NEXT:   %1 = nn.gather %x, %cubic.axis1.tap1 axis 1 : (tensor<1x2xf32>, tensor<3xi64>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.tap2 = nn.constant "cubic.axis1.tap2" dense<[0, 1, 1]> : tensor<3xi64>
// CHECK-NEXT:   %2 = nn.gather %x, %cubic.axis1.tap2 axis 1 : (tensor<1x2xf32>, tensor<3xi64>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.tap3 = nn.constant "cubic.axis1.tap3" dense<1> : tensor<3xi64>
// CHECK-NEXT:   %3 = nn.gather %x, %cubic.axis1.tap3 axis 1 : (tensor<1x2xf32>, tensor<3xi64>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.wtap0 = nn.constant "cubic.axis1.wtap0" dense<[0.000000e+00, 0.000000e+00, -0.065789476]> : tensor<3xf32>
// CHECK-NEXT:   %4 = nn.mul %0, %cubic.axis1.wtap0 : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.wtap1 = nn.constant "cubic.axis1.wtap1" dense<[0.000000e+00, 5.000000e-01, 1.06578946]> : tensor<3xf32>
// CHECK-NEXT:   %5 = nn.mul %1, %cubic.axis1.wtap1 : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.wtap2 = nn.constant "cubic.axis1.wtap2" dense<[1.06578946, 5.000000e-01, 0.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:   %6 = nn.mul %2, %cubic.axis1.wtap2 : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:   %cubic.axis1.wtap3 = nn.constant "cubic.axis1.wtap3" dense<[-0.065789476, 0.000000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:   %7 = nn.mul %3, %cubic.axis1.wtap3 : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:   %8 = nn.add %4, %5 : tensor<1x3xf32>
// CHECK-NEXT:   %9 = nn.add %8, %6 : tensor<1x3xf32>
// CHECK-NEXT:   %y = nn.add %9, %7 : tensor<1x3xf32>
// CHECK-NEXT:   func.return %y : tensor<1x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
