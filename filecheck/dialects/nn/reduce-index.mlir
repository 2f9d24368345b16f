// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Reductions (axes, keepdims), slice (starts, steps; the result's shape
// gives the counts), gather with i64 indices, einsum.

func.func @reduce_index(%x: tensor<2x3x4xf32>, %i: tensor<2xi64>) -> tensor<2x1x1xf32> {
  %mean = nn.reduce_mean %x axes [1, 2] : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %sum = nn.reduce_sum %x axes [0] keepdims false : (tensor<2x3x4xf32>) -> tensor<3x4xf32>
  %max = nn.reduce_max %x axes [2] keepdims true : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %min = nn.reduce_min %x axes [-1] : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %l2 = nn.reduce_l2 %x axes [0, 1, 2] keepdims false : (tensor<2x3x4xf32>) -> tensor<f32>
  %lse = nn.reduce_log_sum_exp %x axes [1] : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %slice = nn.slice %x starts [0, 1, 3] steps [1, 1, -2] : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  %gather = nn.gather %x, %i axis 2 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3x2xf32>
  %einsum = nn.einsum %x, %x equation "bij,bkj->bik" : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x3xf32>
  func.return %mean : tensor<2x1x1xf32>
}

// CHECK-LABEL: func.func @reduce_index
// CHECK-NEXT:    %mean = nn.reduce_mean %x axes [1, 2] : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
// CHECK-NEXT:    %sum = nn.reduce_sum %x axes [0] keepdims false : (tensor<2x3x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:    %max = nn.reduce_max %x axes [2] : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %min = nn.reduce_min %x axes [-1] : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT:    %l2 = nn.reduce_l2 %x axes [0, 1, 2] keepdims false : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK-NEXT:    %lse = nn.reduce_log_sum_exp %x axes [1] : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// CHECK-NEXT:    %slice = nn.slice %x starts [0, 1, 3] steps [1, 1, -2] : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
// CHECK-NEXT:    %gather = nn.gather %x, %i axis 2 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3x2xf32>
// CHECK-NEXT:    %einsum = nn.einsum %x, %x equation "bij,bkj->bik" : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x3xf32>

// GENERIC: "nn.reduce_mean"(%{{.*}}) <{axes = array<i64: 1, 2>, keepdims = true}> : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
// GENERIC: "nn.slice"(%{{.*}}) <{starts = array<i64: 0, 1, 3>, steps = array<i64: 1, 1, -2>}>
// GENERIC: "nn.gather"(%{{.*}}, %{{.*}}) <{axis = 2 : i64}>
// GENERIC: "nn.einsum"(%{{.*}}, %{{.*}}) <{equation = "bij,bkj->bik"}>
