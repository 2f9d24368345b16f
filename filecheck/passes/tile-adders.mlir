// RUN: asic-opt %s -p 'lower-qnt-to-dataflow,tile{multipliers=16}' 2>%t.budget | filecheck %s --check-prefix=BUDGET
// RUN: filecheck %s --check-prefix=BUDGET-TABLE < %t.budget
// RUN: asic-opt %s -p 'lower-qnt-to-dataflow,tile{target-cycles=3}' 2>%t.target | filecheck %s --check-prefix=TARGET
// RUN: filecheck %s --check-prefix=TARGET-TABLE < %t.target

// A residual block of 8 features: two MVUs and the add of the first one's
// output to the second's. The add multiplies by constants (their canonical
// signed digits: shifted copies of its inputs, added), so it has adders and
// no multipliers: the whole budget goes to the MVUs, and the add takes the
// fewest lanes (adders) that reach the pipeline's II.

// With 16 multipliers both MVUs fold to 8 cycles (8 multipliers each, the
// budget), the add to 1 lane (8 cycles, 14 adders: the 1 + 13 signed digits of its multipliers).
// BUDGET:      dataflow.mvu %{{.*}}, %w1 pe 1 simd 8
// BUDGET:      dataflow.mvu %{{.*}}, %w2 pe 1 simd 8
// BUDGET:      dataflow.add %{{.*}}, %{{.*}} lanes 1 multipliers [1073741824, 1518500250]
// BUDGET-TABLE:      tile{multipliers=16}: dataflow.add cost model
// BUDGET-TABLE-NEXT:   cycles = ceiling(F/lanes)
// BUDGET-TABLE-NEXT:   adders = digits*lanes
// BUDGET-TABLE-NEXT: engine  F  lanes  digits  cycles  adders
// BUDGET-TABLE-NEXT: s       8      1      14       8      14
// BUDGET-TABLE-NEXT: total: 16 multipliers of 16, II 8 cycles

// At most 3 cycles per frame: the add takes 3 lanes (3 beats, the last
// padded), not the 8 that would take one cycle.
// TARGET:      dataflow.add %{{.*}}, %{{.*}} lanes 3 multipliers
// TARGET-TABLE:      engine  F  lanes  digits  cycles  adders
// TARGET-TABLE-NEXT: s       8      3      14       3      42

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-3>
!qy = !qnt.uniform<u8:f32, 0.1:7>

func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = qnt.quantize %x : (tensor<1x8xf32>) -> tensor<1x8x!qx>
  %w1 = qnt.constant "fc1.weight" dense<3> : tensor<8x8x!qw>
  %a1 = qnt.dense %q, %w1 : (tensor<1x8x!qx>, tensor<8x8x!qw>) -> tensor<1x8xi19>
  %h = qnt.requantize %a1 multipliers [1073741824] shifts [32] : (tensor<1x8xi19>) -> tensor<1x8x!qh>
  %w2 = qnt.constant "fc2.weight" dense<-2> : tensor<8x8x!qw>
  %a2 = qnt.dense %h, %w2 : (tensor<1x8x!qh>, tensor<8x8x!qw>) -> tensor<1x8xi19>
  %g = qnt.requantize %a2 multipliers [1073741824] shifts [33] : (tensor<1x8xi19>) -> tensor<1x8x!qh>
  %s = qnt.add %h, %g multipliers [1073741824, 1518500250] shift 31 min 7 : (tensor<1x8x!qh>, tensor<1x8x!qh>) -> tensor<1x8x!qy>
  %f = qnt.dequantize %s : (tensor<1x8x!qy>) -> tensor<1x8xf32>
  func.return %f : tensor<1x8xf32>
}
