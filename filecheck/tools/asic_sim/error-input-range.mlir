// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.full((2, 4), 200, np.int32))"
// RUN: not asic-sim %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s

// CHECK: asic-sim: error: input 'x' has values outside [-128, 127], the range of the stream's element type si8
// CHECK-NOT: Traceback

hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, out x_ready: i1, out y_data: i16, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y" : si8, lanes 2, beats 2, shape [1, 4]>]} {
  hw.output %y_ready, %x_data, %x_valid : i1, i16, i1
}
