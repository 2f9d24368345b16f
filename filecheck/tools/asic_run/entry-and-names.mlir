// Inputs by position (.npy) or name, default names arg<i>/result<i>, --entry.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', arg0=np.array([[1.0, -2.0]], np.float32), arg1=np.array([[0.5, 0.5]], np.float32))"
// RUN: asic-run %s --inputs %t.in.npz --output %t.out.npz
// RUN: python -c "import numpy as np; d = np.load('%t.out.npz'); [print(k, d[k].dtype, d[k].tolist()) for k in d.files]" | filecheck %s --check-prefix=MAIN
// RUN: python -c "import numpy as np; np.save('%t.in.npy', np.array([[1.0, -2.0]], np.float32))"
// RUN: asic-run %s --entry negate --inputs %t.in.npy --output %t.out.npz
// RUN: python -c "import numpy as np; d = np.load('%t.out.npz'); [print(k, d[k].dtype, d[k].tolist()) for k in d.files]" | filecheck %s --check-prefix=NEGATE
// RUN: rm -f %t.none.npz
// RUN: not asic-run %s --entry nothing --inputs %t.in.npy --output %t.none.npz 2>&1 | filecheck %s --check-prefix=NOENTRY
// RUN: not test -e %t.none.npz

func.func @main(%a: tensor<1x2xf32>, %b: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %s = nn.add %a, %b : tensor<1x2xf32>
  %m = nn.mul %a, %b : tensor<1x2xf32>
  func.return %s, %m : tensor<1x2xf32>, tensor<1x2xf32>
}

func.func @negate(%a: tensor<1x2xf32>) -> (tensor<1x2xf32> {nn.name = "negated"}) {
  %z = nn.constant "zero" dense<0.0> : tensor<1x2xf32>
  %n = nn.sub %z, %a : tensor<1x2xf32>
  func.return %n : tensor<1x2xf32>
}

// MAIN:      result0 float32 {{\[}}[1.5, -1.5]]
// MAIN-NEXT: result1 float32 {{\[}}[0.5, -1.0]]

// NEGATE: negated float32 {{\[}}[-1.0, 2.0]]

// NOENTRY: asic-run: error: no function named 'nothing' in the module (functions: 'main', 'negate')
