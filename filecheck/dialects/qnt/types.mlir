// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: xdsl-opt %s | filecheck %s

// The !qnt.uniform element type: signed iN and unsigned uN storage of 2 to
// 16 bits, an optional narrowed storage range, the expressed float type, and
// one scale[:zero point] per tensor or {...} per index of an axis. A zero
// point of 0 is not printed; a scale prints as the shortest decimal that
// reads back exactly, always with a '.'.

func.func private @per_tensor(
  tensor<4x!qnt.uniform<i8:f32, 0.0125:-3>>,
  tensor<4x!qnt.uniform<u8:f32, 0.02:128>>,
  tensor<4x!qnt.uniform<i8:f32, 0.5:0>>,
  tensor<4x!qnt.uniform<i8:f32, 2>>,
  tensor<4x!qnt.uniform<i2:f32, 1.0:-2>>,
  tensor<4x!qnt.uniform<u2:f32, 1.0:3>>,
  tensor<4x!qnt.uniform<i3:f32, 0.25:3>>,
  tensor<4x!qnt.uniform<u4:f32, 0.1:15>>,
  tensor<4x!qnt.uniform<i16:f32, 1.0e-05:-32768>>,
  tensor<4x!qnt.uniform<u16:f32, 3.0517578125e-05:65535>>,
  tensor<4x!qnt.uniform<i8<-127:127>:f32, 0.02>>,
  tensor<4x!qnt.uniform<u8<1:255>:f32, 0.02:1>>,
  tensor<4x!qnt.uniform<i8<-128:127>:f32, 0.02>>,
  tensor<4x!qnt.uniform<i4<-7:7>:f16, 1.5e+20>>,
  tensor<4x!qnt.uniform<i8:bf16, 0.1>>,
  tensor<4x!qnt.uniform<i8:f64, 0.1>>,
  tensor<!qnt.uniform<i8:f32, 0.1>>
)

// CHECK:      func.func private @per_tensor(
// CHECK-SAME: tensor<4x!qnt.uniform<i8:f32, 0.0125:-3>>,
// CHECK-SAME: tensor<4x!qnt.uniform<u8:f32, 0.02:128>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i8:f32, 0.5>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i8:f32, 2.0>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i2:f32, 1.0:-2>>,
// CHECK-SAME: tensor<4x!qnt.uniform<u2:f32, 1.0:3>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i3:f32, 0.25:3>>,
// CHECK-SAME: tensor<4x!qnt.uniform<u4:f32, 0.1:15>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i16:f32, 1.0e-05:-32768>>,
// CHECK-SAME: tensor<4x!qnt.uniform<u16:f32, 3.0517578125e-05:65535>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i8<-127:127>:f32, 0.02>>,
// CHECK-SAME: tensor<4x!qnt.uniform<u8<1:255>:f32, 0.02:1>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i8:f32, 0.02>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i4<-7:7>:f16, 1.5e+20>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i8:bf16, 0.1>>,
// CHECK-SAME: tensor<4x!qnt.uniform<i8:f64, 0.1>>,
// CHECK-SAME: tensor<!qnt.uniform<i8:f32, 0.1>>)

func.func private @per_axis(
  tensor<3x2x!qnt.uniform<i8:f32:0, {0.01, 0.02:1, 0.04:-1}>>,
  tensor<3x2x!qnt.uniform<u8:f32:1, {0.5:128, 0.25:0}>>,
  tensor<1x!qnt.uniform<i4<-7:7>:f32:0, {1.0e-03}>>,
  tensor<2x2x!qnt.uniform<i16:f64:1, {0.1:0, 0.2:0}>>
)

// CHECK:      func.func private @per_axis(
// CHECK-SAME: tensor<3x2x!qnt.uniform<i8:f32:0, {0.01, 0.02:1, 0.04:-1}>>,
// CHECK-SAME: tensor<3x2x!qnt.uniform<u8:f32:1, {0.5:128, 0.25}>>,
// CHECK-SAME: tensor<1x!qnt.uniform<i4<-7:7>:f32:0, {0.001}>>,
// CHECK-SAME: tensor<2x2x!qnt.uniform<i16:f64:1, {0.1, 0.2}>>)

// Every storage width, signed and unsigned.

func.func private @widths(
  tensor<2x!qnt.uniform<i2:f32, 0.5>>,
  tensor<2x!qnt.uniform<u2:f32, 0.5>>,
  tensor<2x!qnt.uniform<i3:f32, 0.5>>,
  tensor<2x!qnt.uniform<u3:f32, 0.5>>,
  tensor<2x!qnt.uniform<i4:f32, 0.5>>,
  tensor<2x!qnt.uniform<u4:f32, 0.5>>,
  tensor<2x!qnt.uniform<i5:f32, 0.5>>,
  tensor<2x!qnt.uniform<u5:f32, 0.5>>,
  tensor<2x!qnt.uniform<i6:f32, 0.5>>,
  tensor<2x!qnt.uniform<u6:f32, 0.5>>,
  tensor<2x!qnt.uniform<i7:f32, 0.5>>,
  tensor<2x!qnt.uniform<u7:f32, 0.5>>,
  tensor<2x!qnt.uniform<i8:f32, 0.5>>,
  tensor<2x!qnt.uniform<u8:f32, 0.5>>,
  tensor<2x!qnt.uniform<i9:f32, 0.5>>,
  tensor<2x!qnt.uniform<u9:f32, 0.5>>,
  tensor<2x!qnt.uniform<i10:f32, 0.5>>,
  tensor<2x!qnt.uniform<u10:f32, 0.5>>,
  tensor<2x!qnt.uniform<i11:f32, 0.5>>,
  tensor<2x!qnt.uniform<u11:f32, 0.5>>,
  tensor<2x!qnt.uniform<i12:f32, 0.5>>,
  tensor<2x!qnt.uniform<u12:f32, 0.5>>,
  tensor<2x!qnt.uniform<i13:f32, 0.5>>,
  tensor<2x!qnt.uniform<u13:f32, 0.5>>,
  tensor<2x!qnt.uniform<i14:f32, 0.5>>,
  tensor<2x!qnt.uniform<u14:f32, 0.5>>,
  tensor<2x!qnt.uniform<i15:f32, 0.5>>,
  tensor<2x!qnt.uniform<u15:f32, 0.5>>,
  tensor<2x!qnt.uniform<i16:f32, 0.5>>,
  tensor<2x!qnt.uniform<u16:f32, 0.5>>
)

// CHECK:      func.func private @widths(
// CHECK-SAME: tensor<2x!qnt.uniform<i2:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u2:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i3:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u3:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i4:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u4:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i5:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u5:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i6:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u6:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i7:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u7:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i8:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u8:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i9:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u9:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i10:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u10:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i11:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u11:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i12:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u12:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i13:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u13:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i14:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u14:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i15:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u15:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<i16:f32, 0.5>>,
// CHECK-SAME: tensor<2x!qnt.uniform<u16:f32, 0.5>>)
