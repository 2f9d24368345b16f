// Options that do not fit the target, a bad clock, a liberty that is not one.
// RUN: rm -f %t.json
// RUN: not asic-ppa %s --target generic --clock-ns 5 --json %t.json 2>&1 | filecheck %s --check-prefix TARGET
// RUN: not asic-ppa %s --clock-ns -1 --json %t.json 2>&1 | filecheck %s --check-prefix CLOCK
// RUN: not asic-ppa %s --liberty %t.missing.lib --json %t.json 2>&1 | filecheck %s --check-prefix NOLIB
// RUN: printf 'library (x) {\n  cell (A) {\n' > %t.lib
// RUN: not asic-ppa %s --liberty %t.lib --json %t.json 2>&1 | filecheck %s --check-prefix BADLIB
// RUN: not asic-ppa %s --activity %t.a.npz --inputs %t.b.npz 2>&1 | filecheck %s --check-prefix BOTH
// RUN: not test -e %t.json

// TARGET: asic-ppa: error: --liberty, --clock-ns, --activity, --inputs, --netlist and --sdf are for --target asic, not generic
// CLOCK: asic-ppa: error: --clock-ns must be > 0, got -1.0
// NOLIB: asic-ppa: error: no liberty file '{{.*}}.missing.lib'
// BADLIB: asic-ppa: error: {{.*}}.lib:3: not a Liberty file: group 'cell' is not closed
// BOTH: asic-ppa: error: argument --inputs: not allowed with argument --activity
// TARGET-NOT: Traceback
// CLOCK-NOT: Traceback
// NOLIB-NOT: Traceback
// BADLIB-NOT: Traceback

!q = !qnt.uniform<i8:f32, 0.1>
func.func @main(%a: tensor<1x2x!q>) -> tensor<1x2x!q> {
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x2x!q>) -> tensor<1x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 2]>):
    %o = dataflow.fifo %x depth 2 : !dataflow.stream<!q, lanes 2, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 2, shape [1, 2]>
  }
  func.return %y : tensor<1x2x!q>
}
