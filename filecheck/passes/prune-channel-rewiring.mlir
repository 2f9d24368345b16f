// RUN: asic-opt %s --split-input-file -p 'prune{mode=channel sparsity=0.5}' 2>&1 | filecheck %s

// Channels meeting another computed value at an add: the layer is left alone
// with a remark; the other layer feeding the add too.
func.func @residual(%x: tensor<1x2xf32>) -> tensor<1x1xf32> {
  %w1 = nn.constant "a.weight" dense<[[1.0, 0.0], [0.0, 0.1]]> : tensor<2x2xf32>
  %h = nn.dense %x, %w1 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %s = nn.add %h, %x : tensor<1x2xf32>
  %w2 = nn.constant "b.weight" dense<[[1.0, 1.0]]> : tensor<1x2xf32>
  %y = nn.dense %s, %w2 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x1xf32>
  func.return %y : tensor<1x1xf32>
}

// CHECK: remark: prune: layer 'a.weight' left alone: its channels meet another computed value at 'nn.add'
// CHECK: "a.weight" dense<{{\[\[}}1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e-01]]> : tensor<2x2xf32>

// -----

// A concat on the channel axis: the pruned input's channels are removed at
// their offset; the other input keeps its channels, and the dense layer
// after the concat loses the matching columns (here column 1).
func.func @concat(%x: tensor<1x2xf32>) -> tensor<1x1xf32> {
  %w1 = nn.constant "a.weight" dense<[[3.0, 0.0], [0.0, 0.1]]> : tensor<2x2xf32>
  %h = nn.dense %x, %w1 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %c = nn.concat %h, %x axis 1 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %w2 = nn.constant "b.weight" dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>
  %y = nn.dense %c, %w2 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x1xf32>
  func.return %y : tensor<1x1xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK:      %w1 = nn.constant "a.weight" dense<{{\[\[}}3.000000e+00, 0.000000e+00]]> : tensor<1x2xf32>
// CHECK-NEXT: %h = nn.dense %x, %w1 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x1xf32>
// CHECK-NEXT: %c = nn.concat %h, %x axis 1 : (tensor<1x1xf32>, tensor<1x2xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %w2 = nn.constant "b.weight" dense<{{\[\[}}1.000000e+00, 3.000000e+00, 4.000000e+00]]> : tensor<1x3xf32>
// CHECK-NEXT: %y = nn.dense %c, %w2 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x1xf32>
