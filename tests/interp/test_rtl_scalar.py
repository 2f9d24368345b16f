"""The RTL interpreter's fast path for one copy (Python ints) against its
reference, the vectorized numpy `Simulator` (`simulate(..., fast=False)`):
the same output integers, frame start and end cycles, cycle and stall
counts, on random combinational programs (every comb op) and on designs
with registers, ROMs and RAMs under gaps and backpressure."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from xdsl.dialects.builtin import ModuleOp

from asic.interp.rtl import SimResult, find_top, flatten, simulate
from asic.interp.rtl_scalar import MAX_NESTING, ScalarSimulator
from asic.lowering.rtl.builder import ModuleBuilder
from support.rtl_designs import (
    chain_design,
    comb_design,
    fifo_design,
    mac_design,
    programs,
    random_words,
    stage_design,
)


def assert_same(fast: SimResult, reference: SimResult) -> None:
    assert fast.outputs.keys() == reference.outputs.keys()
    for name, frames in reference.outputs.items():
        assert fast.outputs[name].dtype == frames.dtype
        np.testing.assert_array_equal(fast.outputs[name], frames)
    np.testing.assert_array_equal(fast.frame_start, reference.frame_start)
    np.testing.assert_array_equal(fast.frame_end, reference.frame_end)
    assert (fast.cycles, fast.stall_cycles, fast.latency, fast.interval) == (
        reference.cycles, reference.stall_cycles, reference.latency, reference.interval
    )  # fmt: skip


def both(module: ModuleOp, x, **options) -> SimResult:
    fast = simulate(module, x, **options)
    assert_same(fast, simulate(module, x, fast=False, **options))
    return fast


@settings(max_examples=60, deadline=None)
@given(programs())
def test_random_programs_match_the_reference(program):
    design, _ = comb_design([program], in_lanes=10)
    words = random_words(np.random.default_rng(0), 24, 160)
    lanes = [[(w >> (16 * i)) & 0xFFFF for i in range(10)] for w in words]
    both(design.module, {"x": np.array(lanes, dtype=np.int64)}, ready_pattern="1101")


@pytest.mark.parametrize("valid, ready", [("1", "1"), ("1101", "10"), ("01", "0111")])
def test_designs_with_state_match_the_reference(valid, ready):
    rng = np.random.default_rng(7)
    options = {"valid_pattern": valid, "ready_pattern": ready}
    both(fifo_design().module, {"x": rng.integers(-2048, 2048, size=(9, 1, 6))}, **options)
    both(chain_design()[0].module, {"x": rng.integers(-128, 128, size=(9, 1, 8))}, **options)
    both(mac_design(k=12, lanes=3)[0].module, {"x": rng.integers(-128, 128, size=(5, 1, 12))}, **options)
    stalled = both(stage_design().module, {"in.1": rng.integers(0, 256, size=(5, 1, 3, 4))}, **options)
    assert (stalled.stall_cycles > 0) == (ready != "1")


def test_long_chains_are_not_nested_without_bound():
    """A chain of single-use values far longer than `MAX_NESTING` compiles
    (CPython's parser stops at 200 nested parentheses) and computes."""
    b = ModuleBuilder("chain")
    a = b.input("a", 16)
    value = a
    for _ in range(1000):
        value = b.add(value, b.const(3, 16))
    b.output("y", value)
    module = ModuleOp([b.finish()])
    top = find_top(module)
    sim = ScalarSimulator(flatten(module, top))
    assert sim.step([5]) == ((5 + 3000) % (1 << 16),)
    assert sim.source.count("\n") > 1000 // MAX_NESTING
