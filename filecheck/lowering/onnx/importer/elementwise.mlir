// Broadcasting arithmetic with a Constant scalar, Sum as a chain of nn.add,
// activations, Clip with a constant min input (no max), LRN, AveragePool with
// ceil_mode and count_include_pad, Concat, Transpose, Pad (edge) with a pads
// input, Identity (no op), ArgMax (i64 result).
// RUN: asic-opt %inputs/elementwise.onnx | filecheck %s

// CHECK:      func.func @main(%x: tensor<1x3x4x4xf32> {nn.name = "x"}) -> (tensor<1x5x3x6xf32> {nn.name = "same"}, tensor<1x5x3xi64> {nn.name = "index"})
// CHECK-NEXT:   %bias = nn.constant "bias" dense<{{.*}}> : tensor<3x1x1xf32>
// CHECK-NEXT:   %added = nn.add %x, %bias : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:   %two = nn.constant "two" dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:   %doubled = nn.mul %added, %two : (tensor<1x3x4x4xf32>, tensor<f32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:   %diff = nn.sub %doubled, %x : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %halved = nn.div %diff, %two : (tensor<1x3x4x4xf32>, tensor<f32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:   %[[S:.*]] = nn.add %x, %halved : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %total = nn.add %[[S]], %diff : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %leaky = nn.leaky_relu %total alpha 0.20000000298023224 : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %sig = nn.sigmoid %leaky : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %th = nn.tanh %sig : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %clipped = nn.clip %th min 0.25 : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %lrn = nn.lrn %clipped size 3 : tensor<1x3x4x4xf32>
// CHECK-NEXT:   %avg = nn.avgpool2d %lrn kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] ceil_mode true count_include_pad true : (tensor<1x3x4x4xf32>) -> tensor<1x3x3x3xf32>
// CHECK-NEXT:   %cat = nn.concat %avg, %avg axis 1 : (tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) -> tensor<1x6x3x3xf32>
// CHECK-NEXT:   %nhwc = nn.transpose %cat perm [0, 2, 3, 1] : (tensor<1x6x3x3xf32>) -> tensor<1x3x3x6xf32>
// CHECK-NEXT:   %padded = nn.pad %nhwc pads [0, 1, 0, 0, 0, 1, 0, 0] mode "edge" : (tensor<1x3x3x6xf32>) -> tensor<1x5x3x6xf32>
// CHECK-NEXT:   %index = nn.argmax %padded axis 3 keepdims false : (tensor<1x5x3x6xf32>) -> tensor<1x5x3xi64>
// CHECK-NEXT:   func.return %padded, %index : tensor<1x5x3x6xf32>, tensor<1x5x3xi64>
