!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = qnt.constant "fc.weight" dense<1> : tensor<2x4x!qw>
  %q = qnt.quantize %x : (tensor<2x4xf32>) -> tensor<2x4x!qx>
  %a = qnt.dense %q, %w : (tensor<2x4x!qx>, tensor<2x4x!qw>) -> tensor<2x2xi18>
  %h = qnt.requantize %a multipliers [1073741824, 1073741824] shifts [32, 32] axis 0 : (tensor<2x2xi18>) -> tensor<2x2x!qh>
  %y = qnt.dequantize %h : (tensor<2x2x!qh>) -> tensor<2x2xf32>
  func.return %y : tensor<2x2xf32>
}
