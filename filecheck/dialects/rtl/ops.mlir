// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: xdsl-opt %s | xdsl-opt | filecheck %s

// CHECK:      hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, out x_ready: i1, out y_data: i16, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y.0" : ui4, lanes 4, beats 1, shape [1, 2, 2], order [0, 2, 1]>]} {
// CHECK-NEXT:   %a = hw.constant false
// CHECK-NEXT:   %q = rtl.rom %a, %clk words dense<{{\[}}[1, -2], [3, 4]]> : tensor<2x2xi8> : i1 -> i16
// CHECK-NEXT:   %w = rtl.rom %a, %clk words dense<[-1, 1]> : tensor<2xi3> : i1 -> i3
// CHECK-NEXT:   %r = rtl.ram %clk read %a write %a, %q when %x_valid depth 2 : i1, i16
// CHECK-NEXT:   %m = rtl.ram %clk read %ra write %ra, %q when %x_valid depth 5 : i3, i16
// CHECK-NEXT:   %ra = hw.constant 3 : i3
// CHECK-NEXT:   hw.output %y_ready, %r, %x_valid : i1, i16, i1
// CHECK-NEXT: }
hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, out x_ready: i1, out y_data: i16, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y.0" : ui4, lanes 4, beats 1, shape [1, 2, 2], order [0, 2, 1]>]} {
  %a = hw.constant 0 : i1
  %q = rtl.rom %a, %clk words dense<[[1, -2], [3, 4]]> : tensor<2x2xi8> : i1 -> i16
  %w = rtl.rom %a, %clk words dense<[7, 1]> : tensor<2xi3> : i1 -> i3
  %r = rtl.ram %clk read %a write %a, %q when %x_valid depth 2 : i1, i16
  %m = rtl.ram %clk read %ra write %ra, %q when %x_valid depth 5 : i3, i16
  %ra = hw.constant 3 : i3
  hw.output %y_ready, %r, %x_valid : i1, i16, i1
}
