// Every qnt op or form the engines do not cover yet is a diagnostic that
// names it, with exit status 1 and no output file.
// RUN: not asic-opt %S/inputs/conv-kernel8.mlir -p lower-qnt-to-dataflow 2> %t.conv
// RUN: echo "covered: %{engines-cover}" >> %t.conv
// RUN: filecheck %s --check-prefix=CONV --input-file %t.conv
// RUN: not asic-opt %S/inputs/accumulator.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=ACC
// RUN: not asic-opt %S/inputs/clamp.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=CLAMP
// RUN: not asic-opt %S/inputs/argmax-axis.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=ARGMAX
// RUN: not asic-opt %S/inputs/fan-out.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=FANOUT
// RUN: not asic-opt %S/inputs/split.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=SPLIT
// RUN: not asic-opt %S/inputs/weight-input.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=WEIGHT
// RUN: not asic-opt %S/inputs/constant-input.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=CONSTANT
// RUN: not asic-opt %S/inputs/bad-pe.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=PE
// RUN: not asic-opt %S/inputs/bad-simd-rows.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=SIMD
// RUN: not asic-opt %S/inputs/dynamic.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=DYNAMIC
// RUN: rm -f %t.mlir
// RUN: not asic-opt %S/inputs/conv-kernel8.mlir -p lower-qnt-to-dataflow -o %t.mlir
// RUN: not test -e %t.mlir

// CONV: asic-opt: error: lower-qnt-to-dataflow: qnt.conv2d is not mapped to hardware yet (%y_acc): kernel 8x1: the sliding-window generator takes sides 1 to 7; the engines cover [[COVERED:.*]]{{$}}
// CONV-NOT: Traceback
// CONV: covered: [[COVERED]]{{$}}
// ACC: asic-opt: error: lower-qnt-to-dataflow: qnt.dense is not mapped to hardware yet (%a): its accumulator must go to exactly one qnt.requantize;
// CLAMP: asic-opt: error: lower-qnt-to-dataflow: qnt.clamp is not mapped to hardware yet (%c): only a clamp right after the requantization of a qnt.dense is;
// ARGMAX: asic-opt: error: lower-qnt-to-dataflow: qnt.argmax is not mapped to hardware yet (%l): the argmax engine reduces whole frames, not axis 1 of [2, 4];
// FANOUT: asic-opt: error: lower-qnt-to-dataflow: the result of qnt.requantize %h has 2 users: a stream has one consumer (fan-out to the host is not mapped to hardware){{$}}
// SPLIT: asic-opt: error: lower-qnt-to-dataflow: qnt.quantize %q2 sits between integer ops of @main: they would need two accelerators (one dataflow.graph per function){{$}}
// WEIGHT: asic-opt: error: lower-qnt-to-dataflow: qnt.dense %a: its weight must be a qnt.constant to be stored in a ROM{{$}}
// CONSTANT: asic-opt: error: lower-qnt-to-dataflow: qnt.dense %a takes the constant 'x' as its data input: fold constant computations first (fold-constants){{$}}
// PE: asic-opt: error: lower-qnt-to-dataflow: qnt.dense %a: dataflow.pe = 3 must be in [1, 2] (the 2 output channels){{$}}
// DYNAMIC: asic-opt: error: lower-qnt-to-dataflow: function 'main' is marked qnt.dynamic_quantization (activation scales computed per input at run time), which only the interpreter implements: the hardware has fixed scales, multipliers and shifts. Remove the attribute to build it with the static scales of its types{{$}}
// SIMD: asic-opt: error: lower-qnt-to-dataflow: qnt.dense %a: dataflow.simd = 3 must divide the 4 inputs (2 rows per frame){{$}}
