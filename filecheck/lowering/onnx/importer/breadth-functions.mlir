// Elementwise functions (Erf, Gelu with approximate=tanh, HardSwish, Elu),
// Pow with an integer exponent (cast to the base's type), variadic Min and
// Mean (chains; Mean divides by the count), PRelu.
// RUN: asic-opt %inputs/breadth_functions.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x4xf32> {nn.name = "x"}) -> (tensor<1x4xf32> {nn.name = "y"}) {
// CHECK-NEXT:  %erf = nn.erf %x : tensor<1x4xf32>
// CHECK-NEXT:  %gelu = nn.gelu_tanh %erf : tensor<1x4xf32>
// CHECK-NEXT:  %hs = nn.hard_swish %gelu : tensor<1x4xf32>
// CHECK-NEXT:  %elu = nn.elu %hs alpha 0.5 : tensor<1x4xf32>
// CHECK-NEXT:  %two = nn.constant "two" dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:  %pow = nn.pow %elu, %two : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
// CHECK-NEXT:  %0 = nn.min %pow, %x : tensor<1x4xf32>
// CHECK-NEXT:  %min = nn.min %0, %elu : tensor<1x4xf32>
// CHECK-NEXT:  %1 = nn.add %min, %x : tensor<1x4xf32>
// CHECK-NEXT:  %mean.count = nn.constant "mean.count" dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:  %mean = nn.div %1, %mean.count : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
// CHECK-NEXT:  %slope = nn.constant "slope" dense<[0.000000e+00, 3.000000e-01, -2.700000e-01, -8.900000e-01]> : tensor<4xf32>
// CHECK-NEXT:  %y = nn.prelu %mean, %slope : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
// CHECK-NEXT:  func.return %y : tensor<1x4xf32>
