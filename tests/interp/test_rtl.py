"""The RTL interpreter: reference semantics of comb ops, the compiled
vectorized simulator against them, stream-driven designs against Python
references, cycle accounting, and its errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects import comb, hw
from xdsl.dialects.builtin import ModuleOp, i1
from xdsl.utils.exceptions import InterpretationError

from asic.dialects.rtl import StreamAttr, beats_to_frames, frames_to_beats
from asic.interp.rtl import SimulationTimeout, Simulator, comb_value, simulate
from asic.interp.runner import evaluate_op
from asic.lowering.rtl.builder import ModuleBuilder, stream_type
from support.rtl_designs import (
    BINARY,
    Program,
    chain_design,
    comb_design,
    deadlocked_design,
    fifo_design,
    mac_design,
    mac_reference,
    program_reference,
    programs,
    random_words,
    stage_design,
)


def _value(op_cls, a: int, b: int, bits: int) -> int:
    x, y = hw.ConstantOp(a, bits), hw.ConstantOp(b, bits)
    return comb_value(op_cls(x, y), [a % (1 << bits), b % (1 << bits)])


def test_comb_semantics_edges():
    assert _value(comb.ShlOp, 1, 8, 8) == 0  # shift by >= width
    assert _value(comb.ShrUOp, 0x80, 9, 8) == 0
    assert _value(comb.ShrSOp, 0x80, 200, 8) == 0xFF  # sign fill
    assert _value(comb.ShrSOp, 0x40, 200, 8) == 0
    assert _value(comb.DivUOp, 7, 0, 8) == 0  # division by zero is 0
    assert _value(comb.ModSOp, 7, 0, 8) == 0
    assert _value(comb.DivSOp, -128, -1, 8) == 0x80  # wraps
    assert _value(comb.DivSOp, -7, 2, 8) == (-3) % 256  # truncates toward zero
    assert _value(comb.ModSOp, -7, 2, 8) == (-1) % 256
    x, y = hw.ConstantOp(-1, 8), hw.ConstantOp(1, 8)
    assert comb_value(comb.ICmpOp(x, y, "slt"), [255, 1]) == 1
    assert comb_value(comb.ICmpOp(x, y, "ult"), [255, 1]) == 0


def test_evaluate_op_folds_comb():
    a, b = hw.ConstantOp(200, 8), hw.ConstantOp(100, 8)
    assert evaluate_op(comb.AddOp([a, b]), [200, 100]) == (44,)
    cat = comb.ConcatOp([a, b], hw.IntegerType(16))
    assert evaluate_op(cat, [200, 100]) == ((200 << 8) | 100,)


# --------------------------------------------------------------------------
# Random combinational programs: compiled numpy simulator vs comb_value
# --------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(programs())
def test_simulator_matches_reference_semantics(program):
    design, _ = comb_design([program], in_lanes=10)
    top = design.module.ops.last
    words = random_words(np.random.default_rng(0), 40, 160)
    sim = Simulator(design.module, batch=len(words))
    data = np.empty(len(words), dtype=object)
    data[:] = words
    out = sim.run_cycles({"x_data": [data], "x_valid": [1]})["y_data"][0]
    expected = [program_reference(top, w) for w in words]
    assert [int(v) for v in out] == expected


# --------------------------------------------------------------------------
# Designs
# --------------------------------------------------------------------------


def test_mac_with_rom():
    design, weights = mac_design(k=8, lanes=2)
    x = np.random.default_rng(1).integers(-128, 128, size=(6, 1, 8))
    result = simulate(design.module, {"x": x})
    np.testing.assert_array_equal(result.outputs["y"], mac_reference(x, weights))
    assert result.outputs["y"].dtype == np.int32
    # 4 beats per frame, one per cycle: a frame every 4 cycles.
    assert result.latency == 4 and result.interval == 4
    np.testing.assert_array_equal(result.frame_start, np.arange(6) * 4)


def test_fifo_with_backpressure_and_gaps():
    design = fifo_design()
    x = np.random.default_rng(2).integers(-2048, 2048, size=(9, 1, 6))
    for valid, ready in (("1", "1"), ("1101", "10"), ("1", "0001"), ("01", "1")):
        result = simulate(design.module, {"x": x}, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(result.outputs["y"], x)
    # Full throughput when neither side stalls: latency 3 (push, fetch, show).
    result = simulate(design.module, {"x": x})
    assert (result.latency, result.interval) == (3, 2)


def test_stage_order_and_names():
    design = stage_design()
    x = np.random.default_rng(3).integers(0, 256, size=(5, 1, 3, 4))
    result = simulate(design.module, {"in.1": x}, ready_pattern="011")
    np.testing.assert_array_equal(result.outputs["out"], x)
    assert result.outputs["out"].dtype == np.uint8
    merged = simulate(design.module, {"in.1": x[:, 0]})
    assert merged.outputs["out"].shape == (5, 3, 4)
    one = simulate(design.module, {"in.1": x[0]})
    np.testing.assert_array_equal(one.outputs["out"], x[0])


def test_chain_instances_share_the_timeline():
    design, weights = chain_design()
    x = np.random.default_rng(4).integers(-128, 128, size=(12, 1, 8))
    single = simulate(design.module, {"x": x}, ready_pattern="110", valid_pattern="1011")
    np.testing.assert_array_equal(single.outputs["y"], mac_reference(x, weights))
    split = simulate(design.module, {"x": x}, instances=4, ready_pattern="110", valid_pattern="1011")
    np.testing.assert_array_equal(split.outputs["y"], single.outputs["y"])
    assert split.frames_per_instance == 3
    # Each copy streams 3 frames: its timeline is the first 3 frames of one copy.
    np.testing.assert_array_equal(split.frame_end.reshape(4, 3), np.tile(single.frame_end[:3], (4, 1)))
    assert split.latency == single.latency


def test_frames_beats_round_trip_wide_and_ordered():
    stream = StreamAttr("t", "in", stream_type(12, True), 6, 4, [1, 4, 6], order=[0, 2, 1])
    frames = np.random.default_rng(5).integers(-2048, 2048, size=(3, 1, 4, 6))
    beats = frames_to_beats(stream, frames)
    assert beats.dtype == object and beats.shape == (3, 4)  # 72-bit beats
    first = [int(frames[0, 0, 0, 0]) & 0xFFF, int(frames[0, 0, 1, 0]) & 0xFFF]
    assert int(beats[0, 0]) & 0xFFFFFF == first[0] | first[1] << 12  # order [0, 2, 1]
    np.testing.assert_array_equal(beats_to_frames(stream, beats), frames)


def test_run_cycles_drives_ports_directly():
    b = ModuleBuilder("counter")
    b.clock(), b.reset()
    en = b.input("en", i1)
    count = b.reg(4, "count")
    count.drive(b.add(count.q, 1), enable=en)
    b.output("q", count.q)
    sim = Simulator(ModuleOp([b.finish()]), batch=2)
    out = sim.run_cycles({"rst": [1, 0, 0, 0, 0], "en": [[1, 1], [1, 0], [1, 1], [0, 1], [1, 1]]})
    np.testing.assert_array_equal(out["q"].astype(int), [[0, 0], [0, 0], [1, 0], [2, 1], [2, 2]])


def test_timeout_is_reported():
    with pytest.raises(SimulationTimeout, match="no beat moved for 50 cycles.*0 of 2 frames came out"):
        simulate(deadlocked_design(), {"x": np.array([[1], [2]])}, timeout=50)


def test_errors():
    b = ModuleBuilder("loop")
    a = b.input("a", 4)
    placeholder = b.add(a, a)
    x = b.add(placeholder, a)
    placeholder.owner.operands[1] = x  # a combinational loop
    b.output("y", x)
    with pytest.raises(InterpretationError, match="combinational loop"):
        Simulator(ModuleOp([b.finish()]))
    with pytest.raises(InterpretationError, match="input 'x' has shape \\(2, 2\\)"):
        simulate(deadlocked_design(), {"x": np.ones((2, 2), dtype=np.int8)})
    with pytest.raises(InterpretationError, match="values outside \\[-128, 127\\]"):
        simulate(deadlocked_design(), {"x": np.array([[300]])})
    with pytest.raises(InterpretationError, match="no hw.module named 'nope'"):
        Simulator(deadlocked_design(), "nope")


def test_simulation_speed_is_reasonable():
    design, _ = chain_design()
    x = np.random.default_rng(6).integers(-128, 128, size=(64, 1, 8))
    result = simulate(design.module, {"x": x}, instances=64)
    assert result.cycles < 20


@pytest.mark.parametrize("bits", [3, 8, 13])
def test_rom_takes_signed_and_unsigned_words(bits):
    """`ModuleBuilder.rom` stores the low `bits` bits of each word: a
    negative word and its unsigned form give the same ROM."""
    from asic.dialects.attributes import array_from_dense
    from asic.dialects.rtl import RomOp

    rng = np.random.default_rng(bits)
    words = rng.integers(-(1 << (bits - 1)), 1 << (bits - 1), size=(5, 3))
    roms = []
    for form in (words, words & ((1 << bits) - 1)):
        b = ModuleBuilder("m")
        b.clock()
        b.rom(b.input("addr", 3), form, bits)
        (rom,) = [op for op in b.block.ops if isinstance(op, RomOp)]
        roms.append(array_from_dense(rom.words))
    np.testing.assert_array_equal(roms[0], words)
    np.testing.assert_array_equal(roms[1], words)
