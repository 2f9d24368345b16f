// An attribute the op does not define, one of the wrong kind, a flag that
// is not 0 or 1, and a value from a version of the op newer than the
// model's opset: diagnostics naming the node, no output file.
// RUN: %write_models %t
// RUN: not asic-opt %t/undefined_attribute.onnx -o %t/out.mlir 2>&1 | filecheck %s --check-prefix=UNDEFINED
// RUN: not test -e %t/out.mlir
// RUN: not asic-opt %t/list_for_int.onnx 2>&1 | filecheck %s --check-prefix=LIST
// RUN: not asic-opt %t/int_for_list.onnx 2>&1 | filecheck %s --check-prefix=INT
// RUN: not asic-opt %t/flag_value.onnx 2>&1 | filecheck %s --check-prefix=FLAG
// RUN: not asic-opt %t/newer_value_18.onnx 2>&1 | filecheck %s --check-prefix=NEWER
// RUN: asic-opt %t/newer_value_19.onnx | filecheck %s --check-prefix=VALUE-OK
// RUN: asic-opt %t/good.onnx | filecheck %s --check-prefix=GOOD

// UNDEFINED: asic-opt: error: {{.*}}undefined_attribute.onnx: MatMul node 'mm': attribute 'axis' is not defined by MatMul (opset 13), whose attributes are: none
// UNDEFINED-NOT: Traceback
// LIST: asic-opt: error: {{.*}}list_for_int.onnx: Gemm node 'fc': attribute 'transB' is INTS (a list of integers), but Gemm defines it as INT (an integer)
// INT: asic-opt: error: {{.*}}int_for_list.onnx: Transpose node 't': attribute 'perm' is INT (an integer), but Transpose defines it as INTS (a list of integers)
// FLAG: asic-opt: error: {{.*}}flag_value.onnx: Gemm node 'fc': attribute 'transB' is a flag, 0 or 1, got 99
// NEWER: asic-opt: error: {{.*}}newer_value_18.onnx: Resize node 'up': coordinate_transformation_mode 'half_pixel_symmetric' is defined from version 19 of Resize on, and the model's opset 18 has version 18
// NEWER-NOT: Traceback
// VALUE-OK: nn.
// GOOD: nn.dense
