// TopK (top_k, its values a gather_elements), ScatterElements, ScatterND,
// GatherND, a Hann window (a constant) and TensorScatter (a scatter of the
// update at each sample's write index, circular).
// RUN: asic-opt %inputs/scatter_ops.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}, %row: tensor<2x2xf32> {nn.name = "row"}) -> (tensor<2x2xf32> {nn.name = "values"}, tensor<2x2xi64> {nn.name = "indices"}, tensor<2x3xf32> {nn.name = "scattered"}, tensor<2x3xf32> {nn.name = "replaced"}, tensor<2xf32> {nn.name = "cells_of_x"}, tensor<4xf32> {nn.name = "window"}, tensor<2x3xf32> {nn.name = "cache"}) {
// CHECK-NEXT:   %indices = nn.top_k %x axis 1 k 2 : (tensor<2x3xf32>) -> tensor<2x2xi64>
// CHECK-NEXT:   %values = nn.gather_elements %x, %indices axis 1 : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
// CHECK-NEXT:   %scattered = nn.scatter_elements %x, %indices, %values axis 1 reduction "add" : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:   %rows = nn.constant "rows" dense<[[1], [0]]> : tensor<2x1xi64>
// CHECK-NEXT:   %replaced = nn.scatter_nd %x, %rows, %x : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:   %cells = nn.constant "cells" dense<[[0, 2], [1, 0]]> : tensor<2x2xi64>
// CHECK-NEXT:   %cells_of_x = nn.gather_nd %x, %cells : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2xf32>
// CHECK-NEXT:   %cache.positions = nn.constant "cache.positions" dense<[[2, 0], [0, 1]]> : tensor<2x2xi64>
// CHECK-NEXT:   %cache = nn.scatter_elements %x, %cache.positions, %row axis 1 : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:   %window = nn.constant "window" dense<[0.000000e+00, 5.000000e-01, 1.000000e+00, 5.000000e-01]> : tensor<4xf32>
// CHECK-NEXT:   func.return %values, %indices, %scattered, %replaced, %cells_of_x, %window, %cache : tensor<2x2xf32>, tensor<2x2xi64>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<4xf32>, tensor<2x3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
