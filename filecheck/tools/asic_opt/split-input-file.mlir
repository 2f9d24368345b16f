// --split-input-file with --verify-diagnostics prints each chunk's result or
// diagnostic in order, and exits 0.
// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @first(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = nn.relu %x : tensor<2xf32>
  func.return %y : tensor<2xf32>
}
// CHECK:      func.func @first
// CHECK-NEXT:   %y = nn.relu %x : tensor<2xf32>

// -----

func.func @second(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %y = nn.transpose %x perm [0, 1] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}
// CHECK:      // {{-----}}
// CHECK-NEXT: expected result shape [2, 3], got [3, 2]

// -----

func.func @third(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
// CHECK:      // {{-----}}
// CHECK:      func.func @third
