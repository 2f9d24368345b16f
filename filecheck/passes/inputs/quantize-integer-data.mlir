// An integer add computes data that a dense layer needs: quantize maps float tensors only.
func.func @main(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"}, %n: tensor<1x4xi32>) -> tensor<1x2xf32> {
  %s = nn.add %n, %n : tensor<1x4xi32>
  %f = nn.cast %s : (tensor<1x4xi32>) -> tensor<1x4xf32>
  %q = nn.add %x, %f {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : tensor<1x4xf32>
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x4xf32>
  %h = nn.dense %q, %w {calibration.range = array<f64: 0.0, 1.0>, calibration.observed = array<f64: 0.0, 1.0>, calibration.method = "minmax scheme=unsigned"} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %h : tensor<1x2xf32>
}
