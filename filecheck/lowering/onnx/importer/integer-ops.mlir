// Integer and boolean tensors at run time (Div, Mod, BitShift, BitwiseAnd,
// BitwiseNot, Less, Where, Cast), GatherElements with constant indices
// (the negative one resolved), Trilu, CumSum, IsNaN and IsInf.
// RUN: asic-opt %inputs/integer_ops.onnx | filecheck %s

// CHECK: func.func @main(%a: tensor<2x3xi32> {nn.name = "a"}, %b: tensor<2x3xi32> {nn.name = "b"}, %u: tensor<2x3xui8> {nn.name = "u"}, %x: tensor<2x3xf32> {nn.name = "x"}) -> (tensor<2x3xi32> {nn.name = "quotient"}, tensor<2x3xi32> {nn.name = "remainder"}, tensor<2x3xui8> {nn.name = "shifted"}, tensor<2x3xi32> {nn.name = "both"}, tensor<2x3xi32> {nn.name = "inverted"}, tensor<2x3xf32> {nn.name = "real"}, tensor<2x2xf32> {nn.name = "picked"}, tensor<2x3xf32> {nn.name = "lower"}, tensor<2x3xf32> {nn.name = "running"}, tensor<2x3xi1> {nn.name = "nan"}, tensor<2x3xi1> {nn.name = "inf"}) {
// CHECK-NEXT:   %quotient = nn.div %a, %b : tensor<2x3xi32>
// CHECK-NEXT:   %remainder = nn.mod %a, %b : tensor<2x3xi32>
// CHECK-NEXT:   %shifted = nn.bit_shift %u, %u direction "left" : tensor<2x3xui8>
// CHECK-NEXT:   %both = nn.bitwise %a, %b kind "and" : tensor<2x3xi32>
// CHECK-NEXT:   %inverted = nn.bitwise_not %a : tensor<2x3xi32>
// CHECK-NEXT:   %less = nn.compare %a, %b predicate "less" : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi1>
// CHECK-NEXT:   %smaller = nn.where %less, %a, %b : (tensor<2x3xi1>, tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
// CHECK-NEXT:   %real = nn.cast %smaller : (tensor<2x3xi32>) -> tensor<2x3xf32>
// CHECK-NEXT:   %pick.indices = nn.constant "pick.indices" dense<[[2, 2], [0, 1]]> : tensor<2x2xi64>
// CHECK-NEXT:   %picked = nn.gather_elements %x, %pick.indices axis 1 : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
// CHECK-NEXT:   %lower = nn.trilu %x upper false k 1 : tensor<2x3xf32>
// CHECK-NEXT:   %running = nn.cumsum %x axis 1 reverse true : tensor<2x3xf32>
// CHECK-NEXT:   %nan = nn.is_nan %x : (tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT:   %inf = nn.is_inf %x detect_negative false : (tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT:   func.return %quotient, %remainder, %shifted, %both, %inverted, %real, %picked, %lower, %running, %nan, %inf : tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xui8>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3xf32>, tensor<2x2xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi1>, tensor<2x3xi1>
// CHECK-NEXT: }
// CHECK-NEXT: }
