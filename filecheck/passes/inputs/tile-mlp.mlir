// A quantized MLP 8 -> 6 -> 4 -> argmax; the second dense has pe 2 fixed.
!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
!qy = !qnt.uniform<i8:f32, 0.2:10>
func.func @main(%x: tensor<1x8xf32>) -> tensor<1x1xi64> {
  %q = qnt.quantize %x : (tensor<1x8xf32>) -> tensor<1x8x!qx>
  %w1 = qnt.constant "fc1.weight" dense<3> : tensor<6x8x!qw>
  %a1 = qnt.dense %q, %w1 : (tensor<1x8x!qx>, tensor<6x8x!qw>) -> tensor<1x6xi19>
  %h = qnt.requantize %a1 multipliers [1073741824] shifts [32] min -100 : (tensor<1x6xi19>) -> tensor<1x6x!qh>
  %w2 = qnt.constant "fc2.weight" dense<-2> : tensor<4x6x!qw>
  %a2 = qnt.dense %h, %w2 {dataflow.pe = 2 : i64} : (tensor<1x6x!qh>, tensor<4x6x!qw>) -> tensor<1x4xi19>
  %y = qnt.requantize %a2 multipliers [1342177280] shifts [35] : (tensor<1x4xi19>) -> tensor<1x4x!qy>
  %l = qnt.argmax %y axis 1 : (tensor<1x4x!qy>) -> tensor<1x1xi64>
  func.return %l : tensor<1x1xi64>
}
