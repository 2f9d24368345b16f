// LinearAttention unrolled over two tokens: the delta correction (einsum),
// the outer-product write, the KV head read by both query heads (gather),
// the scaled read-out; the present state the last one.
// RUN: asic-opt %inputs/linear_attention.onnx | filecheck %s

// CHECK: func.func @main(%q: tensor<1x2x4xf32> {nn.name = "q"}, %k: tensor<1x2x2xf32> {nn.name = "k"}, %v: tensor<1x2x2xf32> {nn.name = "v"}, %beta: tensor<1x2x1xf32> {nn.name = "beta"}) -> (tensor<1x2x4xf32> {nn.name = "y"}, tensor<1x1x2x2xf32> {nn.name = "state"}) {
// CHECK-NEXT:   %0 = nn.slice %q starts [0, 0, 0] steps [1, 1, 1] : (tensor<1x2x4xf32>) -> tensor<1x1x4xf32>
// CHECK-NEXT:   %1 = nn.reshape %0 : (tensor<1x1x4xf32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   %2 = nn.slice %k starts [0, 0, 0] steps [1, 1, 1] : (tensor<1x2x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %3 = nn.slice %v starts [0, 0, 0] steps [1, 1, 1] : (tensor<1x2x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %la.state = nn.constant "la.state" dense<0.000000e+00> : tensor<1x1x2x2xf32>
// CHECK-NEXT:   %4 = nn.einsum %la.state, %2 equation "bhdm,bhd->bhm" : (tensor<1x1x2x2xf32>, tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %5 = nn.sub %3, %4 : tensor<1x1x2xf32>
// CHECK-NEXT:   %6 = nn.slice %beta starts [0, 0, 0] steps [1, 1, 1] : (tensor<1x2x1xf32>) -> tensor<1x1x1xf32>
// CHECK-NEXT:   %7 = nn.mul %6, %5 : (tensor<1x1x1xf32>, tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %8 = nn.reshape %2 : (tensor<1x1x2xf32>) -> tensor<1x1x2x1xf32>
// CHECK-NEXT:   %9 = nn.reshape %7 : (tensor<1x1x2xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:   %10 = nn.mul %8, %9 : (tensor<1x1x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:   %11 = nn.add %la.state, %10 : tensor<1x1x2x2xf32>
// CHECK-NEXT:   %la.kv_heads = nn.constant "la.kv_heads" dense<0> : tensor<2xi64>
// CHECK-NEXT:   %12 = nn.gather %11, %la.kv_heads axis 1 : (tensor<1x1x2x2xf32>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %13 = nn.einsum %1, %12 equation "bhd,bhdm->bhm" : (tensor<1x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   %la.scale = nn.constant "la.scale" dense<0.707106769> : tensor<f32>
// CHECK-NEXT:   %14 = nn.mul %13, %la.scale : (tensor<1x2x2xf32>, tensor<f32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   %15 = nn.reshape %14 : (tensor<1x2x2xf32>) -> tensor<1x1x4xf32>
// CHECK-NEXT:   %16 = nn.slice %q starts [0, 1, 0] steps [1, 1, 1] : (tensor<1x2x4xf32>) -> tensor<1x1x4xf32>
// CHECK-NEXT:   %17 = nn.reshape %16 : (tensor<1x1x4xf32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   %18 = nn.slice %k starts [0, 1, 0] steps [1, 1, 1] : (tensor<1x2x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %19 = nn.slice %v starts [0, 1, 0] steps [1, 1, 1] : (tensor<1x2x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %20 = nn.einsum %11, %18 equation "bhdm,bhd->bhm" : (tensor<1x1x2x2xf32>, tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %21 = nn.sub %19, %20 : tensor<1x1x2xf32>
// CHECK-NEXT:   %22 = nn.slice %beta starts [0, 1, 0] steps [1, 1, 1] : (tensor<1x2x1xf32>) -> tensor<1x1x1xf32>
// CHECK-NEXT:   %23 = nn.mul %22, %21 : (tensor<1x1x1xf32>, tensor<1x1x2xf32>) -> tensor<1x1x2xf32>
// CHECK-NEXT:   %24 = nn.reshape %18 : (tensor<1x1x2xf32>) -> tensor<1x1x2x1xf32>
// CHECK-NEXT:   %25 = nn.reshape %23 : (tensor<1x1x2xf32>) -> tensor<1x1x1x2xf32>
// CHECK-NEXT:   %26 = nn.mul %24, %25 : (tensor<1x1x2x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NEXT:   %state = nn.add %11, %26 : tensor<1x1x2x2xf32>
// CHECK-NEXT:   %27 = nn.gather %state, %la.kv_heads axis 1 : (tensor<1x1x2x2xf32>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:   %28 = nn.einsum %17, %27 equation "bhd,bhdm->bhm" : (tensor<1x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   %la.scale_1 = nn.constant "la.scale.1" dense<0.707106769> : tensor<f32>
// CHECK-NEXT:   %29 = nn.mul %28, %la.scale_1 : (tensor<1x2x2xf32>, tensor<f32>) -> tensor<1x2x2xf32>
// CHECK-NEXT:   %30 = nn.reshape %29 : (tensor<1x2x2xf32>) -> tensor<1x1x4xf32>
// CHECK-NEXT:   %y = nn.concat %15, %30 axis 1 : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> tensor<1x2x4xf32>
// CHECK-NEXT:   func.return %y, %state : tensor<1x2x4xf32>, tensor<1x1x2x2xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
