// A weight whose data is in an external file next to the model is read.
// RUN: asic-opt %inputs/external_ok.onnx | filecheck %s

// CHECK: %w = nn.constant "w" dense<{{\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00], [1.000000e+00, 3.000000e+00, 5.000000e+00]]> : tensor<2x3xf32>
// CHECK: %y = nn.dense %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
