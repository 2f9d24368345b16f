// Only dim 0 of an input may be symbolic (it is the batch).
// RUN: rm -f %t
// RUN: not asic-opt %inputs/dynamic_dim.onnx -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK: asic-opt: error: {{.*}}dynamic_dim.onnx: graph input 'x' has a symbolic dimension 'C' at axis 1; only the batch dimension (axis 0) may be dynamic, all others must be static
