// A model with several problems is one diagnostic listing them all: the
// graph inputs', every unsupported node (op type and name, also after a
// failed node), every attribute outside what is supported; a supported node
// reading a failed tensor is not reported. The supported op types once, at
// the end. Exit status 1, no output file.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/several_problems.onnx -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK:      asic-opt: error: {{.*}}several_problems.onnx: 4 problems:
// CHECK-NEXT:   graph input 'z' has a symbolic dimension 'C' at axis 1; only the batch dimension (axis 0) may be dynamic, all others must be static
// CHECK-NEXT:   Unique node 'unique1': op type Unique is not supported
// CHECK-NEXT:   NonZero node 'nonzero1': op type NonZero is not supported
// CHECK-NEXT:   MaxPool node 'pool': auto_pad 'SAME' is not supported; supported values are NOTSET, VALID, SAME_UPPER and SAME_LOWER
// CHECK-NEXT: supported op types are Abs, {{.*}}, Add, {{.*}}, Conv, {{.*}}, Unsqueeze, Upsample, Where, Xor
// CHECK-NOT:  relu_after
// CHECK-NOT:  Traceback
