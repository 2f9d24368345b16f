"""lowering of asic-opt."""
