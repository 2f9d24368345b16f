// RUN: asic-opt %s | asic-opt | filecheck %s
// RUN: asic-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: asic-opt %s --print-op-generic | asic-opt | filecheck %s

// dataflow.lut in the custom syntax and the generic form: a table of the
// 8 values of an i3 input, u3 results, on a padded stream of 4 lanes.

!qx = !qnt.uniform<i3:f32, 0.5>
!qy = !qnt.uniform<u3:f32, 0.125>

// CHECK-LABEL: func.func @lut
// CHECK:         %y = dataflow.lut %x table [7, 0, 3, 3, 5, 1, 6, 2] : (!dataflow.stream<!qnt.uniform<i3:f32, 0.5>, lanes 4, shape [1, 10]>) -> !dataflow.stream<!qnt.uniform<u3:f32, 0.125>, lanes 4, shape [1, 10]>
// CHECK-NEXT:    dataflow.yield %y : !dataflow.stream<!qnt.uniform<u3:f32, 0.125>, lanes 4, shape [1, 10]>
// GENERIC:       %y = "dataflow.lut"(%x) <{table = array<i64: 7, 0, 3, 3, 5, 1, 6, 2>}> : (!dataflow.stream<!qnt.uniform<i3:f32, 0.5>, lanes 4, shape [1, 10]>) -> !dataflow.stream<!qnt.uniform<u3:f32, 0.125>, lanes 4, shape [1, 10]>
func.func @lut(%a: tensor<1x10x!qx>) -> tensor<1x10x!qy> {
  %r = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x10x!qx>) -> tensor<1x10x!qy> {
  ^bb0(%x: !dataflow.stream<!qx, lanes 4, shape [1, 10]>):
    %y = dataflow.lut %x table [7, 0, 3, 3, 5, 1, 6, 2] : (!dataflow.stream<!qx, lanes 4, shape [1, 10]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 10]>
    dataflow.yield %y : !dataflow.stream<!qy, lanes 4, shape [1, 10]>
  }
  func.return %r : tensor<1x10x!qy>
}
