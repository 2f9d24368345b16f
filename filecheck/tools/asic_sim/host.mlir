// Host mode: a dataflow-level design takes the function's float inputs and
// gives its outputs, bit for bit what asic-run gives on the same IR.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.random.default_rng(0).normal(0, 3, (6, 4)).astype(np.float32))"
// RUN: asic-sim %s --inputs %t.in.npz --output %t.sim.npz
// RUN: asic-run %s --inputs %t.in.npz --output %t.run.npz
// RUN: python -c "import numpy as np; s, r = np.load('%t.sim.npz'), np.load('%t.run.npz'); print(sorted(s.files)); print(s['result0'].dtype, s['result0'].shape, (s['result0'] == r['result0']).all(), int(s['cycles_interval']))" | filecheck %s
// The same design as SystemVerilog, with the qnt-level host function this IR came from:
// RUN: asic-opt %s -p lower-dataflow-to-rtl -t sv -o %t.sv
// RUN: asic-sim %t.sv --host %S/inputs/host-qnt.mlir --inputs %t.in.npz --output %t.sv.npz
// RUN: python -c "import numpy as np; print((np.load('%t.sv.npz')['result0'] == np.load('%t.run.npz')['result0']).all())" | filecheck %s --check-prefix SV

// CHECK: ['cycles_frame_end', 'cycles_frame_start', 'cycles_interval', 'cycles_latency', 'cycles_total', 'result0']
// CHECK-NEXT: float32 (6, 2) True 2
// SV: True

builtin.module {
  func.func @main(%0: tensor<1x4xf32>) -> tensor<1x2xf32> {
    %q = qnt.quantize %0 : (tensor<1x4xf32>) -> tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>
    %h0 = dataflow.graph "main" inputs ["arg0"] outputs ["result0"] (%q) attributes {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64} : (tensor<1x4x!qnt.uniform<u8:f32, 0.0811210741946077:45>>) -> tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>> {
    ^bb0(%1: !dataflow.stream<!qnt.uniform<u8:f32, 0.0811210741946077:45>, lanes 4, shape [1, 4]>):
      %2 = qnt.constant "fc0.weight" dense<[[-67, -117, -103, -43], [-17, 31, -5, -60]]> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>
      %h0_1 = dataflow.mvu %1, %2 pe 1 simd 4 accumulator i18 multipliers [2142322211] shifts [38] {dataflow.ii = 2 : i64, dataflow.latency = 4 : i64} : (!dataflow.stream<!qnt.uniform<u8:f32, 0.0811210741946077:45>, lanes 4, shape [1, 4]>, tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.029525939767154022>>) -> !dataflow.stream<!qnt.uniform<i8:f32, 0.015798841892533326>, lanes 1, shape [1, 2]>
      dataflow.yield %h0_1 : !dataflow.stream<!qnt.uniform<i8:f32, 0.015798841892533326>, lanes 1, shape [1, 2]>
    }
    %logits = qnt.dequantize %h0 : (tensor<1x2x!qnt.uniform<i8:f32, 0.015798841892533326>>) -> tensor<1x2xf32>
    func.return %logits : tensor<1x2xf32>
  }
}
