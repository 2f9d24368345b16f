// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of an MVU's weight digits (`weight_digits`), one per
// chunk: a digit count that does not divide the weights' bits, digits of
// weights with a zero point, and digits with several rows per beat.

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @three_digits_of_eight_bits(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    // CHECK: Operation does not verify: weight_digits 3 must divide the 8 bits of the weights (digits of equal bits){{$}}
    %o = dataflow.mvu %x, %w pe 3 simd 2 weight_digits 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>) -> !dataflow.stream<!qy, lanes 3, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 3, shape [1, 6]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @zero_digits(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    // CHECK: Operation does not verify: weight_digits 0 must divide the 8 bits of the weights (digits of equal bits){{$}}
    %o = dataflow.mvu %x, %w pe 3 simd 2 weight_digits 0 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>) -> !dataflow.stream<!qy, lanes 3, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 3, shape [1, 6]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i6:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @four_digits_of_six_bits(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    // CHECK: Operation does not verify: weight_digits 4 must divide the 6 bits of the weights (digits of equal bits){{$}}
    %o = dataflow.mvu %x, %w pe 3 simd 2 weight_digits 4 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>) -> !dataflow.stream<!qy, lanes 3, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 3, shape [1, 6]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<u4:f32, 0.01:8>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @digits_of_weights_with_a_zero_point(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    // CHECK: Operation does not verify: weight_digits 2 needs weights of zero point 0 (the digits are of the stored weights){{$}}
    %o = dataflow.mvu %x, %w pe 3 simd 2 weight_digits 2 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>) -> !dataflow.stream<!qy, lanes 3, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 3, shape [1, 6]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @digits_with_pixels(%q: tensor<1x2x2x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x4x!qa>) -> tensor<1x2x2x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 8, shape [1, 2, 2, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    // CHECK: Operation does not verify: weight_digits 2 needs one row per beat, got pixels 2{{$}}
    %o = dataflow.mvu %x, %w pe 6 simd 4 weight_digits 2 accumulator i18 multipliers [1518500250] shifts [38] pixels 2 : (!dataflow.stream<!qa, lanes 8, shape [1, 2, 2, 4]>, tensor<6x4x!qw>) -> !dataflow.stream<!qy, lanes 12, shape [1, 2, 2, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 12, shape [1, 2, 2, 6]>
  }
  func.return
}
