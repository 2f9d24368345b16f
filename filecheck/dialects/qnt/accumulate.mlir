// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.conv2d, qnt.dense, qnt.matmul: quantized operands, signless integer
// accumulators. Each result below is the narrowest accumulator the verifier
// accepts (accumulate-invalid.mlir shows the next narrower one rejected):
// u8 input with zero point 128 times symmetric i8<-127:127> weights, K = 27:
// |acc| <= 27 * 128 * 127 = 438912 < 2^19, i20; plus an i20 bias, i21.

!x8 = tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>
!w8 = tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>

func.func @conv2d(%x: !x8, %w: !w8, %b: tensor<4xi20>, %xg: tensor<2x4x5x5x!qnt.uniform<i8:f32, 0.05:-3>>, %wg: tensor<4x2x3x3x!qnt.uniform<i8:f32, 0.1>>, %xd: tensor<1x2x9x9x!qnt.uniform<u8:f32, 0.05>>, %wd: tensor<2x1x2x2x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>) {
  %acc = qnt.conv2d %x, %w : (!x8, !w8) -> tensor<1x4x6x6xi20>
  %explicit = qnt.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 : (!x8, !w8) -> tensor<1x4x6x6xi20>
  %biased = qnt.conv2d %x, %w, %b pads [1, 1, 1, 1] strides [2, 2] : (!x8, !w8, tensor<4xi20>) -> tensor<1x4x4x4xi21>
  %wider = qnt.conv2d %x, %w : (!x8, !w8) -> tensor<1x4x6x6xi32>
  %grouped = qnt.conv2d %xg, %wg groups 2 pads [1, 1, 1, 1] : (tensor<2x4x5x5x!qnt.uniform<i8:f32, 0.05:-3>>, tensor<4x2x3x3x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x4x5x5xi20>
  %depthwise = qnt.conv2d %xd, %wd groups 2 dilations [2, 2] strides [3, 3] {tag = "dw"} : (tensor<1x2x9x9x!qnt.uniform<u8:f32, 0.05>>, tensor<2x1x2x2x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>) -> tensor<1x2x3x3xi19>
  func.return
}

// CHECK-LABEL: func.func @conv2d
// CHECK-NEXT:    %acc = qnt.conv2d %x, %w : (tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>) -> tensor<1x4x6x6xi20>
// CHECK-NEXT:    %explicit = qnt.conv2d %x, %w : (tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>) -> tensor<1x4x6x6xi20>
// CHECK-NEXT:    %biased = qnt.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>, tensor<4xi20>) -> tensor<1x4x4x4xi21>
// CHECK-NEXT:    %wider = qnt.conv2d %x, %w : (tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>) -> tensor<1x4x6x6xi32>
// CHECK-NEXT:    %grouped = qnt.conv2d %xg, %wg pads [1, 1, 1, 1] groups 2 : (tensor<2x4x5x5x!qnt.uniform<i8:f32, 0.05:-3>>, tensor<4x2x3x3x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x4x5x5xi20>
// CHECK-NEXT:    %depthwise = qnt.conv2d %xd, %wd strides [3, 3] dilations [2, 2] groups 2 {tag = "dw"} : (tensor<1x2x9x9x!qnt.uniform<u8:f32, 0.05>>, tensor<2x1x2x2x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>) -> tensor<1x2x3x3xi19>
// CHECK-NEXT:    func.return

// GENERIC: %acc = "qnt.conv2d"(%x, %w) <{strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}> : (tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>) -> tensor<1x4x6x6xi20>

func.func @dense(%x: tensor<2x16x!qnt.uniform<u8:f32, 0.05>>, %w: tensor<2x16x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>, %b: tensor<2xi8>, %x4: tensor<1x8x!qnt.uniform<i4:f32, 0.5>>, %w4: tensor<3x8x!qnt.uniform<i4:f32, 0.25>>) {
  %acc = qnt.dense %x, %w : (tensor<2x16x!qnt.uniform<u8:f32, 0.05>>, tensor<2x16x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>) -> tensor<2x2xi21>
  %biased = qnt.dense %x, %w, %b : (tensor<2x16x!qnt.uniform<u8:f32, 0.05>>, tensor<2x16x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>, tensor<2xi8>) -> tensor<2x2xi21>
  %small = qnt.dense %x4, %w4 : (tensor<1x8x!qnt.uniform<i4:f32, 0.5>>, tensor<3x8x!qnt.uniform<i4:f32, 0.25>>) -> tensor<1x3xi11>
  func.return
}

// CHECK-LABEL: func.func @dense
// CHECK-NEXT:    %acc = qnt.dense %x, %w : (tensor<2x16x!qnt.uniform<u8:f32, 0.05>>, tensor<2x16x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>) -> tensor<2x2xi21>
// CHECK-NEXT:    %biased = qnt.dense %x, %w, %b : (tensor<2x16x!qnt.uniform<u8:f32, 0.05>>, tensor<2x16x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>, tensor<2xi8>) -> tensor<2x2xi21>
// CHECK-NEXT:    %small = qnt.dense %x4, %w4 : (tensor<1x8x!qnt.uniform<i4:f32, 0.5>>, tensor<3x8x!qnt.uniform<i4:f32, 0.25>>) -> tensor<1x3xi11>
// CHECK-NEXT:    func.return

// GENERIC: %acc = "qnt.dense"(%x, %w) : (tensor<2x16x!qnt.uniform<u8:f32, 0.05>>, tensor<2x16x!qnt.uniform<u8:f32:0, {0.1:128, 0.2:3}>>) -> tensor<2x2xi21>

func.func @matmul(%a: tensor<2x3x4x!qnt.uniform<i8:f32, 0.1:5>>, %b: tensor<4x5x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.2, 0.2, 0.3}>>, %c: tensor<1x4x5x!qnt.uniform<i8:f32, 0.1>>) {
  %acc = qnt.matmul %a, %b : (tensor<2x3x4x!qnt.uniform<i8:f32, 0.1:5>>, tensor<4x5x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.2, 0.2, 0.3}>>) -> tensor<2x3x5xi18>
  %batched = qnt.matmul %a, %c : (tensor<2x3x4x!qnt.uniform<i8:f32, 0.1:5>>, tensor<1x4x5x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x3x5xi18>
  func.return
}

// CHECK-LABEL: func.func @matmul
// CHECK-NEXT:    %acc = qnt.matmul %a, %b : (tensor<2x3x4x!qnt.uniform<i8:f32, 0.1:5>>, tensor<4x5x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.2, 0.2, 0.3}>>) -> tensor<2x3x5xi18>
// CHECK-NEXT:    %batched = qnt.matmul %a, %c : (tensor<2x3x4x!qnt.uniform<i8:f32, 0.1:5>>, tensor<1x4x5x!qnt.uniform<i8:f32, 0.1>>) -> tensor<2x3x5xi18>
// CHECK-NEXT:    func.return

// GENERIC: %acc = "qnt.matmul"(%a, %b) : (tensor<2x3x4x!qnt.uniform<i8:f32, 0.1:5>>, tensor<4x5x!qnt.uniform<i8:f32:1, {0.1, 0.1, 0.2, 0.2, 0.3}>>) -> tensor<2x3x5xi18>
