// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.fork and dataflow.add, one per chunk.

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @fork_type(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: both outputs of a fork have the input's type !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 6]>{{$}}
    %a, %b = dataflow.fork %x : (!s) -> (!s, !dataflow.stream<!q, lanes 3, shape [1, 6]>)
    %o = dataflow.add %a, %b lanes 2 multipliers [1, 1] shift 1 : (!s, !dataflow.stream<!q, lanes 3, shape [1, 6]>) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_shape(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    %r = dataflow.reshape %b : (!s) -> !dataflow.stream<!q, lanes 2, shape [2, 3]>
    // CHECK: Operation does not verify: rhs frame [2, 3] must have the result's shape [1, 6] (no broadcasting in hardware){{$}}
    %o = dataflow.add %a, %r lanes 2 multipliers [1, 1] shift 1 : (!s, !dataflow.stream<!q, lanes 2, shape [2, 3]>) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_lanes(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: lhs stream has 2 lanes, the adder 3{{$}}
    %o = dataflow.add %a, %b lanes 3 multipliers [1, 1] shift 1 : (!s, !s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_multipliers(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: multipliers must have 2 values (lhs, rhs), got 1{{$}}
    %o = dataflow.add %a, %b lanes 2 multipliers [1] shift 1 : (!s, !s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_multiplier_range(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: multipliers must be in [0, 2147483647], got [1, -1]{{$}}
    %o = dataflow.add %a, %b lanes 2 multipliers [1, -1] shift 1 : (!s, !s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_shift(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: shift must be in [0, 62], got 63{{$}}
    %o = dataflow.add %a, %b lanes 2 multipliers [1, 1] shift 63 : (!s, !s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_bounds(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: min and max must satisfy -128 <= min <= max <= 127, got min 5 and max 4{{$}}
    %o = dataflow.add %a, %b lanes 2 multipliers [1, 1] shift 1 min 5 max 4 : (!s, !s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @add_element(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    %a, %b = dataflow.fork %x : (!s) -> (!s, !s)
    // CHECK: Operation does not verify: output stream must carry !qnt.uniform elements, got si8{{$}}
    %o = dataflow.add %a, %b lanes 2 multipliers [1, 1] shift 1 : (!s, !s) -> !dataflow.stream<si8, lanes 2, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<si8, lanes 2, shape [1, 6]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!p = !dataflow.stream<!q, lanes 1, shape [1, 2, 1, 3], order [0, 2, 3, 1]>
!s = !dataflow.stream<!q, lanes 1, shape [1, 2, 1, 3]>

func.func @add_order(%q: tensor<1x2x1x3x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x2x1x3x!q>) -> tensor<1x2x1x3x!q> {
  ^bb0(%x: !p):
    %a, %b = dataflow.fork %x : (!p) -> (!p, !p)
    %r = dataflow.reshape %b : (!p) -> !s
    // CHECK: Operation does not verify: rhs stream must have the result's order [0, 2, 3, 1]{{$}}
    %o = dataflow.add %a, %r multipliers [1, 1] shift 1 : (!p, !s) -> !p
    dataflow.yield %o : !p
  }
  func.return
}
