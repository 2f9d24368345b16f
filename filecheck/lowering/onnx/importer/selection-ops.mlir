// Hardmax (argmax against an iota), OneHot (negative indices wrapped, then
// compared with an iota), EyeLike (a constant), Compress (a gather of the
// kept positions), CenterCropPad (slice, pad), LpPool (a depthwise sum by
// ones between powers), GroupNormalization and MeanVarianceNormalization.
// RUN: asic-opt %inputs/selection_ops.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}, %t: tensor<2xi64> {nn.name = "t"}, %img: tensor<1x4x3x3xf32> {nn.name = "img"}) -> (tensor<2x3xf32> {nn.name = "hard"}, tensor<3x2xf32> {nn.name = "onehot"}, tensor<2x3xf32> {nn.name = "eye"}, tensor<2x2xf32> {nn.name = "kept"}, tensor<1x5xf32> {nn.name = "centred"}, tensor<1x4x2x2xf32> {nn.name = "lp"}, tensor<1x4x3x3xf32> {nn.name = "gn"}, tensor<1x4x3x3xf32> {nn.name = "mvn"}) {
// CHECK-NEXT:   %0 = nn.argmax %x axis 1 : (tensor<2x3xf32>) -> tensor<2x1xi64>
// CHECK-NEXT:   %hardmax.positions = nn.constant "hardmax.positions" dense<[[0, 1, 2]]> : tensor<1x3xi64>
// CHECK-NEXT:   %1 = nn.compare %0, %hardmax.positions predicate "equal" : (tensor<2x1xi64>, tensor<1x3xi64>) -> tensor<2x3xi1>
// CHECK-NEXT:   %hard = nn.cast %1 : (tensor<2x3xi1>) -> tensor<2x3xf32>
// CHECK-NEXT:   %onehot.zero = nn.constant "onehot.zero" dense<0> : tensor<i64>
// CHECK-NEXT:   %2 = nn.compare %t, %onehot.zero predicate "less" : (tensor<2xi64>, tensor<i64>) -> tensor<2xi1>
// CHECK-NEXT:   %onehot.depth = nn.constant "onehot.depth" dense<3> : tensor<i64>
// CHECK-NEXT:   %3 = nn.add %t, %onehot.depth : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
// CHECK-NEXT:   %4 = nn.where %2, %3, %t : (tensor<2xi1>, tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
// CHECK-NEXT:   %5 = nn.reshape %4 : (tensor<2xi64>) -> tensor<1x2xi64>
// CHECK-NEXT:   %onehot.positions = nn.constant "onehot.positions" dense<[[0], [1], [2]]> : tensor<3x1xi64>
// CHECK-NEXT:   %6 = nn.compare %5, %onehot.positions predicate "equal" : (tensor<1x2xi64>, tensor<3x1xi64>) -> tensor<3x2xi1>
// CHECK-NEXT:   %onehot.off = nn.constant "onehot.off" dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:   %onehot.on = nn.constant "onehot.on" dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:   %onehot = nn.where %6, %onehot.on, %onehot.off : (tensor<3x2xi1>, tensor<f32>, tensor<f32>) -> tensor<3x2xf32>
// CHECK-NEXT:   %compress.indices = nn.constant "compress.indices" dense<[0, 2]> : tensor<2xi64>
// CHECK-NEXT:   %kept = nn.gather %x, %compress.indices axis 1 : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32>
// CHECK-NEXT:   %7 = nn.slice %x starts [0, 0] steps [1, 1] : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:   %centred = nn.pad %7 pads [0, 1, 0, 1] : (tensor<1x3xf32>) -> tensor<1x5xf32>
// CHECK-NEXT:   %8 = nn.abs %img : tensor<1x4x3x3xf32>
// CHECK-NEXT:   %lppool.p = nn.constant "lppool.p" dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:   %9 = nn.pow %8, %lppool.p : (tensor<1x4x3x3xf32>, tensor<f32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:   %lppool.window = nn.constant "lppool.window" dense<1.000000e+00> : tensor<4x1x2x2xf32>
// CHECK-NEXT:   %10 = nn.conv2d %9, %lppool.window groups 4 : (tensor<1x4x3x3xf32>, tensor<4x1x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:   %lppool.root = nn.constant "lppool.root" dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT:   %lp = nn.pow %10, %lppool.root : (tensor<1x4x2x2xf32>, tensor<f32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT:   %11 = nn.reshape %img : (tensor<1x4x3x3xf32>) -> tensor<1x2x18xf32>
// CHECK-NEXT:   %12 = nn.reduce_mean %11 axes [2] : (tensor<1x2x18xf32>) -> tensor<1x2x1xf32>
// CHECK-NEXT:   %13 = nn.sub %11, %12 : (tensor<1x2x18xf32>, tensor<1x2x1xf32>) -> tensor<1x2x18xf32>
// CHECK-NEXT:   %14 = nn.mul %13, %13 : tensor<1x2x18xf32>
// CHECK-NEXT:   %15 = nn.reduce_mean %14 axes [2] : (tensor<1x2x18xf32>) -> tensor<1x2x1xf32>
// CHECK-NEXT:   %gn.epsilon = nn.constant "gn.epsilon" dense<1.000000e-05> : tensor<f32>
// CHECK-NEXT:   %16 = nn.add %15, %gn.epsilon : (tensor<1x2x1xf32>, tensor<f32>) -> tensor<1x2x1xf32>
// CHECK-NEXT:   %17 = nn.sqrt %16 : tensor<1x2x1xf32>
// CHECK-NEXT:   %18 = nn.reciprocal %17 : tensor<1x2x1xf32>
// CHECK-NEXT:   %19 = nn.mul %13, %18 : (tensor<1x2x18xf32>, tensor<1x2x1xf32>) -> tensor<1x2x18xf32>
// CHECK-NEXT:   %20 = nn.reshape %19 : (tensor<1x2x18xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:   %scale = nn.constant "scale" dense<[[[-1.000000e-02]], [[1.050000e+00]], [[7.400000e-01]], [[7.200000e-01]]]> : tensor<4x1x1xf32>
// CHECK-NEXT:   %21 = nn.mul %20, %scale : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:   %bias = nn.constant "bias" dense<[[[1.620000e+00]], [[-1.210000e+00]], [[-6.300000e-01]], [[-1.320000e+00]]]> : tensor<4x1x1xf32>
// CHECK-NEXT:   %gn = nn.add %21, %bias : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:   %22 = nn.reduce_mean %img axes [0, 2, 3] : (tensor<1x4x3x3xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:   %23 = nn.mul %img, %img : tensor<1x4x3x3xf32>
// CHECK-NEXT:   %24 = nn.reduce_mean %23 axes [0, 2, 3] : (tensor<1x4x3x3xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:   %25 = nn.mul %22, %22 : tensor<1x4x1x1xf32>
// CHECK-NEXT:   %26 = nn.sub %24, %25 : tensor<1x4x1x1xf32>
// CHECK-NEXT:   %27 = nn.sqrt %26 : tensor<1x4x1x1xf32>
// CHECK-NEXT:   %mvn.epsilon = nn.constant "mvn.epsilon" dense<1.000000e-09> : tensor<f32>
// CHECK-NEXT:   %28 = nn.add %27, %mvn.epsilon : (tensor<1x4x1x1xf32>, tensor<f32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:   %29 = nn.sub %img, %22 : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:   %mvn = nn.div %29, %28 : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:   %eye = nn.constant "eye" dense<[[0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT:   func.return %hard, %onehot, %eye, %kept, %centred, %lp, %gn, %mvn : tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3xf32>, tensor<2x2xf32>, tensor<1x5xf32>, tensor<1x4x2x2xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
