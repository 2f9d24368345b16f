// --verify-each runs the interpreter before and after every pass; a correct
// pipeline goes through and prints the result.
// RUN: asic-opt %s -p fold-batchnorm,fold-constants,remove-dead-code --verify-each | filecheck %s
// RUN: python -c "import numpy as np; np.savez('%t.npz', x=np.linspace(-2, 2, 8, dtype=np.float32).reshape(1, 2, 2, 2))"
// RUN: asic-opt %s -p fold-batchnorm --verify-each --verify-inputs %t.npz --verify-rtol 1e-6 | filecheck %s --check-prefix=FOLDED
//
// Bad --verify-inputs: a diagnostic, exit 1, no output file.
// RUN: python -c "import numpy as np; np.savez('%t.bad.npz', x=np.zeros((3, 3), dtype=np.float32))"
// RUN: not asic-opt %s -p fold-batchnorm --verify-each --verify-inputs %t.bad.npz -o %t.out 2>&1 | filecheck %s --check-prefix=SHAPE
// RUN: not test -e %t.out
// RUN: not asic-opt %s -p fold-batchnorm --verify-each --verify-inputs %t.missing.npz 2>&1 | filecheck %s --check-prefix=MISSING

func.func @main(%x: tensor<1x2x2x2xf32> {nn.name = "x"}) -> tensor<1x2x2x2xf32> {
  %w = nn.constant "conv.weight" dense<[[[[2.0]], [[0.5]]], [[[-1.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %s = nn.constant "bn.scale" dense<[1.0, 2.0]> : tensor<2xf32>
  %b = nn.constant "bn.bias" dense<[0.5, -0.5]> : tensor<2xf32>
  %m = nn.constant "bn.mean" dense<[0.25, 0.0]> : tensor<2xf32>
  %v = nn.constant "bn.var" dense<[1.0, 4.0]> : tensor<2xf32>
  %y = nn.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %z = nn.batchnorm %y, %s, %b, %m, %v epsilon 0.0 : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %r = nn.relu %z : tensor<1x2x2x2xf32>
  func.return %r : tensor<1x2x2x2xf32>
}

// CHECK:      %z = nn.conv2d %x, %w, %b
// CHECK-NEXT: %r = nn.relu %z
// CHECK-NOT:  nn.batchnorm

// FOLDED: nn.constant "conv.weight.bn_folded" dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}1.000000e+00]]]]>
// FOLDED: nn.constant "bn.bias.bn_folded" dense<[2.500000e-01, -5.000000e-01]>

// SHAPE: asic-opt: error: input 'x' has shape (3, 3), expected (1, 2, 2, 2) for one sample
// MISSING: asic-opt: error: cannot read '{{.*}}missing.npz'
