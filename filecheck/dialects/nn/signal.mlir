// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// dft, det, bitcast and grid_sample.

func.func @signal(%x: tensor<2x8x1xf32>, %m: tensor<3x2x2xf64>, %i: tensor<4xi32>) -> tensor<2x5x2xf32> {
  %spectrum = nn.dft %x axis 1 length 8 onesided true : (tensor<2x8x1xf32>) -> tensor<2x5x2xf32>
  %signal = nn.dft %spectrum axis 1 length 8 inverse true onesided true : (tensor<2x5x2xf32>) -> tensor<2x8x1xf32>
  %det = nn.det %m : (tensor<3x2x2xf64>) -> tensor<3xf64>
  %bits = nn.bitcast %i : (tensor<4xi32>) -> tensor<4xf32>
  func.return %spectrum : tensor<2x5x2xf32>
}

// CHECK-LABEL: func.func @signal
// CHECK-NEXT:    %spectrum = nn.dft %x axis 1 length 8 onesided true : (tensor<2x8x1xf32>) -> tensor<2x5x2xf32>
// CHECK-NEXT:    %signal = nn.dft %spectrum axis 1 length 8 inverse true onesided true : (tensor<2x5x2xf32>) -> tensor<2x8x1xf32>
// CHECK-NEXT:    %det = nn.det %m : (tensor<3x2x2xf64>) -> tensor<3xf64>
// CHECK-NEXT:    %bits = nn.bitcast %i : (tensor<4xi32>) -> tensor<4xf32>

// GENERIC: "nn.dft"(%{{.*}}) <{axis = 1 : i64, length = 8 : i64, inverse = false, onesided = true}> : (tensor<2x8x1xf32>) -> tensor<2x5x2xf32>
// GENERIC: "nn.det"(%{{.*}}) : (tensor<3x2x2xf64>) -> tensor<3xf64>
// GENERIC: "nn.bitcast"(%{{.*}}) : (tensor<4xi32>) -> tensor<4xf32>

func.func @sample(%x: tensor<1x2x4x4xf32>, %g: tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32> {
  %y = nn.grid_sample %x, %g mode "cubic" padding_mode "reflection" align_corners true : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
  %z = nn.grid_sample %x, %g : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
  func.return %y : tensor<1x2x3x5xf32>
}

// CHECK-LABEL: func.func @sample
// CHECK-NEXT:    %y = nn.grid_sample %x, %g mode "cubic" padding_mode "reflection" align_corners true : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
// CHECK-NEXT:    %z = nn.grid_sample %x, %g : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>

// GENERIC: "nn.grid_sample"(%{{.*}}, %{{.*}}) <{mode = "cubic", padding_mode = "reflection", align_corners = true}> : (tensor<1x2x4x4xf32>, tensor<1x3x5x2xf32>) -> tensor<1x2x3x5xf32>
