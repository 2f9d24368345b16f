!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x1xi64> {
  %q = qnt.quantize %x : (tensor<2x4xf32>) -> tensor<2x4x!qx>
  %l = qnt.argmax %q axis 1 : (tensor<2x4x!qx>) -> tensor<2x1xi64>
  func.return %l : tensor<2x1xi64>
}
