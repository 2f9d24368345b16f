// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// qnt.constant "name" dense<...> : T, with T a tensor of !qnt.uniform
// elements or of signless integers (a bias). The integers are stored in a
// signless dense attribute: the narrowest of i8, i16, i32 holding the
// storage range for a quantized type (u8 needs i16), the type itself for an
// integer type. Above 100 elements xDSL prints the raw bytes in hex.

func.func @constant() {
  %w = qnt.constant "conv.weight" dense<[[1, -2], [127, -127]]> : tensor<2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
  %u = qnt.constant "u8" dense<[0, 255, 128]> : tensor<3x!qnt.uniform<u8:f32, 0.02:128>>
  %splat = qnt.constant "zeros" dense<0> : tensor<2x3x!qnt.uniform<i4:f32, 0.5>>
  %wide = qnt.constant "u16" dense<[65535, 0]> : tensor<2x!qnt.uniform<u16:f32, 1.0e-04>>
  %i16 = qnt.constant "i16" dense<[-32768, 32767]> : tensor<2x!qnt.uniform<i16:f32, 1.0e-04>>
  %b = qnt.constant "conv.bias" dense<[-524288, 524287]> : tensor<2xi20>
  %i2 = qnt.constant "two_bits" dense<[1, -2]> : tensor<2xi2>
  %scalar = qnt.constant "scalar" dense<3> : tensor<!qnt.uniform<i8:f32, 0.1>>
  %empty = qnt.constant "empty" dense<> : tensor<0x!qnt.uniform<i8:f32, 0.1>>
  %big = qnt.constant "big" dense<"0x0001020304050607080900010203040506070809000102030405060708090001020304050607080900010203040506070809000102030405060708090001020304050607080900010203040506070809000102030405060708090001020304050607080900"> {origin = "onnx"} : tensor<101x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// CHECK-LABEL: func.func @constant
// CHECK-NEXT:    %w = qnt.constant "conv.weight" dense<{{\[\[}}1, -2], [127, -127]]> : tensor<2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
// CHECK-NEXT:    %u = qnt.constant "u8" dense<[0, 255, 128]> : tensor<3x!qnt.uniform<u8:f32, 0.02:128>>
// CHECK-NEXT:    %splat = qnt.constant "zeros" dense<0> : tensor<2x3x!qnt.uniform<i4:f32, 0.5>>
// CHECK-NEXT:    %wide = qnt.constant "u16" dense<[65535, 0]> : tensor<2x!qnt.uniform<u16:f32, 0.0001>>
// CHECK-NEXT:    %i16 = qnt.constant "i16" dense<[-32768, 32767]> : tensor<2x!qnt.uniform<i16:f32, 0.0001>>
// CHECK-NEXT:    %b = qnt.constant "conv.bias" dense<[-524288, 524287]> : tensor<2xi20>
// CHECK-NEXT:    %i2 = qnt.constant "two_bits" dense<[1, -2]> : tensor<2xi2>
// CHECK-NEXT:    %scalar = qnt.constant "scalar" dense<3> : tensor<!qnt.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    %empty = qnt.constant "empty" dense<> : tensor<0x!qnt.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    %big = qnt.constant "big" dense<"0x0001020304050607080900010203040506070809000102030405060708090001020304050607080900010203040506070809000102030405060708090001020304050607080900010203040506070809000102030405060708090001020304050607080900"> {origin = "onnx"} : tensor<101x!qnt.uniform<i8:f32, 0.1>>
// CHECK-NEXT:    func.return

// GENERIC:      %w = "qnt.constant"() <{name = "conv.weight", value = dense<{{\[\[}}1, -2], [127, -127]]> : tensor<2x2xi8>}> : () -> tensor<2x2x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>
// GENERIC-NEXT: %u = "qnt.constant"() <{name = "u8", value = dense<[0, 255, 128]> : tensor<3xi16>}> : () -> tensor<3x!qnt.uniform<u8:f32, 0.02:128>>
// GENERIC-NEXT: %splat = "qnt.constant"() <{name = "zeros", value = dense<0> : tensor<2x3xi8>}> : () -> tensor<2x3x!qnt.uniform<i4:f32, 0.5>>
// GENERIC-NEXT: %wide = "qnt.constant"() <{name = "u16", value = dense<[65535, 0]> : tensor<2xi32>}> : () -> tensor<2x!qnt.uniform<u16:f32, 0.0001>>
// GENERIC-NEXT: %i16 = "qnt.constant"() <{name = "i16", value = dense<[-32768, 32767]> : tensor<2xi16>}> : () -> tensor<2x!qnt.uniform<i16:f32, 0.0001>>
// GENERIC-NEXT: %b = "qnt.constant"() <{name = "conv.bias", value = dense<[-524288, 524287]> : tensor<2xi20>}> : () -> tensor<2xi20>
