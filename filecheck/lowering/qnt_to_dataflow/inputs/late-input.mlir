!qx = !qnt.uniform<u8:f32, 0.0625>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
func.func @main(%x: tensor<1x4xf32>, %s: tensor<1x5xf32>) -> (tensor<1x4xf32>, tensor<1x1xi64>) {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %f = qnt.reshape %q : (tensor<1x4x!qx>) -> tensor<1x2x2x!qx>
  %g = qnt.reshape %f : (tensor<1x2x2x!qx>) -> tensor<1x4x!qx>
  %d = qnt.dequantize %g : (tensor<1x4x!qx>) -> tensor<1x4xf32>
  %qs = qnt.quantize %s : (tensor<1x5xf32>) -> tensor<1x5x!qh>
  %l = qnt.argmax %qs axis 1 : (tensor<1x5x!qh>) -> tensor<1x1xi64>
  func.return %d, %l : tensor<1x4xf32>, tensor<1x1xi64>
}
