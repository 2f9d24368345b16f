// Diagnostics of attributes and shapes a quantized op does not support.

// RUN: rm -f %t
// RUN: not asic-opt %inputs/gemm_alpha.onnx -o %t 2>&1 | filecheck %s --check-prefix=GEMM_ALPHA
// RUN: not test -e %t

// GEMM_ALPHA: asic-opt: error: {{.*}}gemm_alpha.onnx: Gemm node 'gemm': a quantized Gemm is supported with alpha = beta = 1 (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// GEMM_ALPHA-NOT: Traceback

// RUN: not asic-opt %inputs/gemm_trans_a.onnx 2>&1 | filecheck %s --check-prefix=GEMM_TRANS_A
// GEMM_TRANS_A: asic-opt: error: {{.*}}gemm_trans_a.onnx: Gemm node 'gemm': a quantized Gemm is supported without transA (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// GEMM_TRANS_A-NOT: Traceback

// RUN: not asic-opt %inputs/gemm_rank.onnx 2>&1 | filecheck %s --check-prefix=GEMM_RANK
// GEMM_RANK: asic-opt: error: {{.*}}gemm_rank.onnx: Gemm node 'gemm': Gemm is supported on 2-D A and B
// GEMM_RANK-NOT: Traceback

// RUN: not asic-opt %inputs/conv1d.onnx 2>&1 | filecheck %s --check-prefix=CONV1D
// CONV1D: asic-opt: error: {{.*}}conv1d.onnx: Conv node 'conv': a quantized Conv is supported on 2-D inputs (rank 4, NCHW), got rank 3 (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// CONV1D-NOT: Traceback

// RUN: not asic-opt %inputs/conv_weight_rank.onnx 2>&1 | filecheck %s --check-prefix=CONV_WEIGHT_RANK
// CONV_WEIGHT_RANK: asic-opt: error: {{.*}}conv_weight_rank.onnx: Conv node 'conv': the weight has rank 3, the input rank 4
// CONV_WEIGHT_RANK-NOT: Traceback

// RUN: not asic-opt %inputs/conv_kernel_shape.onnx 2>&1 | filecheck %s --check-prefix=CONV_KERNEL_SHAPE
// CONV_KERNEL_SHAPE: asic-opt: error: {{.*}}conv_kernel_shape.onnx: Conv node 'conv': kernel_shape [2, 2] does not match the weight's shape [3, 2, 3, 3]
// CONV_KERNEL_SHAPE-NOT: Traceback

// RUN: not asic-opt %inputs/matmul_rank.onnx 2>&1 | filecheck %s --check-prefix=MATMUL_RANK
// MATMUL_RANK: asic-opt: error: {{.*}}matmul_rank.onnx: MatMul node 'matmul': a quantized MatMul with a constant right operand is supported for an input of rank >= 2 and a 2-D weight, got [4] @ [4, 3]
// MATMUL_RANK-NOT: Traceback

// RUN: not asic-opt %inputs/matmul_vector.onnx 2>&1 | filecheck %s --check-prefix=MATMUL_VECTOR
// MATMUL_VECTOR: asic-opt: error: {{.*}}matmul_vector.onnx: MatMul node 'matmul': a quantized MatMul is supported on operands of rank >= 2
// MATMUL_VECTOR-NOT: Traceback

// RUN: not asic-opt %inputs/pool_kernel_shape.onnx 2>&1 | filecheck %s --check-prefix=POOL_KERNEL_SHAPE
// POOL_KERNEL_SHAPE: asic-opt: error: {{.*}}pool_kernel_shape.onnx: MaxPool node 'maxpool': kernel_shape must have 2 values, one per spatial axis
// POOL_KERNEL_SHAPE-NOT: Traceback

// RUN: not asic-opt %inputs/maxpool_indices.onnx 2>&1 | filecheck %s --check-prefix=MAXPOOL_INDICES
// MAXPOOL_INDICES: asic-opt: error: {{.*}}maxpool_indices.onnx: MaxPool node 'maxpool': the Indices output is not supported; MaxPool is supported with one output
// MAXPOOL_INDICES-NOT: Traceback

// RUN: not asic-opt %inputs/concat_axis.onnx 2>&1 | filecheck %s --check-prefix=CONCAT_AXIS
// CONCAT_AXIS: asic-opt: error: {{.*}}concat_axis.onnx: Concat node 'concat': axis 3 is out of range for a tensor of rank 2
// CONCAT_AXIS-NOT: Traceback

// RUN: not asic-opt %inputs/broadcast.onnx 2>&1 | filecheck %s --check-prefix=BROADCAST
// BROADCAST: asic-opt: error: {{.*}}broadcast.onnx: Add node 'add': cannot be expressed in qnt: operand shapes [1, 4] and [1, 3] do not broadcast
// BROADCAST-NOT: Traceback
