"""The sliding-window generator's RTL (`asic.lowering.rtl.swg`) on its own,
wrapped in a top module with the stream contract: the windows of
`asic.interp.utils.windows`, beat for beat, and the frame start and end
cycles of the timing model (`asic.dialects.sliding_window.SwgTiming`), under
gaps in the input and stalls at the output, in the RTL interpreter and in
Verilator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asic.dialects.sliding_window import SwgTiming, stream_frames
from asic.interp.rtl import simulate
from support.windows import geometries, geometry, reference, wrapped

PATTERNS = st.text(alphabet="01", min_size=1, max_size=7).filter(lambda p: "1" in p)


def _frames(swg, count: int, bits: int, signed: bool, seed: int) -> np.ndarray:
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    return np.random.default_rng(seed).integers(lo, hi + 1, (count, swg.channels, swg.rows.size, swg.cols.size))


def _check(result, swg, x, pad_value, valid, ready) -> None:
    out = result.outputs["y"].reshape(x.shape[0], swg.rows.outputs, swg.cols.outputs, -1)
    np.testing.assert_array_equal(out, reference(swg, x, pad_value))
    start, end = stream_frames(SwgTiming(swg), swg.input_beats, swg.output_beats, x.shape[0], valid, ready)
    np.testing.assert_array_equal(result.frame_start, start)
    np.testing.assert_array_equal(result.frame_end, end)


CASES = {
    "3x3 same": {"h": 6, "w": 6, "c": 2, "kernel": (3, 3), "pads": (1, 1, 1, 1)},
    "7x7 same, folded": {"h": 4, "w": 5, "c": 4, "kernel": (7, 7), "pads": (3, 3, 3, 3), "simd": 2},
    "2x2 stride 2": {"h": 6, "w": 6, "c": 2, "kernel": (2, 2), "strides": (2, 2)},
    "3x3 stride 2, asymmetric pads": {"h": 7, "w": 6, "c": 3, "kernel": (3, 3), "strides": (2, 2), "pads": (0, 1, 1, 0), "simd": 3},
    "dilated": {"h": 7, "w": 7, "c": 1, "kernel": (3, 2), "dilations": (2, 3), "pads": (2, 1, 1, 2)},
    "Conv1d": {"h": 1, "w": 12, "c": 2, "kernel": (1, 5), "pads": (0, 2, 0, 2)},
    "1x1 stride 3": {"h": 7, "w": 7, "c": 2, "kernel": (1, 1), "strides": (3, 3), "simd": 2},
    "pool ceil mode": {"h": 5, "w": 5, "c": 1, "kernel": (2, 2), "strides": (2, 2), "ceil_mode": True},
    "deeper buffer": {"h": 6, "w": 6, "c": 1, "kernel": (2, 2), "strides": (2, 2), "depth": 11},
}


@pytest.mark.parametrize("name", list(CASES))
def test_swg_matches_reference_and_timing_model(name):
    swg = geometry(**CASES[name])
    module = wrapped(swg, 8, True, -3)
    module.verify()
    x = _frames(swg, 3, 8, True, seed=len(name))
    for valid, ready in (("1", "1"), ("1101", "0111")):
        _check(simulate(module, x, valid_pattern=valid, ready_pattern=ready), swg, x, -3, valid, ready)


@settings(max_examples=25, deadline=None)
@given(
    swg=geometries(max_size=6, max_kernel=4, pool=False),
    bits=st.integers(2, 9),
    signed=st.booleans(),
    valid=PATTERNS,
    ready=PATTERNS,
    seed=st.integers(0, 2**31),
)
def test_random_geometries_under_random_gaps(swg, bits, signed, valid, ready, seed):
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    pad_value = int(np.random.default_rng(seed).integers(lo, hi + 1))
    module = wrapped(swg, bits, signed, pad_value)
    x = _frames(swg, 2, bits, signed, seed)
    _check(simulate(module, x, valid_pattern=valid, ready_pattern=ready), swg, x, pad_value, valid, ready)


@pytest.mark.slow
def test_swg_in_verilator(tmp_path):
    """Verilator lints the SystemVerilog silently and agrees with the
    interpreter, the reference and the timing model over 20 frames."""
    import shutil
    import subprocess

    from asic.lowering.rtl_to_sv import sv_text
    from asic.tools.asic_sim import simulate_design

    for name in ("7x7 same, folded", "3x3 stride 2, asymmetric pads", "dilated", "pool ceil mode"):
        swg = geometry(**CASES[name])
        path = tmp_path / "swg.sv"
        path.write_text(sv_text(wrapped(swg, 8, False, 5)))
        verilator = shutil.which("verilator-cli") or "verilator"
        lint = subprocess.run([verilator, "--lint-only", "-Wall", str(path)], check=False, capture_output=True, text=True)
        assert lint.returncode == 0 and "%Warning" not in lint.stderr, lint.stderr
        x = _frames(swg, 20, 8, False, seed=1)
        for valid, ready in (("1", "1"), ("1101", "0111"), ("10", "1")):
            result = simulate_design(wrapped(swg, 8, False, 5), x, valid_pattern=valid, ready_pattern=ready)
            _check(result, swg, x, 5, valid, ready)
