// RUN: asic-opt %s -p lower-qnt-to-dataflow | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow | asic-opt | filecheck %s
// RUN: asic-opt %s -p lower-qnt-to-dataflow --verify-each

// The graph's boundary. Weights declared at the top of the function are
// copied into the graph before their first engine, once for the two
// layers sharing one, and leave the host. Each quantized host tensor the
// integer ops take is an input stream (two here, named after the
// arguments they quantize); a quantized input the host also reads stays
// on the host too. Each result the host reads is an output stream. A
// reshape that keeps the shape is nothing; requantize bounds and a clamp
// fold into the MVU's min/max; a per-channel requantization along the last
// axis (axis -1) is the MVU's. Every function gets its own graph;
// declarations are left alone.

!qx = !qnt.uniform<u8:f32, 0.0625>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qc = !qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03}>
!qh = !qnt.uniform<i8:f32, 0.05:-100>

// CHECK-LABEL: func.func @main(%x: tensor<1x2x2xf32> {nn.name = "image"}, %s: tensor<1x5xf32> {nn.name = "scores"}) -> (tensor<1x3xf32> {nn.name = "logits"}, tensor<1x1xi64> {nn.name = "best"}, tensor<1x2x2xf32> {nn.name = "seen"}) {
// CHECK-NEXT:    %q = qnt.quantize %x : (tensor<1x2x2xf32>) -> tensor<1x2x2x!qnt.uniform<u8:f32, 0.0625>>
// CHECK-NEXT:    %qs = qnt.quantize %s : (tensor<1x5xf32>) -> tensor<1x5x!qnt.uniform<i8:f32, 0.05:-100>>
// CHECK-NEXT:    %h3, %l = dataflow.graph "main" inputs ["image", "scores"] outputs ["logits", "best"] (%q, %qs) : (tensor<1x2x2x!qnt.uniform<u8:f32, 0.0625>>, tensor<1x5x!qnt.uniform<i8:f32, 0.05:-100>>) -> (tensor<1x3x!qnt.uniform<i8:f32, 0.05:-100>>, tensor<1x1xi64>) {
// CHECK-NEXT:    ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 2, 2]>, %1: !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 5]>):
// CHECK-NEXT:      %f = dataflow.reshape %0 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 2, 2]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 4]>
// CHECK-NEXT:      %w = qnt.constant "fc.weight" dense<1> : tensor<4x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>
// CHECK-NEXT:      %c1 = dataflow.mvu %f, %w accumulator i18 multipliers [1073741824] shifts [32] min 3 max 200 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 4]>, tensor<4x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 4]>
// CHECK-NEXT:      %h2 = dataflow.mvu %c1, %w accumulator i18 multipliers [1073741824] shifts [32] : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 4]>, tensor<4x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 4]>
// CHECK-NEXT:      %w3 = qnt.constant "out.weight" dense<[[1, 2, 3, 4], [0, 0, 0, 1], [-1, -2, -3, -4]]> : tensor<3x4x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03}>>
// CHECK-NEXT:      %h3_1 = dataflow.mvu %h2, %w3 accumulator i18 multipliers [1073741824, 1288490189, 1073741824] shifts [32, 32, 33] : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 4]>, tensor<3x4x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.03}>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 3]>
// CHECK-NEXT:      %l_1 = dataflow.argmax %1 select_last_index true : (!dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 5]>) -> !dataflow.stream<ui3, lanes 1, shape [1, 1]>
// CHECK-NEXT:      dataflow.yield %h3_1, %l_1 : !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 3]>, !dataflow.stream<ui3, lanes 1, shape [1, 1]>
// CHECK-NEXT:    }
// CHECK-NEXT:    %logits = qnt.dequantize %h3 : (tensor<1x3x!qnt.uniform<i8:f32, 0.05:-100>>) -> tensor<1x3xf32>
// CHECK-NEXT:    %seen = qnt.dequantize %q : (tensor<1x2x2x!qnt.uniform<u8:f32, 0.0625>>) -> tensor<1x2x2xf32>
// CHECK-NEXT:    func.return %logits, %l, %seen : tensor<1x3xf32>, tensor<1x1xi64>, tensor<1x2x2xf32>
// CHECK-NEXT:  }
// CHECK-LABEL: func.func @second(%q: tensor<1x2x3x!qnt.uniform<u8:f32, 0.0625>>) -> tensor<1x6x!qnt.uniform<u8:f32, 0.0625>> {
// CHECK-NEXT:    %f = dataflow.graph "second" inputs ["arg0"] outputs ["result0"] (%q) : (tensor<1x2x3x!qnt.uniform<u8:f32, 0.0625>>) -> tensor<1x6x!qnt.uniform<u8:f32, 0.0625>> {
// CHECK-NEXT:    ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 2, 3]>):
// CHECK-NEXT:      %f_1 = dataflow.reshape %0 : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 2, 3]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 6]>
// CHECK-NEXT:      dataflow.yield %f_1 : !dataflow.stream<!qnt.uniform<u8:f32, 0.0625>, lanes 1, shape [1, 6]>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %f : tensor<1x6x!qnt.uniform<u8:f32, 0.0625>>
// CHECK-NEXT:  }
// CHECK-LABEL: func.func private @declaration(tensor<1x2x3x!qnt.uniform<u8:f32, 0.0625>>) -> tensor<1x6x!qnt.uniform<u8:f32, 0.0625>>

func.func @main(%x: tensor<1x2x2xf32> {nn.name = "image"}, %s: tensor<1x5xf32> {nn.name = "scores"}) -> (tensor<1x3xf32> {nn.name = "logits"}, tensor<1x1xi64> {nn.name = "best"}, tensor<1x2x2xf32> {nn.name = "seen"}) {
  %w = qnt.constant "fc.weight" dense<1> : tensor<4x4x!qw>
  %w3 = qnt.constant "out.weight" dense<[[1, 2, 3, 4], [0, 0, 0, 1], [-1, -2, -3, -4]]> : tensor<3x4x!qc>
  %q = qnt.quantize %x : (tensor<1x2x2xf32>) -> tensor<1x2x2x!qx>
  %qs = qnt.quantize %s : (tensor<1x5xf32>) -> tensor<1x5x!qh>
  %f = qnt.flatten %q : (tensor<1x2x2x!qx>) -> tensor<1x4x!qx>
  %a1 = qnt.dense %f, %w : (tensor<1x4x!qx>, tensor<4x4x!qw>) -> tensor<1x4xi18>
  %h1 = qnt.requantize %a1 multipliers [1073741824] shifts [32] min 3 : (tensor<1x4xi18>) -> tensor<1x4x!qx>
  %c1 = qnt.clamp %h1 min 1 max 200 : tensor<1x4x!qx>
  %r = qnt.reshape %c1 : (tensor<1x4x!qx>) -> tensor<1x4x!qx>
  %a2 = qnt.dense %r, %w : (tensor<1x4x!qx>, tensor<4x4x!qw>) -> tensor<1x4xi18>
  %h2 = qnt.requantize %a2 multipliers [1073741824] shifts [32] : (tensor<1x4xi18>) -> tensor<1x4x!qx>
  %a3 = qnt.dense %h2, %w3 : (tensor<1x4x!qx>, tensor<3x4x!qc>) -> tensor<1x3xi18>
  %h3 = qnt.requantize %a3 multipliers [1073741824, 1288490189, 1073741824] shifts [32, 32, 33] axis -1 : (tensor<1x3xi18>) -> tensor<1x3x!qh>
  %logits = qnt.dequantize %h3 : (tensor<1x3x!qh>) -> tensor<1x3xf32>
  %l = qnt.argmax %qs axis 1 select_last_index true : (tensor<1x5x!qh>) -> tensor<1x1xi64>
  %seen = qnt.dequantize %q : (tensor<1x2x2x!qx>) -> tensor<1x2x2xf32>
  func.return %logits, %l, %seen : tensor<1x3xf32>, tensor<1x1xi64>, tensor<1x2x2xf32>
}

func.func @second(%q: tensor<1x2x3x!qx>) -> tensor<1x6x!qx> {
  %f = qnt.reshape %q : (tensor<1x2x3x!qx>) -> tensor<1x6x!qx>
  func.return %f : tensor<1x6x!qx>
}

func.func private @declaration(%q: tensor<1x2x3x!qx>) -> tensor<1x6x!qx>
