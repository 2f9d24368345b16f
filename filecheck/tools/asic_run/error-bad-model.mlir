// An unregistered op, a model that does not verify, and a model file that does not exist.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.zeros((1, 2), np.float32))"
// RUN: rm -f %t.out.npz
// RUN: not asic-run %s --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix=PARSE
// RUN: not test -e %t.out.npz
// RUN: python -c "open('%t.bad.mlir', 'w').write('func.func @main(%%x: tensor<1x2xf32>) -> tensor<1x2xf32> {\n  %%y = nn.relu %%x : (tensor<1x2xf32>) -> tensor<1x3xf32>\n  func.return %%x : tensor<1x2xf32>\n}\n')"
// RUN: not asic-run %t.bad.mlir --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix=VERIFY
// RUN: not test -e %t.out.npz
// RUN: not asic-run %t.no-such-model.mlir --inputs %t.in.npz --output %t.out.npz 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: not test -e %t.out.npz

// PARSE: asic-run: error: {{.*}}error-bad-model.mlir:[[# @LINE + 5]]:{{[0-9]+}}
// PARSE: Operation nn.frobnicate is not registered
// PARSE-NOT: Traceback

func.func @main(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %y = "nn.frobnicate"(%x) : (tensor<1x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// VERIFY: asic-run: error: {{.*}}tensor<1x3xf32>
// VERIFY: %y = "nn.relu"(%x) : (tensor<1x2xf32>) -> tensor<1x3xf32>
// VERIFY-NEXT: ^^^^
// VERIFY-NEXT: | Operation does not verify
// VERIFY-NOT: Traceback

// MISSING: asic-run: error: cannot read '{{.*}}.no-such-model.mlir': No such file or directory
