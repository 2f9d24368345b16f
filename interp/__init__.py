"""interp of asic-opt."""
