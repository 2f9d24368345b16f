// Every error is a diagnostic on stderr with exit status 1, no traceback and
// no output file.
// RUN: not asic-opt %s -p no-such-pass -o %t.out 2>&1 | filecheck %s --check-prefix=PASS
// RUN: not test -e %t.out
// PASS: asic-opt: error: Unrecognized passes: ['no-such-pass']
// PASS-NOT: Traceback
//
// RUN: not asic-opt %s -p 'fold-constants{max-elements=x}' 2>&1 | filecheck %s --check-prefix=OPTION
// OPTION: asic-opt: error:
// OPTION-NOT: Traceback
//
// RUN: not asic-opt %s.missing 2>&1 | filecheck %s --check-prefix=MISSING
// MISSING: asic-opt: error: cannot read '{{.*}}errors.mlir.missing': No such file or directory
//
// A parse error names the file, line and column.
// RUN: not asic-opt %S/inputs/parse-error.mlir -o %t.out 2>&1 | filecheck %s --check-prefix=PARSE
// RUN: not test -e %t.out
// PARSE: asic-opt: error: {{.*}}parse-error.mlir:2:{{[0-9]+}}
// PARSE-NOT: Traceback
//
// A verifier error names the op.
// RUN: not asic-opt %S/inputs/verify-error.mlir -o %t.out 2>&1 | filecheck %s --check-prefix=VERIFY
// RUN: not test -e %t.out
// VERIFY: asic-opt: error: result type tensor<3xf32> must equal the input type tensor<2xf32>
// VERIFY: nn.relu
//
// An unknown target.
// RUN: not asic-opt %s -t no-such-target 2>&1 | filecheck %s --check-prefix=TARGET
// TARGET: invalid choice: 'no-such-target'

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
