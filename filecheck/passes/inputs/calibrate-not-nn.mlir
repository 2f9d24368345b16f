// Not at nn level: an op of another dialect in the entry function (the
// input of calibrate-errors.mlir's LEVEL test).
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = arith.addf %x, %x : tensor<1x4xf32>
  %r = nn.relu %y : tensor<1x4xf32>
  func.return %r : tensor<1x4xf32>
}
