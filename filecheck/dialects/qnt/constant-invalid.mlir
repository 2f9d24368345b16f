// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of qnt.constant, one per chunk.

func.func @empty_name() {
  // CHECK: Operation does not verify: constant name must not be empty{{$}}
  %c = qnt.constant "" dense<1> : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @non_ascii_name() {
  // xDSL prints such a string as bytes and cannot read it back as a string.
  // CHECK: Operation does not verify: constant name must be ASCII, got 'poids_é'{{$}}
  %c = qnt.constant "poids_\C3\A9" dense<1> : tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @missing_name() {
  // CHECK: Operation does not verify: property 'name' expected in operation 'qnt.constant'{{$}}
  %c = "qnt.constant"() <{value = dense<1> : tensor<2xi8>}> : () -> tensor<2xi8>
  func.return
}

// -----

func.func @container() {
  // u8 values up to 255 need an i16 container.
  // CHECK: Operation does not verify: the value of a constant of type tensor<2x!qnt.uniform<u8:f32, 0.1>> must have type tensor<2xi16>, got tensor<2xi8>{{$}}
  %c = "qnt.constant"() <{name = "c", value = dense<1> : tensor<2xi8>}> : () -> tensor<2x!qnt.uniform<u8:f32, 0.1>>
  func.return
}

// -----

func.func @shape() {
  // CHECK: Operation does not verify: the value of a constant of type tensor<2x!qnt.uniform<i8:f32, 0.1>> must have type tensor<2xi8>, got tensor<3xi8>{{$}}
  %c = "qnt.constant"() <{name = "c", value = dense<1> : tensor<3xi8>}> : () -> tensor<2x!qnt.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @integer_container() {
  // CHECK: Operation does not verify: the value of a constant of type tensor<2xi20> must have type tensor<2xi20>, got tensor<2xi32>{{$}}
  %c = "qnt.constant"() <{name = "c", value = dense<1> : tensor<2xi32>}> : () -> tensor<2xi20>
  func.return
}

// -----

func.func @narrowed_range() {
  // CHECK: Operation does not verify: value -128 is outside [-127, 127], the storage range of !qnt.uniform<i8<-127:127>:f32, 0.1>{{$}}
  %c = qnt.constant "c" dense<[1, -128]> : tensor<2x!qnt.uniform<i8<-127:127>:f32, 0.1>>
  func.return
}

// -----

func.func @storage_range() {
  // CHECK: Operation does not verify: value 16 is outside [0, 15], the storage range of !qnt.uniform<u4:f32, 0.1>{{$}}
  %c = qnt.constant "c" dense<[16, 0]> : tensor<2x!qnt.uniform<u4:f32, 0.1>>
  func.return
}

// -----

func.func @integer_range() {
  // The bytes 0xFFFF0F00 are 1048575 in the i32 container of i20.
  // CHECK: Operation does not verify: value 1048575 is outside [-524288, 524287], the range of i20{{$}}
  %c = qnt.constant "c" dense<"0xFFFF0F00"> : tensor<1xi20>
  func.return
}

// -----

func.func @scales_per_axis() {
  // CHECK: Operation does not verify: result has 2 scales for axis 1 of size 3{{$}}
  %c = qnt.constant "c" dense<1> : tensor<2x3x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>
  func.return
}

// -----

func.func @axis_out_of_range() {
  // CHECK: Operation does not verify: result: quantization axis 1 is out of range for rank 1{{$}}
  %c = qnt.constant "c" dense<1> : tensor<2x!qnt.uniform<i8:f32:1, {0.1, 0.2}>>
  func.return
}

// -----

func.func @float_result() {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements or signless integers of 2 to 64 bits, got tensor<2xf32>{{$}}
  %c = "qnt.constant"() <{name = "c", value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  func.return
}

// -----

func.func @signed_integer_result() {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements or signless integers of 2 to 64 bits, got tensor<2xsi8>{{$}}
  %c = "qnt.constant"() <{name = "c", value = dense<1> : tensor<2xsi8>}> : () -> tensor<2xsi8>
  func.return
}

// -----

func.func @one_bit_result() {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of !qnt.uniform elements or signless integers of 2 to 64 bits, got tensor<2xi1>{{$}}
  %c = "qnt.constant"() <{name = "c", value = dense<1> : tensor<2xi1>}> : () -> tensor<2xi1>
  func.return
}
