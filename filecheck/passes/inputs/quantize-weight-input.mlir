// The weight of the dense layer is an input, not a constant.
func.func @main(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}, %w: tensor<2x4xf32>) -> tensor<1x2xf32> {
  %h = nn.dense %x, %w {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %h : tensor<1x2xf32>
}
