!qx = !qnt.uniform<u8:f32, 0.0625>
func.func @main(%q: tensor<1x6x!qx>) -> tensor<1x6x!qx> {
  %f = qnt.reshape %q : (tensor<1x6x!qx>) -> tensor<1x6x!qx>
  "test.op"() ({
    %g = qnt.flatten %q : (tensor<1x6x!qx>) -> tensor<1x6x!qx>
    "test.termop"() : () -> ()
  }) : () -> ()
  func.return %f : tensor<1x6x!qx>
}
