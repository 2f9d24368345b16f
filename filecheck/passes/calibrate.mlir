// Three samples whose values are exact in binary, so that every range below
// is exact; and a large Gaussian set with two outliers (x[0,0] = 50,
// x[1,1] = -40) for the methods that clip.
// RUN: python -c "import numpy as np; np.savez('%t.npz', input=np.array([[1, 2, 3, 4], [-1, 0.5, 0, 2], [0.25, -2, -1, -3]]), arg1=np.zeros((3, 2)))"
// RUN: python -c "import numpy as np; g = np.random.default_rng(0).standard_normal((25000, 4)); g[0, 0] = 50.0; g[1, 1] = -40.0; np.savez('%t.gauss.npz', input=g, arg1=np.zeros((25000, 2)))"

// RUN: asic-opt %s -p 'calibrate{data="%t.npz"}' | filecheck %s
// RUN: asic-opt %s -p 'calibrate{data="%t.npz" method=minmax batch-size=1}' | filecheck %s
// Idempotent: a second run (also on the printed IR) replaces the ranges.
// RUN: asic-opt %s -p 'calibrate{data="%t.npz" method=mse},calibrate{data="%t.npz"}' | asic-opt -p 'calibrate{data="%t.npz"}' | filecheck %s
// RUN: asic-opt %s -p 'calibrate{data="%t.npz" symmetric=true}' | filecheck %s --check-prefix=SYM
// RUN: asic-opt %s -p 'calibrate{data="%t.npz" method=percentile percentile=75}' | filecheck %s --check-prefix=PCT
// RUN: asic-opt %s -p 'calibrate{data="%t.npz" method=percentile percentile=75 symmetric=true}' | filecheck %s --check-prefix=PCTSYM
// RUN: asic-opt %s -p 'calibrate{data="%t.npz" method=percentile}' | filecheck %s --check-prefix=PCTDEFAULT
// RUN: asic-opt %s -p 'calibrate{data="%t.gauss.npz" method=mse}' | filecheck %s --check-prefix=MSE
// RUN: asic-opt %s -p 'calibrate{data="%t.gauss.npz" method=mse bits=4 bins=512}' | filecheck %s --check-prefix=MSE4
// RUN: asic-opt %s -p 'calibrate{data="%t.gauss.npz" method=mse symmetric=true}' | filecheck %s --check-prefix=MSESYM
// RUN: asic-opt %s -p 'calibrate{data="%t.gauss.npz" method=entropy}' | filecheck %s --check-prefix=KL
// RUN: asic-opt %s -p 'calibrate{data="%t.gauss.npz" method=entropy bits=6 bins=1024}' | filecheck %s --check-prefix=KL6
// RUN: asic-opt %s -p 'calibrate{data="%t.gauss.npz" method=percentile percentile=99.9}' | filecheck %s --check-prefix=GPCT

// h = [x0 + x1 + 0.5, x2 - x3 - 0.5]: [3.5, -1.5], [0, -2.5], [-1.25, 1.5].
func.func @main(%x: tensor<1x4xf32> {nn.name = "input"}, %unused: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1xi64>) {
  %w = nn.constant "fc.weight" dense<[[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]]> : tensor<2x4xf32>
  %b = nn.constant "fc.bias" dense<[0.5, -0.5]> : tensor<2xf32>
  %h = nn.dense %x, %w, %b : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = nn.relu %h : tensor<1x2xf32>
  %a = nn.argmax %r axis 1 keepdims false : (tensor<1x2xf32>) -> tensor<1xi64>
  func.return %r, %a : tensor<1x2xf32>, tensor<1xi64>
}

// minmax: the observed range, which contains 0 here; the relu output is
// never negative, so it is unsigned. Constants, the unused argument and the
// i64 indices of argmax get no range; other argument attributes stay.
// CHECK:      func.func @main(%x: tensor<1x4xf32> {nn.name = "input", calibration.range = array<f64: -3.000000e+00, 4.000000e+00>, calibration.observed = array<f64: -3.000000e+00, 4.000000e+00>, calibration.method = "minmax scheme=asymmetric"}, %unused: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1xi64>) {
// CHECK-NEXT:   %w = nn.constant "fc.weight" dense<{{.*}}> : tensor<2x4xf32>{{$}}
// CHECK-NEXT:   %b = nn.constant "fc.bias" dense<{{.*}}> : tensor<2xf32>{{$}}
// CHECK-NEXT:   %h = nn.dense %x, %w, %b {calibration.range = array<f64: -2.500000e+00, 3.500000e+00>, calibration.observed = array<f64: -2.500000e+00, 3.500000e+00>, calibration.method = "minmax scheme=asymmetric"} : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:   %r = nn.relu %h {calibration.range = array<f64: 0.000000e+00, 3.500000e+00>, calibration.observed = array<f64: 0.000000e+00, 3.500000e+00>, calibration.method = "minmax scheme=unsigned"} : tensor<1x2xf32>
// CHECK-NEXT:   %a = nn.argmax %r axis 1 keepdims false : (tensor<1x2xf32>) -> tensor<1xi64>{{$}}

// symmetric=true: [-max|x|, max|x|] for signed tensors; unsigned ones stay [0, max].
// SYM:      %x: tensor<1x4xf32> {nn.name = "input", calibration.range = array<f64: -4.000000e+00, 4.000000e+00>, calibration.observed = array<f64: -3.000000e+00, 4.000000e+00>, calibration.method = "minmax scheme=symmetric"}
// SYM:      %h = nn.dense {{.*}} {calibration.range = array<f64: -3.500000e+00, 3.500000e+00>, calibration.observed = array<f64: -2.500000e+00, 3.500000e+00>, calibration.method = "minmax scheme=symmetric"}
// SYM:      %r = nn.relu %h {calibration.range = array<f64: 0.000000e+00, 3.500000e+00>, calibration.observed = array<f64: 0.000000e+00, 3.500000e+00>, calibration.method = "minmax scheme=unsigned"}

// percentile=75, numpy's linear interpolation over all values of a tensor:
// x sorted is [-3, -2, -1, -1, 0, 0.25, 0.5, 1, 2, 2, 3, 4]: P75 at rank
// 8.25 is 2, P25 at rank 2.75 is -1. h sorted is [-2.5, -1.5, -1.25, 0,
// 1.5, 3.5]: P75 at rank 3.75 is 1.125, P25 at 1.25 is -1.4375. The relu
// output [0, 0, 0, 0, 1.5, 3.5] is unsigned: [0, P75] = [0, 1.125].
// PCT:      %x: {{.*}} {nn.name = "input", calibration.range = array<f64: -1.000000e+00, 2.000000e+00>, calibration.observed = array<f64: -3.000000e+00, 4.000000e+00>, calibration.method = "percentile percentile=75 scheme=asymmetric"}
// PCT:      %h = nn.dense {{.*}} {calibration.range = array<f64: -1.437500e+00, 1.125000e+00>, calibration.observed = array<f64: -2.500000e+00, 3.500000e+00>, calibration.method = "percentile percentile=75 scheme=asymmetric"}
// PCT:      %r = nn.relu %h {calibration.range = array<f64: 0.000000e+00, 1.125000e+00>, {{.*}}, calibration.method = "percentile percentile=75 scheme=unsigned"}

// Symmetric: P75 of |x| = [0, 0.25, 0.5, 1, 1, 1, 2, 2, 2, 3, 3, 4] is 2.25
// (rank 8.25); of |h| = [0, 1.25, 1.5, 1.5, 2.5, 3.5], 2.25 (rank 3.75).
// PCTSYM:   calibration.range = array<f64: -2.250000e+00, 2.250000e+00>, {{.*}}, calibration.method = "percentile percentile=75 scheme=symmetric"
// PCTSYM:   %h = nn.dense {{.*}} {calibration.range = array<f64: -2.250000e+00, 2.250000e+00>

// The default percentile, 99.99, barely clips 12 values: P99.99 of x is
// 4 - 0.0011 * 1 = 3.9989, P0.01 is -3 + 0.0011 = -2.9989 (up to the last
// digit: the tail ranks are computed in floating point).
// PCTDEFAULT: calibration.range = array<f64: -2.998{{[89][0-9]*}}, 3.998{{[89][0-9]*}}>, {{.*}}, calibration.method = "percentile percentile=99.99 scheme=asymmetric"

// mse at 8 bits: two outliers among 100000 values cost more clipped than
// rounded, so the range stays wide, but inside the observed one (each end
// a little shorter: its two outliers are clipped a bit).
// MSE:      %x: {{.*}} {nn.name = "input", calibration.range = array<f64: -3{{[0-9]\.[0-9]+}}, 4{{[0-9]\.[0-9]+}}>, calibration.observed = array<f64: -4.000000e+01, 5.000000e+01>, calibration.method = "mse bits=8 bins=2048 scheme=asymmetric"}
// MSE:      %r = nn.relu %h {calibration.range = array<f64: 0.000000e+00, 4{{[0-9]\.[0-9]+}}>, {{.*}}, calibration.method = "mse bits=8 bins=2048 scheme=unsigned"}
// At 4 bits the rounding error dominates: the outliers are clipped, the
// range is a few standard deviations.
// MSE4:     %x: {{.*}} {nn.name = "input", calibration.range = array<f64: -{{[2-5]\.[0-9]+(e\+00)?}}, {{[2-5]\.[0-9]+(e\+00)?}}>, calibration.observed = array<f64: -4.000000e+01, 5.000000e+01>, calibration.method = "mse bits=4 bins=512 scheme=asymmetric"}
// MSE4:     %h = nn.dense {{.*}} {calibration.range = array<f64: -{{[3-9]\.[0-9]+(e\+00)?}}, {{[3-9]\.[0-9]+(e\+00)?}}>, {{.*}}, calibration.method = "mse bits=4 bins=512 scheme=asymmetric"}
// MSE4:     %r = nn.relu %h {calibration.range = array<f64: 0.000000e+00, {{[3-9]\.[0-9]+(e\+00)?}}>, {{.*}}, calibration.method = "mse bits=4 bins=512 scheme=unsigned"}
// MSESYM:   %x: {{.*}} {nn.name = "input", calibration.range = array<f64: -[[T:[0-9.e+]+]], [[T]]>, calibration.observed = array<f64: -4.000000e+01, 5.000000e+01>, calibration.method = "mse bits=8 bins=2048 scheme=symmetric"}

// entropy (KL): the outliers are clipped; signed tensors are symmetric.
// KL:       %x: {{.*}} {nn.name = "input", calibration.range = array<f64: -[[T:[3-5]\.[0-9]+]], [[T]]>, calibration.observed = array<f64: -4.000000e+01, 5.000000e+01>, calibration.method = "entropy bits=8 bins=2048 scheme=symmetric"}
// KL:       %h = nn.dense {{.*}} {calibration.range = array<f64: -[[H:[4-9]\.[0-9]+]], [[H]]>, {{.*}}, calibration.method = "entropy bits=8 bins=2048 scheme=symmetric"}
// KL:       %r = nn.relu %h {calibration.range = array<f64: 0.000000e+00, {{[4-9]\.[0-9]+}}>, {{.*}}, calibration.method = "entropy bits=8 bins=2048 scheme=unsigned"}
// KL6:      %x: {{.*}} calibration.range = array<f64: -[[T:[2-5]\.[0-9]+]], [[T]]>, {{.*}}, calibration.method = "entropy bits=6 bins=1024 scheme=symmetric"

// percentile=99.9 of a standard normal is about 3.1 on each tail.
// GPCT:     %x: {{.*}} calibration.range = array<f64: -3.{{[0-9]+}}, 3.{{[0-9]+}}>, calibration.observed = array<f64: -4.000000e+01, 5.000000e+01>
