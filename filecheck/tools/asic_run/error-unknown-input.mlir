// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 2), np.float32), typo=np.zeros((1, 2), np.float32))"
// RUN: rm -f %t.out.npz
// RUN: not asic-run %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-run: error: unknown input 'typo' (the function's inputs are 'x', 'y')
// CHECK-NOT: Traceback

func.func @main(%a: tensor<1x2xf32> {nn.name = "x"}, %b: tensor<1x2xf32> {nn.name = "y"}) -> tensor<1x2xf32> {
  %s = nn.add %a, %b : tensor<1x2xf32>
  func.return %s : tensor<1x2xf32>
}
