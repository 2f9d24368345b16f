// Conv: auto_pad resolved to explicit pads (SAME_UPPER puts the odd pad at
// the end, SAME_LOWER at the beginning, VALID has none), dilations, a
// depthwise convolution (groups = channels), and a 1-D convolution as a 2-D
// one over a height-1 image.
// RUN: asic-opt %inputs/conv_variants.onnx | filecheck %s

// CHECK:      %same_upper = nn.conv2d %x, %k2 pads [0, 0, 1, 1] : (tensor<1x4x7x7xf32>, tensor<2x4x2x2xf32>) -> tensor<1x2x7x7xf32>
// CHECK-NEXT: %same_lower = nn.conv2d %x, %k2 pads [1, 1, 0, 0] : (tensor<1x4x7x7xf32>, tensor<2x4x2x2xf32>) -> tensor<1x2x7x7xf32>
// CHECK:      %valid = nn.conv2d %x, %k3 strides [2, 2] dilations [1, 2] : (tensor<1x4x7x7xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x3x2xf32>
// CHECK:      %depthwise = nn.conv2d %x, %dw pads [1, 1, 1, 1] groups 4 : (tensor<1x4x7x7xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x7x7xf32>
// CHECK-NEXT: %[[S:.*]] = nn.reshape %s : (tensor<1x2x5xf32>) -> tensor<1x2x1x5xf32>
// CHECK-NEXT: %k1d = nn.constant "k1d" dense<{{.*}}> : tensor<3x2x1x3xf32>
// CHECK-NEXT: %b1d = nn.constant "b1d"
// CHECK-NEXT: %[[C:.*]] = nn.conv2d %[[S]], %k1d, %b1d pads [0, 1, 0, 1] : (tensor<1x2x1x5xf32>, tensor<3x2x1x3xf32>, tensor<3xf32>) -> tensor<1x3x1x5xf32>
// CHECK-NEXT: %conv1d = nn.reshape %[[C]] : (tensor<1x3x1x5xf32>) -> tensor<1x3x5xf32>
