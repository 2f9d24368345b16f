// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/conv-net.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=14},schedule' 2>/dev/null | filecheck %s
// Scheduling twice gives the same IR (skid buffers are removed and placed again).
// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/conv-net.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=14},schedule,schedule' 2>/dev/null | filecheck %s
// RUN: asic-opt %S/../lowering/qnt_to_dataflow/inputs/conv-net.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=14},schedule,lower-dataflow-to-rtl' 2>/dev/null | filecheck %s --check-prefix=RTL

// Skid buffers on either side of a window generator (a deep handshake):
// in front of each, behind the FIFO there (none in front of the first: the
// graph's input); none behind the convolutions' window generators (a FIFO
// in front of each MVU ends the chain), one between each pool's window
// generator and its pool; none between the average pool and the global
// one (neither has a deep handshake). A skid buffer takes a beat per
// cycle and passes the last on as it comes (latency B - 1).

// CHECK:      %c1.w.windows = dataflow.swg %0
// CHECK-NOT:  dataflow.skid
// CHECK:      %1 = dataflow.fifo %c1.w.windows
// CHECK-NOT:  dataflow.skid
// CHECK:      %6 = dataflow.fifo %c2
// CHECK-NEXT: %7 = dataflow.skid %6 {dataflow.ii = 60 : i64, dataflow.latency = 59 : i64}
// CHECK-NEXT: %c3.w.windows = dataflow.swg %7
// CHECK-NOT:  dataflow.skid
// CHECK:      %8 = dataflow.fifo %c3.w.windows
// CHECK-NOT:  dataflow.skid
// CHECK:      %11 = dataflow.fifo %c3
// CHECK-NEXT: %12 = dataflow.skid %11
// CHECK-NEXT: %p1.windows = dataflow.swg %12
// CHECK-NEXT: %13 = dataflow.skid %p1.windows {dataflow.ii = 24 : i64, dataflow.latency = 23 : i64} : !dataflow.stream<!qnt.uniform<i8:f32, 0.004639739382500742:-14>, lanes 4, shape [1, 3, 2, 16]>
// CHECK-NEXT: %p1 = dataflow.pool %13 kind "max"
// CHECK-NEXT: %14 = dataflow.skid %p1 {dataflow.ii = 6 : i64, dataflow.latency = 5 : i64}
// CHECK-NEXT: %p2.windows = dataflow.swg %14
// CHECK-NEXT: %15 = dataflow.skid %p2.windows
// CHECK-NEXT: %p2 = dataflow.pool %15 kind "avg"
// CHECK-NEXT: %g = dataflow.pool %p2
// CHECK-NOT:  dataflow.skid

// The skid buffer's module: `in_ready` the register `!full`, the beat
// falling through while the buffer is empty.
// RTL:      hw.module @main_skid_w16(in %clk: !seq.clock, in %rst: i1, in %in_data: i16
// RTL:      hw.module @main_skid_w32(in %clk: !seq.clock, in %rst: i1, in %in_data: i32, in %in_valid: i1, in %out_ready: i1, out in_ready: i1, out out_data: i32, out out_valid: i1)
// RTL:        %skid_q = seq.compreg
// RTL:        hw.output %empty, %{{[0-9]+}}, %{{[0-9]+}} : i1, i32, i1
// RTL:      hw.instance "u_skid0" @main_skid_w16
// RTL:      hw.instance "u_skid1" @main_skid_w32
// RTL:      hw.instance "u_skid4" @main_skid_w32
// RTL-NOT:  hw.instance "u_skid5"
