"""dialects of asic-opt."""
