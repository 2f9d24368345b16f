// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Constraints shared by the ops: tensor types of operands and results, and
// the kinds of properties (written here in the generic form, which can hold
// any attribute).

func.func @dynamic_shape(%x: tensor<?x4xf32>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<?x4xf32>{{$}}
  %y = nn.relu %x : tensor<?x4xf32>
  func.return
}

// -----

func.func @unranked(%x: tensor<*xf32>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<*xf32>{{$}}
  %y = nn.relu %x : (tensor<*xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @f8(%x: tensor<4xf8E4M3FN>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got tensor<4xf8E4M3FN>{{$}}
  %y = nn.tanh %x : tensor<4xf8E4M3FN>
  func.return
}

// -----

func.func @memref(%x: memref<4xf32>) {
  // CHECK: Operation does not verify: operand 'input' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of f16, bf16, f32 or f64, got memref<4xf32>{{$}}
  %y = "nn.sigmoid"(%x) : (memref<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @ints_kind(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: property 'strides' must be an array<i64: ...>, got array<i32: 2, 2>{{$}}
  %y = "nn.maxpool2d"(%x) <{kernel = array<i64: 2, 2>, strides = array<i32: 2, 2>}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  func.return
}

// -----

func.func @int_kind(%x: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: property 'axis' must be an i64 integer, got 1 : i32{{$}}
  %y = "nn.softmax"(%x) <{axis = 1 : i32}> : (tensor<2x4xf32>) -> tensor<2x4xf32>
  func.return
}

// -----

func.func @float_kind(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: property 'alpha' must be an f64 float, got 2.500000e-01 : f32{{$}}
  %y = "nn.leaky_relu"(%x) <{alpha = 0.25 : f32}> : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @bool_kind(%x: tensor<1x1x4x4xf32>) {
  // CHECK: Operation does not verify: property 'ceil_mode' must be an i1 flag (true or false), got 1 : i64{{$}}
  %y = "nn.avgpool2d"(%x) <{kernel = array<i64: 2, 2>, ceil_mode = 1 : i64}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @flag_as_int(%x: tensor<2x4xf32>) {
  // CHECK: Operation does not verify: property 'axis' must be an i64 integer, got true{{$}}
  %y = "nn.argmax"(%x) <{axis = true}> : (tensor<2x4xf32>) -> tensor<1x4xi64>
  func.return
}

// -----

func.func @attribute_class(%x: tensor<4xf32>) {
  // A property of the wrong attribute class is reported by IRDL.
  // CHECK: Operation does not verify: 1 : i64 should be of base attribute string{{$}}
  %y = "nn.pad"(%x) <{pads = array<i64: 0, 0>, mode = 1 : i64}> : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @unknown_property(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: property 'alpha' is not defined by the operation 'nn.relu'. Use the dictionary attribute to add arbitrary information to the operation.{{$}}
  %y = "nn.relu"(%x) <{alpha = 0.1 : f64}> : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @property_as_attribute(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // An attribute named like a property would be silently ignored: refused.
  // CHECK: Operation does not verify: 'strides' is a property of nn.conv2d, not an attribute: write it in the properties <{...}> or as 'strides <value>' in the custom syntax{{$}}
  %y = nn.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  func.return
}

// -----

func.func @too_many_results(%x: tensor<4xf32>) {
  // CHECK: Operation does not verify: Expected 1 result, but got 2{{$}}
  %y, %z = "nn.relu"(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  func.return
}
