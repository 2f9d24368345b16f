"""passes.compression of asic-opt."""
