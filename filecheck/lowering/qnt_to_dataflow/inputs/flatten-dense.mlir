builtin.module {
  func.func @main(%x: tensor<1x1x5x5xf32> {nn.name = "x"}) -> (tensor<1x2xf32> {nn.name = "y"}) {
    %x_q = qnt.quantize %x : (tensor<1x1x5x5xf32>) -> tensor<1x1x5x5x!qnt.uniform<u8:f32, 0.0039054606475082097>>
    %c.w = qnt.constant "c.w" dense<[[[[127, 95, 63], [-4, -109, -82], [75, 95, 119]]], [[[83, 79, -35], [-101, 19, 44], [9, -127, -42]]], [[[-86, 10, -60], [-8, 20, 10], [82, -64, -127]]]]> : tensor<3x1x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.003150763239447526, 0.003534823890746109, 0.005097783925965076}>>
    %c_acc = qnt.conv2d %x_q, %c.w strides [2, 2] : (tensor<1x1x5x5x!qnt.uniform<u8:f32, 0.0039054606475082097>>, tensor<3x1x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.003150763239447526, 0.003534823890746109, 0.005097783925965076}>>) -> tensor<1x3x2x2xi20>
    %r = qnt.requantize %c_acc multipliers [1422327293, 1595701141, 1150628699] shifts [39, 39, 38] min 0 : (tensor<1x3x2x2xi20>) -> tensor<1x3x2x2x!qnt.uniform<u8:f32, 0.00475618044535319>>
    %f = qnt.flatten %r : (tensor<1x3x2x2x!qnt.uniform<u8:f32, 0.00475618044535319>>) -> tensor<1x12x!qnt.uniform<u8:f32, 0.00475618044535319>>
    %fc.w = qnt.constant "fc.w" dense<[[64, 94, 96, 20, 37, 10, -83, -36, 34, -36, 127, -99], [-33, 94, -48, -91, -110, -57, 127, 36, 45, -40, 72, 11]]> : tensor<2x12x!qnt.uniform<i8<-127:127>:f32:0, {0.00457615974381214, 0.003640062227023868}>>
    %y_acc = qnt.dense %f, %fc.w : (tensor<1x12x!qnt.uniform<u8:f32, 0.00475618044535319>>, tensor<2x12x!qnt.uniform<i8<-127:127>:f32:0, {0.00457615974381214, 0.003640062227023868}>>) -> tensor<1x2xi20>
    %y = qnt.requantize %y_acc multipliers [2057550232, 1636658530] shifts [39, 39] : (tensor<1x2xi20>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.005815390512055042:-52>>
    %y_1 = qnt.dequantize %y : (tensor<1x2x!qnt.uniform<i8:f32, 0.005815390512055042:-52>>) -> tensor<1x2xf32>
    func.return %y_1 : tensor<1x2xf32>
  }
}

