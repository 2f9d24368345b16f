// RUN: asic-opt %s -p 'prune{sparsity=0.5}' | filecheck %s
// RUN: asic-opt %s -p 'prune{sparsity=0.5 scope=global}' | filecheck %s --check-prefix=GLOBAL
// RUN: asic-opt %s -p 'prune{sparsity=0.5 exclude="fc1*"}' | filecheck %s --check-prefix=EXCLUDE
// RUN: asic-opt %s -p 'prune{sparsity=0.5 report=true}' 2>&1 >/dev/null | filecheck %s --check-prefix=REPORT

// Magnitude, per layer: exactly half of each weight is zeroed, the smallest
// |w| first; biases are kept and the constants keep their names.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w1 = nn.constant "fc1.weight" dense<[[0.1, -4.0, 0.3, 2.0], [-1.0, 0.2, 3.0, -0.05]]> : tensor<2x4xf32>
  %b1 = nn.constant "fc1.bias" dense<[0.5, -0.5]> : tensor<2xf32>
  %h = nn.dense %x, %w1, %b1 : (tensor<1x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %r = nn.relu %h : tensor<1x2xf32>
  %w2 = nn.constant "fc2.weight" dense<[[10.0, 20.0], [-30.0, 40.0]]> : tensor<2x2xf32>
  %y = nn.dense %r, %w2 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}

// CHECK:      %w1 = nn.constant "fc1.weight" dense<{{\[\[}}0.000000e+00, -4.000000e+00, 0.000000e+00, 2.000000e+00], [-1.000000e+00, 0.000000e+00, 3.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
// CHECK-NEXT: %b1 = nn.constant "fc1.bias" dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK:      %w2 = nn.constant "fc2.weight" dense<{{\[\[}}0.000000e+00, 0.000000e+00], [-3.000000e+01, 4.000000e+01]]> : tensor<2x2xf32>

// Global: one ranking over both layers (6 of 12 weights); fc2's large
// weights all survive, fc1 loses more.
// GLOBAL:     "fc1.weight" dense<{{\[\[}}0.000000e+00, -4.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 3.000000e+00, 0.000000e+00]]>
// GLOBAL:     "fc2.weight" dense<{{\[\[}}1.000000e+01, 2.000000e+01], [-3.000000e+01, 4.000000e+01]]>

// EXCLUDE:    "fc1.weight" dense<{{\[\[}}1.000000e-01, -4.000000e+00, 3.000000e-01, 2.000000e+00], [-1.000000e+00, 2.000000e-01, 3.000000e+00, -5.000000e-02]]>
// EXCLUDE:    "fc2.weight" dense<{{\[\[}}0.000000e+00, 0.000000e+00], [-3.000000e+01, 4.000000e+01]]>

// REPORT:      prune report (mode=unstructured sparsity=0.5 scope=layer criterion=magnitude)
// REPORT-NEXT: layer       op     params  nonzeros  MACs  sparse MACs
// REPORT-NEXT: fc1.weight  dense  10 -> 10   10 -> 6   8 -> 8       8 -> 4
// REPORT-NEXT: fc2.weight  dense    4 -> 4    4 -> 2   4 -> 4       4 -> 2
// REPORT-NEXT: total              14 -> 14   14 -> 8  12 -> 12     12 -> 6
