// --mlir-elide-elementsattrs-if-larger=N prints dense constants of more than
// N elements as dense_resource<__elided__> (as mlir-opt does), in the custom
// syntax of every dialect and in the generic syntax; splats and small
// constants stay.
// RUN: asic-opt %s --mlir-elide-elementsattrs-if-larger=4 | filecheck %s
// RUN: asic-opt %s --mlir-elide-elementsattrs-if-larger 4 --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s | filecheck %s --check-prefix=FULL
// RUN: asic-opt %s --mlir-elide-elementsattrs-if-larger=6 | filecheck %s --check-prefix=SIX

// CHECK:      %w = nn.constant "w" dense_resource<__elided__> : tensor<3x2xf32>
// CHECK-NEXT: %b = nn.constant "b" dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %s = nn.constant "s" dense<2.500000e-01> : tensor<3x2xf32>
// CHECK-NEXT: %q = qnt.constant "q" dense_resource<__elided__> : tensor<5xi8>
// CHECK:      hw.module @rom
// CHECK:      rtl.rom %addr, %clk words dense_resource<__elided__> : tensor<8xi4> : i3 -> i4

// GENERIC: "nn.constant"() <{name = "w", value = dense_resource<__elided__> : tensor<3x2xf32>}>
// GENERIC: "nn.constant"() <{name = "b", value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}>
// GENERIC: "qnt.constant"() <{name = "q", value = dense_resource<__elided__> : tensor<5xi8>}>

// FULL-NOT: __elided__

// SIX:     %w = nn.constant "w" dense<
// SIX:     %q = qnt.constant "q" dense<[1, 2, 3, 4, 5]> : tensor<5xi8>
// SIX:     rtl.rom %addr, %clk words dense_resource<__elided__>

func.func @main(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = nn.constant "w" dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %b = nn.constant "b" dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %s = nn.constant "s" dense<0.25> : tensor<3x2xf32>
  %q = qnt.constant "q" dense<[1, 2, 3, 4, 5]> : tensor<5xi8>
  %y = nn.dense %x, %w, %b : (tensor<1x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  func.return %y : tensor<1x3xf32>
}

hw.module @rom(in %clk: !seq.clock, in %addr: i3, out data: i4) {
  %d = rtl.rom %addr, %clk words dense<[1, 2, 3, 4, 5, 6, 7, -8]> : tensor<8xi4> : i3 -> i4
  hw.output %d : i4
}
