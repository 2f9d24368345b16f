// Convolutions and pooling (an ONNX net quantized W8A8): a 3x3 convolution
// with its ReLU is a window generator padded with the input's zero point
// and an MVU over the 6x5 windows of 18 inputs, whose [1, 6, 5, 4] rows
// are relabelled as the channels-last result; a 1x1 convolution is an MVU
// on the pixels (no window generator: the relabelling and the way back to
// pixels fold away, the MVU takes the rows as they come); a grouped convolution (2 groups,
// asymmetric pads) an MVU over whole windows; a ceil-mode max pool pads
// with the storage minimum; an average pool pads with the zero point and
// has a multiplier per window (the borders divide by fewer taps); a global
// average pool takes the pixel stream itself; its [1, 4, 1, 1] result
// flattens as a plain reshape into the dense layer.
// RUN: asic-opt %S/inputs/conv-net.mlir -p lower-qnt-to-dataflow | filecheck %s
// A flatten of a channels-last stream into a dense layer: the dense
// weights' columns permuted from NCHW to the stream's (h, w, c) order; the
// convolution's rows relabelled as its image and that image flattened are
// one reshape of the rows.
// RUN: asic-opt %S/inputs/flatten-dense.mlir -p lower-qnt-to-dataflow | filecheck %s --check-prefix=FLAT
// A Conv1d of 3 channels: the input [1, 3, 5] reaches the convolution as
// [1, 3, 1, 5] through a reshape across a unit axis, so the host streams it
// step by step ([0, 2, 1]) and the reshape gives channels-last pixels.
// RUN: asic-opt %S/inputs/conv1d-channels.mlir -p lower-qnt-to-dataflow | filecheck %s --check-prefix=CONV1D
// Depthwise convolutions (groups = C = O) are a window generator and a
// vector-vector unit: weights [C, Kh*Kw] in the windows' tap order, the
// bias, per-channel requantization and the clamp folded, the channels-last
// result straight from the engine (no reshape).
// RUN: asic-opt %S/inputs/depthwise.mlir -p lower-qnt-to-dataflow --verify-each | filecheck %s --check-prefix=DW
// RUN: asic-opt %S/inputs/depthwise-relu.mlir -p lower-qnt-to-dataflow --verify-each | filecheck %s --check-prefix=DWRELU
// Refusals: a kernel side over 7, a flatten of a channels-last stream into
// anything but a dense layer.
// RUN: not asic-opt %S/inputs/conv-kernel8.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=KERNEL
// RUN: not asic-opt %S/inputs/flatten-out.mlir -p lower-qnt-to-dataflow 2>&1 | filecheck %s --check-prefix=FLATOUT

// CHECK:      ^bb0(%0: !dataflow.stream<!qnt.uniform<u8:f32, 0.003918046577304018>, lanes 1, shape [1, 2, 6, 5], order [0, 2, 3, 1]>):
// CHECK:      %c1.w.windows = dataflow.swg %0 kernel [3, 3] pads [1, 1, 1, 1] pad_value 0 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 6, 5, 18]>
// CHECK:      %c1.w = qnt.constant "c1.w" {{.*}} : tensor<4x18x
// CHECK-NEXT: %1 = dataflow.mvu %c1.w.windows, %c1.w, %c1.b accumulator i21 {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 6, 5, 4]>
// CHECK-NOT:  dataflow.reshape
// CHECK:      %c2.w = qnt.constant "c2.w" {{.*}} : tensor<4x4x
// CHECK-NEXT: %2 = dataflow.mvu %1, %c2.w accumulator i18
// CHECK-NEXT: %c2 = dataflow.reshape %2 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 4, 6, 5], order [0, 2, 3, 1]>
// CHECK-NEXT: %c3.w.windows = dataflow.swg %c2 kernel [3, 3] pads [0, 1, 1, 0] pad_value 0 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 5, 4, 36]>
// CHECK-NEXT: %c3.w = qnt.constant "c3.w" dense<"0x{{....}}0000{{....}}0000{{....}}0000{{.*}} : tensor<4x36x
// CHECK-NEXT: %3 = dataflow.mvu %c3.w.windows, %c3.w accumulator i21
// CHECK-NEXT: %c3 = dataflow.reshape %3
// CHECK-NEXT: %p1.windows = dataflow.swg %c3 kernel [2, 2] strides [2, 2] pad_value -128 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 3, 2, 16]>
// CHECK-NEXT: %p1 = dataflow.pool %p1.windows kind "max" taps 4 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 4, 3, 2], order [0, 2, 3, 1]>
// CHECK-NEXT: %p2.windows = dataflow.swg %p1 kernel [3, 3] pads [1, 1, 1, 1] pad_value -14
// CHECK-NEXT: %p2 = dataflow.pool %p2.windows kind "avg" taps 9 multipliers [1293172784, 1293172784, 1724230379, 1724230379, 1293172784, 1293172784] shifts [31, 31, 32, 32, 31, 31]
// CHECK-NEXT: %g = dataflow.pool %p2 kind "avg" taps 6 multipliers [1860964020] shifts [33] : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 4, 1, 1], order [0, 2, 3, 1]>
// CHECK-NEXT: %f = dataflow.reshape %g : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 4]>
// CHECK:      dataflow.mvu %f, %fc.w, %fc.b

// FLAT:      %1 = dataflow.mvu
// FLAT-NEXT: %2 = dataflow.reshape %1 : {{.*}} shape [1, 2, 2, 3]>) -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 12]>
// FLAT-NEXT: %fc.w = qnt.constant "fc.w" dense<{{\[\[}}64, 37, 34, 94, 10, -36, 96, -83, 127, 20, -36, -99], [-33, -110, 45, 94, -57, -40, -48, 127, 72, -91, 36, 11]]>
// FLAT-NEXT: dataflow.mvu %2, %fc.w

// KERNEL: asic-opt: error: lower-qnt-to-dataflow: qnt.conv2d is not mapped to hardware yet (%y_acc): kernel 8x1: the sliding-window generator takes sides 1 to 7;
// FLATOUT: asic-opt: error: lower-qnt-to-dataflow: qnt.flatten is not mapped to hardware yet (%y): flattening the channels-last [1, 2, 2, 2] stream in NCHW order is mapped only along axis 1 into one qnt.dense with constant weights (its weights are permuted instead of the stream);

// CONV1D:      ^bb0(%0: !dataflow.stream<{{.*}}, lanes 1, shape [1, 3, 5], order [0, 2, 1]>):
// CONV1D-NEXT: %x_4d = dataflow.reshape %0 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 3, 1, 5], order [0, 2, 3, 1]>
// CONV1D-NEXT: dataflow.swg %x_4d kernel [1, 3] pads [0, 1, 0, 1]

// DW:      %conv.weight.windows = dataflow.swg %0 kernel [2, 2] pad_value 0 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 3, 3, 8]>
// DW-NEXT: %w = qnt.constant "conv.weight" dense<1> : tensor<2x4x!qnt.uniform<i8<-127:127>:f32, 0.01>>
// DW-NEXT: %h_1 = dataflow.vvu %conv.weight.windows, %w taps 4 accumulator i18 multipliers [1073741824] shifts [32] : {{.*}} -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-100>, lanes 1, shape [1, 2, 3, 3], order [0, 2, 3, 1]>
// DW-NEXT: dataflow.yield %h_1

// DWRELU:      %dw.w.windows = dataflow.swg %0 kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] pad_value 3 : {{.*}} -> !dataflow.stream<{{.*}}, lanes 1, shape [1, 3, 3, 27]>
// DWRELU-NEXT: %w = qnt.constant "dw.w" dense<{{\[}}[1, -2, 3, 4, 5, -6, 7, 8, 9], [-9, 8, -7, 6, 5, 4, 3, 2, 1], [127, 0, -127, 1, 1, 1, -50, 60, -70]]> : tensor<3x9x
// DWRELU-NEXT: %r_1 = dataflow.vvu %dw.w.windows, %w, %b taps 9 accumulator i20 multipliers [1073741824, 1288490189, 1503238554] shifts [33, 34, 35] min -10 : {{.*}} -> !dataflow.stream<!qnt.uniform<i8:f32, 0.05:-10>, lanes 1, shape [1, 3, 3, 3], order [0, 2, 3, 1]>
// DWRELU-NEXT: dataflow.yield %r_1
