// An exporter's flatten (Shape -> Gather -> Unsqueeze -> Concat -> Reshape)
// is evaluated at import: only the nn.reshape remains, with the batch given
// by --batch-size. Squeeze/Unsqueeze with axes inputs become nn.reshape;
// Cast between float types is nn.cast; ConstantOfShape is a splat constant.
// RUN: asic-opt %inputs/shape_subgraph.onnx --batch-size 2 | filecheck %s

// CHECK:      func.func @main(%x: tensor<2x3x4x4xf32> {nn.name = "x"}) -> (tensor<2x48xf32> {nn.name = "y"}) {
// CHECK-NEXT:   %flat = nn.reshape %x : (tensor<2x3x4x4xf32>) -> tensor<2x48xf32>
// CHECK-NEXT:   %flat3 = nn.reshape %flat : (tensor<2x48xf32>) -> tensor<1x2x48xf32>
// CHECK-NEXT:   %flat2 = nn.reshape %flat3 : (tensor<1x2x48xf32>) -> tensor<2x48xf32>
// CHECK-NEXT:   %half = nn.cast %flat2 : (tensor<2x48xf32>) -> tensor<2x48xf16>
// CHECK-NEXT:   %single = nn.cast %half : (tensor<2x48xf16>) -> tensor<2x48xf32>
// CHECK-NEXT:   %ones = nn.constant "ones" dense<1.000000e+00> : tensor<48xf32>
// CHECK-NEXT:   %y = nn.add %single, %ones : (tensor<2x48xf32>, tensor<48xf32>) -> tensor<2x48xf32>
// CHECK-NEXT:   func.return %y : tensor<2x48xf32>
