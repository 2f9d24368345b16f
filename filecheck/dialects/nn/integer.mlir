// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Integer tensors at run time: arithmetic, bits, comparisons, casts, and
// the positional and classification ops.

func.func @integer(%a: tensor<2x3xi32>, %b: tensor<3xi32>, %u: tensor<2x3xui8>, %x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %sum = nn.add %a, %b : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %quotient = nn.div %sum, %a : tensor<2x3xi32>
  %remainder = nn.mod %quotient, %b fmod true : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %power = nn.pow %x, %a : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>
  %bits = nn.bitwise %remainder, %a kind "xor" : tensor<2x3xi32>
  %inverted = nn.bitwise_not %bits : tensor<2x3xi32>
  %shifted = nn.bit_shift %u, %u direction "right" : tensor<2x3xui8>
  %clipped = nn.clip %inverted min -4.0 max 4.0 : tensor<2x3xi32>
  %less = nn.compare %clipped, %b predicate "less" : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi1>
  %smaller = nn.where %less, %clipped, %a : (tensor<2x3xi1>, tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
  %flag = nn.cast %smaller : (tensor<2x3xi32>) -> tensor<2x3xi1>
  %real = nn.cast %smaller : (tensor<2x3xi32>) -> tensor<2x3xf32>
  %total = nn.reduce_sum %a axes [1] : (tensor<2x3xi32>) -> tensor<2x1xi32>
  %indices = nn.constant "indices" dense<[[2, 0, 1]]> : tensor<1x3xi64>
  %picked = nn.gather_elements %x, %indices axis 1 : (tensor<2x3xf32>, tensor<1x3xi64>) -> tensor<1x3xf32>
  %upper = nn.trilu %real k -1 : tensor<2x3xf32>
  %lower = nn.trilu %a upper false : tensor<2x3xi32>
  %running = nn.cumsum %upper axis 1 exclusive true reverse true : tensor<2x3xf32>
  %product = nn.cumprod %a axis 0 : tensor<2x3xi32>
  %nan = nn.is_nan %running : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %inf = nn.is_inf %running detect_positive false : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %negated = nn.neg %a : tensor<2x3xi32>
  %magnitude = nn.abs %u : tensor<2x3xui8>
  %signs = nn.sign %negated : tensor<2x3xi32>
  func.return %running : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @integer
// CHECK-NEXT:    %sum = nn.add %a, %b : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
// CHECK-NEXT:    %quotient = nn.div %sum, %a : tensor<2x3xi32>
// CHECK-NEXT:    %remainder = nn.mod %quotient, %b fmod true : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
// CHECK-NEXT:    %power = nn.pow %x, %a : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %bits = nn.bitwise %remainder, %a kind "xor" : tensor<2x3xi32>
// CHECK-NEXT:    %inverted = nn.bitwise_not %bits : tensor<2x3xi32>
// CHECK-NEXT:    %shifted = nn.bit_shift %u, %u direction "right" : tensor<2x3xui8>
// CHECK-NEXT:    %clipped = nn.clip %inverted min -4.0 max 4.0 : tensor<2x3xi32>
// CHECK-NEXT:    %less = nn.compare %clipped, %b predicate "less" : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi1>
// CHECK-NEXT:    %smaller = nn.where %less, %clipped, %a : (tensor<2x3xi1>, tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
// CHECK-NEXT:    %flag = nn.cast %smaller : (tensor<2x3xi32>) -> tensor<2x3xi1>
// CHECK-NEXT:    %real = nn.cast %smaller : (tensor<2x3xi32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %total = nn.reduce_sum %a axes [1] : (tensor<2x3xi32>) -> tensor<2x1xi32>
// CHECK-NEXT:    %indices = nn.constant "indices" dense<{{\[\[}}2, 0, 1]]> : tensor<1x3xi64>
// CHECK-NEXT:    %picked = nn.gather_elements %x, %indices axis 1 : (tensor<2x3xf32>, tensor<1x3xi64>) -> tensor<1x3xf32>
// CHECK-NEXT:    %upper = nn.trilu %real k -1 : tensor<2x3xf32>
// CHECK-NEXT:    %lower = nn.trilu %a upper false : tensor<2x3xi32>
// CHECK-NEXT:    %running = nn.cumsum %upper axis 1 exclusive true reverse true : tensor<2x3xf32>
// CHECK-NEXT:    %product = nn.cumprod %a axis 0 : tensor<2x3xi32>
// CHECK-NEXT:    %nan = nn.is_nan %running : (tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT:    %inf = nn.is_inf %running detect_positive false : (tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT:    %negated = nn.neg %a : tensor<2x3xi32>
// CHECK-NEXT:    %magnitude = nn.abs %u : tensor<2x3xui8>
// CHECK-NEXT:    %signs = nn.sign %negated : tensor<2x3xi32>

// GENERIC: "nn.mod"(%{{.*}}, %{{.*}}) <{fmod = true}> : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
// GENERIC: "nn.bitwise"(%{{.*}}, %{{.*}}) <{kind = "xor"}> : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
// GENERIC: "nn.bit_shift"(%{{.*}}, %{{.*}}) <{direction = "right"}> : (tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
// GENERIC: "nn.gather_elements"(%{{.*}}, %{{.*}}) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<1x3xi64>) -> tensor<1x3xf32>
// GENERIC: "nn.trilu"(%{{.*}}) <{upper = true, k = -1 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "nn.cumsum"(%{{.*}}) <{axis = 1 : i64, exclusive = true, reverse = true}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "nn.is_inf"(%{{.*}}) <{detect_positive = false, detect_negative = true}> : (tensor<2x3xf32>) -> tensor<2x3xi1>
// GENERIC: "nn.neg"(%{{.*}}) : (tensor<2x3xi32>) -> tensor<2x3xi32>
// GENERIC: "nn.abs"(%{{.*}}) : (tensor<2x3xui8>) -> tensor<2x3xui8>
// GENERIC: "nn.sign"(%{{.*}}) : (tensor<2x3xi32>) -> tensor<2x3xi32>
