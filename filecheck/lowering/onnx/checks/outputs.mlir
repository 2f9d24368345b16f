// A graph without outputs, and declared outputs that disagree with what the
// graph computes (shape, rank, element type).
// RUN: %write_models %t
// RUN: not asic-opt %t/no_outputs.onnx -o %t/out.mlir 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not test -e %t/out.mlir
// RUN: asic-opt %t/no_outputs.onnx --onnx-outputs y | filecheck %s --check-prefix=CUT
// RUN: not asic-opt %t/declared_shape.onnx 2>&1 | filecheck %s --check-prefix=SHAPE
// RUN: not asic-opt %t/declared_rank.onnx 2>&1 | filecheck %s --check-prefix=RANK
// RUN: not asic-opt %t/declared_type.onnx 2>&1 | filecheck %s --check-prefix=TYPE

// NONE: asic-opt: error: {{.*}}no_outputs.onnx: the graph has no outputs: an ONNX graph declares at least one (or name the tensors to compute with --onnx-outputs)
// NONE-NOT: Traceback
// CUT: -> (tensor<1x3xf32> {nn.name = "y"})
// SHAPE: asic-opt: error: {{.*}}declared_shape.onnx: graph output 'y' is declared as FLOAT [1, 5], but the graph computes f32 [1, 3] for it (the dimension 1 differs): fix or remove the declared type
// RANK: graph output 'y' is declared as FLOAT [3], but the graph computes f32 [1, 3] for it (the rank differs)
// TYPE: graph output 'y' is declared as DOUBLE [1, 3], but the graph computes f32 [1, 3] for it (the element type differs)
