// asic-run runs rtl-level IR (after lower-dataflow-to-rtl: only hw.modules)
// in the RTL interpreter: with the host function of --host (the qnt-level IR
// it was compiled from, or the dataflow-level one) its outputs are bit for
// bit those of asic-run on the host IR; without, it takes and gives the
// streams' integer frames.
// RUN: asic-opt %S/inputs/mlp-qnt.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=6},schedule' -o %t.df.mlir 2>/dev/null
// RUN: asic-opt %t.df.mlir -p lower-dataflow-to-rtl -o %t.rtl.mlir
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.random.default_rng(0).normal(0, 3, (9, 4)).astype(np.float32)); np.savez('%t.frames.npz', x=np.arange(8).reshape(2, 1, 4) * 30)"
// RUN: asic-run %S/inputs/mlp-qnt.mlir --inputs %t.in.npz --output %t.qnt.npz
// RUN: asic-run %t.rtl.mlir --host %S/inputs/mlp-qnt.mlir --inputs %t.in.npz --output %t.host-qnt.npz
// RUN: asic-run %t.rtl.mlir --host %t.df.mlir --inputs %t.in.npz --output %t.host-df.npz
// RUN: python -c "import numpy as np; q = np.load('%t.qnt.npz'); print(q.files, q['y'].shape, *((np.load(f)['y'] == q['y']).all() for f in ('%t.host-qnt.npz', '%t.host-df.npz')))" | filecheck %s --check-prefix=HOST
// HOST: ['y'] (9, 3) True True
//
// Frames mode: the frames of the input stream 'x', the frames of 'y' out.
// RUN: asic-run %t.rtl.mlir --inputs %t.frames.npz --output %t.out.npz
// RUN: not asic-run %t.df.mlir --frames --inputs %t.frames.npz --output %t.df-frames.npz 2>&1 | filecheck %s --check-prefix=NOT-RTL
// RUN: python -c "import numpy as np; o = np.load('%t.out.npz'); print(o.files, o['y'].shape, o['y'].dtype)" | filecheck %s --check-prefix=FRAMES
// FRAMES: ['y'] (2, 1, 3) int8
// NOT-RTL: asic-run: error: --host, --frames and --top apply to rtl-level IR (after lower-dataflow-to-rtl)
//
// Errors: float inputs without a host, options of functions, a host of
// another design; no output file.
// RUN: rm -f %t.bad.npz
// RUN: not asic-run %t.rtl.mlir --inputs %t.in.npz --output %t.bad.npz 2>&1 | filecheck %s --check-prefix=FLOAT
// RUN: not asic-run %t.rtl.mlir --entry main --inputs %t.frames.npz --output %t.bad.npz 2>&1 | filecheck %s --check-prefix=ENTRY
// RUN: not asic-run %t.rtl.mlir --host %S/../asic_sim/inputs/host-qnt.mlir --inputs %t.in.npz --output %t.bad.npz 2>&1 | filecheck %s --check-prefix=MISMATCH
// RUN: not test -e %t.bad.npz
// FLOAT: asic-run: error: input 'x' has dtype float32, but the design's input stream carries integer frames (ui8) that the host quantized
// ENTRY: asic-run: error: --entry and --dynamic-quantization apply to functions, not to rtl-level IR
// MISMATCH: asic-run: error: the host function 'main' does not match the design
