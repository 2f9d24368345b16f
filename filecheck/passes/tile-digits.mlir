// RUN: asic-opt %S/inputs/tile-digits.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6 digits=true},schedule' 2>%t.table | filecheck %s
// RUN: filecheck %s --check-prefix=TABLE < %t.table
// RUN: asic-opt %S/inputs/tile-digits.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6}' 2>&1 >/dev/null | filecheck %s --check-prefix=WHOLE
// RUN: asic-opt %S/inputs/tile-digits.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6}' 2>/dev/null | filecheck %s --check-prefix=NO-DIGITS
// Tiling twice changes nothing: the digits chosen are then given.
// RUN: asic-opt %S/inputs/tile-digits.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6 digits=true},tile{multipliers=1000},schedule' 2>/dev/null | filecheck %s
// RUN: not asic-opt %S/inputs/tile-digits.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6 digits=yes}' 2>&1 | filecheck %s --check-prefix=OPTION

// Digit-serial weights: the MLP 64 -> 16 -> 3 (inputs/tile-digits.mlir)
// under 6 multipliers. With whole weights fc2 (48 MACs) holds a whole
// multiplier it uses for 48 of the 208 cycles of the interval. With
// `digits=true` its multiplier takes a 2-bit digit of a weight per cycle
// (`weight_digits 4`, 192 cycles), which the cost model counts as 5/8 of
// a full one (the area Yosys maps it to): 5.625 multipliers at the same
// interval.

// WHOLE:      total: 6 multipliers of 6, II 208 cycles, bound 178.7 (total MACs 1072 / 6 multipliers), utilization 85.9%

// TABLE:      tile{multipliers=6 digits=true}: dataflow.mvu cost model
// TABLE:        multipliers = pe*pixels*simd*Piecewise((1, Eq(weight_digits, 1)), (3*Max(1/2, (w_bits/weight_digits + 1)/w_bits)/4 + 1/4, True))
// TABLE:      engine      R   N   K  w_bits  pe  simd  weight_digits  cycles  multipliers  rom_bits  rom_word_bits
// TABLE-NEXT: fc1.weight  1  16  64       8   1     5              1     208            5      8320             40
// TABLE-NEXT: fc2.weight  1   3  16       8   1     1              4     192        0.625       384              2
// TABLE-NEXT: total: 5.625 multipliers of 6, II 208 cycles, bound 178.7 (total MACs 1072 / 6 multipliers), utilization 85.9%

// CHECK:      dataflow.graph "main" {{.*}} attributes {dataflow.ii = 208 : i64, dataflow.latency = 356 : i64}
// CHECK:        %h = dataflow.mvu %0, %w1 pe 1 simd 5 accumulator i22 {{.*}} {dataflow.ii = 208 : i64, dataflow.latency = 215 : i64}
// CHECK:        %y = dataflow.mvu %1, %w2 pe 1 simd 1 weight_digits 4 {{.*}} {dataflow.ii = 192 : i64, dataflow.latency = 198 : i64}

// NO-DIGITS-NOT: weight_digits

// OPTION: tile option 'digits' takes true or false; got 'yes'
