// RUN: asic-opt %s -p lower-dataflow-to-rtl | filecheck %s
// RUN: asic-opt %s -p lower-dataflow-to-rtl | asic-opt --print-op-generic | asic-opt | filecheck %s

// A two-layer MLP (the graph of dialects/dataflow/ops.mlir): one hw.module
// per engine, instantiated in stream order by a top module named after the
// graph with the stream contract; the function (the host side) is gone.

// CHECK-NOT:  func.func
// CHECK-NOT:  dataflow.
// The first MVU, pe 3 simd 2 (NF = 2, SF = 2): the control of the timing
// model, a row buffer of SF beats, the weight ROM in dataflow order (word
// nf*SF + sf, lane p*simd + s) and the bias ROM of NF words.
// CHECK-LABEL: hw.module @mlp_mvu_fc0(in %clk: !seq.clock, in %rst: i1, in %in_data: i16, in %in_valid: i1, in %out_ready: i1, out in_ready: i1, out out_data: i24, out out_valid: i1) {
// CHECK:         %advance = comb.or %{{.*}}, %out_ready : i1
// CHECK:         %in_ready_int = comb.and %advance, %fold0 : i1
// CHECK:         %issue = comb.and %advance, %{{.*}} : i1
// CHECK:         %row_q = rtl.ram %clk read %row_raddr write %sf, %in_data when %in_move depth 2 : i1, i16
// CHECK:         %bias = rtl.rom %bias_addr, %clk words dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi4> : i1 -> i12
// CHECK:         %w_addr = comb.mux %advance, %addr, %w_addr_last : i2
// CHECK:         %w = rtl.rom %w_addr, %clk words dense<{{\[}}[1, 2, 5, 6, -1, -2], [3, 4, 7, 8, -3, -4], [0, 0, 9, 9, 1, 1], [1, 1, 9, 9, 1, 1]]> : tensor<4x6xi8> : i2 -> i48
// CHECK:         hw.output %in_ready_int, %out_q, %out_full : i1, i24, i1
// The FIFO schedule chose, the gather converter, the second MVU with its
// per-channel multipliers and shifts in ROMs (they vary across its folds).
// CHECK-LABEL: hw.module @mlp_fifo_w24_d4(
// CHECK:         rtl.ram %clk read %raddr write %wptr, %in_data when %push depth 4 : i2, i24
// CHECK-LABEL: hw.module @mlp_dwc_gather_w24_r2(
// CHECK-LABEL: hw.module @mlp_mvu_fc1(
// CHECK:         %w = rtl.rom %w_addr, %clk words dense<{{\[}}[1, 0, 0, 0, 0, -1], [0, 1, 1, 1, 1, 0]]> : tensor<2x6xi8> : i1 -> i48
// CHECK:         %mult = rtl.rom %mult_addr, %clk words dense<{{\[}}[-1073741824], [-628983398]]> : tensor<2x1xi31> : i1 -> i31
// CHECK:         %shift = rtl.rom %shift_addr, %clk words dense<{{\[}}[-2], [-1]]> : tensor<2x1xi5> : i1 -> i5
// CHECK-LABEL: hw.module @mlp_argmax_2(
// CHECK-LABEL: hw.module @mlp(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, in %label_ready: i1, out x_ready: i1, out label_data: i1, out label_valid: i1) attributes {rtl.streams = [#rtl.stream<in "x" : ui8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "label" : ui1, lanes 1, beats 1, shape [1, 1]>]} {
// CHECK-NEXT:    %0, %1, %2 = hw.instance "u_h" @mlp_mvu_fc0(clk: %clk: !seq.clock, rst: %rst: i1, in_data: %x_data: i16, in_valid: %x_valid: i1, out_ready: %3: i1) -> (in_ready: i1, out_data: i24, out_valid: i1)
// CHECK-NEXT:    %3, %4, %5 = hw.instance "u_f" @mlp_fifo_w24_d4(clk: %clk: !seq.clock, rst: %rst: i1, in_data: %1: i24, in_valid: %2: i1, out_ready: %6: i1) -> (in_ready: i1, out_data: i24, out_valid: i1)
// CHECK-NEXT:    %6, %7, %8 = hw.instance "u_d" @mlp_dwc_gather_w24_r2(clk: %clk: !seq.clock, rst: %rst: i1, in_data: %4: i24, in_valid: %5: i1, out_ready: %9: i1) -> (in_ready: i1, out_data: i48, out_valid: i1)
// CHECK-NEXT:    %9, %10, %11 = hw.instance "u_o" @mlp_mvu_fc1(clk: %clk: !seq.clock, rst: %rst: i1, in_data: %7: i48, in_valid: %8: i1, out_ready: %12: i1) -> (in_ready: i1, out_data: i4, out_valid: i1)
// CHECK-NEXT:    %12, %13, %14 = hw.instance "u_i" @mlp_argmax_2(clk: %clk: !seq.clock, rst: %rst: i1, in_data: %10: i4, in_valid: %11: i1, out_ready: %label_ready: i1) -> (in_ready: i1, out_data: i1, out_valid: i1)
// CHECK-NEXT:    hw.output %0, %13, %14 : i1, i1, i1
// CHECK-NEXT:  }

!qa = !qnt.uniform<u8:f32, 0.02:128>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qc = !qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!qh = !qnt.uniform<i8:f32, 0.05:-3>
!qy = !qnt.uniform<i4:f32, 0.5>

func.func @mlp(%q: tensor<1x4x!qa>) -> tensor<1x1xi64> {
  %y = dataflow.graph "mlp" inputs ["x"] outputs ["label"] (%q) attributes {dataflow.ii = 4 : i64} : (tensor<1x4x!qa>) -> tensor<1x1xi64> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 2, shape [1, 4]>):
    %w = qnt.constant "fc0.weight" dense<[[1, 2, 3, 4], [5, 6, 7, 8], [-1, -2, -3, -4], [0, 0, 1, 1], [9, 9, 9, 9], [1, 1, 1, 1]]> : tensor<6x4x!qw>
    %b = qnt.constant "fc0.bias" dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi16>
    %h = dataflow.mvu %x, %w, %b pe 3 simd 2 accumulator i18 multipliers [1518500250] shifts [38] min -3 {dataflow.ii = 4 : i64, dataflow.latency = 6 : i64} : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, tensor<6x4x!qw>, tensor<6xi16>) -> !dataflow.stream<!qh, lanes 3, shape [1, 6]>
    %f = dataflow.fifo %h depth 4 : !dataflow.stream<!qh, lanes 3, shape [1, 6]>
    %d = dataflow.dwc %f : (!dataflow.stream<!qh, lanes 3, shape [1, 6]>) -> !dataflow.stream<!qh, lanes 6, shape [1, 6]>
    %w2 = qnt.constant "fc1.weight" dense<[[1, 0, 0, 0, 0, -1], [0, 1, 1, 1, 1, 0]]> : tensor<2x6x!qc>
    %o = dataflow.mvu %d, %w2 simd 6 accumulator i18 multipliers [1073741824, 1518500250] shifts [30, 31] max 5 : (!dataflow.stream<!qh, lanes 6, shape [1, 6]>, tensor<2x6x!qc>) -> !dataflow.stream<!qy, lanes 1, shape [1, 2]>
    %r = dataflow.reshape %o : (!dataflow.stream<!qy, lanes 1, shape [1, 2]>) -> !dataflow.stream<!qy, lanes 1, shape [2, 1]>
    %i = dataflow.argmax %r select_last_index true : (!dataflow.stream<!qy, lanes 1, shape [2, 1]>) -> !dataflow.stream<ui1, lanes 1, shape [1, 1]>
    dataflow.yield %i : !dataflow.stream<ui1, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1xi64>
}
