// RUN: rm -f %t.out.npz
// RUN: not asic-run %s --inputs %t.does-not-exist.npz --output %t.out.npz 2>&1 | filecheck %s
// RUN: not test -e %t.out.npz

// CHECK: asic-run: error: cannot read '{{.*}}.does-not-exist.npz': No such file or directory
// CHECK-NOT: Traceback

func.func @main(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  func.return %x : tensor<1x2xf32>
}
