// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @predicate(%x: tensor<2xf32>) {
  // CHECK: Operation does not verify: unknown predicate 'not_equal', expected one of equal, less, less_equal, greater, greater_equal{{$}}
  %y = nn.compare %x, %x predicate "not_equal" : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  func.return
}

// -----

func.func @compare_result(%x: tensor<2xf32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  %y = nn.compare %x, %x predicate "less" : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return
}

// -----

func.func @logical_kind(%p: tensor<2xi1>) {
  // CHECK: Operation does not verify: unknown kind 'nand', expected one of and, or, xor{{$}}
  %y = nn.logical %p, %p kind "nand" : tensor<2xi1>
  func.return
}

// -----

func.func @logical_float(%x: tensor<2xf32>) {
  // CHECK: Operation does not verify: operand 'lhs' at position 0 does not verify:{{$}}
  %y = nn.logical %x, %x kind "or" : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  func.return
}

// -----

func.func @where_types(%p: tensor<2xi1>, %x: tensor<2xf32>, %h: tensor<2xf16>) {
  // CHECK: Operation does not verify: the values and the result must have one element type{{$}}
  %y = nn.where %p, %x, %h : (tensor<2xi1>, tensor<2xf32>, tensor<2xf16>) -> tensor<2xf32>
  func.return
}

// -----

func.func @where_shape(%p: tensor<3xi1>, %x: tensor<2xf32>) {
  // CHECK: Operation does not verify: {{.*}}operand shapes{{.*}}
  %y = nn.where %p, %x, %x : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  func.return
}
