// RUN: asic-opt %s --split-input-file -p fold-constants | filecheck %s
// RUN: asic-opt %s --split-input-file -p 'fold-constants{max-elements=8}' | filecheck %s --check-prefix=LIMIT
// RUN: asic-opt %s --split-input-file -p 'fold-constants{identities=false}' | filecheck %s --check-prefix=NOID
// RUN: not asic-opt %s -p 'fold-constants{bogus=1}' 2>&1 | filecheck %s --check-prefix=BADOPT

// BADOPT: asic-opt: error: Provided arguments ["bogus"] not found in expected arguments ["max_elements", "identities"]

// A chain of ops on constants folds to one constant named after the last result;
// the constants it used are erased.
// transpose: [[1, 3, 5], [-2, -4, -6]]; + [0.5, 1, 2]: [[1.5, 4, 7], [-1.5, -3, -4]]; relu.

func.func @chain() -> tensor<2x3xf32> {
  %w = nn.constant "w" dense<[[1.0, -2.0], [3.0, -4.0], [5.0, -6.0]]> : tensor<3x2xf32>
  %t = nn.transpose %w perm [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %c = nn.constant "c" dense<[0.5, 1.0, 2.0]> : tensor<3xf32>
  %s = nn.add %t, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = nn.relu %s : tensor<2x3xf32>
  func.return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @chain() -> tensor<2x3xf32> {
// CHECK-NEXT:    %r = nn.constant "r" dense<{{\[}}[1.500000e+00, 4.000000e+00, 7.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT:    func.return %r : tensor<2x3xf32>
// CHECK-NEXT:  }

// The result is no larger than the operands: folds whatever max-elements.
// LIMIT-LABEL: func.func @chain
// LIMIT-NEXT:    %r = nn.constant "r"
// LIMIT-NEXT:    func.return %r

// -----

// Only the ops whose operands are all constants fold. An op without an SSA name
// gives its constant a name derived from its first operand's; a constant still
// used elsewhere stays.

func.func @partial(%x: tensor<1x3xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = nn.constant "fc.weight" dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %0 = nn.transpose %w perm [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %y = nn.dense %x, %0 : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %z = nn.matmul %x, %w : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  func.return %y, %z : tensor<1x2xf32>, tensor<1x2xf32>
}

// CHECK-LABEL: func.func @partial
// CHECK-NEXT:    %w = nn.constant "fc.weight" dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NEXT:    %0 = nn.constant "fc.weight.transpose" dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT:    %y = nn.dense %x, %0 : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
// CHECK-NEXT:    %z = nn.matmul %x, %w : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>

// -----

// A result whose elements are all equal is stored as a splat. Broadcasting a small
// constant into a larger non-splat tensor is bounded by max-elements.

func.func @sizes() -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %n = nn.constant "n" dense<-1.0> : tensor<4x4xf32>
  %r = nn.relu %n : tensor<4x4xf32>
  %a = nn.constant "a" dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
  %b = nn.constant "b" dense<[[10.0, 20.0, 30.0, 40.0]]> : tensor<1x4xf32>
  %s = nn.add %a, %b : (tensor<4x1xf32>, tensor<1x4xf32>) -> tensor<4x4xf32>
  func.return %r, %s : tensor<4x4xf32>, tensor<4x4xf32>
}

// CHECK-LABEL: func.func @sizes
// CHECK-NEXT:    %r = nn.constant "r" dense<0.000000e+00> : tensor<4x4xf32>
// CHECK-NEXT:    %s = nn.constant "s" dense<{{\[}}[1.100000e+01, 2.100000e+01, 3.100000e+01, 4.100000e+01], [1.200000e+01, {{.*}}]]> : tensor<4x4xf32>
// CHECK-NEXT:    func.return %r, %s

// LIMIT-LABEL: func.func @sizes
// LIMIT-NEXT:    %r = nn.constant "r" dense<0.000000e+00> : tensor<4x4xf32>
// LIMIT-NEXT:    %a = nn.constant "a"
// LIMIT-NEXT:    %b = nn.constant "b"
// LIMIT-NEXT:    %s = nn.add %a, %b

// -----

// argmax of a constant folds to an i64 constant; a name already taken gets a suffix.

func.func @argmax_and_names() -> tensor<2x1xi64> {
  %w = nn.constant "i" dense<[[1.0, 2.0, 3.0], [6.0, 5.0, 4.0]]> : tensor<2x3xf32>
  %i = nn.argmax %w axis 1 : (tensor<2x3xf32>) -> tensor<2x1xi64>
  func.return %i : tensor<2x1xi64>
}

// CHECK-LABEL: func.func @argmax_and_names
// CHECK-NEXT:    %i = nn.constant "i.1" dense<{{\[}}[2], [0]]> : tensor<2x1xi64>
// CHECK-NEXT:    func.return %i

// -----

// Exact identities: x * 1, 1 * x (the one broadcast to x's shape), x / 1, x - 0.0, x + -0.0,
// -0.0 + x. Not x + 0.0 (it turns -0.0 into +0.0).

func.func @identities(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %one = nn.constant "one" dense<1.0> : tensor<2x2xf32>
  %one_row = nn.constant "one_row" dense<1.0> : tensor<2xf32>
  %neg_zero = nn.constant "neg_zero" dense<-0.0> : tensor<1xf32>
  %zero = nn.constant "zero" dense<0.0> : tensor<2x2xf32>
  %a = nn.mul %x, %one : tensor<2x2xf32>
  %b = nn.mul %one_row, %a : (tensor<2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = nn.div %b, %one : tensor<2x2xf32>
  %d = nn.sub %c, %zero : tensor<2x2xf32>
  %e = nn.add %d, %neg_zero : (tensor<2x2xf32>, tensor<1xf32>) -> tensor<2x2xf32>
  %f = nn.add %e, %zero : tensor<2x2xf32>
  %g = nn.add %neg_zero, %f : (tensor<1xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  func.return %g : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @identities(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
// CHECK-NEXT:    %zero = nn.constant "zero" dense<0.000000e+00> : tensor<2x2xf32>
// CHECK-NEXT:    %f = nn.add %x, %zero : tensor<2x2xf32>
// CHECK-NEXT:    func.return %f : tensor<2x2xf32>
// CHECK-NEXT:  }

// NOID-LABEL: func.func @identities
// NOID:         nn.mul %x, %one
// NOID:         func.return %g

// -----

// Not identities: the constant broadcasts x to a larger shape, is not all ones,
// or the zero has the wrong sign for the op; 0 - x is not x.

func.func @not_identities(%x: tensor<2xf32>) -> (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %ones = nn.constant "ones" dense<1.0> : tensor<3x2xf32>
  %c = nn.constant "c" dense<[1.0, 2.0]> : tensor<2xf32>
  %neg_zero = nn.constant "neg_zero" dense<-0.0> : tensor<2xf32>
  %zero = nn.constant "zero" dense<0.0> : tensor<2xf32>
  %a = nn.mul %x, %ones : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %b = nn.mul %x, %c : tensor<2xf32>
  %d = nn.sub %b, %neg_zero : tensor<2xf32>
  %e = nn.sub %zero, %x : tensor<2xf32>
  func.return %a, %b, %d, %e : tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// CHECK-LABEL: func.func @not_identities
// CHECK:         %a = nn.mul %x, %ones
// CHECK-NEXT:    %b = nn.mul %x, %c
// CHECK-NEXT:    %d = nn.sub %b, %neg_zero
// CHECK-NEXT:    %e = nn.sub %zero, %x

// -----

// bf16 has no numpy equivalent: left as it is.

func.func @bf16() -> tensor<2xbf16> {
  %a = nn.constant "a" dense<1.0> : tensor<2xbf16>
  %r = nn.relu %a : tensor<2xbf16>
  func.return %r : tensor<2xbf16>
}

// CHECK-LABEL: func.func @bf16
// CHECK-NEXT:    %a = nn.constant "a"
// CHECK-NEXT:    %r = nn.relu %a
