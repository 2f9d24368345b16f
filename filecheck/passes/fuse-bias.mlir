// RUN: asic-opt %s --split-input-file -p fuse-bias | filecheck %s
// RUN: asic-opt %s --split-input-file -p fuse-bias --verify-each --verify-rtol 1e-6 > /dev/null
// RUN: not asic-opt %s -p 'fuse-bias{bogus=1}' 2>&1 | filecheck %s --check-prefix=OPTION
// OPTION: asic-opt: error: {{.*}}bogus

// A dense layer followed by the add of a [1, N] constant (skl2onnx's MatMul + Add).
func.func @dense(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = nn.constant "w" dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %c = nn.constant "intercepts" dense<[[0.5, -1.0, 2.0]]> : tensor<1x3xf32>
  %y = nn.dense %x, %w : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  %z = nn.add %y, %c : tensor<1x3xf32>
  func.return %z : tensor<1x3xf32>
}
// CHECK-LABEL: func.func @dense
// CHECK-NEXT:    %w = nn.constant "w"
// CHECK-NEXT:    %c = nn.constant "intercepts" dense<[5.000000e-01, -1.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:    %z = nn.dense %x, %w, %c : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT:    func.return %z

// -----

// An existing bias is summed with the addend; the constant on the left works too.
func.func @conv_with_bias(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = nn.constant "w" dense<1.0> : tensor<2x1x1x1xf32>
  %b = nn.constant "b" dense<[1.0, 2.0]> : tensor<2xf32>
  %c = nn.constant "c" dense<[[[0.25]], [[0.5]]]> : tensor<2x1x1xf32>
  %y = nn.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = nn.add %c, %y : (tensor<2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  func.return %z : tensor<1x2x3x3xf32>
}
// CHECK-LABEL: func.func @conv_with_bias
// CHECK:         %b = nn.constant "b.fused" dense<[1.250000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %z = nn.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NOT:     nn.add

// -----

// Not fused: the addend varies along a non-channel axis, the layer has another
// user, or the addend is not a constant.
func.func @not_fused(%x: tensor<2x2xf32>, %a: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = nn.constant "w" dense<1.0> : tensor<2x2xf32>
  %rows = nn.constant "rows" dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %y = nn.dense %x, %w : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z = nn.add %y, %rows : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %u = nn.dense %x, %w : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %v = nn.add %u, %a : tensor<2x2xf32>
  %c = nn.constant "c" dense<1.0> : tensor<2xf32>
  %p = nn.dense %x, %w : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %q = nn.add %p, %c : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = nn.add %q, %p : tensor<2x2xf32>
  func.return %z, %v, %r : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
// CHECK-LABEL: func.func @not_fused
// CHECK-COUNT-3: nn.dense %x, %w : tensor<2x2xf32>
// CHECK-NOT:     nn.dense %x, %w, 
