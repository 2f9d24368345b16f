// A division by zero: the value has no finite range (the input of
// calibrate-errors.mlir's FINITE test).
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %z = nn.constant "zero" dense<0.0> : tensor<1x4xf32>
  %q = nn.div %x, %z : tensor<1x4xf32>
  func.return %q : tensor<1x4xf32>
}
