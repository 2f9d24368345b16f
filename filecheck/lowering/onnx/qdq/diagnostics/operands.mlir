// Diagnostics of quantized ops whose weights, biases or other operands do
// not fit their integer pattern: the node, what does not fit, what is
// supported (and, where a float import would work, the --keep-qdq hint).

// RUN: rm -f %t
// RUN: not asic-opt %inputs/float_weight.onnx -o %t 2>&1 | filecheck %s --check-prefix=FLOAT_WEIGHT
// RUN: not test -e %t

// FLOAT_WEIGHT: asic-opt: error: {{.*}}float_weight.onnx: Conv node 'conv': the weight 'w' is not a quantized constant; a quantized Conv needs its weight from a DequantizeLinear of a constant integer initializer (UINT8, INT8, UINT16, INT16, UINT4 or INT4) (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// FLOAT_WEIGHT-NOT: Traceback

// RUN: not asic-opt %inputs/weight_axis.onnx 2>&1 | filecheck %s --check-prefix=WEIGHT_AXIS
// WEIGHT_AXIS: asic-opt: error: {{.*}}weight_axis.onnx: Conv node 'conv': the weight 'w_dq' is quantized per axis along axis 1; per-axis weights of Conv are supported along the output channels (axis 0)
// WEIGHT_AXIS-NOT: Traceback

// RUN: not asic-opt %inputs/bias_scale.onnx 2>&1 | filecheck %s --check-prefix=BIAS_SCALE
// BIAS_SCALE: asic-opt: error: {{.*}}bias_scale.onnx: Conv node 'conv': the bias 'b_dq' has scale 0.25 (channel 0) but the accumulator has scale 0.125 = input scale x weight scale; an INT32 bias must be quantized to the accumulator's scale
// BIAS_SCALE-NOT: Traceback

// RUN: not asic-opt %inputs/bias_zero_point.onnx 2>&1 | filecheck %s --check-prefix=BIAS_ZERO_POINT
// BIAS_ZERO_POINT: asic-opt: error: {{.*}}bias_zero_point.onnx: Conv node 'conv': the bias 'b_dq' has a nonzero zero point; INT32 biases must have zero point 0
// BIAS_ZERO_POINT-NOT: Traceback

// RUN: not asic-opt %inputs/bias_shape.onnx 2>&1 | filecheck %s --check-prefix=BIAS_SHAPE
// BIAS_SHAPE: asic-opt: error: {{.*}}bias_shape.onnx: Conv node 'conv': the bias 'b_dq' has shape [3, 3]; a bias of [3] or [1, 3] is supported
// BIAS_SHAPE-NOT: Traceback

// RUN: not asic-opt %inputs/bias_not_constant.onnx 2>&1 | filecheck %s --check-prefix=BIAS_NOT_CONSTANT
// BIAS_NOT_CONSTANT: asic-opt: error: {{.*}}bias_not_constant.onnx: Gemm node 'gemm': the bias 'c_dq' is neither a DequantizeLinear of an INT32 initializer nor a float constant; the bias of a quantized op must be constant (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// BIAS_NOT_CONSTANT-NOT: Traceback

// RUN: not asic-opt %inputs/int32_operand.onnx 2>&1 | filecheck %s --check-prefix=INT32_OPERAND
// INT32_OPERAND: asic-opt: error: {{.*}}int32_operand.onnx: Add node 'add': input 'b_dq' is an INT32 constant; INT32 is supported for the bias of Conv, Gemm and MatMul only
// INT32_OPERAND-NOT: Traceback

// RUN: not asic-opt %inputs/unquantized_operand.onnx 2>&1 | filecheck %s --check-prefix=UNQUANTIZED_OPERAND
// UNQUANTIZED_OPERAND: asic-opt: error: {{.*}}unquantized_operand.onnx: Add node 'add': input 'r' is not quantized (it is not the output of a DequantizeLinear); Add on quantized tensors needs every data input quantized (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// UNQUANTIZED_OPERAND-NOT: Traceback

// RUN: not asic-opt %inputs/per_axis_operand.onnx 2>&1 | filecheck %s --check-prefix=PER_AXIS_OPERAND
// PER_AXIS_OPERAND: asic-opt: error: {{.*}}per_axis_operand.onnx: Add node 'add': input 'w_dq' is quantized per axis; Add needs it quantized per tensor (or import with --keep-qdq to keep the QDQ model as float fake quantization)
// PER_AXIS_OPERAND-NOT: Traceback

// RUN: not asic-opt %inputs/multiplier_overflow.onnx 2>&1 | filecheck %s --check-prefix=MULTIPLIER_OVERFLOW
// MULTIPLIER_OVERFLOW: asic-opt: error: {{.*}}multiplier_overflow.onnx: Add node 'add': cannot be expressed in qnt: the multiplier 500000001997.9014 does not fit in 31 bits (it is >= 2^31)
// MULTIPLIER_OVERFLOW-NOT: Traceback
