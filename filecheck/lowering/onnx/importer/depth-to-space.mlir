// DepthToSpace (CRD) as reshape, transpose, reshape.
// RUN: asic-opt %inputs/depth_to_space.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<1x8x2x3xf32> {nn.name = "x"}) -> (tensor<1x2x4x6xf32> {nn.name = "y"}) {
// CHECK-NEXT:   %0 = nn.reshape %x : (tensor<1x8x2x3xf32>) -> tensor<1x2x2x2x2x3xf32>
// CHECK-NEXT:   %1 = nn.transpose %0 perm [0, 1, 4, 2, 5, 3] : (tensor<1x2x2x2x2x3xf32>) -> tensor<1x2x2x2x3x2xf32>
// CHECK-NEXT:   %y = nn.reshape %1 : (tensor<1x2x2x2x3x2xf32>) -> tensor<1x2x4x6xf32>
// CHECK-NEXT:   func.return %y : tensor<1x2x4x6xf32>
