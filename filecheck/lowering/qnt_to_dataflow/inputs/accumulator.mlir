!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xi18> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %w = qnt.constant "fc.weight" dense<1> : tensor<2x4x!qw>
  %a = qnt.dense %q, %w : (tensor<1x4x!qx>, tensor<2x4x!qw>) -> tensor<1x2xi18>
  func.return %a : tensor<1x2xi18>
}
