// RUN: not asic-opt %s -t sv 2>&1 | filecheck %s

// CHECK: asic-opt: error: seq.compreg in module 'm' has a powerOn value, which an ASIC register cannot have: use a synchronous reset
hw.module @m(in %clk: !seq.clock, in %a: i8, out y: i8) {
  %c = hw.constant 0 : i8
  %r = seq.compreg %a, %clk powerOn %c : i8
  hw.output %r : i8
}
// CHECK-NOT: Traceback
