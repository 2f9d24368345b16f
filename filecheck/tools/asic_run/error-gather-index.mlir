// An index outside the gathered axis is a run-time diagnostic naming the
// op, the index and the range ONNX allows (negative indices count from the
// end), no output file. Found by the fuzzer.
// RUN: python -c "import numpy as np; x = np.arange(8, dtype=np.float32).reshape(2, 4); np.savez('%t.bad.npz', x=x, i=np.array([1, 4])); np.savez('%t.ok.npz', x=x, i=np.array([-1, 0]))"
// RUN: rm -f %t.out.npz
// RUN: not asic-run %s --inputs %t.bad.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix=BAD
// RUN: not test -e %t.out.npz
// RUN: asic-run %s --inputs %t.ok.npz --output %t.out.npz
// RUN: python -c "import numpy as np; print(np.load('%t.out.npz')['y'].ravel().tolist())" | filecheck %s --check-prefix=OK

// BAD: asic-run: error: {{.*}}nn.gather: index 4 is outside [-4, 3] for axis 1 of size 4
// BAD-NOT: Traceback
// OK: [3.0, 0.0, 7.0, 4.0]

func.func @main(%x: tensor<2x4xf32> {nn.name = "x"}, %i: tensor<2xi64> {nn.name = "i"}) -> (tensor<2x2xf32> {nn.name = "y"}) {
  %y = nn.gather %x, %i axis 1 : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  func.return %y : tensor<2x2xf32>
}
