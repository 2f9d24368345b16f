// A NaN input has no quantized value: a run-time diagnostic naming the
// quantize op and the element, no output file. An infinite input saturates.
// RUN: python -c "import numpy as np; np.savez('%t.nan.npz', x=np.array([[0.5, np.nan]], np.float32)); np.savez('%t.inf.npz', x=np.array([[np.inf, -np.inf]], np.float32))"
// RUN: rm -f %t.out.npz
// RUN: not asic-run %s --inputs %t.nan.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix=NAN
// RUN: not test -e %t.out.npz
// RUN: asic-run %s --inputs %t.inf.npz --output %t.out.npz
// RUN: python -c "import numpy as np; print([round(float(v), 4) for v in np.load('%t.out.npz')['y'].ravel()])" | filecheck %s --check-prefix=INF

// NAN: asic-run: error: qnt.quantize %q: its input holds 1 NaN value(s), the first nan at index [0, 1]: a NaN float has no quantized value
// NAN-NOT: Traceback
// INF: {{\[}}12.7, -12.8]

func.func @main(%x: tensor<1x2xf32> {nn.name = "x"}) -> (tensor<1x2xf32> {nn.name = "y"}) {
  %q = qnt.quantize %x : (tensor<1x2xf32>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.1>>
  %y = qnt.dequantize %q : (tensor<1x2x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
