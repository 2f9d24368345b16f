!qx = !qnt.uniform<u8:f32, 0.0625:3>
!qw = !qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03}>
!qh = !qnt.uniform<i8:f32, 0.05:-10>
func.func @main(%x: tensor<1x3x5x5xf32>) -> tensor<1x3x3x3xf32> {
  %q = qnt.quantize %x : (tensor<1x3x5x5xf32>) -> tensor<1x3x5x5x!qx>
  %w = qnt.constant "dw.w" dense<[[[[1, -2, 3], [4, 5, -6], [7, 8, 9]]], [[[-9, 8, -7], [6, 5, 4], [3, 2, 1]]], [[[127, 0, -127], [1, 1, 1], [-50, 60, -70]]]]> : tensor<3x1x3x3x!qw>
  %b = qnt.constant "dw.b" dense<[100, -200, 300]> : tensor<3xi16>
  %acc = qnt.conv2d %q, %w, %b pads [1, 1, 1, 1] strides [2, 2] groups 3 : (tensor<1x3x5x5x!qx>, tensor<3x1x3x3x!qw>, tensor<3xi16>) -> tensor<1x3x3x3xi20>
  %h = qnt.requantize %acc multipliers [1073741824, 1288490189, 1503238554] shifts [33, 34, 35] : (tensor<1x3x3x3xi20>) -> tensor<1x3x3x3x!qh>
  %r = qnt.clamp %h min -10 max 127 : (tensor<1x3x3x3x!qh>) -> tensor<1x3x3x3x!qh>
  %y = qnt.dequantize %r : (tensor<1x3x3x3x!qh>) -> tensor<1x3x3x3xf32>
  func.return %y : tensor<1x3x3x3xf32>
}
