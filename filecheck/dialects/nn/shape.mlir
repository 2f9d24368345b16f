// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Shape ops: nn.flatten (axis in [-rank, rank], default 1), nn.reshape (the
// result type is the new shape), nn.transpose (perm is required).

func.func @shape(%x: tensor<2x3x4x5xf32>, %s: tensor<f64>) -> tensor<2x60xf32> {
  %flat = nn.flatten %x : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  %flat1 = nn.flatten %x axis 1 : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  %flat0 = nn.flatten %x axis 0 : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
  %flat4 = nn.flatten %x axis 4 : (tensor<2x3x4x5xf32>) -> tensor<120x1xf32>
  %flat_neg = nn.flatten %x axis -1 : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  %flat_scalar = nn.flatten %s axis 0 : (tensor<f64>) -> tensor<1x1xf64>
  %reshape = nn.reshape %x : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
  %same = nn.reshape %x : tensor<2x3x4x5xf32>
  %to_scalar = nn.reshape %s : (tensor<f64>) -> tensor<1x1xf64>
  %nchw_to_nhwc = nn.transpose %x perm [0, 2, 3, 1] : (tensor<2x3x4x5xf32>) -> tensor<2x4x5x3xf32>
  %identity = nn.transpose %x perm [0, 1, 2, 3] : tensor<2x3x4x5xf32>
  %scalar = nn.transpose %s perm [] : tensor<f64>
  func.return %flat : tensor<2x60xf32>
}

// CHECK-LABEL: func.func @shape
// CHECK-NEXT:    %flat = nn.flatten %x : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// CHECK-NEXT:    %flat1 = nn.flatten %x : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// CHECK-NEXT:    %flat0 = nn.flatten %x axis 0 : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
// CHECK-NEXT:    %flat4 = nn.flatten %x axis 4 : (tensor<2x3x4x5xf32>) -> tensor<120x1xf32>
// CHECK-NEXT:    %flat_neg = nn.flatten %x axis -1 : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
// CHECK-NEXT:    %flat_scalar = nn.flatten %s axis 0 : (tensor<f64>) -> tensor<1x1xf64>
// CHECK-NEXT:    %reshape = nn.reshape %x : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
// CHECK-NEXT:    %same = nn.reshape %x : tensor<2x3x4x5xf32>
// CHECK-NEXT:    %to_scalar = nn.reshape %s : (tensor<f64>) -> tensor<1x1xf64>
// CHECK-NEXT:    %nchw_to_nhwc = nn.transpose %x perm [0, 2, 3, 1] : (tensor<2x3x4x5xf32>) -> tensor<2x4x5x3xf32>
// CHECK-NEXT:    %identity = nn.transpose %x perm [0, 1, 2, 3] : tensor<2x3x4x5xf32>
// CHECK-NEXT:    %scalar = nn.transpose %s perm [] : tensor<f64>

// GENERIC:      %flat = "nn.flatten"(%x) <{axis = 1 : i64}> : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// GENERIC:      %reshape = "nn.reshape"(%x) : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
// GENERIC:      %nchw_to_nhwc = "nn.transpose"(%x) <{perm = array<i64: 0, 2, 3, 1>}> : (tensor<2x3x4x5xf32>) -> tensor<2x4x5x3xf32>
// GENERIC:      %scalar = "nn.transpose"(%s) <{perm = array<i64>}> : (tensor<f64>) -> tensor<f64>
