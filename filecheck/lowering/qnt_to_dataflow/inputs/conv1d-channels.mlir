builtin.module {
  func.func @main(%x: tensor<1x3x5xf32> {nn.name = "x"}) -> (tensor<1x2x1x5xf32> {nn.name = "y"}) {
    %x_q = qnt.quantize %x : (tensor<1x3x5xf32>) -> tensor<1x3x5x!qnt.uniform<u8:f32, 0.003915345201305314>>
    %x_4d = qnt.reshape %x_q : (tensor<1x3x5x!qnt.uniform<u8:f32, 0.003915345201305314>>) -> tensor<1x3x1x5x!qnt.uniform<u8:f32, 0.003915345201305314>>
    %w = qnt.constant "w" dense<[[[[-50, -13, 127]], [[50, -125, 0]], [[-48, 11, 7]]], [[[-91, 14, 13]], [[89, 18, 29]], [[-84, 127, 3]]]]> : tensor<2x3x1x3x!qnt.uniform<i8<-127:127>:f32:0, {0.013100188548170676, 0.017738025019487996}>>
    %y_acc = qnt.conv2d %x_4d, %w pads [0, 1, 0, 1] : (tensor<1x3x1x5x!qnt.uniform<u8:f32, 0.003915345201305314>>, tensor<2x3x1x3x!qnt.uniform<i8<-127:127>:f32:0, {0.013100188548170676, 0.017738025019487996}>>) -> tensor<1x2x1x5xi20>
    %y = qnt.requantize %y_acc multipliers [1484612104, 2010206689] shifts [39, 39] : (tensor<1x2x1x5xi20>) -> tensor<1x2x1x5x!qnt.uniform<i8:f32, 0.018993475390415567:-45>>
    %y_1 = qnt.dequantize %y : (tensor<1x2x1x5x!qnt.uniform<i8:f32, 0.018993475390415567:-45>>) -> tensor<1x2x1x5xf32>
    func.return %y_1 : tensor<1x2x1x5xf32>
  }
}
