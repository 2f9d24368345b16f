// prune and low-rank compress float layers: on IR below the nn level they
// are an error saying where they belong, with nothing written; at the nn
// level without a layer, a remark that there is nothing to compress.
// RUN: not asic-opt %s -p 'prune{sparsity=0.5}' -o %t.out 2>&1 | filecheck %s --check-prefix=PRUNE
// RUN: not test -e %t.out
// RUN: not asic-opt %s -p 'low-rank{rank=1}' 2>&1 | filecheck %s --check-prefix=LOWRANK
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 exclude="fc*"}' 2>&1 | filecheck %s --check-prefix=PRUNE
// RUN: echo 'func.func @main(%%x: tensor<2xf32>) -> tensor<2xf32> { func.return %%x : tensor<2xf32> }' > %t.nn.mlir
// RUN: asic-opt %t.nn.mlir -p 'prune{sparsity=0.5}' 2>&1 >/dev/null | filecheck %s --check-prefix=NOTHING
// RUN: asic-opt %t.nn.mlir -p 'low-rank{rank=1}' 2>&1 >/dev/null | filecheck %s --check-prefix=NOTHING-LOWRANK

// PRUNE: asic-opt: error: prune: the module is below the nn level (it holds qnt.dense): prune compresses float layers (nn.conv2d, nn.dense with constant weights); run it before quantize
// PRUNE-NOT: Traceback
// LOWRANK: asic-opt: error: low-rank: the module is below the nn level (it holds qnt.dense): low-rank compresses float layers
// NOTHING: remark: prune: no layer (nn.conv2d or nn.dense with a constant weight) to compress
// NOTHING-LOWRANK: remark: low-rank: no layer (nn.conv2d or nn.dense with a constant weight) to compress

!x = !qnt.uniform<u8:f32, 0.02:128>
!w = !qnt.uniform<i8<-127:127>:f32, 0.01>
!y = !qnt.uniform<i8:f32, 0.05:-3>
func.func @main(%a: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %x = qnt.quantize %a : (tensor<1x4xf32>) -> tensor<1x4x!x>
  %w = qnt.constant "fc.weight" dense<[[1, -2, 3, 4], [5, 6, -7, 8]]> : tensor<2x4x!w>
  %acc = qnt.dense %x, %w : (tensor<1x4x!x>, tensor<2x4x!w>) -> tensor<1x2xi18>
  %y = qnt.requantize %acc multipliers [1518500250] shifts [38] : (tensor<1x2xi18>) -> tensor<1x2x!y>
  %r = qnt.dequantize %y : (tensor<1x2x!y>) -> tensor<1x2xf32>
  func.return %r : tensor<1x2xf32>
}
