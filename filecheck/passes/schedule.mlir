// RUN: asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=8},schedule' 2>/dev/null | filecheck %s
// Scheduling twice gives the same IR (FIFOs are removed and placed again).
// RUN: asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=8},schedule,schedule' 2>/dev/null | filecheck %s
// RUN: asic-opt %s -p schedule | filecheck %s --check-prefix=FIFOS
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p schedule 2>&1 | filecheck %s --check-prefix=LEVEL

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-3>

// The MLP 8 -> 6 -> 4 tiled with 8 multipliers (see tile.mlir): fc1 (NF 6,
// SF 2) and fc2 (NF 2, SF 6) take 12 cycles per frame each, the argmax 2.
// fc2 reads its 6 input beats during its first fold and is then busy for
// W = 6 cycles, in which fc1 delivers up to 6 / 2 + 1 = 4 beats: a FIFO of
// 4 + 1. The frame's latency is the timing model simulated (an output beat
// 3 cycles after its fold's last step plus the arithmetic pipeline's
// registers: 4 in fc1, 4 in fc2, whose requantizers add their sums' 14 and
// 13 bits, not the accumulator type's 19, in two carry chunks): fc1's beats
// leave at cycles 8, 10, ..., 18 and reach fc2 two cycles later, fc2's two
// output beats leave at 27 and 33, the argmax's index at 34.

// CHECK:      %l = dataflow.graph "main" inputs ["arg0"] outputs ["result0"] (%q) attributes {dataflow.ii = 12 : i64, dataflow.latency = 34 : i64}
// CHECK:        %h = dataflow.mvu %0, %w1 pe 1 simd 4 accumulator i19 multipliers [1073741824] shifts [32] min -100 {dataflow.ii = 12 : i64, dataflow.latency = 18 : i64}
// CHECK:        %1 = dataflow.fifo %h depth 5 {dataflow.ii = 6 : i64, dataflow.latency = 7 : i64} : !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 6]>
// CHECK-NEXT:   %y = dataflow.mvu %1, %w2 pe 2 simd 1 accumulator i19 multipliers [1342177280] shifts [35] {dataflow.ii = 12 : i64, dataflow.latency = 18 : i64}
// CHECK-NEXT:   %l_1 = dataflow.argmax %y {dataflow.ii = 2 : i64, dataflow.latency = 2 : i64}

// FIFOs given by hand are replaced: none in front of an MVU with a single
// neuron fold (it takes a beat every cycle) or fed by the graph's input. A
// scatter converter (2 lanes to 1: II and latency F / 1 = 2), a reshape
// (wires: latency B - 1 = 1, its last beat leaves as it comes) and a fully
// parallel MVU over 2 rows of 1 input (2 cycles; it accumulates in the issue
// cycle, latency 2 + 1 plus 1 requantization register); fc0's 3 steps
// issue in cycles 0-2, its beat leaves in 7 (2 pipeline registers), the
// converter's pieces in 8 and 9, the rows' results in 11 and 12.

// FIFOS-LABEL: func.func @by_hand
// FIFOS:         dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) attributes {dataflow.ii = 3 : i64, dataflow.latency = 12 : i64}
// FIFOS:         %h = dataflow.mvu %x, %w pe 2 simd 1 accumulator i18 multipliers [1] shifts [0] {dataflow.ii = 3 : i64, dataflow.latency = 7 : i64}
// FIFOS-NEXT:    %d = dataflow.dwc %h {dataflow.ii = 2 : i64, dataflow.latency = 2 : i64} : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 2, shape [1, 2]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-3>, lanes 1, shape [1, 2]>
// FIFOS-NEXT:    %r = dataflow.reshape %d {dataflow.ii = 2 : i64, dataflow.latency = 1 : i64}
// FIFOS:         %o = dataflow.mvu %r, %w2 accumulator i18 multipliers [1] shifts [0] {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64}
// FIFOS-NEXT:    dataflow.yield %o
func.func @by_hand(%q: tensor<1x3x!qa>) -> tensor<2x1x!qh> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%q) : (tensor<1x3x!qa>) -> tensor<2x1x!qh> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 3]>):
    %w = qnt.constant "fc0.weight" dense<1> : tensor<2x3x!qw>
    %f0 = dataflow.fifo %x depth 7 : !dataflow.stream<!qa, lanes 1, shape [1, 3]>
    %h = dataflow.mvu %f0, %w pe 2 simd 1 accumulator i18 multipliers [1] shifts [0] : (!dataflow.stream<!qa, lanes 1, shape [1, 3]>, tensor<2x3x!qw>) -> !dataflow.stream<!qh, lanes 2, shape [1, 2]>
    %f1 = dataflow.fifo %h depth 1 : !dataflow.stream<!qh, lanes 2, shape [1, 2]>
    %d = dataflow.dwc %f1 : (!dataflow.stream<!qh, lanes 2, shape [1, 2]>) -> !dataflow.stream<!qh, lanes 1, shape [1, 2]>
    %r = dataflow.reshape %d : (!dataflow.stream<!qh, lanes 1, shape [1, 2]>) -> !dataflow.stream<!qh, lanes 1, shape [2, 1]>
    %w2 = qnt.constant "fc1.weight" dense<1> : tensor<1x1x!qnt.uniform<i8<-127:127>:f32, 0.01>>
    %o = dataflow.mvu %r, %w2 accumulator i18 multipliers [1] shifts [0] : (!dataflow.stream<!qh, lanes 1, shape [2, 1]>, tensor<1x1x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> !dataflow.stream<!qh, lanes 1, shape [2, 1]>
    dataflow.yield %o : !dataflow.stream<!qh, lanes 1, shape [2, 1]>
  }
  func.return %y : tensor<2x1x!qh>
}

// LEVEL: asic-opt: error: schedule: the module has no dataflow.graph: run lower-qnt-to-dataflow first
