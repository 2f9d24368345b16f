// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.swg and dataflow.pool, one per chunk.

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_order(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4]>):
    // CHECK: Operation does not verify: input stream must carry [1, C, H, W] frames channels-last (order [0, 2, 3, 1]), got shape [1, 2, 4, 4] order [0, 1, 2, 3]{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_kernel(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: kernel sides are 1 to 7, got [8, 1]{{$}}
    %o = dataflow.swg %x kernel [8, 1] pads [4, 0, 4, 0] pad_value 0 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 5, 4, 16]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 5, 4, 16]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_outputs(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: OH 4 is not a window count of this geometry (floor or ceil mode: [3]){{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 4, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 4, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_window(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: output frame must be [1, OH, OW, 8] (Kh*Kw*C), got [1, 3, 3, 4]{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 4]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 4]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_pad_value(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: pad_value 200 must lie in the storage range [-128, 127] of !qnt.uniform<i8:f32, 0.1>{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 200 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_simd(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: input and output streams must have simd = 2 lanes, got 1 and 1 (insert a dataflow.dwc in front){{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 simd 2 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_out_simd(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: out_simd 3 must be a multiple of simd 2 dividing the window's 8 elements{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 simd 2 out_simd 3 : (!dataflow.stream<!q, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 3, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 3, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_out_lanes(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: input and output streams must have simd = 2 and out_simd = 4 lanes, got 2 and 2 (insert a dataflow.dwc in front){{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 simd 2 out_simd 4 : (!dataflow.stream<!q, lanes 2, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 2, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_simd_divides(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: simd 3 must divide the 2 channels{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 simd 3 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_depth(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: depth 2 is below the 10 beats this geometry needs{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 depth 2 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_strides(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: strides must be >= 1, got [0, 1]{{$}}
    %o = dataflow.swg %x kernel [2, 2] strides [0, 1] pad_value 0 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_element(%q: tensor<1x2x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: the windows carry the input's elements !qnt.uniform<i8:f32, 0.1>, got !qnt.uniform<u8:f32, 0.1>{{$}}
    %o = dataflow.swg %x kernel [2, 2] pad_value 0 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.1>, lanes 1, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!qnt.uniform<u8:f32, 0.1>, lanes 1, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_kind(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: kind must be "max" or "avg", got "min"{{$}}
    %o = dataflow.pool %x kind "min" taps 4 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_frame(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: input frame must be the 4 windows of 2 taps of 2 channels ([1, OH, OW, 4]) or, for one window, the channels-last frame [1, 2, H, W] of 2 pixels; got shape [1, 2, 2, 8] order [0, 1, 2, 3]{{$}}
    %o = dataflow.pool %x kind "max" taps 2 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_output_order(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: output stream must carry [1, C, OH, OW] frames channels-last (order [0, 2, 3, 1]), got shape [1, 2, 2, 2] order [0, 1, 2, 3]{{$}}
    %o = dataflow.pool %x kind "max" taps 4 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_max_type(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: a max pool keeps the element type !qnt.uniform<i8:f32, 0.1>, got !qnt.uniform<i8:f32, 0.2>{{$}}
    %o = dataflow.pool %x kind "max" taps 4 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.2>, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qnt.uniform<i8:f32, 0.2>, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_max_rescale(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: a max pool has no multipliers or shifts{{$}}
    %o = dataflow.pool %x kind "max" taps 4 multipliers [1] shifts [0] : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_avg_rescale(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: an average pool needs multipliers and shifts (its divisors){{$}}
    %o = dataflow.pool %x kind "avg" taps 4 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_avg_windows(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: multipliers must have 1 value or one per window (4), got 2{{$}}
    %o = dataflow.pool %x kind "avg" taps 4 multipliers [1, 2] shifts [3] : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @pool_simd(%q: tensor<1x2x2x8x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: input and output streams must have simd = 2 lanes, got 1 and 1{{$}}
    %o = dataflow.pool %x kind "max" taps 4 simd 2 : (!dataflow.stream<!q, lanes 1, shape [1, 2, 2, 8]>) -> !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @swg_padded_too_long(%q: tensor<1x1x4x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x1x4x4x!q>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: padded windows of 15 elements must be the window's 9 elements rounded up to a multiple of out_simd 5 (10){{$}}
    %o = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value 0 out_simd 5 : (!dataflow.stream<!q, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 5, shape [1, 4, 4, 15]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 5, shape [1, 4, 4, 15]>
  }
  func.return
}

