!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x4xf32>, %b: tensor<2xi8>) -> tensor<1x2xf32> {
  %w = qnt.constant "fc.weight" dense<1> : tensor<2x4x!qw>
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %a = qnt.dense %q, %w, %b : (tensor<1x4x!qx>, tensor<2x4x!qw>, tensor<2xi8>) -> tensor<1x2xi18>
  %h = qnt.requantize %a multipliers [1073741824] shifts [32] : (tensor<1x2xi18>) -> tensor<1x2x!qh>
  %y = qnt.dequantize %h : (tensor<1x2x!qh>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
