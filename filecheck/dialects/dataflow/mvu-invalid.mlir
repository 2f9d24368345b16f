// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.mvu, one per chunk: a graph of one MVU
// with 6 outputs and 4 inputs, u8 activations in, i8 out.

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @pe_too_large(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: pe 7 must be in [1, 6] (the 6 output channels){{$}}
    %o = dataflow.mvu %x, %w, %b pe 7 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 7, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 7, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @pe_divides_with_rows(%q: tensor<2x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<2x4x!qa>) -> tensor<2x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [2, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: pe 4 must divide the 6 output channels: with 2 rows per frame a partial fold would straddle rows (padding is per frame){{$}}
    %o = dataflow.mvu %x, %w, %b pe 4 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [2, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 4, shape [2, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 4, shape [2, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @simd_too_small(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: simd 0 must be in [1, 4] (the 4 inputs){{$}}
    %o = dataflow.mvu %x, %w, %b simd 0 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @simd_divides_with_rows(%q: tensor<3x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<3x4x!qa>) -> tensor<3x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [3, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: simd 3 must divide the 4 inputs: with 3 rows per frame a partial fold would straddle rows (padding is per frame){{$}}
    %o = dataflow.mvu %x, %w, %b simd 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 3, shape [3, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [3, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [3, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @input_lanes(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: input stream has 1 lanes per beat, simd is 2: the producer's lanes must equal simd (insert a dataflow.dwc between them){{$}}
    %o = dataflow.mvu %x, %w, %b simd 2 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @output_lanes(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: output stream must have pe = 3 lanes, got 1{{$}}
    %o = dataflow.mvu %x, %w, %b pe 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @input_element(%q: tensor<1x4xi16>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4xi16>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<ui8, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: input stream must carry !qnt.uniform elements, got ui8{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<ui8, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @output_element(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: output stream must carry !qnt.uniform elements, got si8{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<si8, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<si8, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @input_order(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4], order [1, 0]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: input stream must stream in row-major order (reordered streams come with convolutions), got order [1, 0]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4], order [1, 0]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @weight_rank(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x2x2x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: weights must have shape [N, K], got [6, 2, 2]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x2x2x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @weight_axis(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: weights may be quantized per axis only along their 6 rows (axis 0), got !qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i19 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @bias_shape(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<4xi16>
    // CHECK: Operation does not verify: bias must have shape [6], got [4]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<4xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @input_size(%q: tensor<1x5x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x5x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 5]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: input frame [1, 5] must end in the 4 inputs of the weights [6, 4]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 5]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @output_shape(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<2x3x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: output frame must have shape [1, 6], got [2, 3]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [2, 3]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [2, 3]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @accumulator(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: accumulator i17 can overflow: the sums lie in [-97792, 97791], which needs i18{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i17 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @accumulator_signless(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: property 'accumulator' must be a signless integer type, got si18{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator si18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @multiplier_count(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: multipliers must have 1 value or one per output channel (6), got 2{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1, 2] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @multiplier_range(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [2147483648]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [2147483648] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @shift_range(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: shifts must be in [0, 62], got [63]{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1] shifts [63] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @product_width(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: the product of the accumulator (40 bits) and a 31-bit multiplier needs 71 bits, more than 63{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i40 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @bounds(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: min and max must satisfy -128 <= min <= max <= 127 (the storage range of !qnt.uniform<i8:f32, 0.05:-3>), got min 5 and max 4{{$}}
    %o = dataflow.mvu %x, %w, %b accumulator i18 multipliers [1518500250] shifts [38] min 5 max 4 : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @weights_not_constant(%q: tensor<1x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!qa>) -> tensor<1x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    %w2 = qnt.clamp %w : tensor<6x4x!qw>
    // CHECK: Operation does not verify: weights must be a qnt.constant of the graph (the ROM's contents){{$}}
    %o = dataflow.mvu %x, %w2, %b accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 1, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @padded_rows_size(%q: tensor<1x3x7x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x3x7x!qa>) -> tensor<1x3x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [1, 3, 7]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: input frame [1, 3, 7] must end in the 4 inputs of the weights [6, 4], or in 6 (rows padded to a multiple of simd){{$}}
    %o = dataflow.mvu %x, %w, %b simd 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 3, shape [1, 3, 7]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 3, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 3, 6]>
  }
  func.return
}

// -----
!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @unpadded_rows_partial_fold(%q: tensor<1x3x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x3x4x!qa>) -> tensor<1x3x6x!qy> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [1, 3, 4]>):
    %w = qnt.constant "w" dense<1> : tensor<6x4x!qw>
    %b = qnt.constant "b" dense<1> : tensor<6xi16>
    // CHECK: Operation does not verify: simd 3 must divide the 4 inputs: with 3 rows per frame a partial fold would straddle rows (padding is per frame){{$}}
    %o = dataflow.mvu %x, %w, %b simd 3 accumulator i18 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 3, shape [1, 3, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qy, lanes 1, shape [1, 3, 6]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 3, 6]>
  }
  func.return
}
