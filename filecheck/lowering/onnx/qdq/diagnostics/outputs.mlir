// Diagnostics of quantized ops whose result does not go to QuantizeLinear
// nodes through at most Relu / Clip (and, after MatMul or Gemm, the Add of
// a constant bias).

// RUN: rm -f %t
// RUN: not asic-opt %inputs/conv_output_graph_output.onnx -o %t 2>&1 | filecheck %s --check-prefix=CONV_OUTPUT_GRAPH_OUTPUT
// RUN: not test -e %t

// CONV_OUTPUT_GRAPH_OUTPUT: asic-opt: error: {{.*}}conv_output_graph_output.onnx: Conv node 'conv': its output 'c' is a graph output; the result of a quantized Conv must go to QuantizeLinear nodes, directly or through Relu or Clip (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// CONV_OUTPUT_GRAPH_OUTPUT-NOT: Traceback

// RUN: not asic-opt %inputs/conv_output_float_use.onnx 2>&1 | filecheck %s --check-prefix=CONV_OUTPUT_FLOAT_USE
// CONV_OUTPUT_FLOAT_USE: asic-opt: error: {{.*}}conv_output_float_use.onnx: Conv node 'conv': its output 'c' is used by Softmax node 'softmax'; the result of a quantized Conv must go to QuantizeLinear nodes, directly or through Relu or Clip (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// CONV_OUTPUT_FLOAT_USE-NOT: Traceback

// RUN: not asic-opt %inputs/matmul_add_activation.onnx 2>&1 | filecheck %s --check-prefix=MATMUL_ADD_ACTIVATION
// MATMUL_ADD_ACTIVATION: asic-opt: error: {{.*}}matmul_add_activation.onnx: Add node 'residual': adds 'r_dq', which is not a constant, to the unquantized result of MatMul node 'matmul'; the result of a quantized MatMul must be quantized before it is added to another tensor, or have a constant bias added (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// MATMUL_ADD_ACTIVATION-NOT: Traceback

// RUN: not asic-opt %inputs/added_to_itself.onnx 2>&1 | filecheck %s --check-prefix=ADDED_TO_ITSELF
// ADDED_TO_ITSELF: asic-opt: error: {{.*}}added_to_itself.onnx: MatMul node 'matmul': its output 'm' is added to itself; a quantized MatMul is supported with an Add of a constant bias
// ADDED_TO_ITSELF-NOT: Traceback

// RUN: not asic-opt %inputs/empty_clip.onnx 2>&1 | filecheck %s --check-prefix=EMPTY_CLIP
// EMPTY_CLIP: asic-opt: error: {{.*}}empty_clip.onnx: Clip node 'clip': its output is clipped to an empty range [6.0, 0.0]
// EMPTY_CLIP-NOT: Traceback

// RUN: not asic-opt %inputs/clip_bound_shape.onnx 2>&1 | filecheck %s --check-prefix=CLIP_BOUND_SHAPE
// CLIP_BOUND_SHAPE: asic-opt: error: {{.*}}clip_bound_shape.onnx: Clip node 'clip': the min bound must be a scalar, got shape [2]
// CLIP_BOUND_SHAPE-NOT: Traceback
