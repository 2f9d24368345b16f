// The bias of the dense layer holds -inf.
func.func @main(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x4xf32>
  %b = nn.constant "fc.bias" dense<"0x0000803F000080FF"> : tensor<2xf32>
  %h = nn.dense %x, %w, %b {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  func.return %h : tensor<1x2xf32>
}
