!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %h = qnt.requantize %q multipliers [1073741824] shifts [32] : (tensor<1x4x!qx>) -> tensor<1x4x!qh>
  %y = qnt.dequantize %h : (tensor<1x4x!qh>) -> tensor<1x4xf32>
  func.return %y : tensor<1x4xf32>
}
