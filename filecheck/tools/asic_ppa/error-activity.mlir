// Activity files and inputs that do not fit.
// RUN: rm -f %t.json
// RUN: asic-opt %s -p lower-dataflow-to-rtl -t sv -o %t.sv
// RUN: python -c "import numpy as np; np.savez('%t.other.npz', x=np.zeros(3))"
// RUN: not asic-ppa %t.sv --activity %t.other.npz --json %t.json 2>&1 | filecheck %s --check-prefix NOACT
// RUN: not asic-ppa %t.sv --activity %t.missing.npz --json %t.json 2>&1 | filecheck %s --check-prefix MISSING
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((2, 3), np.int8))"
// RUN: not asic-ppa %t.sv --inputs %t.in.npz --json %t.json 2>&1 | filecheck %s --check-prefix SHAPE
// RUN: not test -e %t.json

// NOACT: asic-ppa: error: '{{.*}}.other.npz' holds no switching activity (no 'activity_cycles'): write one with asic-sim DESIGN --inputs ... --output ... --activity FILE.npz
// MISSING: asic-ppa: error: cannot read the activity file '{{.*}}.missing.npz': No such file or directory
// SHAPE: asic-ppa: error: input 'x' has shape (2, 3), the stream carries frames of shape (1, 2)
// NOACT-NOT: Traceback
// MISSING-NOT: Traceback
// SHAPE-NOT: Traceback

!q = !qnt.uniform<i8:f32, 0.1>
func.func @main(%a: tensor<1x2x!q>) -> tensor<1x2x!q> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x!q>) -> tensor<1x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2]>):
    %o = dataflow.fifo %x depth 2 : !dataflow.stream<!q, lanes 2, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 2]>
  }
  func.return %y : tensor<1x2x!q>
}
