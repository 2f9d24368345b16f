// A NaN or infinite constant of an op that quantize turns into integers has
// no integer form: a diagnostic naming the constant, the op and the element
// (see "Non-finite values" in asic.dialects.qnt).
// RUN: not asic-opt %s --split-input-file -p quantize -o %t.out 2>&1 | filecheck %s
// RUN: not test -e %t.out
// RUN: not asic-opt %S/inputs/quantize-infinite-bias.mlir -p quantize 2>&1 | filecheck %s --check-prefix=BIAS
// RUN: not asic-opt %S/inputs/quantize-infinite-bias.mlir -p 'choose-bits{average-bits=4}' 2>&1 | filecheck %s --check-prefix=CHOOSE
// BIAS: asic-opt: error: quantize: constant 'fc.bias' (operand 2 of nn.dense %h) holds -inf at index [1]
// CHOOSE: asic-opt: error: choose-bits: constant 'fc.bias' (operand 2 of nn.dense %h) holds -inf at index [1]

// CHECK: asic-opt: error: quantize: constant 'fc.weight' (operand 1 of nn.dense %h) holds nan at index [0, 1]: the constants of a quantized op must be finite to have an integer form (1 of its 8 elements are not)
func.func @nan_weight(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<"0x0000803F0000C07F0000803F0000803F0000803F0000803F0000803F0000803F"> : tensor<2x4xf32>
  %h = nn.dense %x, %w {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %h : tensor<1x2xf32>
}
