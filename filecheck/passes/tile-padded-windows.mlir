// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/conv-net.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=14},schedule' 2>%t.table | filecheck %s
// RUN: filecheck %s --check-prefix=TABLE < %t.table
// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/conv-net.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=14},schedule,lower-dataflow-to-rtl' | filecheck %s --check-prefix=RTL

// A convolution folded by a factor that does not divide its inputs: the
// 3x3 convolution c1 over 2 channels (30 windows of K = 18 inputs) under
// 14 multipliers takes simd 5, 4 synapse folds per window, the last
// padded: its window generator pads each window to 20 elements (one
// padding read of its 1 lane, 5 reads per beat), and the MVU reads the
// padded rows. With divisors only (simd 3 or 6) the pipeline's II would be
// 540 cycles at 12 multipliers or 720 at 9 (budgets 12 and 10), not 480.

// TABLE:      c1.w    30  4  18       8   1     5     480            5       640             40
// TABLE:      total: 13 multipliers of 14, II 480 cycles

// CHECK:      dataflow.graph "main" {{.*}} attributes {dataflow.ii = 480 : i64
// CHECK:      %c1.w.windows = dataflow.swg %0 kernel [3, 3] pads [1, 1, 1, 1] pad_value 0 simd 1 out_simd 5 {{.*}} -> !dataflow.stream<{{.*}}, lanes 5, shape [1, 6, 5, 20]>
// CHECK:      dataflow.mvu %1, %c1.w, %c1.b pe 1 simd 5 {{.*}} : (!dataflow.stream<{{.*}}, lanes 5, shape [1, 6, 5, 20]>, tensor<4x18x

// RTL: hw.module @main_swg_3x3(in %clk: !seq.clock, in %rst: i1, in %in_data: i8, in %in_valid: i1, in %out_ready: i1, out in_ready: i1, out out_data: i40, out out_valid: i1)
