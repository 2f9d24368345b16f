// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s

// A function without qnt integer ops has no accelerator: left alone, as is
// one that only quantizes and dequantizes.

// CHECK-LABEL: func.func @float_only(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
// CHECK-NEXT:    %r = nn.relu %x : tensor<1x4xf32>
// CHECK-NEXT:    func.return %r : tensor<1x4xf32>
func.func @float_only(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = nn.relu %x : tensor<1x4xf32>
  func.return %r : tensor<1x4xf32>
}

// CHECK-LABEL: func.func @boundary_only(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
// CHECK-NEXT:    %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    %d = qnt.dequantize %q : (tensor<1x4x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x4xf32>
// CHECK-NEXT:    func.return %d : tensor<1x4xf32>
func.func @boundary_only(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = qnt.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.1>>
  %d = qnt.dequantize %q : (tensor<1x4x!qnt.uniform<i8:f32, 0.1>>) -> tensor<1x4xf32>
  func.return %d : tensor<1x4xf32>
}
