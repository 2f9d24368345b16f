// RUN: asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=9 digits=true},schedule' 2>%t.table | filecheck %s
// RUN: filecheck %s --check-prefix=TABLE < %t.table
// RUN: asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=9}' 2>&1 >/dev/null | filecheck %s --check-prefix=WHOLE
// RUN: asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=9}' 2>/dev/null | filecheck %s --check-prefix=NO-DIGITS
// Tiling twice changes nothing: the digits chosen are then given.
// RUN: asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=9 digits=true},tile{multipliers=1000},schedule' 2>/dev/null | filecheck %s
// RUN: not asic-opt %S/inputs/tile-padded.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=9 digits=yes}' 2>&1 | filecheck %s --check-prefix=OPTION

// Digit-serial weights: the MLP 64 -> 64 -> 10 (inputs/tile-padded.mlir)
// under 9 multipliers. With whole weights fc2 (640 MACs) holds a whole
// multiplier and fc1 gets 7: II 640, 82.2% of the bound. With
// `digits=true` a multiplier may take its weight a digit per cycle for a
// fraction of a full one: fc1 at 15 half multipliers (7.5), fc2 at 5
// quarters (1.25), 8.75 in all: II 572, 92.0%.

// WHOLE:      total: 8 multipliers of 9, II 640 cycles, bound 526.2 (total MACs 4736 / 9 multipliers), utilization 82.2%

// TABLE:      tile{multipliers=9 digits=true}: dataflow.mvu cost model
// TABLE:        multipliers = pe*pixels*simd/weight_digits
// TABLE:      engine      R   N   K  w_bits  pe  simd  weight_digits  cycles  multipliers  rom_bits  rom_word_bits
// TABLE-NEXT: fc1.weight  1  64  64       8   3     5              2     572          7.5     34320             60
// TABLE-NEXT: fc2.weight  1  10  64       8   5     1              4     512         1.25      5120             10
// TABLE-NEXT: total: 8.75 multipliers of 9, II 572 cycles, bound 526.2 (total MACs 4736 / 9 multipliers), utilization 92.0%

// CHECK:      dataflow.graph "main" {{.*}} attributes {dataflow.ii = 572 : i64, dataflow.latency = 853 : i64}
// CHECK:        %h = dataflow.mvu %0, %w1 pe 3 simd 5 weight_digits 2 {{.*}} {dataflow.ii = 572 : i64, dataflow.latency = 580 : i64}
// CHECK:        %y = dataflow.mvu %3, %w2 pe 5 simd 1 weight_digits 4 {{.*}} {dataflow.ii = 512 : i64, dataflow.latency = 519 : i64}

// NO-DIGITS-NOT: weight_digits

// OPTION: tile option 'digits' takes true or false; got 'yes'
