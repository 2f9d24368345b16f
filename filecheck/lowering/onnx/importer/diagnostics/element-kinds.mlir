// An op given an element type outside the ones it computes on names the
// ones it supports; Range needs its inputs at import time (its length is
// their function).
// RUN: not asic-opt %inputs/bitwise_float.onnx 2>&1 | filecheck %s --check-prefix=BITS
// RUN: not asic-opt %inputs/range_run_time.onnx 2>&1 | filecheck %s --check-prefix=RANGE

// BITS: asic-opt: error: {{.*}}bitwise_float.onnx: BitwiseAnd node 'and': input 'x' has element type f32, but BitwiseAnd is supported on integer (i8 to i64, ui8 to ui64) tensors{{$}}
// RANGE: asic-opt: error: {{.*}}range_run_time.onnx: Range node 'range': start (input 'start') must be a constant or computable from static shapes at import time{{$}}
