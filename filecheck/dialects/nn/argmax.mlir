// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.argmax: i64 indices; axis 0, keepdims true and select_last_index false
// by default.

func.func @argmax(%x: tensor<2x10xf32>, %h: tensor<3xf16>) -> tensor<1x10xi64> {
  %y = nn.argmax %x : (tensor<2x10xf32>) -> tensor<1x10xi64>
  %explicit = nn.argmax %x axis 0 keepdims true select_last_index false : (tensor<2x10xf32>) -> tensor<1x10xi64>
  %rows = nn.argmax %x axis -1 keepdims false : (tensor<2x10xf32>) -> tensor<2xi64>
  %last = nn.argmax %x select_last_index true axis 1 : (tensor<2x10xf32>) -> tensor<2x1xi64>
  %scalar = nn.argmax %h keepdims false : (tensor<3xf16>) -> tensor<i64>
  func.return %y : tensor<1x10xi64>
}

// CHECK-LABEL: func.func @argmax
// CHECK-NEXT:    %y = nn.argmax %x : (tensor<2x10xf32>) -> tensor<1x10xi64>
// CHECK-NEXT:    %explicit = nn.argmax %x : (tensor<2x10xf32>) -> tensor<1x10xi64>
// CHECK-NEXT:    %rows = nn.argmax %x axis -1 keepdims false : (tensor<2x10xf32>) -> tensor<2xi64>
// CHECK-NEXT:    %last = nn.argmax %x axis 1 select_last_index true : (tensor<2x10xf32>) -> tensor<2x1xi64>
// CHECK-NEXT:    %scalar = nn.argmax %h keepdims false : (tensor<3xf16>) -> tensor<i64>

// GENERIC:      %y = "nn.argmax"(%x) <{axis = 0 : i64, keepdims = true, select_last_index = false}> : (tensor<2x10xf32>) -> tensor<1x10xi64>
// GENERIC:      %rows = "nn.argmax"(%x) <{axis = -1 : i64, keepdims = false, select_last_index = false}> : (tensor<2x10xf32>) -> tensor<2xi64>
