// CausalConvWithState: the past state before the input, a depthwise
// convolution, SiLU; the present state the last k - 1 positions.
// RUN: asic-opt %inputs/causal_conv.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x2x4xf32> {nn.name = "x"}, %past: tensor<1x2x2xf32> {nn.name = "past"}) -> (tensor<1x2x4xf32> {nn.name = "y"}, tensor<1x2x2xf32> {nn.name = "present"}) {
// CHECK-NEXT:   %0 = nn.concat %past, %x axis 2 : (tensor<1x2x2xf32>, tensor<1x2x4xf32>) -> tensor<1x2x6xf32>
// CHECK-NEXT:   %1 = nn.reshape %0 : (tensor<1x2x6xf32>) -> tensor<1x2x1x6xf32>
// CHECK-NEXT:   %w = nn.constant "w" dense<[[[[7.000000e-01, -9.800000e-01, -1.570000e+00]]], [[[-2.920000e+00, -3.500000e-01, 1.250000e+00]]]]> : tensor<2x1x1x3xf32>
// CHECK-NEXT:   %b = nn.constant "b" dense<[3.000000e-02, 5.100000e-01]> : tensor<2xf32>
// CHECK-NEXT:   %2 = nn.conv2d %1, %w, %b groups 2 : (tensor<1x2x1x6xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x2x1x4xf32>
// CHECK-NEXT:   %3 = nn.reshape %2 : (tensor<1x2x1x4xf32>) -> tensor<1x2x4xf32>
// CHECK-NEXT:   %y = nn.swish %3 : tensor<1x2x4xf32>
// CHECK-NEXT:   %present = nn.slice %0 starts [0, 0, 4] steps [1, 1, 1] : (tensor<1x2x6xf32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   func.return %y, %present : tensor<1x2x4xf32>, tensor<1x2x2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
