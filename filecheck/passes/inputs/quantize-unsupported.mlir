// nn.div has no integer form, and a dense layer needs its result.
func.func @main(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x2xf32> {
  %d = nn.constant "divisor" dense<3.0> : tensor<1x4xf32>
  %q = nn.div %x, %d {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : tensor<1x4xf32>
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x4xf32>
  %h = nn.dense %q, %w {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %h : tensor<1x2xf32>
}
