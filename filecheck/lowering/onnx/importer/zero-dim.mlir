// A static dimension of size 0 is an empty tensor, not a dynamic dimension:
// neither the batch (axis 0) nor a diagnostic.
// RUN: asic-opt %inputs/zero_dim.onnx | filecheck %s

// CHECK: func.func @main(%x: tensor<3x0xf32> {nn.name = "x"}, %e: tensor<0x3x4xf32> {nn.name = "e"})
// CHECK: nn.relu %x : tensor<3x0xf32>
// CHECK: nn.relu %e : tensor<0x3x4xf32>
