"""lowering.rtl of asic-opt."""
