// What cannot be one graph: diagnostics before any engine is built; exit
// status 1, no traceback, no output file.
// RUN: not asic-opt %S/inputs/region.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=REGION
// RUN: not asic-opt %S/inputs/unused.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=UNUSED
// RUN: not asic-opt %S/inputs/late-input.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=LATE
// RUN: rm -f %t.mlir
// RUN: not asic-opt %S/inputs/late-input.mlir -p lower-qnt-to-dataflow -o %t.mlir
// RUN: not test -e %t.mlir

// The graph takes the function's top-level ops.
// REGION: asic-opt: error: lower-qnt-to-dataflow: qnt.flatten %g is inside a region: the graph takes a function's top-level ops{{$}}
// REGION-NOT: Traceback

// Integer ops whose results the host never reads make no accelerator.
// UNUSED: asic-opt: error: lower-qnt-to-dataflow: no result of the integer ops of @unused is used{{$}}

// The graph goes where the host first reads one of its results; an input
// quantized after that point cannot feed it.
// LATE: asic-opt: error: lower-qnt-to-dataflow: qnt.quantize %qs is defined after the first use of the accelerator's results{{$}}
