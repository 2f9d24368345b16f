// Neg, Abs and Sign of integers (ONNX's semantics: the nn ops wrap at the
// minimum of a signed type), ArgMin of integers by complement (negation
// would wrap), and Neg of an unsigned type, which ONNX does not define.
// RUN: asic-opt %inputs/integer_unary.onnx | filecheck %s
// RUN: not asic-opt %inputs/neg_unsigned.onnx 2>&1 | filecheck %s --check-prefix=UNSIGNED

// CHECK:      %negated = nn.neg %a : tensor<2x3xi8>
// CHECK-NEXT: %magnitude = nn.abs %a : tensor<2x3xi8>
// CHECK-NEXT: %signs = nn.sign %u : tensor<2x3xui16>
// CHECK-NEXT: %0 = nn.bitwise_not %a : tensor<2x3xi8>
// CHECK-NEXT: %smallest = nn.argmax %0 axis 1 : (tensor<2x3xi8>) -> tensor<2x1xi64>

// UNSIGNED:      asic-opt: error: {{.*}}neg_unsigned.onnx: Neg node 'neg': cannot be expressed as nn.neg: operand 'input' at position 0 does not verify:
// UNSIGNED-NEXT: expected a statically shaped tensor of f16, bf16, f32, f64 or a signed integer type (i8 to i64), got tensor<2x3xui8>
// UNSIGNED-NOT:  Traceback
