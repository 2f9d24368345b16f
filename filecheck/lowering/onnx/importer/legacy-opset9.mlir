// Opset 9, as in onnx's light_* models: a ConstantOfShape weight is a splat
// nn.constant named after its tensor; Pad's pads and mode are attributes;
// Unsqueeze's axes are an attribute, and unsqueezing a constant reshapes the
// constant itself (it keeps its name); Dropout's unused mask disappears.
// RUN: asic-opt %inputs/legacy_opset9.onnx | filecheck %s

// CHECK:      %w = nn.constant "w" dense<2.500000e-01> : tensor<2x1x3x3xf32>
// CHECK-NEXT: %conv = nn.conv2d %x, %w : (tensor<1x1x6x6xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT: %padded = nn.pad %conv pads [0, 0, 1, 1, 0, 0, 1, 1] mode "reflect" : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
// CHECK-NEXT: %pooled = nn.maxpool2d %padded kernel [2, 2] strides [2, 2] : (tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT: %scale = nn.constant "scale" dense<[{{\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK-NEXT: %scaled = nn.mul %pooled, %scale : (tensor<1x2x3x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT: func.return %scaled : tensor<1x2x3x3xf32>
