// RUN: asic-opt %s --split-input-file -p remove-dead-code | filecheck %s
// RUN: asic-opt %s --split-input-file -p dce | filecheck %s
// RUN: asic-opt %s --split-input-file -p canonicalize | filecheck %s
// RUN: not asic-opt %s -p 'remove-dead-code{bogus=1}' 2>&1 | filecheck %s --check-prefix=BADOPT

// xDSL's own `dce` and `canonicalize` give the same result on nn IR (every nn op is Pure).

// BADOPT: asic-opt: error: Provided arguments ["bogus"] not found in expected arguments []

// A dead chain constant -> transpose -> relu goes entirely, whatever the order; live ops
// and the unused function argument stay.

func.func @chain(%x: tensor<2x3xf32>, %unused: tensor<4xf32>) -> tensor<2x3xf32> {
  %w = nn.constant "w" dense<1.0> : tensor<3x2xf32>
  %t = nn.transpose %w perm [1, 0] : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %u = nn.relu %t : tensor<2x3xf32>
  %r = nn.relu %x : tensor<2x3xf32>
  %k = nn.constant "kept" dense<2.0> : tensor<2x3xf32>
  %s = nn.mul %r, %k : tensor<2x3xf32>
  func.return %s : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @chain(%x: tensor<2x3xf32>, %unused: tensor<4xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT:    %r = nn.relu %x : tensor<2x3xf32>
// CHECK-NEXT:    %k = nn.constant "kept" dense<2.000000e+00> : tensor<2x3xf32>
// CHECK-NEXT:    %s = nn.mul %r, %k : tensor<2x3xf32>
// CHECK-NEXT:    func.return %s : tensor<2x3xf32>
// CHECK-NEXT:  }

// -----

// Functions are kept even when nothing calls them; a layer feeding only dead ops is dead.

func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32> {
  %dead = nn.sigmoid %x : tensor<2xf32>
  func.return %x : tensor<2xf32>
}

func.func @main(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = nn.constant "fc.weight" dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>
  %y = nn.dense %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %unused_layer = nn.dense %y, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %i = nn.argmax %unused_layer axis 1 : (tensor<1x2xf32>) -> tensor<1x1xi64>
  func.return %y : tensor<1x2xf32>
}

// CHECK:       func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32> {
// CHECK-NEXT:    func.return %x : tensor<2xf32>
// CHECK-NEXT:  }
// CHECK:       func.func @main(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
// CHECK-NEXT:    %w = nn.constant "fc.weight"
// CHECK-NEXT:    %y = nn.dense %x, %w
// CHECK-NEXT:    func.return %y : tensor<1x2xf32>
// CHECK-NEXT:  }

// -----

// Nothing to remove: the IR is printed unchanged.

func.func @live(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = nn.tanh %x : tensor<4xf32>
  func.return %a : tensor<4xf32>
}

// CHECK-LABEL: func.func @live
// CHECK-NEXT:    %a = nn.tanh %x : tensor<4xf32>
// CHECK-NEXT:    func.return %a : tensor<4xf32>
