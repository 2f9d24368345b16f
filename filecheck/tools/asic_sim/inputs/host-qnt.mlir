// The qnt-level function host.mlir's dataflow IR was lowered from (asic-sim --host).
builtin.module {
  func.func @main(%0: tensor<1x4xf32>) -> tensor<1x2xf32> {
    %q = qnt.quantize %0 : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>
    %1 = qnt.constant "fc0.weight" dense<[[-67, -117, -103, -43], [-17, 31, -5, -60]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>
    %acc0 = qnt.dense %q, %1 : (tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>) -> tensor<1x2xi18>
    %h0 = qnt.requantize %acc0 multipliers [2142322211] shifts [38] : (tensor<1x2xi18>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>>
    %logits = qnt.dequantize %h0 : (tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>>) -> tensor<1x2xf32>
    func.return %logits : tensor<1x2xf32>
  }
}