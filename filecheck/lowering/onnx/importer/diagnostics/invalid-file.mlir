// A truncated model does not decode as a protobuf.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/truncated.onnx -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK:     asic-opt: error: {{.*}}truncated.onnx: the file is not a valid ONNX model (the protobuf does not decode; is it truncated?)
// CHECK-NOT: Traceback
