// RUN: asic-opt %s --split-input-file --parsing-diagnostics | filecheck %s

// CHECK: a frame of 4 elements (shape [1, 4]) in beats of 3 lanes takes ceil(4 / 3) = 2 beats, got 1
"test.op"() {s = #rtl.stream<in "x" : si8, lanes 3, beats 1, shape [1, 4]>} : () -> ()

// -----

// CHECK: stream element type must say its signedness (si8 or ui8), got i8
"test.op"() {s = #rtl.stream<in "x" : i8, lanes 1, beats 4, shape [4]>} : () -> ()

// -----

// CHECK: order [0, 0] is not a permutation of the 2 axes
"test.op"() {s = #rtl.stream<in "x" : si8, lanes 1, beats 4, shape [1, 4], order [0, 0]>} : () -> ()

// -----

// CHECK: expected the stream direction, 'in' or 'out'
"test.op"() {s = #rtl.stream<inout "x" : si8, lanes 1, beats 4, shape [4]>} : () -> ()

// -----

// CHECK: lanes and beats must be >= 1, got lanes 0, beats 4
"test.op"() {s = #rtl.stream<out "x" : si8, lanes 0, beats 4, shape [4]>} : () -> ()

// -----

// CHECK: frame shape must have dimensions >= 1, got [0]
"test.op"() {s = #rtl.stream<out "x" : si8, lanes 1, beats 1, shape [0]>} : () -> ()

// -----

// CHECK: expected an si or ui integer element type, got f32
"test.op"() {s = #rtl.stream<out "x" : f32, lanes 1, beats 1, shape [1]>} : () -> ()
