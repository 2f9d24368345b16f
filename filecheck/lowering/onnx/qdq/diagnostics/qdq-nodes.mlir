// Diagnostics of the QuantizeLinear / DequantizeLinear nodes themselves:
// the node's name and op type, what is wrong and what is supported; exit
// status 1, no traceback, no output file.

// RUN: rm -f %t
// RUN: not asic-opt %inputs/qoperator.onnx -o %t 2>&1 | filecheck %s --check-prefix=QOPERATOR
// RUN: not test -e %t

// QOPERATOR: asic-opt: error: {{.*}}qoperator.onnx: QLinearMatMul node 'qlinear': QOperator-format models are not supported; asic-opt imports QDQ models (quantize_static with quant_format=QuantFormat.QDQ)
// QOPERATOR-NOT: Traceback

// RUN: not asic-opt %inputs/per_axis_activation.onnx 2>&1 | filecheck %s --check-prefix=PER_AXIS_ACTIVATION
// PER_AXIS_ACTIVATION: asic-opt: error: {{.*}}per_axis_activation.onnx: QuantizeLinear node 'quantize_x': 'x' is quantized per axis; qnt quantizes activations per tensor (only constant weights may be quantized per axis)
// PER_AXIS_ACTIVATION-NOT: Traceback

// RUN: not asic-opt %inputs/float8.onnx 2>&1 | filecheck %s --check-prefix=FLOAT8
// FLOAT8: asic-opt: error: {{.*}}float8.onnx: QuantizeLinear node 'quantize_x': quantized type FLOAT8E4M3FN is not supported; supported types are UINT8, INT8, UINT16, INT16, UINT4 or INT4 (INT32 for constant biases)
// FLOAT8-NOT: Traceback

// RUN: not asic-opt %inputs/int32_activation.onnx 2>&1 | filecheck %s --check-prefix=INT32_ACTIVATION
// INT32_ACTIVATION: asic-opt: error: {{.*}}int32_activation.onnx: QuantizeLinear node 'quantize_x': quantized type INT32 is not supported; supported types are UINT8, INT8, UINT16, INT16, UINT4 or INT4 (INT32 for constant biases)
// INT32_ACTIVATION-NOT: Traceback

// RUN: not asic-opt %inputs/blocked.onnx 2>&1 | filecheck %s --check-prefix=BLOCKED
// BLOCKED: asic-opt: error: {{.*}}blocked.onnx: DequantizeLinear node 'dequantize_w_q': blocked quantization (block_size) is not supported; quantize per tensor or per axis
// BLOCKED-NOT: Traceback

// RUN: not asic-opt %inputs/bad_scale.onnx 2>&1 | filecheck %s --check-prefix=BAD_SCALE
// BAD_SCALE: asic-opt: error: {{.*}}bad_scale.onnx: QuantizeLinear node 'quantize_x': scale -0.5 is not supported; scales must be positive and finite
// BAD_SCALE-NOT: Traceback

// RUN: not asic-opt %inputs/scale_type.onnx 2>&1 | filecheck %s --check-prefix=SCALE_TYPE
// SCALE_TYPE: asic-opt: error: {{.*}}scale_type.onnx: QuantizeLinear node 'quantize_x': the scale must be a float tensor, got int32
// SCALE_TYPE-NOT: Traceback

// RUN: not asic-opt %inputs/scale_rank.onnx 2>&1 | filecheck %s --check-prefix=SCALE_RANK
// SCALE_RANK: asic-opt: error: {{.*}}scale_rank.onnx: QuantizeLinear node 'quantize_x': the scale must be a scalar or 1-D, got shape [2, 2]
// SCALE_RANK-NOT: Traceback

// RUN: not asic-opt %inputs/scale_empty.onnx 2>&1 | filecheck %s --check-prefix=SCALE_EMPTY
// SCALE_EMPTY: asic-opt: error: {{.*}}scale_empty.onnx: QuantizeLinear node 'quantize_x': the scale is empty
// SCALE_EMPTY-NOT: Traceback

// RUN: not asic-opt %inputs/zero_point_count.onnx 2>&1 | filecheck %s --check-prefix=ZERO_POINT_COUNT
// ZERO_POINT_COUNT: asic-opt: error: {{.*}}zero_point_count.onnx: DequantizeLinear node 'dequantize_w_q': the zero point has 2 values, the scale 3
// ZERO_POINT_COUNT-NOT: Traceback

// RUN: not asic-opt %inputs/axis_range.onnx 2>&1 | filecheck %s --check-prefix=AXIS_RANGE
// AXIS_RANGE: asic-opt: error: {{.*}}axis_range.onnx: DequantizeLinear node 'dequantize_w_q': axis 2 is out of range for a tensor of rank 2
// AXIS_RANGE-NOT: Traceback

// RUN: not asic-opt %inputs/mismatched_dq.onnx 2>&1 | filecheck %s --check-prefix=MISMATCHED_DQ
// MISMATCHED_DQ: asic-opt: error: {{.*}}mismatched_dq.onnx: DequantizeLinear node 'dequantize_x_q': reads 'x_q' with !qnt.uniform<u8:f32, 0.25:128> but it holds !qnt.uniform<u8:f32, 0.5:128>; a DequantizeLinear must use the scale and zero point its input was quantized with
// MISMATCHED_DQ-NOT: Traceback

// RUN: not asic-opt %inputs/integer_input.onnx 2>&1 | filecheck %s --check-prefix=INTEGER_INPUT
// INTEGER_INPUT: asic-opt: error: {{.*}}integer_input.onnx: DequantizeLinear node 'dequantize_x': input 'x' is an integer graph input; DequantizeLinear is supported on the output of a QuantizeLinear or on an integer initializer (give the model float inputs and quantize them in the graph)
// INTEGER_INPUT-NOT: Traceback

// RUN: not asic-opt %inputs/float_dq.onnx 2>&1 | filecheck %s --check-prefix=FLOAT_DQ
// FLOAT_DQ: asic-opt: error: {{.*}}float_dq.onnx: DequantizeLinear node 'dequantize_x': input 'x' is not quantized; DequantizeLinear is supported on the output of a QuantizeLinear or on an integer initializer
// FLOAT_DQ-NOT: Traceback

// RUN: not asic-opt %inputs/integer_quantize.onnx 2>&1 | filecheck %s --check-prefix=INTEGER_QUANTIZE
// INTEGER_QUANTIZE: asic-opt: error: {{.*}}integer_quantize.onnx: QuantizeLinear node 'quantize_counts': input 'counts' is an integer constant; QuantizeLinear quantizes float tensors
// INTEGER_QUANTIZE-NOT: Traceback

// RUN: not asic-opt %inputs/quantize_quantized.onnx 2>&1 | filecheck %s --check-prefix=QUANTIZE_QUANTIZED
// QUANTIZE_QUANTIZED: asic-opt: error: {{.*}}quantize_quantized.onnx: QuantizeLinear node 'quantize_x_q': input 'x_q' is not a float tensor; QuantizeLinear quantizes float tensors
// QUANTIZE_QUANTIZED-NOT: Traceback

// RUN: not asic-opt %inputs/stored_read.onnx 2>&1 | filecheck %s --check-prefix=STORED_READ
// STORED_READ: asic-opt: error: {{.*}}stored_read.onnx: Relu node 'relu': input 'w_q' holds the stored integers of a QuantizeLinear; they are supported as the input of DequantizeLinear only
// STORED_READ-NOT: Traceback
