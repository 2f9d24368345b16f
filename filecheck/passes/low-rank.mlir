// RUN: asic-opt %s -p 'low-rank{rank=1}' 2>&1 | filecheck %s
// RUN: asic-opt %s -p 'low-rank{energy=0.5 report=true}' 2>&1 >/dev/null | filecheck %s --check-prefix=REPORT
// RUN: not asic-opt %s -p 'low-rank' 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not asic-opt %s -p 'low-rank{rank=2 energy=0.9}' 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not asic-opt %s -p 'low-rank{rank=0}' 2>&1 | filecheck %s --check-prefix=RANK
// RUN: not asic-opt %s -p 'low-rank{energy=1.5}' 2>&1 | filecheck %s --check-prefix=ENERGY
// RUN: not asic-opt %s -p 'low-rank{rank=1 exclude=nope}' 2>&1 | filecheck %s --check-prefix=EXCLUDE

// A rank-1 3x3 convolution (every filter is a multiple of one filter of
// ones) becomes a 3x3 convolution with one filter and a 1x1 convolution with
// the bias; the dense layer is rank 1 too. The small dense layer [2, 2] is
// left alone: rank 1 would need 1*(2+2) = 4 MACs, no fewer than 2*2.
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "conv.weight" dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]], [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]], [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]], [[[-1.0, -1.0, -1.0], [-1.0, -1.0, -1.0], [-1.0, -1.0, -1.0]], [[-1.0, -1.0, -1.0], [-1.0, -1.0, -1.0], [-1.0, -1.0, -1.0]]]]> : tensor<3x2x3x3xf32>
  %b = nn.constant "conv.bias" dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %c = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
  %f = nn.flatten %c : (tensor<1x3x2x2xf32>) -> tensor<1x12xf32>
  %fw = nn.constant "fc.weight" dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0], [2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0]]> : tensor<2x12xf32>
  %h = nn.dense %f, %fw : (tensor<1x12xf32>, tensor<2x12xf32>) -> tensor<1x2xf32>
  %sw = nn.constant "small.weight" dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = nn.dense %h, %sw : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// CHECK:      remark: low-rank: layer 'small.weight' left alone: rank 1 would not reduce its MACs (4 >= 4 per output)
// CHECK:      %w_lr_in = nn.constant "conv.weight.lr_in" dense<{{.*}}> : tensor<1x2x3x3xf32>
// CHECK-NEXT: %w_lr_out = nn.constant "conv.weight.lr_out" dense<{{.*}}> : tensor<3x1x1x1xf32>
// CHECK-NEXT: %b = nn.constant "conv.bias" dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %c_lr = nn.conv2d %x, %w_lr_in strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT: %c = nn.conv2d %c_lr, %w_lr_out, %b : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
// CHECK-NEXT: %f = nn.flatten %c
// CHECK-NEXT: %fw_lr_in = nn.constant "fc.weight.lr_in" dense<{{.*}}> : tensor<1x12xf32>
// CHECK-NEXT: %fw_lr_out = nn.constant "fc.weight.lr_out" dense<{{.*}}> : tensor<2x1xf32>
// CHECK-NEXT: %h_lr = nn.dense %f, %fw_lr_in : (tensor<1x12xf32>, tensor<1x12xf32>) -> tensor<1x1xf32>
// CHECK-NEXT: %h = nn.dense %h_lr, %fw_lr_out : (tensor<1x1xf32>, tensor<2x1xf32>) -> tensor<1x2xf32>
// CHECK-NEXT: %sw = nn.constant "small.weight" dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>

// REPORT:      low-rank report (energy=0.5)
// REPORT-NEXT: layer         op      params  nonzeros  MACs  sparse MACs  note
// REPORT-NEXT: conv.weight   conv2d  57 -> 24  57 -> 24  216 -> 84  216 -> 84
// REPORT-NEXT: fc.weight     dense   24 -> 14  24 -> 14  24 -> 14  24 -> 14
// REPORT-NEXT: small.weight  dense     4 -> 4    4 -> 4    4 -> 4    4 -> 4  left alone: rank 1 would not reduce its MACs (4 >= 4 per output)

// NONE: asic-opt: error: low-rank: give exactly one of rank= (an integer >= 1) and energy= (in (0, 1])
// RANK: asic-opt: error: low-rank: rank must be >= 1, got 0
// ENERGY: asic-opt: error: low-rank: energy must be in (0, 1], got 1.5
// EXCLUDE: asic-opt: error: low-rank: exclude pattern 'nope' matches no layer; layers are 'conv.weight', 'fc.weight', 'small.weight'
