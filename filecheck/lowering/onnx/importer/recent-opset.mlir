// Opsets above 21 import: the ops whose schemas changed there only widened
// their types, and each node follows its schema's since_version.
// RUN: asic-opt %inputs/recent_opset.onnx | filecheck %s

// CHECK: nn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32>
// CHECK: nn.flatten %c : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32>
// CHECK: nn.cast %f : (tensor<1x8xf32>) -> tensor<1x8xf16>
