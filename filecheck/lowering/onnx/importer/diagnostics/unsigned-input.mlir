// An unsigned input keeps its signedness in the IR and in the messages.
// RUN: not asic-opt %inputs/uint8_input.onnx 2>&1 | filecheck %s

// CHECK: asic-opt: error: {{.*}}uint8_input.onnx: Relu node 'relu': input 'x' has element type ui8, but Relu is supported on float tensors only (f16, bf16, f32, f64)
