// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((2, 3), np.int8))"
// RUN: rm -f %t.out.npz
// RUN: not asic-sim %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-sim: error: input 'x' has shape (2, 3), the stream carries frames of shape (1, 4): expected (1, 4) for one frame or (B, 1, 4) or (B, 4) for a batch of B
// CHECK-NOT: Traceback

hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, out x_ready: i1, out y_data: i16, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y" : si8, lanes 2, beats 2, shape [1, 4]>]} {
  hw.output %y_ready, %x_data, %x_valid : i1, i16, i1
}
