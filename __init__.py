"""asic-opt: a multi-level compiler from trained neural networks to SystemVerilog accelerators."""
