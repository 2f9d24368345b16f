// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Comparisons to i1 booleans, logic on them, and where.

func.func @boolean(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %p: tensor<2x3xi1>) -> tensor<2x3xf32> {
  %less = nn.compare %x, %y predicate "less" : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %equal = nn.compare %x, %x predicate "equal" : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %both = nn.logical %less, %p kind "and" : tensor<2x3xi1>
  %not = nn.not %both : tensor<2x3xi1>
  %where = nn.where %not, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  func.return %where : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @boolean
// CHECK-NEXT:    %less = nn.compare %x, %y predicate "less" : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT:    %equal = nn.compare %x, %x predicate "equal" : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT:    %both = nn.logical %less, %p kind "and" : tensor<2x3xi1>
// CHECK-NEXT:    %not = nn.not %both : tensor<2x3xi1>
// CHECK-NEXT:    %where = nn.where %not, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>

// GENERIC: "nn.compare"(%{{.*}}, %{{.*}}) <{predicate = "less"}> : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// GENERIC: "nn.where"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
