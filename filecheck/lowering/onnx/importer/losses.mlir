// NegativeLogLikelihoodLoss decomposed (the ignored class reads class 0 with
// weight 0, mean over the weights used) and SoftmaxCrossEntropyLoss (the
// same of the log softmax, its second output).
// RUN: asic-opt %inputs/losses.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}, %t: tensor<2xi64> {nn.name = "t"}) -> (tensor<f32> {nn.name = "nll"}, tensor<2xf32> {nn.name = "sce"}, tensor<2x3xf32> {nn.name = "log_prob"}) {
// CHECK-NEXT:   %nll.ignore_index = nn.constant "nll.ignore_index" dense<2> : tensor<i64>
// CHECK-NEXT:   %0 = nn.compare %t, %nll.ignore_index predicate "equal" : (tensor<2xi64>, tensor<i64>) -> tensor<2xi1>
// CHECK-NEXT:   %nll.class0 = nn.constant "nll.class0" dense<0> : tensor<i64>
// CHECK-NEXT:   %1 = nn.where %0, %nll.class0, %t : (tensor<2xi1>, tensor<i64>, tensor<2xi64>) -> tensor<2xi64>
// CHECK-NEXT:   %w = nn.constant "w" dense<[5.000000e-01, 1.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:   %2 = nn.gather %w, %1 : (tensor<3xf32>, tensor<2xi64>) -> tensor<2xf32>
// CHECK-NEXT:   %nll.zero = nn.constant "nll.zero" dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:   %3 = nn.where %0, %nll.zero, %2 : (tensor<2xi1>, tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK-NEXT:   %4 = nn.reshape %1 : (tensor<2xi64>) -> tensor<2x1xi64>
// CHECK-NEXT:   %5 = nn.gather_elements %x, %4 axis 1 : (tensor<2x3xf32>, tensor<2x1xi64>) -> tensor<2x1xf32>
// CHECK-NEXT:   %6 = nn.reshape %5 : (tensor<2x1xf32>) -> tensor<2xf32>
// CHECK-NEXT:   %7 = nn.neg %6 : tensor<2xf32>
// CHECK-NEXT:   %8 = nn.mul %7, %3 : tensor<2xf32>
// CHECK-NEXT:   %9 = nn.reduce_sum %8 axes [0] keepdims false : (tensor<2xf32>) -> tensor<f32>
// CHECK-NEXT:   %10 = nn.reduce_sum %3 axes [0] keepdims false : (tensor<2xf32>) -> tensor<f32>
// CHECK-NEXT:   %nll = nn.div %9, %10 : tensor<f32>
// CHECK-NEXT:   %11 = nn.reduce_log_sum_exp %x axes [1] : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK-NEXT:   %log_prob = nn.sub %x, %11 : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:   %12 = nn.reshape %t : (tensor<2xi64>) -> tensor<2x1xi64>
// CHECK-NEXT:   %13 = nn.gather_elements %log_prob, %12 axis 1 : (tensor<2x3xf32>, tensor<2x1xi64>) -> tensor<2x1xf32>
// CHECK-NEXT:   %14 = nn.reshape %13 : (tensor<2x1xf32>) -> tensor<2xf32>
// CHECK-NEXT:   %sce = nn.neg %14 : tensor<2xf32>
// CHECK-NEXT:   func.return %nll, %sce, %log_prob : tensor<f32>, tensor<2xf32>, tensor<2x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
