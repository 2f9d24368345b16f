// RUN: not asic-opt %s -t sv 2>&1 | filecheck %s

// CHECK: asic-opt: error: top module 'top' has ports outside the stream contract: debug
hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i8, in %x_valid: i1, out x_ready: i1, out y_data: i8, out y_valid: i1, in %y_ready: i1, in %debug: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 1, beats 1, shape [1]>, #rtl.stream<out "y" : si8, lanes 1, beats 1, shape [1]>]} {
  hw.output %y_ready, %x_data, %x_valid : i1, i8, i1
}
// CHECK-NOT: Traceback
