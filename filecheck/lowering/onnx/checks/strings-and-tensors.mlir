// Strings that are not UTF-8 (the protobuf library hands them over as
// bytes) and a tensor with a negative dimension: diagnostics, not crashes.
// RUN: %write_models %t
// RUN: not asic-opt %t/utf8_op_type.onnx -o %t/out.mlir 2>&1 | filecheck %s --check-prefix=OPTYPE
// RUN: not test -e %t/out.mlir
// RUN: not asic-opt %t/utf8_name.onnx 2>&1 | filecheck %s --check-prefix=NAME
// RUN: not asic-run %t/utf8_name.onnx --inputs %t/none.npz --output %t/out.npz 2>&1 | filecheck %s --check-prefix=NAME
// RUN: not asic-opt %t/negative_dim.onnx 2>&1 | filecheck %s --check-prefix=NEGATIVE

// OPTYPE: asic-opt: error: {{.*}}utf8_op_type.onnx: model.graph.node[0].op_type is not valid UTF-8 (b'Mat\xffu\xfe'); ONNX strings are UTF-8
// OPTYPE-NOT: Traceback
// NAME: error: {{.*}}utf8_name.onnx: model.graph.initializer[0].name is not valid UTF-8 (b'w\xc3'); ONNX strings are UTF-8
// NAME-NOT: Traceback
// NEGATIVE: asic-opt: error: {{.*}}negative_dim.onnx: tensor 'w' (model.graph.initializer[0]) has a negative dimension -3 (dims [4, -3]); dimensions are >= 0
