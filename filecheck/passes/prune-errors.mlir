// Every invalid option of prune is a diagnostic with exit status 1.
// RUN: not asic-opt %s -p 'prune' 2>&1 | filecheck %s --check-prefix=NOSPARSITY
// RUN: not asic-opt %s -p 'prune{sparsity=1.5}' 2>&1 | filecheck %s --check-prefix=RANGE
// RUN: not asic-opt %s -p 'prune{sparsity=x}' 2>&1 | filecheck %s --check-prefix=TYPE
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 mode=blocks}' 2>&1 | filecheck %s --check-prefix=MODE
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 criterion=random}' 2>&1 | filecheck %s --check-prefix=CRITERION
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 scope=net}' 2>&1 | filecheck %s --check-prefix=SCOPE
// RUN: not asic-opt %s -p 'prune{mode="n:m"}' 2>&1 | filecheck %s --check-prefix=NM
// RUN: not asic-opt %s -p 'prune{mode="5:4"}' 2>&1 | filecheck %s --check-prefix=NMRANGE
// RUN: not asic-opt %s -p 'prune{mode="2:4" n=1}' 2>&1 | filecheck %s --check-prefix=NMTWICE
// RUN: not asic-opt %s -p 'prune{mode="2:4" sparsity=0.5}' 2>&1 | filecheck %s --check-prefix=NMSPARSITY
// RUN: not asic-opt %s -p 'prune{mode="2:4" scope=global}' 2>&1 | filecheck %s --check-prefix=NMSCOPE
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 n=2}' 2>&1 | filecheck %s --check-prefix=NOTNM
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 criterion=activation}' 2>&1 | filecheck %s --check-prefix=NODATA
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 data="c.npz"}' 2>&1 | filecheck %s --check-prefix=UNUSEDDATA
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 criterion=reconstruct data="%t.missing.npz"}' 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: python -c "import numpy; numpy.savez('%t.npz', x=numpy.zeros((3, 4)))"
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 criterion=reconstruct data="%t.npz"}' 2>&1 | filecheck %s --check-prefix=BADDATA
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 exclude="conv*"}' 2>&1 | filecheck %s --check-prefix=EXCLUDE
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 batch-size=0}' 2>&1 | filecheck %s --check-prefix=BATCH
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 bogus=1}' 2>&1 | filecheck %s --check-prefix=BOGUS

func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<1.0> : tensor<2x4xf32>
  %y = nn.dense %x, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// NOSPARSITY: asic-opt: error: prune: mode=unstructured needs sparsity= (a fraction in [0, 1))
// RANGE: asic-opt: error: prune: sparsity must be in [0, 1), got 1.5
// TYPE: asic-opt: error: Incompatible types: given ('x',), expected float | int | None
// MODE: asic-opt: error: prune: mode=blocks is not supported; expected one of unstructured, channel, n:m
// CRITERION: asic-opt: error: prune: criterion=random is not supported; expected one of magnitude, activation, reconstruct
// SCOPE: asic-opt: error: prune: scope=net is not supported; expected one of layer, global
// NM: asic-opt: error: prune: mode="n:m" needs n= and m= (e.g. n=2 m=4), or mode="2:4"
// NMRANGE: asic-opt: error: prune: n:m needs 1 <= n <= m, got n=5 m=4
// NMTWICE: asic-opt: error: prune: mode="2:4" already sets n and m; drop n= and m=
// NMSPARSITY: asic-opt: error: prune: sparsity does not apply to mode="n:m" (it is 1 - n/m)
// NMSCOPE: asic-opt: error: prune: scope=global does not apply to mode="n:m"
// NOTNM: asic-opt: error: prune: n= and m= apply only to mode="n:m", not mode=unstructured
// NODATA: asic-opt: error: prune: criterion=activation needs calibration inputs: data="file.npz"
// UNUSEDDATA: asic-opt: error: prune: data= is used only by criterion=activation and criterion=reconstruct
// MISSING: asic-opt: error: cannot read calibration data '{{.*}}.missing.npz': No such file or directory
// BADDATA: asic-opt: error: calibration data '{{.*}}.npz': missing 'arg0'; unexpected 'x'; the entry function's inputs are 'arg0'
// EXCLUDE: asic-opt: error: prune: exclude pattern 'conv*' matches no layer; layers are 'fc.weight'
// BATCH: asic-opt: error: prune: batch-size must be >= 1, got 0
// BOGUS: asic-opt: error: Provided arguments ["bogus"] not found in expected arguments
