// RUN: asic-opt %s -p 'prune{mode="2:4"}' 2>&1 | filecheck %s
// RUN: asic-opt %s -p 'prune{mode="n:m" n=1 m=2}' 2>&1 | filecheck %s --check-prefix=ONE

// 2:4 along the reduction axis: for a dense layer, groups of 4 consecutive
// inputs of each row keep their 2 largest |w|. For a convolution, groups
// run along input channels at each kernel position (here 4 input channels,
// 1x2 kernel): w[o, :, 0, v] is one group for each o and v.
func.func @main(%x: tensor<1x4x1x2xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "conv.weight" dense<[[[[1.0, -8.0]], [[2.0, 7.0]], [[-3.0, 6.0]], [[4.0, -5.0]]]]> : tensor<1x4x1x2xf32>
  %c = nn.conv2d %x, %w : (tensor<1x4x1x2xf32>, tensor<1x4x1x2xf32>) -> tensor<1x1x1x1xf32>
  %f = nn.flatten %c : (tensor<1x1x1x1xf32>) -> tensor<1x1xf32>
  %w2 = nn.constant "odd.weight" dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %y = nn.dense %f, %w2 : (tensor<1x1xf32>, tensor<2x1xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// CHECK: remark: prune: layer 'odd.weight' left alone: its 1 inputs do not split into groups of 4
// CHECK: "conv.weight" dense<{{\[\[\[\[}}0.000000e+00, -8.000000e+00]], {{\[\[}}0.000000e+00, 7.000000e+00]], {{\[\[}}-3.000000e+00, 0.000000e+00]], {{\[\[}}4.000000e+00, 0.000000e+00]]]]>
// CHECK: "odd.weight" dense<{{\[\[}}1.000000e+00], [2.000000e+00]]>

// ONE: remark: prune: layer 'odd.weight' left alone: its 1 inputs do not split into groups of 2
// ONE: "conv.weight" dense<{{\[\[\[\[}}0.000000e+00, -8.000000e+00]], {{\[\[}}2.000000e+00, 0.000000e+00]], {{\[\[}}0.000000e+00, 6.000000e+00]], {{\[\[}}4.000000e+00, 0.000000e+00]]]]>
