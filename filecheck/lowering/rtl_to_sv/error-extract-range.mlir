// RUN: not asic-opt %s -t sv 2>&1 | filecheck %s

// CHECK: asic-opt: error: comb.extract of bits [5, 9) from a value of 8 bits in module 'm'
hw.module @m(in %a: i8, out y: i4) {
  %e = comb.extract %a from 5 : (i8) -> i4
  hw.output %e : i4
}
// CHECK-NOT: Traceback
