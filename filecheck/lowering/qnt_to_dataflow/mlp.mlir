// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow | asic-opt | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow --verify-each

// A quantized MLP: quantize (host), dense + requantize with ReLU (min = zero
// point), dense + requantize + clamp (folded into the bounds), flatten (no
// change of shape: nothing) and argmax. The weights move into the graph,
// the accumulator types come from the dense ops, pe/simd attributes on the
// first dense fix its MVU's folding and the input stream's lanes, and a
// converter joins its 2 output lanes to the second MVU's single lane.

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02}>
!qh = !qnt.uniform<i8:f32, 0.05:-100>
!qv = !qnt.uniform<i4<-7:7>:f32, 0.1>
!qy = !qnt.uniform<i8:f32, 0.2:10>

// CHECK-LABEL: func.func @main(%x: tensor<1x6xf32> {nn.name = "input"}) -> (tensor<1x1xi64> {nn.name = "label"}) {
// CHECK-NEXT:    %q = qnt.quantize %x : (tensor<1x6xf32>) -> tensor<1x6x!qnt.uniform<u8:f32, 0.0625>>
// CHECK-NEXT:    %l = dataflow.graph "main" inputs ["input"] outputs ["label"] (%q) : (tensor<1x6x!qnt.uniform<u8:f32, 0.0625>>) -> tensor<1x1xi64> {
// CHECK-NEXT:    ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 3, shape [1, 6]>):
// CHECK-NEXT:      %w1 = qnt.constant "fc1.weight" dense<{{.*}}> : tensor<4x6x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02}>>
// CHECK-NEXT:      %b1 = qnt.constant "fc1.bias" dense<[10, -20, 30, -40]> : tensor<4xi16>
// CHECK-NEXT:      %h = dataflow.mvu %0, %w1, %b1 pe 2 simd 3 accumulator i20 multipliers [1073741824, 1288490189, 1073741824, 1288490189] shifts [32, 32, 32, 32] min -100 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 3, shape [1, 6]>, tensor<4x6x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02}>>, tensor<4xi16>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 2, shape [1, 4]>
// CHECK-NEXT:      %w2 = qnt.constant "fc2.weight" dense<{{.*}}> : tensor<3x4x!qnt.uniform<i4<-7:7>:f32, 0.1>>
// CHECK-NEXT:      %1 = dataflow.dwc %h : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 2, shape [1, 4]>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 4]>
// CHECK-NEXT:      %c = dataflow.mvu %1, %w2 accumulator i14 multipliers [1342177280] shifts [35] min 10 max 100 : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 4]>, tensor<3x4x!qnt.uniform<i4<-7:7>:f32, 0.1>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.2:10>, lanes 1, shape [1, 3]>
// CHECK-NEXT:      %l_1 = dataflow.argmax %c : (!dataflow.stream<!qnt.uniform<i8:f32, 0.2:10>, lanes 1, shape [1, 3]>) -> !dataflow.stream<ui2, lanes 1, shape [1, 1]>
// CHECK-NEXT:      dataflow.yield %l_1 : !dataflow.stream<ui2, lanes 1, shape [1, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %l : tensor<1x1xi64>
// CHECK-NEXT:  }
func.func @main(%x: tensor<1x6xf32> {nn.name = "input"}) -> (tensor<1x1xi64> {nn.name = "label"}) {
  %q = qnt.quantize %x : (tensor<1x6xf32>) -> tensor<1x6x!qx>
  %w1 = qnt.constant "fc1.weight" dense<[[1, 2, 3, 4, 5, 6], [-1, -2, -3, -4, -5, -6], [7, 0, 7, 0, 7, 0], [0, 9, 0, 9, 0, 9]]> : tensor<4x6x!qw>
  %b1 = qnt.constant "fc1.bias" dense<[10, -20, 30, -40]> : tensor<4xi16>
  %a1 = qnt.dense %q, %w1, %b1 {dataflow.pe = 2 : i64, dataflow.simd = 3 : i64} : (tensor<1x6x!qx>, tensor<4x6x!qw>, tensor<4xi16>) -> tensor<1x4xi20>
  %h = qnt.requantize %a1 multipliers [1073741824, 1288490189, 1073741824, 1288490189] shifts [32, 32, 32, 32] min -100 : (tensor<1x4xi20>) -> tensor<1x4x!qh>
  %w2 = qnt.constant "fc2.weight" dense<[[1, -1, 2, -2], [7, 7, -7, -7], [0, 1, 0, 1]]> : tensor<3x4x!qv>
  %a2 = qnt.dense %h, %w2 : (tensor<1x4x!qh>, tensor<3x4x!qv>) -> tensor<1x3xi14>
  %y = qnt.requantize %a2 multipliers [1342177280] shifts [35] min 0 : (tensor<1x3xi14>) -> tensor<1x3x!qy>
  %c = qnt.clamp %y min 10 max 100 : tensor<1x3x!qy>
  %f = qnt.flatten %c : (tensor<1x3x!qy>) -> tensor<1x3x!qy>
  %l = qnt.argmax %f axis 1 : (tensor<1x3x!qy>) -> tensor<1x1xi64>
  func.return %l : tensor<1x1xi64>
}
