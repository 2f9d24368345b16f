"""passes of asic-opt."""
