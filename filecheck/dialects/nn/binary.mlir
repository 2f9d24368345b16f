// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.add, nn.sub, nn.mul, nn.div: numpy broadcasting; the short form `: T`
// when both operands and the result have type T, the functional form
// otherwise (the short form is also accepted as input for it).

func.func @binary(%a: tensor<1x4x3x3xf32>, %c: tensor<4x1x1xf32>, %s: tensor<f32>, %h: tensor<2x3xf16>) -> tensor<1x4x3x3xf32> {
  %add = nn.add %a, %a : tensor<1x4x3x3xf32>
  %sub = nn.sub %a, %c : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %mul = nn.mul %c, %s : (tensor<4x1x1xf32>, tensor<f32>) -> tensor<4x1x1xf32>
  %div = nn.div %h, %h : (tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<2x3xf16>
  %scalar = nn.add %s, %s : tensor<f32>
  func.return %add : tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @binary
// CHECK-NEXT:    %add = nn.add %a, %a : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %sub = nn.sub %a, %c : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %mul = nn.mul %c, %s : (tensor<4x1x1xf32>, tensor<f32>) -> tensor<4x1x1xf32>
// CHECK-NEXT:    %div = nn.div %h, %h : tensor<2x3xf16>
// CHECK-NEXT:    %scalar = nn.add %s, %s : tensor<f32>

// GENERIC:      %add = "nn.add"(%a, %a) : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC-NEXT: %sub = "nn.sub"(%a, %c) : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
// GENERIC-NEXT: %mul = "nn.mul"(%c, %s) : (tensor<4x1x1xf32>, tensor<f32>) -> tensor<4x1x1xf32>
// GENERIC-NEXT: %div = "nn.div"(%h, %h) : (tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<2x3xf16>
