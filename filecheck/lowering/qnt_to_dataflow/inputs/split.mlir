!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %w = qnt.constant "fc.weight" dense<1> : tensor<2x4x!qw>
  %a = qnt.dense %q, %w : (tensor<1x4x!qx>, tensor<2x4x!qw>) -> tensor<1x2xi18>
  %h = qnt.requantize %a multipliers [1073741824] shifts [32] : (tensor<1x2xi18>) -> tensor<1x2x!qh>
  %f = qnt.dequantize %h : (tensor<1x2x!qh>) -> tensor<1x2xf32>
  %s = nn.sigmoid %f : tensor<1x2xf32>
  %q2 = qnt.quantize %s : (tensor<1x2xf32>) -> tensor<1x2x!qh>
  %w2 = qnt.constant "fc2.weight" dense<1> : tensor<2x2x!qw>
  %a2 = qnt.dense %q2, %w2 : (tensor<1x2x!qh>, tensor<2x2x!qw>) -> tensor<1x2xi18>
  %h2 = qnt.requantize %a2 multipliers [1073741824] shifts [32] : (tensor<1x2xi18>) -> tensor<1x2x!qh>
  %y = qnt.dequantize %h2 : (tensor<1x2x!qh>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
