// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.quantize and qnt.dequantize, the float boundary: the float side has
// the expressed type of the quantized type; per-tensor and per-axis types.

func.func @boundary(%x: tensor<1x4xf32>, %h: tensor<2x3xf16>, %d: tensor<3x2xf64>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.05:-3>>
  %qh = qnt.quantize %h : (tensor<2x3xf16>) -> tensor<2x3x!qnt.uniform<u4:f16, 0.5:8>>
  %qd = qnt.quantize %d : (tensor<3x2xf64>) -> tensor<3x2x!qnt.uniform<i8<-127:127>:f64:0, {0.1, 0.2, 0.3}>>
  %y = qnt.dequantize %q : (tensor<1x4x!qnt.uniform<i8:f32, 0.05:-3>>) -> tensor<1x4xf32>
  %yh = qnt.dequantize %qh : (tensor<2x3x!qnt.uniform<u4:f16, 0.5:8>>) -> tensor<2x3xf16>
  %yd = qnt.dequantize %qd {tag = 1 : i64} : (tensor<3x2x!qnt.uniform<i8<-127:127>:f64:0, {0.1, 0.2, 0.3}>>) -> tensor<3x2xf64>
  func.return %y : tensor<1x4xf32>
}

// CHECK-LABEL: func.func @boundary
// CHECK-NEXT:    %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.05:-3>>
// CHECK-NEXT:    %qh = qnt.quantize %h : (tensor<2x3xf16>) -> tensor<2x3x!qnt.uniform<u4:f16, 0.5:8>>
// CHECK-NEXT:    %qd = qnt.quantize %d : (tensor<3x2xf64>) -> tensor<3x2x!qnt.uniform<i8<-127:127>:f64:0, {0.1, 0.2, 0.3}>>
// CHECK-NEXT:    %y = qnt.dequantize %q : (tensor<1x4x!qnt.uniform<i8:f32, 0.05:-3>>) -> tensor<1x4xf32>
// CHECK-NEXT:    %yh = qnt.dequantize %qh : (tensor<2x3x!qnt.uniform<u4:f16, 0.5:8>>) -> tensor<2x3xf16>
// CHECK-NEXT:    %yd = qnt.dequantize %qd {tag = 1 : i64} : (tensor<3x2x!qnt.uniform<i8<-127:127>:f64:0, {0.1, 0.2, 0.3}>>) -> tensor<3x2xf64>
// CHECK-NEXT:    func.return %y : tensor<1x4xf32>

// GENERIC:      %q = "qnt.quantize"(%x) : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.05:-3>>
// GENERIC:      %y = "qnt.dequantize"(%q) : (tensor<1x4x!qnt.uniform<i8:f32, 0.05:-3>>) -> tensor<1x4xf32>
