"""passes.common of asic-opt."""
