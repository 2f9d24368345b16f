// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// nn.constant "name" dense<...>: the type comes from the dense attribute; the
// name is a string literal (a quote prints as \22, as in MLIR).
// Float tensors of every supported width, and i64 (a folded nn.argmax).

func.func @constant() -> tensor<2x2xf32> {
  %w = nn.constant "fc.weight" dense<[[1.0, -2.0], [0.5, 0.25]]> : tensor<2x2xf32>
  %splat = nn.constant "zeros" dense<0.0> : tensor<3x4xf16>
  %bf = nn.constant "bf" dense<[1.5, 2.0]> : tensor<2xbf16>
  %wide = nn.constant "wide" dense<0.1> : tensor<2xf64>
  %scalar = nn.constant "scalar" dense<3.0> : tensor<f32>
  %indices = nn.constant "argmax.folded" dense<[[2], [0]]> : tensor<2x1xi64>
  %odd_name = nn.constant "/conv1/Conv_output_0:\"quoted\"" dense<1.0> : tensor<1xf32> {origin = "onnx"}
  func.return %w : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @constant
// CHECK-NEXT:    %w = nn.constant "fc.weight" dense<{{\[\[}}1.000000e+00, -2.000000e+00], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xf32>
// CHECK-NEXT:    %splat = nn.constant "zeros" dense<0.000000e+00> : tensor<3x4xf16>
// CHECK-NEXT:    %bf = nn.constant "bf" dense<[1.500000e+00, 2.000000e+00]> : tensor<2xbf16>
// CHECK-NEXT:    %wide = nn.constant "wide" dense<1.000000e-01> : tensor<2xf64>
// CHECK-NEXT:    %scalar = nn.constant "scalar" dense<3.000000e+00> : tensor<f32>
// CHECK-NEXT:    %indices = nn.constant "argmax.folded" dense<{{\[\[}}2], [0]]> : tensor<2x1xi64>
// CHECK-NEXT:    %odd_name = nn.constant "/conv1/Conv_output_0:\22quoted\22" dense<1.000000e+00> : tensor<1xf32> {origin = "onnx"}
// CHECK-NEXT:    func.return %w : tensor<2x2xf32>

// GENERIC:      %w = "nn.constant"() <{name = "fc.weight", value = dense<{{\[\[}}1.000000e+00, -2.000000e+00], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
// GENERIC:      %odd_name = "nn.constant"() <{name = "/conv1/Conv_output_0:\22quoted\22", value = dense<1.000000e+00> : tensor<1xf32>}> {origin = "onnx"} : () -> tensor<1xf32>
