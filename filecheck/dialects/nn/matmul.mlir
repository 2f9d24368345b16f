// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.matmul: rank >= 2, batch dimensions broadcast like numpy; a square
// matmul of one type uses the short form.

func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %s: tensor<4x4xf32>, %ba: tensor<5x1x2x3xf64>, %bb: tensor<6x3x7xf64>) -> tensor<2x4xf32> {
  %y = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %square = nn.matmul %s, %s : tensor<4x4xf32>
  %batched = nn.matmul %ba, %bb : (tensor<5x1x2x3xf64>, tensor<6x3x7xf64>) -> tensor<5x6x2x7xf64>
  func.return %y : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @matmul
// CHECK-NEXT:    %y = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    %square = nn.matmul %s, %s : tensor<4x4xf32>
// CHECK-NEXT:    %batched = nn.matmul %ba, %bb : (tensor<5x1x2x3xf64>, tensor<6x3x7xf64>) -> tensor<5x6x2x7xf64>

// GENERIC:      %y = "nn.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// GENERIC-NEXT: %square = "nn.matmul"(%s, %s) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
