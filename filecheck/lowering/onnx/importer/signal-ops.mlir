// DFT (axis a constant input, one-sided), Det, BitCast, SwiGLU (swish times
// the value), ReverseSequence (a gather of the reversed positions),
// GridSample and AffineGrid (an einsum with the homogeneous coordinates).
// RUN: asic-opt %inputs/signal_ops.onnx | filecheck %s

// CHECK: func.func @main(%signal: tensor<1x4x1xf32> {nn.name = "signal"}, %m: tensor<2x2xf32> {nn.name = "m"}, %image: tensor<1x1x3x3xf32> {nn.name = "image"}, %grid: tensor<1x2x2x2xf32> {nn.name = "grid"}, %theta: tensor<1x2x3xf32> {nn.name = "theta"}) -> (tensor<1x3x2xf32> {nn.name = "spectrum"}, tensor<f32> {nn.name = "det"}, tensor<2x2xi32> {nn.name = "bits"}, tensor<2x2xf32> {nn.name = "glu"}, tensor<2x2xf32> {nn.name = "reversed"}, tensor<1x1x2x2xf32> {nn.name = "sampled"}, tensor<1x2x2x2xf32> {nn.name = "affine"}) {
// CHECK-NEXT:   %spectrum = nn.dft %signal axis 1 length 4 onesided true : (tensor<1x4x1xf32>) -> tensor<1x3x2xf32>
// CHECK-NEXT:   %det = nn.det %m : (tensor<2x2xf32>) -> tensor<f32>
// CHECK-NEXT:   %bits = nn.bitcast %m : (tensor<2x2xf32>) -> tensor<2x2xi32>
// CHECK-NEXT:   %0 = nn.swish %m alpha 1.5 : tensor<2x2xf32>
// CHECK-NEXT:   %glu = nn.mul %0, %m : tensor<2x2xf32>
// CHECK-NEXT:   %reverse.positions = nn.constant "reverse.positions" dense<[[1, 0], [0, 1]]> : tensor<2x2xi64>
// CHECK-NEXT:   %reversed = nn.gather_elements %m, %reverse.positions : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
// CHECK-NEXT:   %sampled = nn.grid_sample %image, %grid mode "cubic" padding_mode "border" : (tensor<1x1x3x3xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:   %affine.positions = nn.constant "affine.positions" dense<[[[-5.000000e-01, -5.000000e-01, 1.000000e+00], [5.000000e-01, -5.000000e-01, 1.000000e+00]], [[-5.000000e-01, 5.000000e-01, 1.000000e+00], [5.000000e-01, 5.000000e-01, 1.000000e+00]]]> : tensor<2x2x3xf32>
// CHECK-NEXT:   %affine = nn.einsum %theta, %affine.positions equation "nij,hwj->nhwi" : (tensor<1x2x3xf32>, tensor<2x2x3xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   func.return %spectrum, %det, %bits, %glu, %reversed, %sampled, %affine : tensor<1x3x2xf32>, tensor<f32>, tensor<2x2xi32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
