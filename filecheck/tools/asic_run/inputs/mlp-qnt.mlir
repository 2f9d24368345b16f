// A two-layer quantized MLP (qnt level), the source of rtl-level.mlir's runs.
!x = !qnt.uniform<u8:f32, 0.05:20>
!w = !qnt.uniform<i8<-127:127>:f32, 0.02>
!h = !qnt.uniform<i8:f32, 0.04:-5>
!y = !qnt.uniform<i8:f32, 0.03>
func.func @main(%a: tensor<1x4xf32> {nn.name = "x"}) -> (tensor<1x3xf32> {nn.name = "y"}) {
  %x = qnt.quantize %a : (tensor<1x4xf32>) -> tensor<1x4x!x>
  %w0 = qnt.constant "fc0.weight" dense<[[12, -40, 7, 99], [-3, 55, -61, 20], [80, 1, -17, -90], [33, -44, 5, 6], [-127, 127, 0, 64]]> : tensor<5x4x!w>
  %b0 = qnt.constant "fc0.bias" dense<[100, -250, 37, 0, 5]> : tensor<5xi16>
  %acc0 = qnt.dense %x, %w0, %b0 : (tensor<1x4x!x>, tensor<5x4x!w>, tensor<5xi16>) -> tensor<1x5xi19>
  %h = qnt.requantize %acc0 multipliers [1374389535] shifts [36] min -5 : (tensor<1x5xi19>) -> tensor<1x5x!h>
  %w1 = qnt.constant "fc1.weight" dense<[[1, 2, 3, 4, 5], [-5, -4, -3, -2, -1], [60, -60, 30, -30, 0]]> : tensor<3x5x!w>
  %acc1 = qnt.dense %h, %w1 : (tensor<1x5x!h>, tensor<3x5x!w>) -> tensor<1x3xi18>
  %y = qnt.requantize %acc1 multipliers [1431655765] shifts [35] : (tensor<1x3xi18>) -> tensor<1x3x!y>
  %r = qnt.dequantize %y : (tensor<1x3x!y>) -> tensor<1x3xf32>
  func.return %r : tensor<1x3xf32>
}
