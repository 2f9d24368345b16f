// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

// An MVU with digit-serial weights: 6 outputs of 4 inputs, pe 3 simd 2,
// its i8 weights taken in 2 digits of 4 bits (`weight_digits 2`: 8 steps
// per frame), in the custom and the generic syntax.

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-3>

// CHECK-LABEL: func.func @digits
// CHECK:         %h = dataflow.mvu %x, %w, %b pe 3 simd 2 weight_digits 2 accumulator i18 multipliers [1518500250] shifts [38] min -3 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 2, shape [1, 4]>, tensor<6x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>, tensor<6xi16>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 3, shape [1, 6]>
// GENERIC:       "dataflow.mvu"(%x, %w, %b) <{pe = 3 : i64, simd = 2 : i64, weight_digits = 2 : i64, accumulator = i18, multipliers = array<i64: 1518500250>, shifts = array<i64: 38>, min = -3 : i64}>
func.func @digits(%q: tensor<1x4x!qa>) -> tensor<1x6x!qh> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["h"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qh> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "w" dense<[[1, -127, 3, 4], [5, 6, 7, 8], [-9, 10, 11, 12], [13, 14, 15, 127], [0, 0, 0, 1], [2, 2, 2, -2]]> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    %h = dataflow.mvu %x, %w, %b pe 3 simd 2 weight_digits 2 accumulator i18 multipliers [1518500250] shifts [38] min -3 : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qh, lanes 3, shape [1, 6]>
    dataflow.yield %h : !dataflow.stream<!qh, lanes 3, shape [1, 6]>
  }
  func.return %y : tensor<1x6x!qh>
}
