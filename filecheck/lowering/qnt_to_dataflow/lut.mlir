// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow --verify-each

// A dense layer whose activation is a table (a sigmoid of an i4 input, as
// quantize writes it): the MVU, then dataflow.lut with the same table on
// the MVU's lanes; a converter behind it joins the second MVU's lanes.

!qx = !qnt.uniform<u4:f32, 0.0625>
!qw = !qnt.uniform<i4<-7:7>:f32, 0.1>
!qh = !qnt.uniform<i4:f32, 0.5>
!qs = !qnt.uniform<u4:f32, 0.0625>
!qy = !qnt.uniform<i8:f32, 0.2>

// CHECK:      %h = dataflow.mvu %{{.*}}, %w1 pe 2 simd 4 accumulator i12 multipliers [1] shifts [3] : (!dataflow.stream<!qnt.uniform<u4:f32, 0.0625>, lanes 4, shape [1, 4]>, tensor<4x4x!qnt.uniform<i4<-7:7>:f32, 0.1>>) -> !dataflow.stream<!qnt.uniform<i4:f32, 0.5>, lanes 2, shape [1, 4]>
// CHECK-NEXT: %s = dataflow.lut %h table [0, 0, 1, 1, 2, 3, 5, 6, 8, 10, 11, 13, 14, 15, 15, 15] : (!dataflow.stream<!qnt.uniform<i4:f32, 0.5>, lanes 2, shape [1, 4]>) -> !dataflow.stream<!qnt.uniform<u4:f32, 0.0625>, lanes 2, shape [1, 4]>
// CHECK:      dataflow.dwc %s : (!dataflow.stream<!qnt.uniform<u4:f32, 0.0625>, lanes 2, shape [1, 4]>) -> !dataflow.stream<!qnt.uniform<u4:f32, 0.0625>, lanes 1, shape [1, 4]>
// CHECK:      dataflow.mvu
// CHECK-NOT:  qnt.lut
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %w1 = qnt.constant "fc1.weight" dense<[[1, 2, 3, 4], [-1, -2, -3, -4], [7, 0, 7, 0], [0, 7, 0, 7]]> : tensor<4x4x!qw>
  %a1 = qnt.dense %q, %w1 {dataflow.pe = 2 : i64, dataflow.simd = 4 : i64} : (tensor<1x4x!qx>, tensor<4x4x!qw>) -> tensor<1x4xi12>
  %h = qnt.requantize %a1 multipliers [1] shifts [3] : (tensor<1x4xi12>) -> tensor<1x4x!qh>
  %s = qnt.lut %h table [0, 0, 1, 1, 2, 3, 5, 6, 8, 10, 11, 13, 14, 15, 15, 15] : (tensor<1x4x!qh>) -> tensor<1x4x!qs>
  %w2 = qnt.constant "fc2.weight" dense<[[1, -1, 2, -2], [7, 7, -7, -7]]> : tensor<2x4x!qw>
  %a2 = qnt.dense %s, %w2 {dataflow.pe = 1 : i64, dataflow.simd = 1 : i64} : (tensor<1x4x!qs>, tensor<2x4x!qw>) -> tensor<1x2xi12>
  %y = qnt.requantize %a2 multipliers [1] shifts [2] : (tensor<1x2xi12>) -> tensor<1x2x!qy>
  %f = qnt.dequantize %y : (tensor<1x2x!qy>) -> tensor<1x2xf32>
  func.return %f : tensor<1x2xf32>
}
