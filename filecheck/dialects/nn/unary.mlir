// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Unary elementwise ops (relu, sigmoid, tanh, leaky_relu, clip, softmax, lrn)
// and cast. Float properties print as the shortest decimal that reads back
// exactly, always with a '.' (so 1.0e-05, not 1e-05); integers are accepted
// for them, and inf, -inf and nan are spelled so.

func.func @unary(%x: tensor<1x4x3x3xf32>, %v: tensor<2x5xf64>, %h: tensor<1x4x3x3xf16>) -> tensor<1x4x3x3xf32> {
  %relu = nn.relu %x : tensor<1x4x3x3xf32>
  %sigmoid = nn.sigmoid %x : tensor<1x4x3x3xf32>
  %tanh = nn.tanh %v : tensor<2x5xf64>
  %leaky_default = nn.leaky_relu %x alpha 0.01 : tensor<1x4x3x3xf32>
  %leaky = nn.leaky_relu %x alpha 0.2 : tensor<1x4x3x3xf32>
  %leaky_int = nn.leaky_relu %x alpha 1 : tensor<1x4x3x3xf32>
  %leaky_exp = nn.leaky_relu %x alpha 1.0e-05 : tensor<1x4x3x3xf32>
  %leaky_neg = nn.leaky_relu %x alpha -2.5e+20 : tensor<1x4x3x3xf32>
  %clip_none = nn.clip %x : tensor<1x4x3x3xf32>
  %relu6 = nn.clip %x min 0.0 max 6.0 : tensor<1x4x3x3xf32>
  %clip_max = nn.clip %x max -1 : tensor<1x4x3x3xf32>
  %clip_inf = nn.clip %x max inf min -inf : tensor<1x4x3x3xf32>
  %clip_point = nn.clip %x min 0.5 max 0.5 : tensor<1x4x3x3xf32>
  %softmax = nn.softmax %v : tensor<2x5xf64>
  %softmax_last = nn.softmax %v axis -1 : tensor<2x5xf64>
  %softmax0 = nn.softmax %v axis 0 : tensor<2x5xf64>
  %lrn = nn.lrn %x size 3 : tensor<1x4x3x3xf32>
  %lrn_all = nn.lrn %x bias 2.0 beta 0.5 alpha 0.001 size 5 : tensor<1x4x3x3xf32>
  %lrn_defaults = nn.lrn %x size 1 alpha 0.0001 beta 0.75 bias 1.0 : tensor<1x4x3x3xf32>
  %half = nn.cast %x : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf16>
  %back = nn.cast %h : (tensor<1x4x3x3xf16>) -> tensor<1x4x3x3xf32>
  %same = nn.cast %x : tensor<1x4x3x3xf32>
  func.return %relu : tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @unary
// CHECK-NEXT:    %relu = nn.relu %x : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %sigmoid = nn.sigmoid %x : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %tanh = nn.tanh %v : tensor<2x5xf64>
// CHECK-NEXT:    %leaky_default = nn.leaky_relu %x : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %leaky = nn.leaky_relu %x alpha 0.2 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %leaky_int = nn.leaky_relu %x alpha 1.0 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %leaky_exp = nn.leaky_relu %x alpha 1.0e-05 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %leaky_neg = nn.leaky_relu %x alpha -2.5e+20 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %clip_none = nn.clip %x : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %relu6 = nn.clip %x min 0.0 max 6.0 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %clip_max = nn.clip %x max -1.0 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %clip_inf = nn.clip %x min -inf max inf : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %clip_point = nn.clip %x min 0.5 max 0.5 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %softmax = nn.softmax %v : tensor<2x5xf64>
// CHECK-NEXT:    %softmax_last = nn.softmax %v : tensor<2x5xf64>
// CHECK-NEXT:    %softmax0 = nn.softmax %v axis 0 : tensor<2x5xf64>
// CHECK-NEXT:    %lrn = nn.lrn %x size 3 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %lrn_all = nn.lrn %x size 5 alpha 0.001 beta 0.5 bias 2.0 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %lrn_defaults = nn.lrn %x size 1 : tensor<1x4x3x3xf32>
// CHECK-NEXT:    %half = nn.cast %x : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf16>
// CHECK-NEXT:    %back = nn.cast %h : (tensor<1x4x3x3xf16>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:    %same = nn.cast %x : tensor<1x4x3x3xf32>
// CHECK-NEXT:    func.return %relu : tensor<1x4x3x3xf32>

// GENERIC:      %relu = "nn.relu"(%x) : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC:      %leaky_default = "nn.leaky_relu"(%x) <{alpha = 1.000000e-02 : f64}> : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC:      %leaky_exp = "nn.leaky_relu"(%x) <{alpha = 1.000000e-05 : f64}> : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC:      %clip_none = "nn.clip"(%x) : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC-NEXT: %relu6 = "nn.clip"(%x) <{min = 0.000000e+00 : f64, max = 6.000000e+00 : f64}> : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC-NEXT: %clip_max = "nn.clip"(%x) <{max = -1.000000e+00 : f64}> : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC-NEXT: %clip_inf = "nn.clip"(%x) <{min = 0xfff0000000000000 : f64, max = 0x7ff0000000000000 : f64}> : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC:      %softmax = "nn.softmax"(%v) <{axis = -1 : i64}> : (tensor<2x5xf64>) -> tensor<2x5xf64>
// GENERIC:      %lrn = "nn.lrn"(%x) <{size = 3 : i64, alpha = 1.000000e-04 : f64, beta = 7.500000e-01 : f64, bias = 1.000000e+00 : f64}> : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// GENERIC:      %half = "nn.cast"(%x) : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf16>
