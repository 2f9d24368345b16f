// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((2, 3), np.float32))"
// RUN: rm -f %t.out.npz
// RUN: not asic-run %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-run: error: input 'x' has shape (2, 3), expected (1, 2) for one sample, or (B, 1, 2) or (B, 2) for a batch of B
// CHECK-NOT: Traceback

func.func @main(%a: tensor<1x2xf32> {nn.name = "x"}) -> tensor<1x2xf32> {
  func.return %a : tensor<1x2xf32>
}
