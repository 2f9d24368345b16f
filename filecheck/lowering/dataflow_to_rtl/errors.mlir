// RUN: not asic-opt %s -p lower-dataflow-to-rtl 2>&1 | filecheck %s

// CHECK: lower-dataflow-to-rtl: the module has no dataflow.graph: run lower-qnt-to-dataflow (and tile, schedule) first
func.func @f(%x: tensor<1x4xi8>) -> tensor<1x4xi8> {
  func.return %x : tensor<1x4xi8>
}
