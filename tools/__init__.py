"""tools of asic-opt."""
