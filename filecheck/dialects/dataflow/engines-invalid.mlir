// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.argmax, fifo, skid, dwc and reshape, one per
// chunk, each in a graph from a stream of 12 i8 elements.

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @argmax_index_type(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x1xi64> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: the index of 12 elements must be ui4, got ui3{{$}}
    %o = dataflow.argmax %x : (!s) -> !dataflow.stream<ui3, lanes 1, shape [1, 1]>
    dataflow.yield %o : !dataflow.stream<ui3, lanes 1, shape [1, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @argmax_frame(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x2xi64> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: the result frame is one element in one lane, got shape [1, 2] with 1 lanes{{$}}
    %o = dataflow.argmax %x : (!s) -> !dataflow.stream<ui4, lanes 1, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<ui4, lanes 1, shape [1, 2]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @fifo_depth(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x12x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: depth must be >= 1, got 0{{$}}
    %o = dataflow.fifo %x depth 0 : !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @fifo_type(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x12x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: result type !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 3, shape [1, 12]> must equal the input type !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 12]>{{$}}
    %o = dataflow.fifo %x depth 2 : (!s) -> !dataflow.stream<!q, lanes 3, shape [1, 12]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 3, shape [1, 12]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @dwc_same(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x12x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: input and output have the same 2 lanes: the converter does nothing{{$}}
    %o = dataflow.dwc %x : (!s) -> !s
    dataflow.yield %o : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @dwc_ratio(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x12x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: one lane count must divide the other, or the wider one hold a whole frame of 12 elements, got 2 and 3 (convert through 6 lanes with two dwcs){{$}}
    %o = dataflow.dwc %x : (!s) -> !dataflow.stream<!q, lanes 3, shape [1, 12]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 3, shape [1, 12]>
  }
  func.return
}

// -----

// The least common multiple (20) is wider than the frame (10): through 10.
!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 4, shape [1, 10]>

func.func @dwc_ratio_frame(%q: tensor<1x10x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x10x!q>) -> tensor<1x10x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: one lane count must divide the other, or the wider one hold a whole frame of 10 elements, got 4 and 5 (convert through 10 lanes with two dwcs){{$}}
    %o = dataflow.dwc %x : (!s) -> !dataflow.stream<!q, lanes 5, shape [1, 10]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 5, shape [1, 10]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @dwc_shape(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<12x1x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: a dwc changes only the lanes: !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 12]> and !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 4, shape [12, 1]> differ in element type, shape or order{{$}}
    %o = dataflow.dwc %x : (!s) -> !dataflow.stream<!q, lanes 4, shape [12, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 4, shape [12, 1]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @reshape_lanes(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<3x4x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: a reshape keeps the element type and lanes: !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 12]> and !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 4, shape [3, 4]> differ{{$}}
    %o = dataflow.reshape %x : (!s) -> !dataflow.stream<!q, lanes 4, shape [3, 4]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 4, shape [3, 4]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @reshape_size(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<2x4x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: a reshape keeps the 12 elements of a frame, got shape [2, 4] (8 elements){{$}}
    %o = dataflow.reshape %x : (!s) -> !dataflow.stream<!q, lanes 2, shape [2, 4]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [2, 4]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @reshape_order(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<3x4x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: output stream must stream in row-major order (reordered streams come with convolutions), got order [1, 0]{{$}}
    %o = dataflow.reshape %x : (!s) -> !dataflow.stream<!q, lanes 2, shape [3, 4], order [1, 0]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [3, 4], order [1, 0]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>

func.func @skid_type(%q: tensor<1x12x!q>) {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x12x!q>) -> tensor<1x12x!q> {
  ^bb0(%x: !s):
    // CHECK: Operation does not verify: result type !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 4, shape [1, 12]> must equal the input type !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 2, shape [1, 12]>{{$}}
    %o = dataflow.skid %x : (!s) -> !dataflow.stream<!q, lanes 4, shape [1, 12]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 4, shape [1, 12]>
  }
  func.return
}
