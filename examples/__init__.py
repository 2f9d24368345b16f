"""End-to-end walkthroughs and the small real models the tests and benchmarks use."""
