// An op an engine pattern takes, in a form the engine does not, stays
// unconverted, and the first such op is reported with the pattern's
// reason; exit status 1, no traceback, no output file.
// RUN: not asic-opt %S/inputs/requantize.mlir -p lower-qnt-to-dataflow 2> %t.requantize
// RUN: echo "covered: %{engines-cover}" >> %t.requantize
// RUN: filecheck %s --check-prefix=REQUANTIZE --input-file %t.requantize
// RUN: not asic-opt %S/inputs/channel-axis.mlir -p lower-qnt-to-dataflow 2> %t.axis
// RUN: echo "covered: %{engines-cover}" >> %t.axis
// RUN: filecheck %s --check-prefix=AXIS --input-file %t.axis
// RUN: not asic-opt %S/inputs/bias-input.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=BIAS
// RUN: not asic-opt %S/inputs/pe-type.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=PE
// RUN: not asic-opt %S/inputs/dead-op.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=DEAD
// RUN: not asic-opt %S/inputs/fan-out-host.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=FANOUT
// RUN: rm -f %t.mlir
// RUN: not asic-opt %S/inputs/bias-input.mlir -p lower-qnt-to-dataflow -o %t.mlir
// RUN: not test -e %t.mlir

// A requantization not behind a qnt.dense, or per channel along another
// axis than the last.
// REQUANTIZE: asic-opt: error: lower-qnt-to-dataflow: qnt.requantize is not mapped to hardware yet (%h): only the requantization of a qnt.dense or a qnt.conv2d is; the engines cover [[COVERED:.*]]{{$}}
// REQUANTIZE-NOT: Traceback
// REQUANTIZE: covered: [[COVERED]]{{$}}
// AXIS: asic-opt: error: lower-qnt-to-dataflow: qnt.requantize is not mapped to hardware yet (%h): per-channel requantization must be along the last axis; the engines cover [[COVERED:.*]]{{$}}
// AXIS: covered: [[COVERED]]{{$}}

// A bias the host computes (an argument) has no ROM; a folding factor must
// be an integer.
// BIAS: asic-opt: error: lower-qnt-to-dataflow: qnt.dense %a: its bias must be a qnt.constant to be stored in a ROM{{$}}
// PE: asic-opt: error: lower-qnt-to-dataflow: qnt.dense %a: dataflow.pe must be an integer, got "two"{{$}}

// A dead integer op is not dropped: the first op left is reported, here an
// unused clamp before the layer that converts.
// DEAD: asic-opt: error: lower-qnt-to-dataflow: qnt.clamp is not mapped to hardware yet (%z): only a clamp right after the requantization of a qnt.dense is;

// Fan-out counts every op reading the value, the host's included.
// FANOUT: asic-opt: error: lower-qnt-to-dataflow: the result of qnt.requantize %h has 3 users: a stream has one consumer (fan-out to the host is not mapped to hardware){{$}}
