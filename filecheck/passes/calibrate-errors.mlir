// Every invalid option or input of calibrate is a diagnostic with exit status 1.
// RUN: not asic-opt %s -p 'calibrate' 2>&1 | filecheck %s --check-prefix=NODATA
// RUN: not asic-opt %s -p 'calibrate{method=minmax}' 2>&1 | filecheck %s --check-prefix=NODATA
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=kl}' 2>&1 | filecheck %s --check-prefix=METHOD
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=percentile percentile=101}' 2>&1 | filecheck %s --check-prefix=PCTHIGH
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=percentile percentile=50}' 2>&1 | filecheck %s --check-prefix=PCTLOW
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=percentile percentile=x}' 2>&1 | filecheck %s --check-prefix=PCTTYPE
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" percentile=99.9}' 2>&1 | filecheck %s --check-prefix=PCTUNUSED
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=mse bits=1}' 2>&1 | filecheck %s --check-prefix=BITS
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=entropy bits=17}' 2>&1 | filecheck %s --check-prefix=BITS17
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=percentile bits=8}' 2>&1 | filecheck %s --check-prefix=BITSUNUSED
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=mse bins=1}' 2>&1 | filecheck %s --check-prefix=BINS
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" bins=512}' 2>&1 | filecheck %s --check-prefix=BINSUNUSED
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" method=entropy bins=100}' 2>&1 | filecheck %s --check-prefix=KLBINS
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" batch-size=0}' 2>&1 | filecheck %s --check-prefix=BATCH
// RUN: not asic-opt %s -p 'calibrate{data="c.npz" bogus=1}' 2>&1 | filecheck %s --check-prefix=BOGUS
// RUN: not asic-opt %s -p 'calibrate{data="%t.missing.npz"}' 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: python -c "import numpy; numpy.savez('%t.names.npz', x=numpy.zeros((3, 4)))"
// RUN: not asic-opt %s -p 'calibrate{data="%t.names.npz"}' 2>&1 | filecheck %s --check-prefix=NAMES
// RUN: python -c "import numpy; numpy.savez('%t.shape.npz', arg0=numpy.zeros((3, 5)))"
// RUN: not asic-opt %s -p 'calibrate{data="%t.shape.npz" method=mse}' 2>&1 | filecheck %s --check-prefix=SHAPE
// RUN: python -c "import numpy; numpy.save('%t.npy', numpy.zeros((3, 4)))"
// RUN: not asic-opt %s -p 'calibrate{data="%t.npy"}' 2>&1 | filecheck %s --check-prefix=NPY
// RUN: python -c "open('%t.text.npz', 'w').write('not an archive')"
// RUN: not asic-opt %s -p 'calibrate{data="%t.text.npz"}' 2>&1 | filecheck %s --check-prefix=GARBAGE
// RUN: python -c "import numpy; numpy.savez('%t.npz', arg0=numpy.ones((3, 4)))"
// RUN: not asic-opt %S/inputs/calibrate-not-nn.mlir -p 'calibrate{data="%t.npz"}' 2>&1 | filecheck %s --check-prefix=LEVEL
// RUN: not asic-opt %S/inputs/calibrate-not-finite.mlir -p 'calibrate{data="%t.npz"}' 2>&1 | filecheck %s --check-prefix=FINITE
// No partial output file on error.
// RUN: rm -f %t.out.mlir
// RUN: not asic-opt %S/inputs/calibrate-not-finite.mlir -p 'calibrate{data="%t.npz"}' -o %t.out.mlir
// RUN: not test -e %t.out.mlir

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x4xf32>
  %y = nn.dense %x, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// NODATA: asic-opt: error: calibrate: needs calibration inputs: data="file.npz"
// METHOD: asic-opt: error: calibrate: method=kl is not supported; expected one of minmax, percentile, mse, entropy
// PCTHIGH: asic-opt: error: calibrate: percentile must be in (50, 100], got 101
// PCTLOW: asic-opt: error: calibrate: percentile must be in (50, 100], got 50
// PCTTYPE: asic-opt: error: Incompatible types: given ('x',), expected float | int | None
// PCTUNUSED: asic-opt: error: calibrate: percentile= applies only to method=percentile
// BITS: asic-opt: error: calibrate: bits must be in [2, 16], got 1
// BITS17: asic-opt: error: calibrate: bits must be in [2, 16], got 17
// BITSUNUSED: asic-opt: error: calibrate: bits= applies only to method=mse and method=entropy
// BINS: asic-opt: error: calibrate: bins must be >= 2, got 1
// BINSUNUSED: asic-opt: error: calibrate: bins= does not apply to method=minmax
// KLBINS: asic-opt: error: calibrate: method=entropy with bits=8 needs bins >= 256 (a bin per quantization level at least), got 100
// BATCH: asic-opt: error: calibrate: batch-size must be >= 1, got 0
// BOGUS: asic-opt: error: Provided arguments ["bogus"] not found in expected arguments
// MISSING: asic-opt: error: cannot read calibration data '{{.*}}.missing.npz': No such file or directory
// NAMES: asic-opt: error: calibration data '{{.*}}.names.npz': missing 'arg0'; unexpected 'x'; the entry function's inputs are 'arg0'
// SHAPE: asic-opt: error: calibration data '{{.*}}.shape.npz': input 'arg0' has shape [3, 5], expected [B, 4] or [B, 1, 4]: a batch of B samples of the declared shape [1, 4]
// NPY: asic-opt: error: calibration data '{{.*}}.npy' is not an .npz archive of named arrays
// GARBAGE: asic-opt: error: calibration data '{{.*}}.text.npz' is not an .npz archive of named arrays
// LEVEL: asic-opt: error: calibrate: function 'main' is not at nn level: it contains 'arith.addf'; calibrate runs on float nn IR, before quantize
// FINITE: asic-opt: error: calibrate: the result %q of nn.div is not finite on the calibration data (inf or nan), so it has no range to quantize
