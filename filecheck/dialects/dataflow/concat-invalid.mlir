// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.concat, one per chunk.

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

func.func @one_input(%q: tensor<1x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: a concat joins at least 2 streams, got 1{{$}}
    %o = dataflow.concat %l lanes 2 multipliers [1] shifts [0] : (!s) -> !dataflow.stream<!q, lanes 2, shape [1, 4]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 4]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

func.func @size(%q: tensor<1x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: the result's axis 1 must hold the 8 elements of the inputs, got 6{{$}}
    %o = dataflow.concat %l, %r lanes 2 multipliers [1, 1] shifts [0, 0] : (!s, !s) -> !dataflow.stream<!q, lanes 2, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 6]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

func.func @lanes(%q: tensor<1x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!q>) -> tensor<1x8x!q> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: input 0 has 2 lanes, the concat 4{{$}}
    %o = dataflow.concat %l, %r lanes 4 multipliers [1, 1] shifts [0, 0] : (!s, !s) -> !dataflow.stream<!q, lanes 4, shape [1, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 4, shape [1, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

func.func @multipliers(%q: tensor<1x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!q>) -> tensor<1x8x!q> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: multipliers and shifts must have one value per input (2), got 1 and 2{{$}}
    %o = dataflow.concat %l, %r lanes 2 multipliers [1] shifts [0, 0] : (!s, !s) -> !dataflow.stream<!q, lanes 2, shape [1, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

func.func @shifts(%q: tensor<1x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!q>) -> tensor<1x8x!q> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: shifts must be in [0, 62], got [0, 70]{{$}}
    %o = dataflow.concat %l, %r lanes 2 multipliers [1, 1] shifts [0, 70] : (!s, !s) -> !dataflow.stream<!q, lanes 2, shape [1, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 4]>

func.func @frame(%q: tensor<1x4x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x4x!q>) -> tensor<2x8x!q> {
  ^bb0(%x: !s):
    %l, %r = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: input 0 frame [1, 4] must match the result's [2, 8] but along axis 1{{$}}
    %o = dataflow.concat %l, %r lanes 2 multipliers [1, 1] shifts [0, 0] : (!s, !s) -> !dataflow.stream<!q, lanes 2, shape [2, 8]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [2, 8]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!a = !dataflow.stream<!q, lanes 6, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
!c = !dataflow.stream<!q, lanes 12, shape [1, 4, 2, 2], order [0, 2, 3, 1]>

func.func @pixels_not_dividing(%i: tensor<1x2x2x2x!q>) {
  %y = dataflow.graph "g" inputs ["a"] outputs ["y"] (%i) : (tensor<1x2x2x2x!q>) -> tensor<1x4x2x2x!q> {
  ^bb0(%a: !a):
    %l, %r = dataflow.fork %a : (!a) -> (!a, !a)
    // CHECK: Operation does not verify: pixels 3 must divide the 4 rows of a frame{{$}}
    %o = dataflow.concat %l, %r pixels 3 multipliers [1, 1] shifts [0, 0] : (!a, !a) -> !c
    dataflow.yield %o : !c
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!a = !dataflow.stream<!q, lanes 4, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
!c = !dataflow.stream<!q, lanes 8, shape [1, 4, 2, 2], order [0, 2, 3, 1]>

func.func @pixels_and_lanes(%i: tensor<1x2x2x2x!q>) {
  %y = dataflow.graph "g" inputs ["a"] outputs ["y"] (%i) : (tensor<1x2x2x2x!q>) -> tensor<1x4x2x2x!q> {
  ^bb0(%a: !a):
    %l, %r = dataflow.fork %a : (!a) -> (!a, !a)
    // CHECK: Operation does not verify: a concat takes lanes or pixels (whole rows per beat), not both{{$}}
    %o = dataflow.concat %l, %r lanes 2 pixels 2 multipliers [1, 1] shifts [0, 0] : (!a, !a) -> !c
    dataflow.yield %o : !c
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!a = !dataflow.stream<!q, lanes 2, shape [1, 2, 2, 2], order [0, 2, 3, 1]>
!c = !dataflow.stream<!q, lanes 8, shape [1, 4, 2, 2], order [0, 2, 3, 1]>

func.func @pixels_lanes(%i: tensor<1x2x2x2x!q>) {
  %y = dataflow.graph "g" inputs ["a"] outputs ["y"] (%i) : (tensor<1x2x2x2x!q>) -> tensor<1x4x2x2x!q> {
  ^bb0(%a: !a):
    %l, %r = dataflow.fork %a : (!a) -> (!a, !a)
    // CHECK: Operation does not verify: input 0 has 2 lanes, the concat 4{{$}}
    %o = dataflow.concat %l, %r pixels 2 multipliers [1, 1] shifts [0, 0] : (!a, !a) -> !c
    dataflow.yield %o : !c
  }
  func.return
}
