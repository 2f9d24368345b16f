// RUN: not asic-opt %s -t sv 2>&1 | filecheck %s

// CHECK: asic-opt: error: top module 'top' must have one input and one output stream, got 2 and 0
hw.module @top(in %clk: !seq.clock, in %rst: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 1, beats 1, shape [1]>, #rtl.stream<in "y" : si8, lanes 1, beats 1, shape [1]>]} {
  hw.output
}
// CHECK-NOT: Traceback
