// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

func.func @axis(%x: tensor<2x10xf32>) {
  // CHECK: Operation does not verify: axis 2 is out of range for rank 2{{$}}
  %y = nn.argmax %x axis 2 : (tensor<2x10xf32>) -> tensor<2x10xi64>
  func.return
}

// -----

func.func @empty_axis(%x: tensor<2x0xf32>) {
  // CHECK: Operation does not verify: axis 1 is empty, argmax needs at least one element{{$}}
  %y = nn.argmax %x axis -1 : (tensor<2x0xf32>) -> tensor<2x1xi64>
  func.return
}

// -----

func.func @keepdims(%x: tensor<2x10xf32>) {
  // CHECK: Operation does not verify: expected result shape [1, 10], got [10]{{$}}
  %y = nn.argmax %x : (tensor<2x10xf32>) -> tensor<10xi64>
  func.return
}

// -----

func.func @dropped(%x: tensor<2x10xf32>) {
  // CHECK: Operation does not verify: expected result shape [2], got [2, 1]{{$}}
  %y = nn.argmax %x axis 1 keepdims false : (tensor<2x10xf32>) -> tensor<2x1xi64>
  func.return
}

// -----

func.func @float_result(%x: tensor<2x10xf32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of i64, got tensor<1x10xf32>{{$}}
  %y = nn.argmax %x : (tensor<2x10xf32>) -> tensor<1x10xf32>
  func.return
}

// -----

func.func @i32_result(%x: tensor<2x10xf32>) {
  // CHECK: Operation does not verify: result 'result' at position 0 does not verify:{{$}}
  // CHECK-NEXT: expected a statically shaped tensor of i64, got tensor<1x10xi32>{{$}}
  %y = nn.argmax %x : (tensor<2x10xf32>) -> tensor<1x10xi32>
  func.return
}
