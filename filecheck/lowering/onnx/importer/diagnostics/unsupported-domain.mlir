// A node of another domain (ai.onnx.ml) among the imported ones; cutting the
// graph before it (cut_outputs.mlir) imports the rest.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/ml_branch.onnx -o %t 2>&1 | filecheck %s
// RUN: not test -e %t

// CHECK: asic-opt: error: {{.*}}ml_branch.onnx: ArrayFeatureExtractor node 'label': domain 'ai.onnx.ml' is not supported; asic-opt imports ops of the default ONNX domain only (cut the graph before this node with outputs / --onnx-outputs)
