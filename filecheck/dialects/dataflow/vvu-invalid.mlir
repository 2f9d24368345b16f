// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.vvu, one per chunk, each a depthwise
// 2x2 convolution of 2 channels over 3x3 windows (unless the chunk says).

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @order(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: output stream must carry [1, C, OH, OW] frames channels-last (order [0, 2, 3, 1]), got shape [1, 2, 3, 3] order [0, 1, 2, 3]{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @weights(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x5x!qw>
    // CHECK: Operation does not verify: weights must have shape [2, 4] (channels, taps), got [2, 5]{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x5x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @windows(%a: tensor<1x3x3x9x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x9x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 9]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: input frame must be the 9 windows of 4 taps of 2 channels [1, 3, 3, 8], got shape [1, 3, 3, 9] order [0, 1, 2, 3]{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 9]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @simd(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: simd 3 must divide the 2 channels{{$}}
    %y = dataflow.vvu %win, %w taps 4 simd 3 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @lanes(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: input and output streams must have simd = 2 lanes, got 1 and 1{{$}}
    %y = dataflow.vvu %win, %w taps 4 simd 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @accumulator(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: accumulator i16 can overflow: the sums lie in [-129540, 129540], which needs i18{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i16 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @multipliers(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: multipliers must have 1 value or one per output channel (2), got 3{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1, 2, 3] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @shifts(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: shifts must be in [0, 62], got [70]{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1073741824] shifts [70] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @bounds(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: min and max must satisfy -128 <= min <= max <= 127 (the storage range of !qnt.uniform<i8:f32, 0.05>), got min 5 and max 4{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1073741824] shifts [32] min 5 max 4 : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32:1, {0.1, 0.2, 0.3, 0.4}>
!qy = !qnt.uniform<i8:f32, 0.05>

func.func @per_axis(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: weights may be quantized per axis only along their 2 channels (axis 0), got !qnt.uniform<i8<-127:127>:f32:1, {0.1, 0.2, 0.3, 0.4}>{{$}}
    %y = dataflow.vvu %win, %w taps 4 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 1, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// More parallel taps than the window has.
func.func @parallel_taps_range(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 10, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: parallel_taps 5 must be 1 to the 4 taps{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 5 simd 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 10, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 2, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 2, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// Several taps per beat with a channel fold (simd 1 of 2 channels).
func.func @parallel_taps_channels(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 2, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: parallel_taps 2 needs all 2 channels in a beat (simd 2), got simd 1: the window generator's beats hold whole taps only then{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 2 simd 1 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 2, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// 3 taps per beat: the window's 4 taps padded to 2 beats of 3 (12 elements), not 8.
func.func @parallel_taps_padding(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 6, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: input frame must be the 9 windows of 4 taps (padded to 6 taps) of 2 channels [1, 3, 3, 12], got shape [1, 3, 3, 8] order [0, 1, 2, 3]{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 3 simd 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 6, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 2, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 2, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// 2 taps of 2 channels per beat take 4 lanes.
func.func @parallel_taps_lanes(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 2, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: input and output streams must have simd*parallel_taps = 4 and simd = 2 lanes, got 2 and 2{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 2 simd 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 2, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 2, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 2, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// 2 windows per beat do not divide the 9 windows of a frame.
func.func @pixels_not_dividing(%a: tensor<1x3x3x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x3x3x8x!qx>) -> tensor<1x2x3x3x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 16, shape [1, 3, 3, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: pixels 2 must divide the 9 windows of a frame{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 4 simd 2 pixels 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 16, shape [1, 3, 3, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 4, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// Several windows per beat need a whole window per beat.
func.func @pixels_whole_windows(%a: tensor<1x2x2x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x2x8x!qx>) -> tensor<1x2x2x2x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 8, shape [1, 2, 2, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: pixels 2 (several windows per beat) needs a whole window per beat, simd = 2 and parallel_taps = 4, got simd 2 and parallel_taps 2{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 2 simd 2 pixels 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 8, shape [1, 2, 2, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05>

// 2 whole windows of 4 taps of 2 channels take 16 lanes in, 4 out.
func.func @pixels_lanes(%a: tensor<1x2x2x8x!qx>) {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x2x8x!qx>) -> tensor<1x2x2x2x!qy> {
  ^bb0(%win: !dataflow.stream<!qx, lanes 8, shape [1, 2, 2, 8]>):
    %w = qnt.constant "w" dense<1> : tensor<2x4x!qw>
    // CHECK: Operation does not verify: input and output streams must have pixels*simd*parallel_taps = 16 and pixels*simd = 4 lanes, got 8 and 4{{$}}
    %y = dataflow.vvu %win, %w taps 4 parallel_taps 4 simd 2 pixels 2 accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qx, lanes 8, shape [1, 2, 2, 8]>, tensor<2x4x!qw>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}
