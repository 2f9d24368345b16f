// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.concat: one or more inputs, `axis` is required (negative counts from
// the end); one input of the result's type uses the short form.

func.func @concat(%a: tensor<1x2x4x4xf32>, %b: tensor<1x3x4x4xf32>, %v: tensor<5xf16>) -> tensor<1x5x4x4xf32> {
  %y = nn.concat %a, %b axis 1 : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  %neg = nn.concat %a, %a, %a axis -1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x12xf32>
  %one = nn.concat %v axis 0 : tensor<5xf16>
  func.return %y : tensor<1x5x4x4xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-NEXT:    %y = nn.concat %a, %b axis 1 : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
// CHECK-NEXT:    %neg = nn.concat %a, %a, %a axis -1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x12xf32>
// CHECK-NEXT:    %one = nn.concat %v axis 0 : tensor<5xf16>

// GENERIC:      %y = "nn.concat"(%a, %b) <{axis = 1 : i64}> : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
// GENERIC-NEXT: %neg = "nn.concat"(%a, %a, %a) <{axis = -1 : i64}> : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x12xf32>
// GENERIC-NEXT: %one = "nn.concat"(%v) <{axis = 0 : i64}> : (tensor<5xf16>) -> tensor<5xf16>
