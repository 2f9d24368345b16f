// A qnt-level function is no design (tile and schedule choose the hardware); it is a host side for --host.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 4), np.float32))"
// RUN: not asic-sim %S/inputs/host-qnt.mlir --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s

// CHECK: asic-sim: error: '{{.*}}host-qnt.mlir' holds no hardware (no dataflow.graph, no hw.module): asic-sim simulates a design after lower-qnt-to-dataflow, tile and schedule (with its host function), after lower-dataflow-to-rtl, or the .sv of asic-opt -t sv; a qnt-level function is a host side, for --host
// CHECK-NOT: Traceback
