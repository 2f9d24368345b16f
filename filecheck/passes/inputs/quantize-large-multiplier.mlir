// The mean of [0, 255] into [0, 1]: a rescale by (1 / (1/255)) / 4 = 63.75,
// which needs 7 bits (64 at shift 0).
func.func @main(%x: tensor<1x1x2x2xf32> {calibration.range = array<f64: 0.0, 255.0>, calibration.observed = array<f64: 0.0, 255.0>, calibration.method = "minmax scheme=unsigned"}) -> tensor<1x1x1x1xf32> {
  %g = nn.global_avgpool2d %x {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  func.return %g : tensor<1x1x1x1xf32>
}
