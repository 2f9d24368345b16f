// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of several pixels per beat, one per chunk: window
// generators (pixels per input beat, windows per output beat), an MVU
// (pixels rows per beat) and a max pool (pixels whole windows per beat).

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @swg_simd_neither(%q: tensor<1x2x4x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: simd 3 must divide the 2 channels{{$}}
    %o = dataflow.swg %x kernel [2, 2] simd 3 pad_value 128 : (!dataflow.stream<!qa, lanes 3, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qa, lanes 3, shape [1, 3, 3, 8]>
    dataflow.yield %o : !dataflow.stream<!qa, lanes 3, shape [1, 3, 3, 8]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @swg_pixels_not_dividing(%q: tensor<1x1x4x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x1x4x4x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: 3 pixels per beat (simd 3) must divide the frame's 16 pixels{{$}}
    %o = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] simd 3 out_simd 9 pad_value 128 : (!dataflow.stream<!qa, lanes 3, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qa, lanes 9, shape [1, 4, 4, 9]>
    dataflow.yield %o : !dataflow.stream<!qa, lanes 9, shape [1, 4, 4, 9]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @swg_pixels_skipped(%q: tensor<1x1x4x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x1x4x4x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: 2 pixels per beat need every input pixel in some window; this geometry skips pixels (take one pixel per beat){{$}}
    %o = dataflow.swg %x kernel [1, 1] strides [2, 2] simd 2 out_simd 1 pad_value 128 : (!dataflow.stream<!qa, lanes 2, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qa, lanes 1, shape [1, 2, 2, 1]>
    dataflow.yield %o : !dataflow.stream<!qa, lanes 1, shape [1, 2, 2, 1]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @swg_windows_not_whole(%q: tensor<1x1x4x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x1x4x4x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: out_simd 12 above the window's 9 elements must be whole unpadded windows (9 each){{$}}
    %o = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] simd 1 out_simd 12 pad_value 128 : (!dataflow.stream<!qa, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qa, lanes 12, shape [1, 4, 4, 9]>
    dataflow.yield %o : !dataflow.stream<!qa, lanes 12, shape [1, 4, 4, 9]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @swg_windows_straddle_rows(%q: tensor<1x1x4x4x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x1x4x4x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: 3 windows per beat (out_simd 27) must divide the 4 windows of a row or be whole rows dividing the 4 rows{{$}}
    %o = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] simd 1 out_simd 27 pad_value 128 : (!dataflow.stream<!qa, lanes 1, shape [1, 1, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qa, lanes 27, shape [1, 4, 4, 9]>
    dataflow.yield %o : !dataflow.stream<!qa, lanes 27, shape [1, 4, 4, 9]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @mvu_pixels_not_dividing(%q: tensor<1x4x4x9x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x4x9x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 27, shape [1, 4, 4, 9]>):
    %w = qnt.constant "w" dense<1> : tensor<2x9x!qw>
    %b = qnt.constant "b" dense<1> : tensor<2xi16>
    // CHECK: Operation does not verify: pixels 3 must divide the 16 rows of a frame{{$}}
    %o = dataflow.mvu %x, %w, %b pe 2 simd 9 pixels 3 accumulator i19 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 27, shape [1, 4, 4, 9]>, tensor<2x9x!qw>, tensor<2xi16>) -> !dataflow.stream<!qy, lanes 6, shape [1, 4, 4, 2]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 6, shape [1, 4, 4, 2]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @mvu_pixels_folded(%q: tensor<1x4x4x9x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x4x9x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 18, shape [1, 4, 4, 9]>):
    %w = qnt.constant "w" dense<1> : tensor<2x9x!qw>
    %b = qnt.constant "b" dense<1> : tensor<2xi16>
    // CHECK: Operation does not verify: pixels 2 (several rows per beat) needs the fastest folding, pe = 2 and simd = 9 (unpadded rows), got pe 1 simd 9{{$}}
    %o = dataflow.mvu %x, %w, %b pe 1 simd 9 pixels 2 accumulator i19 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 18, shape [1, 4, 4, 9]>, tensor<2x9x!qw>, tensor<2xi16>) -> !dataflow.stream<!qy, lanes 2, shape [1, 4, 4, 2]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 2, shape [1, 4, 4, 2]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @mvu_pixels_lanes(%q: tensor<1x4x4x9x!qa>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x4x9x!qa>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 9, shape [1, 4, 4, 9]>):
    %w = qnt.constant "w" dense<1> : tensor<2x9x!qw>
    %b = qnt.constant "b" dense<1> : tensor<2xi16>
    // CHECK: Operation does not verify: input stream has 9 lanes per beat, simd is 9: the producer's lanes must equal pixels*simd = 18 (insert a dataflow.dwc between them){{$}}
    %o = dataflow.mvu %x, %w, %b pe 2 simd 9 pixels 2 accumulator i19 multipliers [1518500250] shifts [38] : (!dataflow.stream<!qa, lanes 9, shape [1, 4, 4, 9]>, tensor<2x9x!qw>, tensor<2xi16>) -> !dataflow.stream<!qy, lanes 4, shape [1, 4, 4, 2]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 4, shape [1, 4, 4, 2]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @global_pool_pixels_not_dividing(%q: tensor<1x2x4x4x!qy>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!qy>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qy, lanes 6, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: pixels 3 must divide the 16 pixels of a frame{{$}}
    %o = dataflow.pool %x kind "avg" taps 16 multipliers [1073741824] shifts [34] simd 2 pixels 3 : (!dataflow.stream<!qy, lanes 6, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 2, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 2, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @global_pool_pixels_simd(%q: tensor<1x2x4x4x!qy>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!qy>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qy, lanes 4, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: several pixels per beat (pixels) need simd = 2 (all channels), got 1{{$}}
    %o = dataflow.pool %x kind "avg" taps 16 multipliers [1073741824] shifts [34] simd 1 pixels 4 : (!dataflow.stream<!qy, lanes 4, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 1, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @global_pool_pixels_lanes(%q: tensor<1x2x4x4x!qy>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x4x4x!qy>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qy, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>):
    // CHECK: Operation does not verify: input and output streams must have pixels*C = 8 and C = 2 lanes, got 8 and 8{{$}}
    %o = dataflow.pool %x kind "avg" taps 16 multipliers [1073741824] shifts [34] simd 2 pixels 4 : (!dataflow.stream<!qy, lanes 8, shape [1, 2, 4, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 8, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 8, shape [1, 2, 1, 1], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @pool_pixels_not_dividing(%q: tensor<1x2x2x8x!qy>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!qy>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qy, lanes 24, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: pixels 3 must divide the 4 windows of a frame{{$}}
    %o = dataflow.pool %x kind "max" taps 4 simd 2 pixels 3 : (!dataflow.stream<!qy, lanes 24, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qy, lanes 6, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 6, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @pool_pixels_simd(%q: tensor<1x2x2x8x!qy>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!qy>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qy, lanes 16, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: whole windows per beat (pixels) need simd = 2 (all channels), got 1{{$}}
    %o = dataflow.pool %x kind "max" taps 4 simd 1 pixels 2 : (!dataflow.stream<!qy, lanes 16, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}

// -----

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.05:-3>

func.func @pool_pixels_lanes(%q: tensor<1x2x2x8x!qy>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x2x8x!qy>) -> tensor<1xi8> {
  ^bb0(%x: !dataflow.stream<!qy, lanes 8, shape [1, 2, 2, 8]>):
    // CHECK: Operation does not verify: input and output streams must have pixels*T*C = 16 and pixels*C = 4 lanes, got 8 and 4{{$}}
    %o = dataflow.pool %x kind "max" taps 4 simd 2 pixels 2 : (!dataflow.stream<!qy, lanes 8, shape [1, 2, 2, 8]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
  }
  func.return
}
