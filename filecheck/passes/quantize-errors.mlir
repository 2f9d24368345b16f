// Every invalid option or input of quantize is a diagnostic with exit status 1.
// RUN: not asic-opt %s -p 'quantize{weight-bits=1}' 2>&1 | filecheck %s --check-prefix=WBITS
// RUN: not asic-opt %s -p 'quantize{act-bits=17}' 2>&1 | filecheck %s --check-prefix=ABITS
// RUN: not asic-opt %s -p 'quantize{rounding=stochastic}' 2>&1 | filecheck %s --check-prefix=ROUNDING
// RUN: not asic-opt %s -p 'quantize{weight-range=kl}' 2>&1 | filecheck %s --check-prefix=RANGE
// RUN: not asic-opt %s -p 'quantize{act-signed=maybe}' 2>&1 | filecheck %s --check-prefix=SIGNED
// RUN: not asic-opt %s -p 'quantize{requantize=bogus}' 2>&1 | filecheck %s --check-prefix=REQUANTIZE
// RUN: not asic-opt %s -p 'quantize{rounding=gptq}' 2>&1 | filecheck %s --check-prefix=GPTQDATA
// RUN: not asic-opt %s -p 'quantize{data="c.npz"}' 2>&1 | filecheck %s --check-prefix=DATAUNUSED
// RUN: not asic-opt %s -p 'quantize{batch-size=0}' 2>&1 | filecheck %s --check-prefix=BATCH
// RUN: not asic-opt %s -p 'quantize{multiplier-bits=32}' 2>&1 | filecheck %s --check-prefix=MBITS
// RUN: not asic-opt %s -p 'quantize{multiplier-bits=1}' 2>&1 | filecheck %s --check-prefix=MBITS1
// RUN: not asic-opt %S/inputs/quantize-large-multiplier.mlir -p 'quantize{multiplier-bits=4}' 2>&1 | filecheck %s --check-prefix=MFIT
// RUN: not asic-opt %s -p 'quantize{bits=8}' 2>&1 | filecheck %s --check-prefix=BOGUS
// RUN: not asic-opt %s -p 'quantize' 2>&1 | filecheck %s --check-prefix=NOCAL
// RUN: not asic-opt %S/inputs/quantize-no-calibration.mlir -p 'quantize' 2>&1 | filecheck %s --check-prefix=NOCALOP
// RUN: not asic-opt %S/inputs/quantize-unsupported.mlir -p 'quantize' 2>&1 | filecheck %s --check-prefix=NOINT
// RUN: not asic-opt %S/inputs/quantize-weight-input.mlir -p 'quantize' 2>&1 | filecheck %s --check-prefix=WEIGHT
// RUN: not asic-opt %S/inputs/quantize-integer-data.mlir -p 'quantize' 2>&1 | filecheck %s --check-prefix=INTDATA
// RUN: not asic-opt %S/inputs/quantize-bad-width.mlir -p 'quantize' 2>&1 | filecheck %s --check-prefix=ATTRWIDTH
// RUN: not asic-opt %S/inputs/quantize-unknown-attribute.mlir -p 'quantize' 2>&1 | filecheck %s --check-prefix=ATTRNAME
// Quantizing twice: the second run finds qnt ops.
// RUN: python -c "import numpy; numpy.savez('%t.npz', arg0=numpy.ones((3, 4)))"
// RUN: not asic-opt %S/inputs/quantize-no-calibration.mlir -p 'calibrate{data="%t.npz"},quantize,quantize' 2>&1 | filecheck %s --check-prefix=LEVEL
// GPTQ with a file that is not there.
// RUN: not asic-opt %S/inputs/quantize-no-calibration.mlir -p 'quantize{rounding=gptq data="%t.missing.npz"}' 2>&1 | filecheck %s --check-prefix=MISSING
// No partial output file on error.
// RUN: rm -f %t.out.mlir
// RUN: not asic-opt %s -p 'quantize' -o %t.out.mlir
// RUN: not test -e %t.out.mlir

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x4xf32>
  %y = nn.dense %x, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// WBITS: asic-opt: error: quantize: weight-bits must be from 2 to 16, got 1
// ABITS: asic-opt: error: quantize: act-bits must be from 2 to 16, got 17
// ROUNDING: asic-opt: error: quantize: rounding=stochastic is not supported; expected one of nearest, gptq
// RANGE: asic-opt: error: quantize: weight-range=kl is not supported; expected one of minmax, mse
// SIGNED: asic-opt: error: quantize: act-signed=maybe is not supported; expected one of auto, true, false
// REQUANTIZE-NOT: Traceback
// REQUANTIZE: asic-opt: error: quantize: requantize=bogus is not supported; expected one of multiply, shift
// GPTQDATA: asic-opt: error: quantize: rounding=gptq needs calibration inputs: data="file.npz"
// DATAUNUSED: asic-opt: error: quantize: data= is used only by rounding=gptq
// BATCH: asic-opt: error: quantize: batch-size must be >= 1, got 0
// MBITS: asic-opt: error: quantize: multiplier-bits must be from 2 to 31, got 32
// MBITS1: asic-opt: error: quantize: multiplier-bits must be from 2 to 31, got 1
// MFIT: asic-opt: error: quantize: nn.global_avgpool2d %g: the multiplier 63.75 does not fit in 4 bits (it is >= 2^4); use a larger multiplier-bits (it is 4)
// BOGUS: asic-opt: error: Provided arguments ["bits"] not found in expected arguments
// NOCAL: asic-opt: error: quantize: input 'arg0' has no calibration.range: run calibrate first (calibrate{data="calib.npz"}) to give every activation a range
// NOCALOP: asic-opt: error: quantize: the result %h of nn.dense has no calibration.range: run calibrate first
// NOINT: asic-opt: error: quantize: nn.dense %h depends on nn.div %q, which stays float: it has no integer form (quantize maps conv2d, dense, matmul, batchnorm, mul by a per-channel constant, add, relu, clip, sigmoid, tanh, leaky_relu, {{.*}}, hard_swish, {{.*}}, maxpool2d, avgpool2d, global_avgpool2d, flatten, reshape, transpose, concat, argmax): only ops after the last layer may stay float, like a final softmax
// WEIGHT: asic-opt: error: quantize: nn.dense %h cannot be quantized: its weight is not an nn.constant (run fold-constants first)
// ATTRWIDTH: asic-opt: error: quantize: quant.weight_bits of nn.dense %h must be from 2 to 16 bits, got 1
// ATTRNAME: asic-opt: error: quantize: unknown attribute quant.bits on nn.dense %h; the per-layer widths are quant.weight_bits and quant.act_bits
// LEVEL: asic-opt: error: quantize: function 'main' is not at nn level: it contains 'qnt.quantize'; quantize runs on calibrated float nn IR
// MISSING: asic-opt: error: cannot read calibration data '{{.*}}.missing.npz': No such file or directory

// INTDATA: remark: quantize: nn.add %s stays float: it computes on i32 tensors (integer or boolean data of the network itself): quantize maps float tensors
// INTDATA-NEXT: remark: quantize: nn.cast %f stays float: it has no integer form
// INTDATA-NEXT: asic-opt: error: quantize: nn.dense %h depends on nn.cast %f, which stays float: it has no integer form {{.*}}: only ops after the last layer may stay float, like a final softmax
