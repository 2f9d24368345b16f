// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.lut, one per chunk, each on a stream
// of 6 i3 elements.

!q = !qnt.uniform<i3:f32, 0.5>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @table_size(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: table must have 8 entries (one per input value in [-4, 3]), got 3{{$}}
    %o = dataflow.lut %x table [1, 2, 3] : (!s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i3:f32, 0.5>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @table_range(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: table entry 2 (input -2) is 4, outside the result's storage range [-4, 3]{{$}}
    %o = dataflow.lut %x table [0, 1, 4, 0, 0, 0, 0, 0] : (!s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i3:f32, 0.5>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @lanes(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: a lookup table keeps the lanes, shape and order of its stream: !dataflow.stream<!qnt.uniform<i3:f32, 0.5>, lanes 2, shape [1, 6]> and !dataflow.stream<!qnt.uniform<i3:f32, 0.5>, lanes 3, shape [1, 6]> differ{{$}}
    %o = dataflow.lut %x table [0, 0, 0, 0, 0, 0, 0, 0] : (!s) -> !dataflow.stream<!q, lanes 3, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 3, shape [1, 6]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i3:f32, 0.5>
!s = !dataflow.stream<!q, lanes 2, shape [1, 6]>

func.func @element(%q: tensor<1x6x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x6x!q>) -> tensor<1x6xi64> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: output stream must carry !qnt.uniform elements, got ui3{{$}}
    %o = dataflow.lut %x table [0, 0, 0, 0, 0, 0, 0, 0] : (!s) -> !dataflow.stream<ui3, lanes 2, shape [1, 6]>
    dataflow.yield %o : !dataflow.stream<ui3, lanes 2, shape [1, 6]>
  }
  func.return
}
