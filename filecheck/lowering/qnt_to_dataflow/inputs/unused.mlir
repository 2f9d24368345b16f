!qx = !qnt.uniform<u8:f32, 0.0625>
func.func @unused(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qx>
  %l = qnt.argmax %q axis 1 : (tensor<1x4x!qx>) -> tensor<1x1xi64>
  %d = qnt.dequantize %q : (tensor<1x4x!qx>) -> tensor<1x4xf32>
  func.return %d : tensor<1x4xf32>
}
