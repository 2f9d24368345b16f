// An op type the frontend does not convert: the node's name and op type, and
// the list of supported op types. Exit status 1, no output file.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/unsupported_op.onnx -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK:     asic-opt: error: {{.*}}unsupported_op.onnx: Unique node 'unique1': op type Unique is not supported; supported op types are Abs, {{.*}}, Add, {{.*}}, AveragePool, BatchNormalization, {{.*}}, Conv, {{.*}}, Gemm, {{.*}}, Unsqueeze, Upsample, Where, Xor
// CHECK-NOT: Traceback
