// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow --verify-each

// The float boundary stays on the host: quantize before the graph,
// dequantize and a float softmax after it. A reshape of the input becomes a
// dataflow.reshape (no hardware), which takes the lanes of the MVU behind it;
// the output stream is named after the function's result (nn.name) that the
// dequantized logits flow into.

!qx = !qnt.uniform<i8:f32, 0.0625:-4>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qy = !qnt.uniform<i8:f32, 0.2>

// CHECK-LABEL: func.func @classify(%x: tensor<1x2x3xf32>) -> (tensor<1x4xf32> {nn.name = "probabilities"}) {
// CHECK-NEXT:    %q = qnt.quantize %x : (tensor<1x2x3xf32>) -> tensor<1x2x3x!qnt.uniform<i8:f32, 0.0625:-4>>
// CHECK-NEXT:    %y = dataflow.graph "classify" inputs ["arg0"] outputs ["probabilities"] (%q) : (tensor<1x2x3x!qnt.uniform<i8:f32, 0.0625:-4>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.2>> {
// CHECK-NEXT:    ^bb0(%0: !dataflow.stream<!qnt.uniform<i8:f32, 0.0625:-4>, lanes 1, shape [1, 2, 3]>):
// CHECK-NEXT:      %f = dataflow.reshape %0 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.0625:-4>, lanes 1, shape [1, 2, 3]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.0625:-4>, lanes 1, shape [1, 6]>
// CHECK-NEXT:      %w = qnt.constant "fc.weight" dense<{{.*}}> : tensor<4x6x!qnt.uniform<i8<-127:127>:f32, 0.01>>
// CHECK-NEXT:      %y_1 = dataflow.mvu %f, %w accumulator i18 multipliers [1374389535] shifts [36] : (!dataflow.stream<!qnt.uniform<i8:f32, 0.0625:-4>, lanes 1, shape [1, 6]>, tensor<4x6x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.2>, lanes 1, shape [1, 4]>
// CHECK-NEXT:      dataflow.yield %y_1 : !dataflow.stream<!qnt.uniform<i8:f32, 0.2>, lanes 1, shape [1, 4]>
// CHECK-NEXT:    }
// CHECK-NEXT:    %d = qnt.dequantize %y : (tensor<1x4x!qnt.uniform<i8:f32, 0.2>>) -> tensor<1x4xf32>
// CHECK-NEXT:    %p = nn.softmax %d axis 1 : tensor<1x4xf32>
// CHECK-NEXT:    func.return %p : tensor<1x4xf32>
func.func @classify(%x: tensor<1x2x3xf32>) -> (tensor<1x4xf32> {nn.name = "probabilities"}) {
  %q = qnt.quantize %x : (tensor<1x2x3xf32>) -> tensor<1x2x3x!qx>
  %f = qnt.reshape %q : (tensor<1x2x3x!qx>) -> tensor<1x6x!qx>
  %w = qnt.constant "fc.weight" dense<[[1, 2, 3, 4, 5, 6], [-1, -2, -3, -4, -5, -6], [7, 0, 7, 0, 7, 0], [0, 9, 0, 9, 0, 9]]> : tensor<4x6x!qw>
  %a = qnt.dense %f, %w : (tensor<1x6x!qx>, tensor<4x6x!qw>) -> tensor<1x4xi18>
  %y = qnt.requantize %a multipliers [1374389535] shifts [36] : (tensor<1x4xi18>) -> tensor<1x4x!qy>
  %d = qnt.dequantize %y : (tensor<1x4x!qy>) -> tensor<1x4xf32>
  %p = nn.softmax %d axis 1 : tensor<1x4xf32>
  func.return %p : tensor<1x4xf32>
}
