// RUN: asic-opt %s | filecheck %s
// RUN: asic-opt %s | asic-opt | filecheck %s

// Constant values that xDSL 0.74 prints as a hex bit pattern per element
// (integral floats it cannot write with a point, inf, nan) and then reads
// back as integers: nn.constant writes them as the hex string of the raw
// little-endian bytes instead, which reads back exactly. (The generic form
// is printed by xDSL itself and still loses these values.)

func.func @exact() {
  %big = nn.constant "big" dense<[1000001.0, 2.0]> : tensor<2xf32>
  %wide = nn.constant "wide" dense<"0x0000000082842E41"> : tensor<1xf64>
  %special = nn.constant "special" dense<"0x0000C07F0000807F000080FF"> : tensor<3xf32>
  %splat = nn.constant "splat" dense<"0x007C"> : tensor<2x3xf16>
  %plain = nn.constant "plain" dense<[1.5, -2.0]> : tensor<2xf32>
  %shape = nn.constant "shape" dense<1.0e-05> : tensor<10x64xf32>
  func.return
}

// CHECK-LABEL: func.func @exact
// CHECK-NEXT:    %big = nn.constant "big" dense<"0x1024744900000040"> : tensor<2xf32>
// CHECK-NEXT:    %wide = nn.constant "wide" dense<"0x0000000082842E41"> : tensor<1xf64>
// CHECK-NEXT:    %special = nn.constant "special" dense<"0x0000C07F0000807F000080FF"> : tensor<3xf32>
// CHECK-NEXT:    %splat = nn.constant "splat" dense<"0x007C"> : tensor<2x3xf16>
// CHECK-NEXT:    %plain = nn.constant "plain" dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %shape = nn.constant "shape" dense<1.000000e-05> : tensor<10x64xf32>
