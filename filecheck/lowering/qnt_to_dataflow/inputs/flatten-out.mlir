builtin.module {
  func.func @main(%x: tensor<1x2x2x2xf32> {nn.name = "x"}) -> (tensor<1x8xf32> {nn.name = "y"}) {
    %x_q = qnt.quantize %x : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.0039037141145444386>>
    %w = qnt.constant "w" dense<[[[[127]], [[-3]]], [[[127]], [[36]]]]> : tensor<2x2x1x1x!qnt.uniform<i8<-127:127>:f32:0, {0.008076022929093969, 0.006561345472110538}>>
    %c_acc = qnt.conv2d %x_q, %w : (tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.0039037141145444386>>, tensor<2x2x1x1x!qnt.uniform<i8<-127:127>:f32:0, {0.008076022929093969, 0.006561345472110538}>>) -> tensor<1x2x2x2xi17>
    %c = qnt.requantize %c_acc multipliers [1092455877, 1775126318] shifts [37, 38] : (tensor<1x2x2x2xi17>) -> tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.003966262761284324>>
    %y = qnt.flatten %c : (tensor<1x2x2x2x!qnt.uniform<u8:f32, 0.003966262761284324>>) -> tensor<1x8x!qnt.uniform<u8:f32, 0.003966262761284324>>
    %y_1 = qnt.dequantize %y : (tensor<1x8x!qnt.uniform<u8:f32, 0.003966262761284324>>) -> tensor<1x8xf32>
    func.return %y_1 : tensor<1x8xf32>
  }
}

