// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// top_k, the scatters and gather_nd.

func.func @indexing(%x: tensor<2x3xf32>, %u: tensor<2x2xf32>, %i: tensor<2x2xi64>, %p: tensor<2x1xi32>, %v: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %top = nn.top_k %x axis 1 k 2 largest false : (tensor<2x3xf32>) -> tensor<2x2xi64>
  %scattered = nn.scatter_elements %x, %i, %u axis 1 reduction "add" : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
  %rows = nn.scatter_nd %scattered, %p, %v : (tensor<2x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %picked = nn.gather_nd %rows, %p batch_dims 1 : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>
  func.return %rows : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @indexing
// CHECK-NEXT:    %top = nn.top_k %x axis 1 k 2 largest false : (tensor<2x3xf32>) -> tensor<2x2xi64>
// CHECK-NEXT:    %scattered = nn.scatter_elements %x, %i, %u axis 1 reduction "add" : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %rows = nn.scatter_nd %scattered, %p, %v : (tensor<2x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %picked = nn.gather_nd %rows, %p batch_dims 1 : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>

// GENERIC: "nn.top_k"(%{{.*}}) <{axis = 1 : i64, k = 2 : i64, largest = false}> : (tensor<2x3xf32>) -> tensor<2x2xi64>
// GENERIC: "nn.scatter_elements"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = 1 : i64, reduction = "add"}> : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
// GENERIC: "nn.scatter_nd"(%{{.*}}, %{{.*}}, %{{.*}}) <{reduction = "none"}> : (tensor<2x3xf32>, tensor<2x1xi32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "nn.gather_nd"(%{{.*}}, %{{.*}}) <{batch_dims = 1 : i64}> : (tensor<2x3xf32>, tensor<2x1xi32>) -> tensor<2xf32>
