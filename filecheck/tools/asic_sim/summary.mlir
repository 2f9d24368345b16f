// On success asic-sim ends with a summary: frames, total cycles, latency
// (also in microseconds at --clock-mhz), interval (also in frames per
// second) and the cycles the sink stalled the pipeline. The design of
// host.mlir (II 2, latency 9 with its arithmetic pipeline, two output
// beats per frame).
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', x=np.random.default_rng(0).normal(0, 3, (6, 4)).astype(np.float32)); np.savez('%t.one.npz', x=np.zeros((1, 4), np.float32))"
// RUN: asic-sim %S/host.mlir --inputs %t.in.npz --output %t.out.npz | filecheck %s
// CHECK:      asic-sim: 6 frames in 20 cycles, written to {{.*}}.out.npz
// CHECK-NEXT:   latency   9 cycles = 0.09 us at 100 MHz
// CHECK-NEXT:   interval  2 cycles per frame = 50,000,000 frames/s at 100 MHz
// CHECK-NEXT:   stalls    0 cycles with an output beat the sink did not take
// CHECK-EMPTY:
//
// A sink that takes a beat every third cycle stalls the pipeline: two
// beats per frame every 6 cycles, the beats waiting 22 cycles in all.
// RUN: asic-sim %S/host.mlir --inputs %t.in.npz --output %t.out.npz --ready-pattern 001 --clock-mhz 250 | filecheck %s --check-prefix=STALL
// STALL:      asic-sim: 6 frames in 42 cycles
// STALL-NEXT:   latency   11 cycles = 0.044 us at 250 MHz
// STALL-NEXT:   interval  6 cycles per frame = 41,666,667 frames/s at 250 MHz
// STALL-NEXT:   stalls    22 cycles with an output beat the sink did not take
//
// RUN: asic-sim %S/host.mlir --inputs %t.one.npz --output %t.out.npz | filecheck %s --check-prefix=ONE
// ONE:      asic-sim: 1 frame in 10 cycles
// ONE-NEXT:   latency   9 cycles
// ONE-NEXT:   interval  - (one frame)
//
// RUN: not asic-sim %S/host.mlir --inputs %t.one.npz --output %t.out.npz --clock-mhz 0 2>&1 | filecheck %s --check-prefix=CLOCK
// CLOCK: asic-sim: error: --clock-mhz must be > 0, got 0
//
// The build cache: --clear-cache removes it.
// RUN: rm -rf %t.cache
// RUN: env ASIC_SIM_CACHE=%t.cache asic-sim %S/host.mlir --inputs %t.one.npz --output %t.out.npz
// RUN: test -d %t.cache
// RUN: env ASIC_SIM_CACHE=%t.cache asic-sim --clear-cache | filecheck %s --check-prefix=CLEAR
// RUN: not test -e %t.cache
// CLEAR: asic-sim: removed the build cache {{.*}}.cache ({{[0-9.]+}} MB)
// Without $ASIC_SIM_CACHE the cache is in the user's cache folder.
// RUN: env XDG_CACHE_HOME=%t.xdg asic-sim --clear-cache | filecheck %s --check-prefix=XDG
// XDG: asic-sim: removed the build cache {{.*}}.xdg/asic-opt/asic-sim (0.0 MB)
