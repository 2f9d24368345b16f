// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/depthwise-relu.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6},schedule' 2>%t.table | filecheck %s
// RUN: filecheck %s --check-prefix=TABLE < %t.table
// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/depthwise-relu.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=9},schedule' 2>&1 | filecheck %s --check-prefix=DIVIDES
// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/depthwise.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=8},schedule,lower-dataflow-to-rtl' | filecheck %s --check-prefix=WINDOW

// A depthwise convolution takes several taps per beat once every channel
// is in the beat: the 3x3 depthwise convolution dw.w over 3 channels (9
// windows of 9 taps) under 6 multipliers takes simd 3 and 2 taps per beat,
// 5 beats per window, the last padded: its window generator emits 6
// lanes (2 taps of 3 channels) and pads each window to 10 taps (30
// elements). With divisors only (1, 3 or 9 taps) the II would be 81
// cycles, not 45. Under 9 multipliers, 3 taps per beat (a divisor, no
// padding).

// TABLE:      dw.w    9  9  3     3              2      45            6           60
// TABLE:      total: 6 multipliers of 6, II 45 cycles

// CHECK:      dataflow.graph "main" {{.*}} attributes {dataflow.ii = 45 : i64
// CHECK:      %dw.w.windows = dataflow.swg %0 kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] pad_value 3 simd 3 out_simd 6 {{.*}} -> !dataflow.stream<{{.*}}, lanes 6, shape [1, 3, 3, 30]>
// CHECK:      %[[SKID:.*]] = dataflow.skid %dw.w.windows
// CHECK:      dataflow.vvu %[[SKID]], %w, %b taps 9 parallel_taps 2 simd 3 {{.*}} : (!dataflow.stream<{{.*}}, lanes 6, shape [1, 3, 3, 30]>, {{.*}} -> !dataflow.stream<{{.*}}, lanes 3, shape [1, 3, 3, 3], order [0, 2, 3, 1]>

// DIVIDES:    total: 9 multipliers of 9, II 27 cycles
// DIVIDES:    dataflow.swg {{.*}} simd 3 out_simd 9 {{.*}} -> !dataflow.stream<{{.*}}, lanes 9, shape [1, 3, 3, 27]>
// DIVIDES:    dataflow.vvu {{.*}} taps 9 parallel_taps 3 simd 3 {{.*}} : (!dataflow.stream<{{.*}}, lanes 9, shape [1, 3, 3, 27]>

// A whole window per beat (4 taps of 2 channels under 8 multipliers): the
// 4 products of each lane registered and added to the bias in one adder
// stage (5 numbers, at most `ADDER_FAN_IN`: no tree stage); no ring of
// partial sums.

// WINDOW:      hw.module @main_vvu_conv(in %clk: !seq.clock, in %rst: i1, in %in_data: i64,
// WINDOW-NOT:  acc0
// WINDOW:      %v_tree_d1 = seq.compreg
// WINDOW:      %product0_3 = comb.mul
// WINDOW:      %product0_3_d1 = seq.compreg
// WINDOW-NOT:  taps0_s0
// WINDOW:      %new0 = comb.add {{.*}}, %product0_0_d1, %product0_1_d1, %product0_2_d1, %product0_3_d1 : i18
// WINDOW-NOT:  acc0
// WINDOW:      hw.module @main(
