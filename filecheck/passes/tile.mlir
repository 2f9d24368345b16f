// RUN: asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=8}' 2>%t.budget | filecheck %s --check-prefix=BUDGET
// RUN: filecheck %s --check-prefix=BUDGET-TABLE < %t.budget
// RUN: asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{target-cycles=7}' 2>%t.target | filecheck %s --check-prefix=TARGET
// RUN: filecheck %s --check-prefix=TARGET-TABLE < %t.target
// Tiling twice changes nothing: every factor is then given.
// RUN: asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=8},tile{multipliers=1000}' 2>/dev/null | filecheck %s --check-prefix=BUDGET
// RUN: asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=1000}' 2>&1 >/dev/null | filecheck %s --check-prefix=PARALLEL
// Errors: diagnostics, exit status 1.
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile' 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=8 target-cycles=4}' 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=0}' 2>&1 | filecheck %s --check-prefix=ZERO
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{target-cycles=0}' 2>&1 | filecheck %s --check-prefix=ZERO-CYCLES
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=2}' 2>&1 | filecheck %s --check-prefix=SMALL
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'lower-qnt-to-dataflow,tile{target-cycles=1}' 2>&1 | filecheck %s --check-prefix=FAST
// RUN: not asic-opt %S/inputs/tile-mlp.mlir -p 'tile{multipliers=8}' 2>&1 | filecheck %s --check-prefix=LEVEL

// The MLP 8 -> 6 -> 4 (inputs/tile-mlp.mlir), whose second layer has pe 2
// fixed (a dataflow.pe attribute on its qnt.dense). With 8 multipliers the
// best II is 12 (at II 8 the two layers need 6 + 4); 6 multipliers reach it.
// The input stream takes the first MVU's 4 lanes, the argmax the second's 2.

// BUDGET:      ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 4, shape [1, 8]>):
// BUDGET:        %h = dataflow.mvu %0, %w1 pe 1 simd 4 accumulator i19
// BUDGET-SAME:     -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 6]>
// BUDGET:        %y = dataflow.mvu %h, %w2 pe 2 simd 1 accumulator i19
// BUDGET-SAME:     -> !dataflow.stream<!qnt.uniform<i8:f32, 0.2:10>, lanes 2, shape [1, 4]>
// BUDGET-NEXT:   %l_1 = dataflow.argmax %y : (!dataflow.stream<!qnt.uniform<i8:f32, 0.2:10>, lanes 2, shape [1, 4]>) -> !dataflow.stream<ui2, lanes 1, shape [1, 1]>

// BUDGET-TABLE:      tile{multipliers=8}: dataflow.mvu cost model
// BUDGET-TABLE-NEXT:   cycles = R*weight_digits*ceiling(K/simd)*ceiling(N/pe)/pixels
// BUDGET-TABLE-NEXT:   multipliers = pe*pixels*simd*Piecewise((1, Eq(weight_digits, 1)), (3*Max(1/2, (w_bits/weight_digits + 1)/w_bits)/4 + 1/4, True))
// BUDGET-TABLE-NEXT:   rom_bits = pe*simd*w_bits*ceiling(K/simd)*ceiling(N/pe)
// BUDGET-TABLE-NEXT:   rom_word_bits = pe*simd*w_bits/weight_digits
// BUDGET-TABLE-NEXT:   rom_words = weight_digits*ceiling(K/simd)*ceiling(N/pe)
// BUDGET-TABLE-NEXT: engine      R  N  K  w_bits  pe  simd  cycles  multipliers  rom_bits  rom_word_bits
// BUDGET-TABLE-NEXT: fc1.weight  1  6  8       8   1     4      12            4       384             32
// BUDGET-TABLE-NEXT: fc2.weight  1  4  6       8   2     1      12            2       192             16
// BUDGET-TABLE-NEXT: total: 6 multipliers of 8, II 12 cycles, bound 9.0 (total MACs 72 / 8 multipliers), utilization 75.0%

// At most 7 cycles per frame with the fewest multipliers: 6 cycles each;
// a converter joins fc1's single output lane to fc2's 2 input lanes.

// TARGET:      ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 8, shape [1, 8]>):
// TARGET:        %h = dataflow.mvu %0, %w1 pe 1 simd 8
// TARGET:        %1 = dataflow.dwc %h : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 6]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 2, shape [1, 6]>
// TARGET-NEXT:   %y = dataflow.mvu %1, %w2 pe 2 simd 2

// TARGET-TABLE:      tile{target-cycles=7}: dataflow.mvu cost model
// TARGET-TABLE:      fc1.weight  1  6  8       8   1     8       6            8       384             64
// TARGET-TABLE-NEXT: fc2.weight  1  4  6       8   2     2       6            4       192             32
// TARGET-TABLE-NEXT: total: 12 multipliers, II 6 cycles, bound 6.0 (total MACs 72 / 12 multipliers), utilization 100.0%

// A budget beyond full parallelism: fc2's fixed pe 2 bounds the II to 2
// cycles, and fc1 gets the fewest multipliers reaching it, not 48.

// PARALLEL:      fc1.weight  1  6  8       8   3     8       2           24       384            192
// PARALLEL-NEXT: fc2.weight  1  4  6       8   2     6       2           12       192             96
// PARALLEL-NEXT: total: 36 multipliers of 1000, II 2 cycles

// NONE: asic-opt: error: tile: give exactly one of multipliers=N or target-cycles=N
// ZERO: asic-opt: error: tile: multipliers must be >= 1, got 0
// ZERO-CYCLES: asic-opt: error: tile: target-cycles must be >= 1, got 0
// SMALL: asic-opt: error: tile: a budget of 2 multipliers is below the 3 that the 2 MVUs need at least (one each, or their fixed pe*pixels*simd*Piecewise((1, Eq(weight_digits, 1)), (3*Max(1/2, (w_bits/weight_digits + 1)/w_bits)/4 + 1/4, True)))
// FAST: asic-opt: error: tile: dataflow.mvu 'fc2.weight' cannot take 1 cycles per frame: at best 2 (pe 2 fixed)
// LEVEL: asic-opt: error: tile: the module has no dataflow.graph: run lower-qnt-to-dataflow first
