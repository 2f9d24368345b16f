// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

// dataflow.skid in the custom syntax and the generic form: the same stream
// type in and out (a channels-last stream of 6 lanes).

!q = !qnt.uniform<u8:f32, 0.02>

// CHECK-LABEL: func.func @skid
// CHECK:         %k = dataflow.skid %x : !dataflow.stream<!qnt.uniform<u8:f32, 0.02>, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>
// CHECK-NEXT:    dataflow.yield %k : !dataflow.stream<!qnt.uniform<u8:f32, 0.02>, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>
// GENERIC:       %k = "dataflow.skid"(%x) : (!dataflow.stream<!qnt.uniform<u8:f32, 0.02>, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>) -> !dataflow.stream<!qnt.uniform<u8:f32, 0.02>, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>
func.func @skid(%a: tensor<1x6x2x2x!q>) -> tensor<1x6x2x2x!q> {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x6x2x2x!q>) -> tensor<1x6x2x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>):
    %k = dataflow.skid %x : !dataflow.stream<!q, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>
    dataflow.yield %k : !dataflow.stream<!q, lanes 6, shape [1, 6, 2, 2], order [0, 2, 3, 1]>
  }
  func.return %r : tensor<1x6x2x2x!q>
}
