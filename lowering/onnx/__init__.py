"""lowering.onnx of asic-opt."""
