// RUN: xdsl-opt %s | xdsl-opt | filecheck %s
// RUN: xdsl-opt %s --print-op-generic | xdsl-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | xdsl-opt | asic-opt | filecheck %s

// The qnt dialect and its !qnt.uniform type are registered in xDSL's
// universe through the package's entry point, so plain xdsl-opt reads and
// prints them, in both forms, and agrees with asic-opt. A small quantized
// network: quantize, conv, requantize with a fused ReLU, max pool, dense,
// requantize, dequantize.

func.func @int8_block(%x: tensor<1x1x4x4xf32>) -> tensor<1x3xf32> {
  %q = qnt.quantize %x : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4x!qnt.uniform<i8:f32, 0.05:-4>>
  %w = qnt.constant "conv.weight" dense<[[[[1, -2], [3, 127]]], [[[-127, 0], [5, 6]]]]> : tensor<2x1x2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
  %b = qnt.constant "conv.bias" dense<[100, -100]> : tensor<2xi8>
  %acc = qnt.conv2d %q, %w, %b pads [1, 1, 0, 0] : (tensor<1x1x4x4x!qnt.uniform<i8:f32, 0.05:-4>>, tensor<2x1x2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>, tensor<2xi8>) -> tensor<1x2x4x4xi18>
  %r = qnt.requantize %acc multipliers [1374389535, 1374389535] shifts [38, 37] min -128 : (tensor<1x2x4x4xi18>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1:-128>>
  %p = qnt.maxpool2d %r kernel [2, 2] strides [2, 2] : (tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1:-128>>) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.1:-128>>
  %f = qnt.flatten %p : (tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.1:-128>>) -> tensor<1x8x!qnt.uniform<i8:f32, 0.1:-128>>
  %fw = qnt.constant "fc.weight" dense<3> : tensor<3x8x!qnt.uniform<i8:f32, 0.01>>
  %d = qnt.dense %f, %fw : (tensor<1x8x!qnt.uniform<i8:f32, 0.1:-128>>, tensor<3x8x!qnt.uniform<i8:f32, 0.01>>) -> tensor<1x3xi19>
  %y = qnt.requantize %d multipliers [1073741824] shifts [32] : (tensor<1x3xi19>) -> tensor<1x3x!qnt.uniform<i8:f32, 0.004>>
  %out = qnt.dequantize %y : (tensor<1x3x!qnt.uniform<i8:f32, 0.004>>) -> tensor<1x3xf32>
  func.return %out : tensor<1x3xf32>
}

// CHECK-LABEL: func.func @int8_block
// CHECK-NEXT:    %q = qnt.quantize %x : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4x!qnt.uniform<i8:f32, 0.05:-4>>
// CHECK-NEXT:    %w = qnt.constant "conv.weight" dense<{{\[\[\[\[}}1, -2], [3, 127]]], {{\[\[\[}}-127, 0], [5, 6]]]]> : tensor<2x1x2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
// CHECK-NEXT:    %b = qnt.constant "conv.bias" dense<[100, -100]> : tensor<2xi8>
// CHECK-NEXT:    %acc = qnt.conv2d %q, %w, %b pads [1, 1, 0, 0] : (tensor<1x1x4x4x!qnt.uniform<i8:f32, 0.05:-4>>, tensor<2x1x2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>, tensor<2xi8>) -> tensor<1x2x4x4xi18>
// CHECK-NEXT:    %r = qnt.requantize %acc multipliers [1374389535, 1374389535] shifts [38, 37] min -128 : (tensor<1x2x4x4xi18>) -> tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1:-128>>
// CHECK-NEXT:    %p = qnt.maxpool2d %r kernel [2, 2] strides [2, 2] : (tensor<1x2x4x4x!qnt.uniform<i8:f32, 0.1:-128>>) -> tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.1:-128>>
// CHECK-NEXT:    %f = qnt.flatten %p : (tensor<1x2x2x2x!qnt.uniform<i8:f32, 0.1:-128>>) -> tensor<1x8x!qnt.uniform<i8:f32, 0.1:-128>>
// CHECK-NEXT:    %fw = qnt.constant "fc.weight" dense<3> : tensor<3x8x!qnt.uniform<i8:f32, 0.01>>
// CHECK-NEXT:    %d = qnt.dense %f, %fw : (tensor<1x8x!qnt.uniform<i8:f32, 0.1:-128>>, tensor<3x8x!qnt.uniform<i8:f32, 0.01>>) -> tensor<1x3xi19>
// CHECK-NEXT:    %y = qnt.requantize %d multipliers [1073741824] shifts [32] : (tensor<1x3xi19>) -> tensor<1x3x!qnt.uniform<i8:f32, 0.004>>
// CHECK-NEXT:    %out = qnt.dequantize %y : (tensor<1x3x!qnt.uniform<i8:f32, 0.004>>) -> tensor<1x3xf32>
// CHECK-NEXT:    func.return %out : tensor<1x3xf32>
