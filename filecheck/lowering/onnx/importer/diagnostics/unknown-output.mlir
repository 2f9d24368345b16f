// --onnx-outputs names a tensor the graph does not have.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/conv_net.onnx --onnx-outputs nope -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK: asic-opt: error: {{.*}}conv_net.onnx: unknown output 'nope': the graph has no tensor of that name (outputs must name tensors that nodes, inputs or initializers define)
