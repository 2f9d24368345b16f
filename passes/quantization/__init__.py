"""passes.quantization of asic-opt."""
