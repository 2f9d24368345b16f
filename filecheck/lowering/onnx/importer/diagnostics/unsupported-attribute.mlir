// Attribute values outside what is supported: a 3-D convolution, Pad's
// 'wrap' mode (opset 19), an auto_pad value that does not exist.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/conv3d.onnx -o %t 2>&1 | filecheck %s --check-prefix=CONV3D
// RUN: not test -e %t
// RUN: not asic-opt %inputs/pad_wrap.onnx -o %t 2>&1 | filecheck %s --check-prefix=WRAP
// RUN: not test -e %t
// RUN: not asic-opt %inputs/bad_auto_pad.onnx -o %t 2>&1 | filecheck %s --check-prefix=AUTOPAD
// RUN: not test -e %t

// CONV3D:  asic-opt: error: {{.*}}conv3d.onnx: Conv node 'conv3d': 3-D convolution is not supported; Conv is supported on 1-D and 2-D inputs (rank 3 or 4, NCW or NCHW)
// WRAP:    asic-opt: error: {{.*}}pad_wrap.onnx: Pad node 'pad_wrap': mode 'wrap' is not supported; Pad supports modes constant, reflect, edge
// AUTOPAD: asic-opt: error: {{.*}}bad_auto_pad.onnx: MaxPool node 'pool': auto_pad 'SAME' is not supported; supported values are NOTSET, VALID, SAME_UPPER and SAME_LOWER
