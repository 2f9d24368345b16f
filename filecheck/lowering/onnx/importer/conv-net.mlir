// A small CNN: Conv, BatchNormalization, Relu, MaxPool, GlobalAveragePool,
// Flatten, Gemm (transB=1, constant weight -> nn.dense), Softmax. The input's
// symbolic batch becomes --batch-size; names become nn.name attributes and
// SSA name hints; the printed IR parses back.
// RUN: asic-opt %inputs/conv_net.onnx | filecheck %s
// RUN: asic-opt %inputs/conv_net.onnx | asic-opt | filecheck %s
// RUN: asic-opt %inputs/conv_net.onnx --batch-size 4 | filecheck %s --check-prefix=BATCH

// CHECK:      func.func @main(%image: tensor<1x3x8x8xf32> {nn.name = "image"}) -> (tensor<1x10xf32> {nn.name = "probs"}) {
// CHECK-NEXT:   %conv1.weight = nn.constant "conv1.weight" dense<"0x{{[0-9A-F]+}}"> : tensor<4x3x3x3xf32>
// CHECK-NEXT:   %conv1.bias = nn.constant "conv1.bias" dense<[1.750000e+00, -1.100000e-01, -6.900000e-01, 1.400000e-01]> : tensor<4xf32>
// CHECK-NEXT:   %conv1_out = nn.conv2d %image, %conv1.weight, %conv1.bias pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
// CHECK-NEXT:   %bn1.scale = nn.constant "bn1.scale" dense<[1.000000e+00, 2.000000e+00, 5.000000e-01, 1.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:   %bn1.bias = nn.constant "bn1.bias"
// CHECK-NEXT:   %bn1.mean = nn.constant "bn1.mean"
// CHECK-NEXT:   %bn1.var = nn.constant "bn1.var"
// CHECK-NEXT:   %bn1_out = nn.batchnorm %conv1_out, %bn1.scale, %bn1.bias, %bn1.mean, %bn1.var epsilon 0.0010000000474974513 : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
// CHECK-NEXT:   %relu1_out = nn.relu %bn1_out : tensor<1x4x8x8xf32>
// CHECK-NEXT:   %pool1_out = nn.maxpool2d %relu1_out kernel [2, 2] strides [2, 2] : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:   %gap_out = nn.global_avgpool2d %pool1_out : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:   %flat = nn.flatten %gap_out : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
// CHECK-NEXT:   %fc.weight = nn.constant "fc.weight" dense<{{.*}}> : tensor<10x4xf32>
// CHECK-NEXT:   %fc.bias = nn.constant "fc.bias" dense<{{.*}}> : tensor<10xf32>
// CHECK-NEXT:   %logits = nn.dense %flat, %fc.weight, %fc.bias : (tensor<1x4xf32>, tensor<10x4xf32>, tensor<10xf32>) -> tensor<1x10xf32>
// CHECK-NEXT:   %probs = nn.softmax %logits : tensor<1x10xf32>
// CHECK-NEXT:   func.return %probs : tensor<1x10xf32>

// BATCH:      func.func @main(%image: tensor<4x3x8x8xf32> {nn.name = "image"}) -> (tensor<4x10xf32> {nn.name = "probs"})
// BATCH:      nn.conv2d {{.*}} -> tensor<4x4x8x8xf32>
// BATCH:      nn.dense {{.*}} -> tensor<4x10xf32>
