// RUN: asic-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// Parse errors of the !dataflow.stream type, with their locations.

// CHECK: types-invalid.mlir:[[# @LINE + 2]]:45{{$}}
// CHECK: lanes must be >= 1, got 0{{$}}
func.func private @no_lanes(!dataflow.stream<si8, lanes 0, shape [1, 4]>)

// -----

// CHECK: a stream's integer elements must say their signedness (si8 or ui8), got i8{{$}}
func.func private @signless(!dataflow.stream<i8, lanes 1, shape [4]>)

// -----

// CHECK: a stream carries per-tensor quantized elements, got !qnt.uniform<i8:f32:0, {0.1, 0.2}>{{$}}
func.func private @per_axis(!dataflow.stream<!qnt.uniform<i8:f32:0, {0.1, 0.2}>, lanes 1, shape [2]>)

// -----

// CHECK: stream elements must be a !qnt.uniform or an si/ui integer type, got f32{{$}}
func.func private @float(!dataflow.stream<f32, lanes 1, shape [4]>)

// -----

// CHECK: a frame shape has at least one dimension, all >= 1, got []{{$}}
func.func private @scalar(!dataflow.stream<si8, lanes 1, shape []>)

// -----

// CHECK: a frame shape has at least one dimension, all >= 1, got [1, 0]{{$}}
func.func private @empty(!dataflow.stream<si8, lanes 1, shape [1, 0]>)

// -----

// CHECK: order [0, 0] is not a permutation of the 2 axes{{$}}
func.func private @order(!dataflow.stream<si8, lanes 1, shape [1, 4], order [0, 0]>)

// -----

// CHECK: Expected 'lanes' (the elements per beat){{$}}
func.func private @no_lanes_keyword(!dataflow.stream<si8, shape [1, 4]>)

// -----

// CHECK: Expected 'order' (the axis order of the stream){{$}}
func.func private @order_keyword(!dataflow.stream<si8, lanes 1, shape [4], perm [0]>)
