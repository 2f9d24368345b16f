// --onnx-outputs cuts a classifier before its ai.onnx.ml label branch (as
// skl2onnx writes it): only the nodes the named tensors depend on are
// imported, the unused int64 initializer is never read.
// RUN: asic-opt %inputs/ml_branch.onnx --onnx-outputs probabilities | filecheck %s
// RUN: asic-opt %inputs/ml_branch.onnx --onnx-outputs add_result,probabilities | filecheck %s --check-prefix=TWO

// CHECK:      func.func @main(%X: tensor<1x4xf32> {nn.name = "X"}) -> (tensor<1x3xf32> {nn.name = "probabilities"}) {
// CHECK-NEXT:   %coefficient = nn.constant "coefficient" dense<{{.*}}> : tensor<3x4xf32>
// CHECK-NEXT:   %mul_result = nn.dense %X, %coefficient : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:   %intercepts = nn.constant "intercepts" dense<{{.*}}> : tensor<1x3xf32>
// CHECK-NEXT:   %add_result = nn.add %mul_result, %intercepts : tensor<1x3xf32>
// CHECK-NEXT:   %probabilities = nn.softmax %add_result : tensor<1x3xf32>
// CHECK-NEXT:   func.return %probabilities : tensor<1x3xf32>
// CHECK-NOT:    nn.argmax

// TWO: -> (tensor<1x3xf32> {nn.name = "add_result"}, tensor<1x3xf32> {nn.name = "probabilities"})
// TWO: func.return %add_result, %probabilities
