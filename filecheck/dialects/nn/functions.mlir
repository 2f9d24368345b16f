// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// The elementwise functions of the ONNX breadth (each an
// ElementwiseFunctionOp computed in f64 and rounded once) and the binary
// pow, min, max and prelu. Properties at their defaults are not printed.

func.func @functions(%x: tensor<2x3xf32>, %h: tensor<4xf16>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  %erf = nn.erf %x : tensor<2x3xf32>
  %gelu = nn.gelu %x : tensor<2x3xf32>
  %gelu_tanh = nn.gelu_tanh %h : tensor<4xf16>
  %sqrt = nn.sqrt %x : tensor<2x3xf32>
  %exp = nn.exp %x : tensor<2x3xf32>
  %log = nn.log %x : tensor<2x3xf32>
  %reciprocal = nn.reciprocal %x : tensor<2x3xf32>
  %neg = nn.neg %x : tensor<2x3xf32>
  %abs = nn.abs %x : tensor<2x3xf32>
  %floor = nn.floor %x : tensor<2x3xf32>
  %ceil = nn.ceil %x : tensor<2x3xf32>
  %round = nn.round %x : tensor<2x3xf32>
  %sign = nn.sign %x : tensor<2x3xf32>
  %sin = nn.sin %x : tensor<2x3xf32>
  %cos = nn.cos %x : tensor<2x3xf32>
  %tan = nn.tan %x : tensor<2x3xf32>
  %atanh = nn.atanh %x : tensor<2x3xf32>
  %swish = nn.swish %x alpha 1.5 : tensor<2x3xf32>
  %softplus = nn.softplus %x : tensor<2x3xf32>
  %softsign = nn.softsign %x : tensor<2x3xf32>
  %mish = nn.mish %x : tensor<2x3xf32>
  %hard_swish = nn.hard_swish %x : tensor<2x3xf32>
  %hard_sigmoid = nn.hard_sigmoid %x alpha 0.2 beta 0.25 : tensor<2x3xf32>
  %elu = nn.elu %x alpha 0.5 : tensor<2x3xf32>
  %celu = nn.celu %x alpha 2 : tensor<2x3xf32>
  %selu = nn.selu %x : tensor<2x3xf32>
  %thresholded = nn.thresholded_relu %x alpha 0.1 : tensor<2x3xf32>
  %shrink = nn.shrink %x bias 1.5 : tensor<2x3xf32>
  %pow = nn.pow %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %min = nn.min %x, %x : tensor<2x3xf32>
  %max = nn.max %s, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %prelu = nn.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  func.return %erf : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @functions
// CHECK-NEXT:    %erf = nn.erf %x : tensor<2x3xf32>
// CHECK-NEXT:    %gelu = nn.gelu %x : tensor<2x3xf32>
// CHECK-NEXT:    %gelu_tanh = nn.gelu_tanh %h : tensor<4xf16>
// CHECK-NEXT:    %sqrt = nn.sqrt %x : tensor<2x3xf32>
// CHECK-NEXT:    %exp = nn.exp %x : tensor<2x3xf32>
// CHECK-NEXT:    %log = nn.log %x : tensor<2x3xf32>
// CHECK-NEXT:    %reciprocal = nn.reciprocal %x : tensor<2x3xf32>
// CHECK-NEXT:    %neg = nn.neg %x : tensor<2x3xf32>
// CHECK-NEXT:    %abs = nn.abs %x : tensor<2x3xf32>
// CHECK-NEXT:    %floor = nn.floor %x : tensor<2x3xf32>
// CHECK-NEXT:    %ceil = nn.ceil %x : tensor<2x3xf32>
// CHECK-NEXT:    %round = nn.round %x : tensor<2x3xf32>
// CHECK-NEXT:    %sign = nn.sign %x : tensor<2x3xf32>
// CHECK-NEXT:    %sin = nn.sin %x : tensor<2x3xf32>
// CHECK-NEXT:    %cos = nn.cos %x : tensor<2x3xf32>
// CHECK-NEXT:    %tan = nn.tan %x : tensor<2x3xf32>
// CHECK-NEXT:    %atanh = nn.atanh %x : tensor<2x3xf32>
// CHECK-NEXT:    %swish = nn.swish %x alpha 1.5 : tensor<2x3xf32>
// CHECK-NEXT:    %softplus = nn.softplus %x : tensor<2x3xf32>
// CHECK-NEXT:    %softsign = nn.softsign %x : tensor<2x3xf32>
// CHECK-NEXT:    %mish = nn.mish %x : tensor<2x3xf32>
// CHECK-NEXT:    %hard_swish = nn.hard_swish %x : tensor<2x3xf32>
// CHECK-NEXT:    %hard_sigmoid = nn.hard_sigmoid %x beta 0.25 : tensor<2x3xf32>
// CHECK-NEXT:    %elu = nn.elu %x alpha 0.5 : tensor<2x3xf32>
// CHECK-NEXT:    %celu = nn.celu %x alpha 2.0 : tensor<2x3xf32>
// CHECK-NEXT:    %selu = nn.selu %x : tensor<2x3xf32>
// CHECK-NEXT:    %thresholded = nn.thresholded_relu %x alpha 0.1 : tensor<2x3xf32>
// CHECK-NEXT:    %shrink = nn.shrink %x bias 1.5 : tensor<2x3xf32>
// CHECK-NEXT:    %pow = nn.pow %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %min = nn.min %x, %x : tensor<2x3xf32>
// CHECK-NEXT:    %max = nn.max %s, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %prelu = nn.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %erf : tensor<2x3xf32>

// GENERIC: "nn.erf"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "nn.hard_sigmoid"(%{{.*}}) <{alpha = 2.000000e-01 : f64, beta = 2.500000e-01 : f64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "nn.prelu"(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
