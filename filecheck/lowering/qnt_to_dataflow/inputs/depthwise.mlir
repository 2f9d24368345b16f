!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  %q = qnt.quantize %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!qx>
  %w = qnt.constant "conv.weight" dense<1> : tensor<2x1x2x2x!qw>
  %acc = qnt.conv2d %q, %w groups 2 : (tensor<1x2x4x4x!qx>, tensor<2x1x2x2x!qw>) -> tensor<1x2x3x3xi18>
  %h = qnt.requantize %acc multipliers [1073741824] shifts [32] : (tensor<1x2x3x3xi18>) -> tensor<1x2x3x3x!qh>
  %y = qnt.dequantize %h : (tensor<1x2x3x3x!qh>) -> tensor<1x2x3x3xf32>
  func.return %y : tensor<1x2x3x3xf32>
}
