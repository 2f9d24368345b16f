// Opset 6: weights listed as graph inputs are not function arguments; Add's
// broadcast=1 axis=1 aligns the [3] bias with axis 1 ([3, 1, 1]); Clip's
// bounds are attributes; BatchNormalization's is_test/spatial and Dropout
// (inference: its input) leave nothing behind; Softmax coerces its input to
// 2-D at axis 1, so it is bracketed by reshapes.
// RUN: asic-opt %inputs/legacy_opset6.onnx | filecheck %s

// CHECK:      func.func @main(%x: tensor<2x3x2x4xf32> {nn.name = "x"}) -> (tensor<2x3x8xf32> {nn.name = "probs"})
// CHECK-NEXT:   %bias = nn.constant "bias" dense<{{.*}}> : tensor<3x1x1xf32>
// CHECK-NEXT:   %biased = nn.add %x, %bias : (tensor<2x3x2x4xf32>, tensor<3x1x1xf32>) -> tensor<2x3x2x4xf32>
// CHECK:        %bn = nn.batchnorm %biased, %s, %b, %m, %v : (tensor<2x3x2x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x2x4xf32>
// CHECK-NEXT:   %clipped = nn.clip %bn min 0.0 max 6.0 : tensor<2x3x2x4xf32>
// CHECK-NEXT:   %reshaped = nn.reshape %clipped : (tensor<2x3x2x4xf32>) -> tensor<2x3x8xf32>
// CHECK-NEXT:   %[[FLAT:.*]] = nn.reshape %reshaped : (tensor<2x3x8xf32>) -> tensor<2x24xf32>
// CHECK-NEXT:   %[[SM:.*]] = nn.softmax %[[FLAT]] : tensor<2x24xf32>
// CHECK-NEXT:   %probs = nn.reshape %[[SM]] : (tensor<2x24xf32>) -> tensor<2x3x8xf32>
// CHECK-NEXT:   func.return %probs
