!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %c = qnt.clamp %q min 10 : tensor<1x4x!qx>
  %y = qnt.dequantize %c : (tensor<1x4x!qx>) -> tensor<1x4xf32>
  func.return %y : tensor<1x4xf32>
}
