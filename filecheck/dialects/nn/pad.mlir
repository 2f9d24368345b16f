// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.pad: `pads` (required) are [begin_0, ..., begin_{r-1}, end_0, ...,
// end_{r-1}]; `mode` defaults to "constant" and `value` to 0.0.

func.func @pad(%x: tensor<1x2x3x3xf32>, %v: tensor<4xf64>, %e: tensor<0x2xf32>) -> tensor<1x2x5x5xf32> {
  %zero = nn.pad %x pads [0, 0, 1, 1, 0, 0, 1, 1] : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %explicit = nn.pad %x pads [0, 0, 1, 1, 0, 0, 1, 1] mode "constant" value 0.0 : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  %value = nn.pad %x value -inf pads [0, 0, 0, 1, 0, 0, 2, 0] : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x4xf32>
  %reflect = nn.pad %v pads [3, 2] mode "reflect" : (tensor<4xf64>) -> tensor<9xf64>
  %edge = nn.pad %v pads [5, 0] mode "edge" : (tensor<4xf64>) -> tensor<9xf64>
  %none = nn.pad %v pads [0, 0] mode "reflect" : tensor<4xf64>
  %empty = nn.pad %e pads [0, 1, 0, 1] mode "edge" : (tensor<0x2xf32>) -> tensor<0x4xf32>
  %empty_const = nn.pad %e pads [1, 0, 1, 0] value 2.5 : (tensor<0x2xf32>) -> tensor<2x2xf32>
  func.return %zero : tensor<1x2x5x5xf32>
}

// CHECK-LABEL: func.func @pad
// CHECK-NEXT:    %zero = nn.pad %x pads [0, 0, 1, 1, 0, 0, 1, 1] : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:    %explicit = nn.pad %x pads [0, 0, 1, 1, 0, 0, 1, 1] : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// CHECK-NEXT:    %value = nn.pad %x pads [0, 0, 0, 1, 0, 0, 2, 0] value -inf : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x4xf32>
// CHECK-NEXT:    %reflect = nn.pad %v pads [3, 2] mode "reflect" : (tensor<4xf64>) -> tensor<9xf64>
// CHECK-NEXT:    %edge = nn.pad %v pads [5, 0] mode "edge" : (tensor<4xf64>) -> tensor<9xf64>
// CHECK-NEXT:    %none = nn.pad %v pads [0, 0] mode "reflect" : tensor<4xf64>
// CHECK-NEXT:    %empty = nn.pad %e pads [0, 1, 0, 1] mode "edge" : (tensor<0x2xf32>) -> tensor<0x4xf32>
// CHECK-NEXT:    %empty_const = nn.pad %e pads [1, 0, 1, 0] value 2.5 : (tensor<0x2xf32>) -> tensor<2x2xf32>

// GENERIC:      %zero = "nn.pad"(%x) <{pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant", value = 0.000000e+00 : f64}> : (tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32>
// GENERIC:      %reflect = "nn.pad"(%v) <{pads = array<i64: 3, 2>, mode = "reflect", value = 0.000000e+00 : f64}> : (tensor<4xf64>) -> tensor<9xf64>
