// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.dense has no properties; the bias is optional.

func.func @dense(%x: tensor<2x8xf32>, %w: tensor<3x8xf32>, %b: tensor<3xf32>, %xh: tensor<1x4xbf16>, %wh: tensor<4x4xbf16>) -> tensor<2x3xf32> {
  %y = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %nobias = nn.dense %x, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
  %square = nn.dense %xh, %wh {layer = 7 : i64} : (tensor<1x4xbf16>, tensor<4x4xbf16>) -> tensor<1x4xbf16>
  func.return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @dense
// CHECK-NEXT:    %y = nn.dense %x, %w, %b : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %nobias = nn.dense %x, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %square = nn.dense %xh, %wh {layer = 7 : i64} : (tensor<1x4xbf16>, tensor<4x4xbf16>) -> tensor<1x4xbf16>
// CHECK-NEXT:    func.return %y : tensor<2x3xf32>

// GENERIC:      %y = "nn.dense"(%x, %w, %b) : (tensor<2x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// GENERIC-NEXT: %nobias = "nn.dense"(%x, %w) : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
// GENERIC-NEXT: %square = "nn.dense"(%xh, %wh) {layer = 7 : i64} : (tensor<1x4xbf16>, tensor<4x4xbf16>) -> tensor<1x4xbf16>
