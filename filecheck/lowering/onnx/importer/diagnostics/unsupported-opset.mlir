// Opsets of the default domain outside 6 to the newest the onnx package defines.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/opset_too_new.onnx -o %t 2>&1 | filecheck %s --check-prefix=NEW
// RUN: not test -e %t
// RUN: not asic-opt %inputs/opset_too_old.onnx -o %t 2>&1 | filecheck %s --check-prefix=OLD
// RUN: not test -e %t

// NEW: asic-opt: error: {{.*}}opset_too_new.onnx: opset 99 of the default ONNX domain is not supported; asic-opt imports opsets 6 to {{[0-9]+}} (onnx.version_converter can convert the model)
// OLD: asic-opt: error: {{.*}}opset_too_old.onnx: opset 5 of the default ONNX domain is not supported; asic-opt imports opsets 6 to {{[0-9]+}}
