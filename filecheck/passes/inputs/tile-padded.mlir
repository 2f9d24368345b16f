// A quantized MLP 64 -> 64 -> 10 -> argmax (the digits MLP's shape).
!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
!qy = !qnt.uniform<i8:f32, 0.2:10>
func.func @main(%x: tensor<1x64xf32>) -> tensor<1x1xi64> {
  %q = qnt.quantize %x : (tensor<1x64xf32>) -> tensor<1x64x!qx>
  %w1 = qnt.constant "fc1.weight" dense<3> : tensor<64x64x!qw>
  %a1 = qnt.dense %q, %w1 : (tensor<1x64x!qx>, tensor<64x64x!qw>) -> tensor<1x64xi22>
  %h = qnt.requantize %a1 multipliers [1073741824] shifts [36] min -100 : (tensor<1x64xi22>) -> tensor<1x64x!qh>
  %w2 = qnt.constant "fc2.weight" dense<-2> : tensor<10x64x!qw>
  %a2 = qnt.dense %h, %w2 : (tensor<1x64x!qh>, tensor<10x64x!qw>) -> tensor<1x10xi22>
  %y = qnt.requantize %a2 multipliers [1342177280] shifts [38] : (tensor<1x10xi22>) -> tensor<1x10x!qy>
  %l = qnt.argmax %y axis 1 : (tensor<1x10x!qy>) -> tensor<1x1xi64>
  func.return %l : tensor<1x1xi64>
}
