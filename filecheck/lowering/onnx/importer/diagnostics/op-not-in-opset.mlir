// A node whose op the model's opset does not define: an op newer than the
// opset (DFT first appears in opset 17) or one removed before it (Upsample
// in opset 10, Scatter in 11). The node, the op, the model's opset and the
// opsets that define the op; exit status 1, no output file. A node reading
// the output of such a node is reported too when its own op is not in the
// opset, and not otherwise.
// RUN: rm -f %t
// RUN: not asic-opt %inputs/op_too_new.onnx -o %t 2>&1 | filecheck %s --check-prefix=NEW
// RUN: not test -e %t
// RUN: not asic-opt %inputs/op_removed.onnx -o %t 2>&1 | filecheck %s --check-prefix=REMOVED
// RUN: not test -e %t

// NEW:      asic-opt: error: {{.*}}op_too_new.onnx: DFT node 'dft': op DFT does not exist in opset 16 of the default ONNX domain, which the model imports; it first appears in opset 17 (a model using it imports opset 17 or later)
// NEW-NOT:  relu
// NEW-NOT:  Traceback

// REMOVED:      asic-opt: error: {{.*}}op_removed.onnx: 2 problems:
// REMOVED-NEXT:   Upsample node 'upsample': op Upsample was removed in opset 10 of the default ONNX domain, and the model imports opset 11; it exists in opsets 1 to 9
// REMOVED-NEXT:   Scatter node 'scatter': op Scatter was removed in opset 11 of the default ONNX domain, and the model imports opset 11; it exists in opsets 9 to 10
// REMOVED-NOT:  Traceback
