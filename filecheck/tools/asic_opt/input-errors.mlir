// Errors in what asic-opt reads: diagnostics with exit status 1, no
// traceback, no output file.
//
// A verifier error names the op's file, line and column and shows only the
// lines around it, the weights elided.
// RUN: not asic-opt %S/inputs/verify-error-large.mlir -o %t.out 2>&1 | filecheck %s --check-prefix=VERIFY --match-full-lines
// RUN: not test -e %t.out
// VERIFY:      asic-opt: error: result type tensor<1x9xf32> must equal the input type tensor<1x8xf32>
// VERIFY-NEXT: {{.*}}verify-error-large.mlir:7:3: op 'nn.relu' does not verify:
// VERIFY-NEXT: ...
// VERIFY-NEXT:     %b = "nn.relu"(%a) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// VERIFY-NEXT:     %c = "nn.relu"(%b) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// VERIFY-NEXT:     %d = "nn.relu"(%c) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// VERIFY-NEXT:     %e = "nn.relu"(%d) : (tensor<1x8xf32>) -> tensor<1x9xf32>
// VERIFY-NEXT:     ^^^^^^^^^^^^^^{{-+}}
// VERIFY-NEXT:     | Operation does not verify: result type tensor<1x9xf32> must equal the input type tensor<1x8xf32>
// VERIFY-NEXT:     {{-+}}
// VERIFY-NEXT:     %f = "nn.relu"(%d) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// VERIFY-NEXT:     %g = "nn.relu"(%f) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// VERIFY-NEXT:     %h = "nn.relu"(%g) : (tensor<1x8xf32>) -> tensor<1x8xf32>
// VERIFY-NEXT: ...
// VERIFY-EMPTY:
//
// The constant's line, when it is the failing op's neighbour, without its values.
// RUN: sed '2a\  %%z = nn.relu %%x : (tensor<1x8xf32>) -> tensor<1x9xf32>' %S/inputs/verify-error-large.mlir | sed 's/%%e = nn.relu %%d : (tensor<1x8xf32>) -> tensor<1x9xf32>/%%e = nn.relu %%d : tensor<1x8xf32>/' > %t.near.mlir
// RUN: not asic-opt %t.near.mlir 2>&1 | filecheck %s --check-prefix=NEAR
// NEAR: near.mlir:3:3: op 'nn.relu' does not verify:
// NEAR: %w = "nn.constant"() <{name = "w", value = dense<...> : tensor<8x8xf32>}> : () -> tensor<8x8xf32>
// NEAR-NOT: 0.125
//
// A binary file (here an ONNX model) given a .mlir name.
// RUN: python -c "open('%t.binary.mlir', 'wb').write(bytes(range(256)))"
// RUN: not asic-opt %t.binary.mlir -o %t.out 2>&1 | filecheck %s --check-prefix=BINARY
// RUN: not test -e %t.out
// BINARY: asic-opt: error: '{{.*}}binary.mlir' is not a text file (byte 128 is not UTF-8): textual IR is UTF-8 text (.mlir); an ONNX model is read by its .onnx name
// BINARY-NOT: Traceback
//
// A file of only blanks and comments.
// RUN: printf '// nothing\n\n' > %t.empty.mlir
// RUN: not asic-opt %t.empty.mlir -o %t.out 2>&1 | filecheck %s --check-prefix=EMPTY
// RUN: not test -e %t.out
// EMPTY: asic-opt: error: '{{.*}}empty.mlir' holds no IR (only blanks and comments): a module (builtin.module {...}) or the ops of one is expected
//
// A pipeline ending in a comma.
// RUN: not asic-opt %s -p 'fold-constants,' -o %t.out 2>&1 | filecheck %s --check-prefix=COMMA
// RUN: not test -e %t.out
// COMMA: asic-opt: error: the pass pipeline 'fold-constants,' ends with a comma: a pass must follow every comma
//
// An argument of the wrong type: status 1 like every other error (argparse's own is 2).
// RUN: python -c "import subprocess, sys; sys.exit(subprocess.run(['asic-opt', '%s', '--verify-rtol', 'abc', '-o', '%t.out'], capture_output=True).returncode != 1)"
// RUN: not test -e %t.out
// RUN: not asic-opt %s --verify-rtol abc 2>&1 | filecheck %s --check-prefix=ARGUMENT
// ARGUMENT: error: argument --verify-rtol: invalid float value: 'abc'

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
