// RUN: asic-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Parse errors of the custom syntax, with their locations.

func.func @unknown_property(%x: tensor<4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:19{{$}}
  // CHECK: unknown property 'foo' of nn.relu, nn.relu has no properties{{$}}
  %y = nn.relu %x foo 1 : tensor<4xf32>
  func.return
}

// -----

func.func @misspelled_property(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:25{{$}}
  // CHECK: unknown property 'stride' of nn.conv2d, expected one of strides, pads, dilations, groups{{$}}
  %y = nn.conv2d %x, %w stride [2, 2] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @repeated_property(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:58{{$}}
  // CHECK: property 'strides' is given twice{{$}}
  %y = nn.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] strides [2, 2] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  func.return
}

// -----

func.func @too_few_operand_types(%x: tensor<4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 3]]:24{{$}}
  // CHECK-NEXT: %y = nn.add %x, %x : (tensor<4xf32>) -> tensor<4xf32>{{$}}
  // CHECK-NEXT: {{^ *}}^^^^^^^^^^^^^^^{{$}}
  %y = nn.add %x, %x : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK-NEXT: expected 2 operand types, got 1{{$}}
  func.return
}

// -----

func.func @too_many_operand_types(%x: tensor<4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:24{{$}}
  // CHECK: expected 2 operand types, got 3{{$}}
  %y = nn.add %x, %x : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @missing_required_property(%x: tensor<1x1x4x4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:39{{$}}
  // CHECK: nn.maxpool2d needs property 'kernel'{{$}}
  %y = nn.maxpool2d %x strides [2, 2] : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  func.return
}

// -----

func.func @float_without_point(%x: tensor<4xf32>) {
  // The MLIR lexer reads 1e-05 as the integer 1 and the identifier e.
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:32{{$}}
  // CHECK: unknown property 'e' of nn.leaky_relu, expected one of alpha (a float with an exponent needs a '.', like 1.0e-05){{$}}
  %y = nn.leaky_relu %x alpha 1e-05 : tensor<4xf32>
  func.return
}

// -----

func.func @list_expected(%x: tensor<1x1x4x4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:31{{$}}
  // CHECK: expected a list of integers like [1, 1] after 'kernel'{{$}}
  %y = nn.maxpool2d %x kernel 2 : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @float_in_list(%x: tensor<1x1x4x4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:35{{$}}
  // CHECK: Expected integer literal in the list of 'kernel'{{$}}
  %y = nn.maxpool2d %x kernel [2, 2.0] : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @unterminated_list(%x: tensor<1x1x4x4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:37{{$}}
  // CHECK: Expected ']' to end the list of 'kernel'{{$}}
  %y = nn.maxpool2d %x kernel [2, 2 : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @bool_for_int(%x: tensor<2x4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:27{{$}}
  // CHECK: expected an integer after 'axis'{{$}}
  %y = nn.softmax %x axis true : tensor<2x4xf32>
  func.return
}

// -----

func.func @int_for_bool(%x: tensor<1x1x4x4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:48{{$}}
  // CHECK: expected true or false after 'ceil_mode'{{$}}
  %y = nn.maxpool2d %x kernel [2, 2] ceil_mode 1 : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  func.return
}

// -----

func.func @bare_string(%x: tensor<4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:35{{$}}
  // CHECK: expected a string literal after 'mode'{{$}}
  %y = nn.pad %x pads [1, 1] mode reflect : (tensor<4xf32>) -> tensor<6xf32>
  func.return
}

// -----

func.func @missing_value(%x: tensor<4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:31{{$}}
  // CHECK: expected a float after 'alpha' (like 0.5, 1.0e-05, 2, inf or nan){{$}}
  %y = nn.leaky_relu %x alpha : tensor<4xf32>
  func.return
}

// -----

func.func @functional_without_parentheses(%x: tensor<4xf32>) {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:21{{$}}
  // CHECK: operand types of the functional form must be in parentheses, like (T1, T2) -> T3{{$}}
  %y = nn.relu %x : tensor<4xf32> -> tensor<4xf32>
  func.return
}

// -----

func.func @missing_types(%x: tensor<4xf32>) {
  %y = nn.relu %x
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:3{{$}}
  // CHECK: expected ':' and the types of nn.relu{{$}}
  func.return
}

// -----

func.func @constant_not_dense() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:24{{$}}
  // CHECK: expected a dense elements attribute like dense<0.0> : tensor<4xf32>, got 1.000000e+00 : f32{{$}}
  %c = nn.constant "c" 1.0 : f32
  func.return
}

// -----

func.func @constant_without_name() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:20{{$}}
  // CHECK: expected the constant's name, a string literal{{$}}
  %c = nn.constant dense<1.0> : tensor<2xf32>
  func.return
}

// -----

func.func @constant_name_not_utf8() {
  // CHECK: syntax-invalid.mlir:[[# @LINE + 2]]:20{{$}}
  // CHECK: the constant's name is not valid UTF-8{{$}}
  %c = nn.constant "poids_\E9" dense<1.0> : tensor<2xf32>
  func.return
}
