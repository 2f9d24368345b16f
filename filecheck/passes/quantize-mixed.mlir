// Mixed precision: quant.weight_bits / quant.act_bits attributes override the
// global widths of quantize, and choose-bits sets quant.weight_bits under a
// budget of weight bits, printing its table.
// RUN: python -c "import numpy as np; np.savez('%t.npz', arg0=np.random.default_rng(0).uniform(-1, 1, (64, 4)))"
// RUN: asic-opt %s -p 'calibrate{data="%t.npz"},quantize{weight-bits=4}' | filecheck %s --check-prefix=ATTR
// RUN: asic-opt %s -p 'calibrate{data="%t.npz"},choose-bits{data="%t.npz" average-bits=4}' 2>&1 | filecheck %s --check-prefix=FIXED
// RUN: asic-opt %s -p 'calibrate{data="%t.npz"},choose-bits{data="%t.npz" average-bits=4},quantize' | filecheck %s --check-prefix=TWO
// RUN: sed 's/ {quant.weight_bits = 8}//' %s | asic-opt -p 'calibrate{data="%t.npz"},choose-bits{data="%t.npz" budget=192}' 2>&1 | filecheck %s --check-prefix=FREE
// The stored sensitivities are enough to solve another budget.
// RUN: sed 's/ {quant.weight_bits = 8}//' %s | asic-opt -p 'calibrate{data="%t.npz"},choose-bits{data="%t.npz" budget=192 candidates=4,8}' | asic-opt -p 'choose-bits{average-bits=8 candidates=8,4}' 2>&1 | filecheck %s --check-prefix=AGAIN
// Errors.
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz"}' 2>&1 | filecheck %s --check-prefix=NOBUDGET
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz" budget=100 average-bits=2}' 2>&1 | filecheck %s --check-prefix=NOBUDGET
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz" budget=0}' 2>&1 | filecheck %s --check-prefix=ZERO
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz" average-bits=4 candidates=1,4}' 2>&1 | filecheck %s --check-prefix=CANDIDATE
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz" average-bits=4 candidates=4,4}' 2>&1 | filecheck %s --check-prefix=REPEAT
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz" average-bits=4 rounding=up}' 2>&1 | filecheck %s --check-prefix=ROUNDING
// RUN: not asic-opt %s -p 'choose-bits{data="%t.npz" budget=150}' 2>&1 | filecheck %s --check-prefix=SMALL
// RUN: not asic-opt %s -p 'choose-bits{average-bits=4}' 2>&1 | filecheck %s --check-prefix=NOSENS
// RUN: sed 's/ {quant.weight_bits = 8}//' %s | asic-opt -p 'calibrate{data="%t.npz"},choose-bits{data="%t.npz" budget=192}' | not asic-opt -p 'choose-bits{budget=192 candidates=2,4}' 2>&1 | filecheck %s --check-prefix=OTHERS

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w1 = nn.constant "fc1.weight" dense<[[0.5, -0.25, 0.125, 1.0], [-1.0, 0.75, 0.5, -0.5], [0.25, 0.25, -0.75, 0.5], [1.0, -0.125, 0.375, 0.25], [-0.5, 0.5, 0.5, 0.5], [0.625, -0.875, 0.25, -0.25], [0.125, 0.5, -1.0, 0.75], [-0.25, -0.5, 0.875, 1.0]]> : tensor<8x4xf32>
  %b1 = nn.constant "fc1.bias" dense<0.125> : tensor<8xf32>
  %h = nn.dense %x, %w1, %b1 : (tensor<1x4xf32>, tensor<8x4xf32>, tensor<8xf32>) -> tensor<1x8xf32>
  %r = nn.relu %h {quant.act_bits = 4} : tensor<1x8xf32>
  %w2 = nn.constant "fc2.weight" dense<[[0.5, -0.5, 0.25, 1.0, -0.75, 0.125, 0.5, -1.0], [-0.25, 0.75, -0.5, 0.5, 1.0, -0.375, 0.25, 0.5]]> : tensor<2x8xf32>
  %y = nn.dense %r, %w2 {quant.weight_bits = 8} : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// fc1 at the global 4 bits (row 0: s = 1/7, 0.5 * 7 = 3.5 -> 4, -1.75 -> -2,
// 0.875 -> 1, 7), the fused relu at its 4 bits, fc2 at its 8 bits.
// ATTR:      %w1 = qnt.constant "fc1.weight" dense<{{\[}}[4, -2, 1, 7], [-7, 5, 4, -4],
// ATTR-SAME: tensor<8x4x!qnt.uniform<i4<-7:7>:f32:0, {0.14285714285714285,
// ATTR:      %r = qnt.requantize %h_acc {{.*}} min 0 : (tensor<1x8xi{{[0-9]+}}>) -> tensor<1x8x!qnt.uniform<u4:f32, {{.*}}>>
// ATTR:      %w2 = qnt.constant "fc2.weight" {{.*}} : tensor<2x8x!qnt.uniform<i8<-127:127>:f32:0,

// fc2 keeps its 8 bits (128 of the 192 bits of the budget): fc1 gets 2 bits.
// FIXED:      choose-bits: budget 192 weight bits (4.00 per weight), candidates 2, 4, 8; sensitivity: relative output error with only that layer's weights rounded
// FIXED-NEXT: layer       op     params     sens@2     sens@4     sens@8     bits  weight bits
// FIXED-NEXT: fc1.weight  dense      32  {{[0-9.]+e-[0-9]+}}  {{[0-9.]+e-[0-9]+}}  {{[0-9.]+e-[0-9]+}}        2           64
// FIXED-NEXT: fc2.weight  dense      16          -          -          -  8 (set)          128
// FIXED-NEXT: total                  48                                      4.00          192
// FIXED-NEXT: total weight bits 192 <= budget 192
// FIXED:      nn.dense %x, %w1, %b1 {{{.*}}quant.weight_bits = 2 : i64, quant.candidates = array<i64: 2, 4, 8>, quant.sensitivity = array<f64: {{.*}}>}
// FIXED:      nn.dense %r, %w2 {quant.weight_bits = 8 : i64

// 2-bit weights are ternary: s = max |w| of the row, 0.5 rounds away from 0.
// TWO:      %w1 = qnt.constant "fc1.weight" dense<{{\[}}[1, 0, 0, 1], [-1, 1, 1, -1], [0, 0, -1, 1], [1, 0, 0, 0], [-1, 1, 1, 1], [1, -1, 0, 0], [0, 1, -1, 1], [0, -1, 1, 1]]> : tensor<8x4x!qnt.uniform<i2<-1:1>:f32:0, {1.0, 1.0, 0.75, 1.0, 0.5, 0.875, 1.0, 1.0}>>

// Both layers free: 4 + 4 bits has the least total sensitivity within 192 bits
// (2 + 8 fits too, but fc1 at 2 bits costs far more than fc2 gains at 8).
// FREE:      fc1.weight  dense      32  {{.*}}     4          128
// FREE-NEXT: fc2.weight  dense      16  {{.*}}     4           64
// FREE-NEXT: total                  48  {{.*}}  4.00          192

// AGAIN:      choose-bits: budget 384 weight bits (8.00 per weight), candidates 4, 8;
// AGAIN:      fc1.weight  dense      32  {{.*}}     8          256
// AGAIN-NEXT: fc2.weight  dense      16  {{.*}}     8          128

// NOBUDGET: asic-opt: error: choose-bits: give the budget of weight bits: budget=<total bits> or average-bits=<bits per weight>, one of them
// ZERO: asic-opt: error: choose-bits: budget must be >= 1 bit, got 0
// CANDIDATE: asic-opt: error: choose-bits: every candidate must be from 2 to 16, got 1
// REPEAT: asic-opt: error: choose-bits: candidates repeat a width: [4, 4]
// ROUNDING: asic-opt: error: choose-bits: rounding=up is not supported; expected one of nearest, gptq
// SMALL: asic-opt: error: choose-bits: the budget of 150 weight bits is below the smallest choice, 192 bits (every chosen layer at 2 bits)
// NOSENS: asic-opt: error: choose-bits: layer 'fc1.weight' has no stored quant.sensitivity: give calibration inputs, data="calib.npz", to measure it
// OTHERS: asic-opt: error: choose-bits: layer 'fc1.weight' stores sensitivities for the candidates [2, 4, 8], not [2, 4]: give data= to measure them again
