// The committed .onnx inputs are exactly what make_inputs.py writes.
// RUN: %python %inputs/make_inputs.py --check
