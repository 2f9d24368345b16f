// A tensor stored in an external file that is not next to the model.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/missing_external.onnx -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK: asic-opt: error: {{.*}}missing_external.onnx: initializer 'w' keeps its data in the external file 'missing_weights.bin', which is not next to the model (no file '{{.*}}inputs{{/|\\}}missing_weights.bin')
