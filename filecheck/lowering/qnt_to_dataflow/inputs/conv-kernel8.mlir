builtin.module {
  func.func @main(%x: tensor<1x1x8x8xf32> {nn.name = "x"}) -> (tensor<1x2x1x8xf32> {nn.name = "y"}) {
    %x_q = qnt.quantize %x : (tensor<1x1x8x8xf32>) -> tensor<1x1x8x8x!qnt.uniform<u8:f32, 0.003915345201305314>>
    %w = qnt.constant "w" dense<[[[[-50], [-13], [127], [50], [-125], [0], [-48], [11]]], [[[-91], [14], [13], [89], [18], [29], [-84], [127]]]]> : tensor<2x1x8x1x!qnt.uniform<i8<-127:127>:f32:0, {0.013100188548170676, 0.017738025019487996}>>
    %y_acc = qnt.conv2d %x_q, %w : (tensor<1x1x8x8x!qnt.uniform<u8:f32, 0.003915345201305314>>, tensor<2x1x8x1x!qnt.uniform<i8<-127:127>:f32:0, {0.013100188548170676, 0.017738025019487996}>>) -> tensor<1x2x1x8xi19>
    %y = qnt.requantize %y_acc multipliers [1484612104, 2010206689] shifts [39, 39] : (tensor<1x2x1x8xi19>) -> tensor<1x2x1x8x!qnt.uniform<i8:f32, 0.018993475390415567:-45>>
    %y_1 = qnt.dequantize %y : (tensor<1x2x1x8x!qnt.uniform<i8:f32, 0.018993475390415567:-45>>) -> tensor<1x2x1x8xf32>
    func.return %y_1 : tensor<1x2x1x8xf32>
  }
}

