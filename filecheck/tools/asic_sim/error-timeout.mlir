// The output valid is never high: a frame never comes out.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((3, 1), np.int8))"
// RUN: rm -f %t.out.npz
// RUN: not asic-sim %s --inputs %t.in.npz --output %t.out.npz --timeout 50 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-sim: error: simulation timeout: no beat moved for 50 cycles (cycle {{[0-9]+}}); 0 of 3 frames came out, the design is deadlocked or a frame never comes out
// CHECK-NOT: Traceback

hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i8, in %x_valid: i1, out x_ready: i1, out y_data: i8, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 1, beats 1, shape [1]>, #rtl.stream<out "y" : si8, lanes 1, beats 1, shape [1]>]} {
  %false = hw.constant false
  %true = hw.constant true
  hw.output %true, %x_data, %false : i1, i8, i1
}
