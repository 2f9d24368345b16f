// RUN: asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=64},schedule' 2>%t.table | filecheck %s
// RUN: filecheck %s --check-prefix=TABLE < %t.table
// RUN: asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=64 padding=false}' 2>&1 >/dev/null | filecheck %s --check-prefix=DIVISORS

// Folding factors that do not divide the layer sizes. The MLP 64 -> 64 ->
// 10 under 64 multipliers: with divisors only, fc1 gets 32 multipliers (64
// of the budget would leave none for fc2) and the II is 128 cycles, 57.8%
// of the bound; fc1 at simd 13 (5 synapse folds, the last padded: 65 lanes
// for 64 inputs) and pe 4 takes 80 cycles with 52 multipliers, fc2 80 with
// 8: 92.5%.

// TABLE:      cycles = R*weight_digits*ceiling(K/simd)*ceiling(N/pe)/pixels
// TABLE:      rom_bits = pe*simd*w_bits*ceiling(K/simd)*ceiling(N/pe)
// TABLE:      fc1.weight  1  64  64       8   4    13      80           52     33280            416
// TABLE-NEXT: fc2.weight  1  10  64       8   1     8      80            8      5120             64
// TABLE-NEXT: total: 60 multipliers of 64, II 80 cycles, bound 74.0 (total MACs 4736 / 64 multipliers), utilization 92.5%

// padding=false: divisors only (fc2's 10 outputs allow 1, 2, 5, 10 lanes).
// DIVISORS:      tile{multipliers=64 padding=false}: dataflow.mvu cost model
// DIVISORS:      fc1.weight  1  64  64       8   1    32     128           32     32768            256
// DIVISORS-NEXT: fc2.weight  1  10  64       8   5     1     128            5      5120             40
// DIVISORS-NEXT: total: 37 multipliers of 64, II 128 cycles, bound 74.0 (total MACs 4736 / 64 multipliers), utilization 57.8%

// The input stream carries a frame of 64 elements in 5 beats of 13 lanes.
// CHECK:      dataflow.graph "main" {{.*}} attributes {dataflow.ii = 80 : i64, dataflow.latency = 172 : i64}
// CHECK:      ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 13, shape [1, 64]>):
// CHECK:        %h = dataflow.mvu %0, %w1 pe 4 simd 13 {{.*}} {dataflow.ii = 80 : i64, dataflow.latency = 88 : i64}
// CHECK:        %1 = dataflow.dwc %h {dataflow.ii = 16 : i64, dataflow.latency = 16 : i64} : ({{.*}}lanes 4, shape [1, 64]>) -> {{.*}}lanes 8, shape [1, 64]>
// CHECK:        %y = dataflow.mvu %2, %w2 pe 1 simd 8 {{.*}} {dataflow.ii = 80 : i64, dataflow.latency = 87 : i64}
// CHECK:        dataflow.argmax %y {dataflow.ii = 10 : i64, dataflow.latency = 10 : i64}
