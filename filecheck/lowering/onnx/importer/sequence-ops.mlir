// RNN unrolled over its two steps (the input projections of all steps in
// one dense, one recurrent weight shared by the steps), ConvTranspose with
// output_shape (a negative end pad becomes output_padding), ArgMin as
// ArgMax of the negation.
// RUN: asic-opt %inputs/sequence_ops.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<2x1x3xf32> {nn.name = "x"}, %img: tensor<1x1x2x2xf32> {nn.name = "img"}) -> (tensor<1x1x2xf32> {nn.name = "h"}, tensor<1x1x5x5xi64> {nn.name = "idx"}) {
// CHECK-NEXT:   %0 = nn.reshape %x : (tensor<2x1x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:   %rnn.W0 = nn.constant "rnn.W0" dense<[[-8.000000e-01, 2.400000e-01, -1.660000e+00], [6.600000e-01, 1.140000e+00, -4.500000e-01]]> : tensor<2x3xf32>
// CHECK-NEXT:   %rnn.W0.bias = nn.constant "rnn.W0.bias" dense<0.000000e+00> : tensor<2xf32>
// CHECK-NEXT:   %1 = nn.dense %0, %rnn.W0, %rnn.W0.bias : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x2xf32>
// CHECK-NEXT:   %2 = nn.slice %1 starts [0, 0] steps [1, 1] : (tensor<2x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:   %rnn.initial = nn.constant "rnn.initial" dense<0.000000e+00> : tensor<1x2xf32>
// CHECK-NEXT:   %rnn.R0 = nn.constant "rnn.R0" dense<[[4.300000e-01, 2.500000e-01], [-3.900000e-01, -8.600000e-01]]> : tensor<2x2xf32>
// CHECK-NEXT:   %3 = nn.dense %rnn.initial, %rnn.R0 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:   %4 = nn.add %2, %3 : tensor<1x2xf32>
// CHECK-NEXT:   %5 = nn.tanh %4 : tensor<1x2xf32>
// CHECK-NEXT:   %6 = nn.slice %1 starts [1, 0] steps [1, 1] : (tensor<2x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:   %7 = nn.dense %5, %rnn.R0 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:   %8 = nn.add %6, %7 : tensor<1x2xf32>
// CHECK-NEXT:   %9 = nn.tanh %8 : tensor<1x2xf32>
// CHECK-NEXT:   %h = nn.reshape %9 : (tensor<1x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %k = nn.constant "k" dense<[[[[-2.030000e+00, 1.410000e+00], [-5.000000e-02, 2.520000e+00]], [[8.300000e-01, 2.800000e-01], [-6.600000e-01, 1.390000e+00]]]]> : tensor<1x2x2x2xf32>
// CHECK-NEXT:   %up = nn.conv_transpose2d %img, %k strides [2, 2] output_padding [1, 1] : (tensor<1x1x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:   %10 = nn.neg %up : tensor<1x2x5x5xf32>
// CHECK-NEXT:   %idx = nn.argmax %10 axis 1 : (tensor<1x2x5x5xf32>) -> tensor<1x1x5x5xi64>
// CHECK-NEXT:   func.return %h, %idx : tensor<1x1x2xf32>, tensor<1x1x5x5xi64>
// CHECK-NEXT: }
