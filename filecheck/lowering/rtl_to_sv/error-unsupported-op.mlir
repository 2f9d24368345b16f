// RUN: not asic-opt %s -t sv 2>&1 | filecheck %s

// CHECK: asic-opt: error: func.func in module 'm' is not supported by the sv target (supported: hw.instance, hw.output, hw.constant, comb.*, seq.compreg, rtl.rom, rtl.ram)
hw.module @m(in %a: i8, out y: i8) {
  "func.func"() <{sym_name = "f", function_type = () -> ()}> ({}) : () -> ()
  hw.output %a : i8
}
// CHECK-NOT: Traceback
