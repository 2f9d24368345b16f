// A quantized MLP 64 -> 16 -> 3 -> argmax: a last layer of 48 MACs.
!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
!qy = !qnt.uniform<i8:f32, 0.2:10>
func.func @main(%x: tensor<1x64xf32>) -> tensor<1x1xi64> {
  %q = qnt.quantize %x : (tensor<1x64xf32>) -> tensor<1x64x!qx>
  %w1 = qnt.constant "fc1.weight" dense<3> : tensor<16x64x!qw>
  %a1 = qnt.dense %q, %w1 : (tensor<1x64x!qx>, tensor<16x64x!qw>) -> tensor<1x16xi22>
  %h = qnt.requantize %a1 multipliers [1073741824] shifts [36] min -100 : (tensor<1x16xi22>) -> tensor<1x16x!qh>
  %w2 = qnt.constant "fc2.weight" dense<-2> : tensor<3x16x!qw>
  %a2 = qnt.dense %h, %w2 : (tensor<1x16x!qh>, tensor<3x16x!qw>) -> tensor<1x3xi20>
  %y = qnt.requantize %a2 multipliers [1342177280] shifts [35] : (tensor<1x3xi20>) -> tensor<1x3x!qy>
  %l = qnt.argmax %y axis 1 : (tensor<1x3x!qy>) -> tensor<1x1xi64>
  func.return %l : tensor<1x1xi64>
}
