// Float inputs for a design without its host function: frames are integers the host quantized.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((2, 4), np.float32))"
// RUN: not asic-sim %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s

// CHECK: asic-sim: error: input 'x' has dtype float32, but the design's input stream carries integer frames (si8) that the host quantized: for the model's float inputs, give the IR with the host function (a dataflow-level design, or --host with the IR the design was compiled from)
// CHECK-NOT: Traceback

hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, out x_ready: i1, out y_data: i16, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y" : si8, lanes 2, beats 2, shape [1, 4]>]} {
  hw.output %y_ready, %x_data, %x_valid : i1, i16, i1
}
