"""The sliding-window generator's RTL (`asic.lowering.rtl.swg`) on its own,
wrapped in a top module with the stream contract: the windows of
`asic.interp.utils.windows`, beat for beat, and the frame start and end
cycles of the timing model (`asic.dialects.dataflow.sliding_window.SwgTiming`), under
gaps in the input and stalls at the output, in the RTL interpreter and in
Verilator; and feeding an MVU, a convolution bit for bit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp, UnrealizedConversionCastOp, i1

from asic.dialects.qnt_integers import integer_width
from asic.dialects.rtl import StreamAttr
from asic.dialects.dataflow.sliding_window import SlidingWindow, SwgTiming, stream_frames, window_weights
from asic.interp.qnt import conv2d_accumulate, requantize
from asic.interp.rtl import simulate
from asic.lowering.rtl.builder import ModuleBuilder, stream_type
from asic.lowering.rtl.mvu import MvuSpec, mvu_module
from asic.lowering.rtl.swg import swg_module
from support.windows import geometries, geometry, pixel_geometries, reference, wrapped

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
    "buffer deeper than a frame": {"h": 2, "w": 3, "c": 2, "kernel": (2, 2), "depth": 17},
    "parallel: a kernel row per beat": {"h": 6, "w": 6, "c": 1, "kernel": (3, 3), "pads": (1, 1, 1, 1), "group": 3},
    "parallel: the whole window per beat": {"h": 5, "w": 6, "c": 2, "kernel": (3, 3), "pads": (1, 0, 1, 2), "simd": 2, "group": 9},
    "parallel: taps across channel folds": {"h": 5, "w": 5, "c": 4, "kernel": (2, 3), "strides": (2, 1), "simd": 2, "group": 4},
    "parallel: pool stride 2, deeper": {"h": 6, "w": 6, "c": 2, "kernel": (2, 2), "strides": (2, 2), "simd": 2, "group": 4, "depth": 14},
    "padded windows: 3x3 in beats of 5": {"h": 6, "w": 6, "c": 1, "kernel": (3, 3), "pads": (1, 1, 1, 1), "group": 5, "window_pad": 1},
    "pixels: 3x3 same, 2 pixels and 2 windows per beat": {"h": 6, "w": 6, "c": 2, "kernel": (3, 3), "pads": (1, 1, 1, 1), "simd": 2, "pixels": 2, "group": 18},
    "pixels: 4 pixels in, a kernel row out": {"h": 4, "w": 6, "c": 1, "kernel": (3, 3), "pads": (1, 1, 1, 1), "pixels": 4, "group": 3},
    "pixels: pool stride 2, 8 pixels in, whole rows of windows out": {"h": 4, "w": 4, "c": 2, "kernel": (2, 2), "strides": (2, 2), "simd": 2, "pixels": 8, "group": 16},
    "pixels: a frame per beat": {"h": 3, "w": 3, "c": 1, "kernel": (2, 2), "pixels": 9, "group": 16},
    "padded windows: folds, stride 2": {"h": 5, "w": 6, "c": 4, "kernel": (3, 3), "strides": (2, 2), "pads": (1, 1, 1, 1), "simd": 2, "group": 5, "window_pad": 2},
}


@pytest.mark.parametrize("name", list(CASES))
def test_swg_matches_reference_and_timing_model(name):
    swg = geometry(**CASES[name])
    module = wrapped(swg, 8, True, -3)
    module.verify()
    x = _frames(swg, 3, 8, True, seed=len(name))
    for valid, ready in (("1", "1"), ("1101", "0111")):
        _check(simulate(module, x, valid_pattern=valid, ready_pattern=ready), swg, x, -3, valid, ready)


@pytest.mark.parametrize("kind", ["one read per beat", "parallel windows", "padded windows"])
@settings(max_examples=25, deadline=None)
@given(
    data=st.data(),
    bits=st.integers(2, 9),
    signed=st.booleans(),
    valid=PATTERNS,
    ready=PATTERNS,
    seed=st.integers(0, 2**31),
)
def test_random_geometries_under_random_gaps(kind, data, bits, signed, valid, ready, seed):
    """Random geometries (with several reads per output beat, and padded
    windows): the reference's windows and the timing model's cycles."""
    parallel, padded = kind == "parallel windows", kind == "padded windows"
    swg = data.draw(geometries(max_size=6, max_kernel=4, pool=False, parallel=parallel, padded=padded))
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    pad_value = int(np.random.default_rng(seed).integers(lo, hi + 1))
    module = wrapped(swg, bits, signed, pad_value)
    x = _frames(swg, 2, bits, signed, seed)
    _check(simulate(module, x, valid_pattern=valid, ready_pattern=ready), swg, x, pad_value, valid, ready)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), valid=PATTERNS, ready=PATTERNS, seed=st.integers(0, 2**31))
def test_random_pixels_per_beat_under_random_gaps(data, valid, ready, seed):
    """Several pixels per input beat and several windows per output beat:
    the reference's windows and the timing model's cycles."""
    swg = data.draw(pixel_geometries(max_size=6, max_kernel=3))
    module = wrapped(swg, 6, True, -2)
    x = _frames(swg, 2, 6, True, seed)
    _check(simulate(module, x, valid_pattern=valid, ready_pattern=ready), swg, x, -2, valid, ready)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), extra=st.integers(1, 16), valid=PATTERNS, ready=PATTERNS, seed=st.integers(0, 2**31))
def test_random_deeper_buffers_under_random_gaps(data, extra, valid, ready, seed):
    """Buffers deeper than the minimum (one or several pixels and reads per
    beat), where the writer runs ahead and takes the words of the reads
    issuing in its cycle: the reference's windows and the timing model's
    cycles over three frames."""
    swg = data.draw(st.one_of(geometries(max_size=6, max_kernel=4, parallel=True), pixel_geometries(max_size=6, max_kernel=3)))
    swg = replace(swg, depth_override=swg.minimum_depth + extra)
    module = wrapped(swg, 5, True, -1)
    x = _frames(swg, 3, 5, True, seed)
    _check(simulate(module, x, valid_pattern=valid, ready_pattern=ready), swg, x, -1, valid, ready)


@pytest.mark.slow
def test_swg_in_verilator(tmp_path):
    """Verilator lints the SystemVerilog silently and agrees with the
    interpreter, the reference and the timing model over 20 frames."""
    import shutil
    import subprocess

    from asic.lowering.rtl_to_sv import sv_text
    from asic.tools.asic_sim import simulate_design

    for name in (
        "7x7 same, folded", "3x3 stride 2, asymmetric pads", "dilated", "pool ceil mode",
        "parallel: the whole window per beat", "parallel: taps across channel folds",
    ):  # fmt: skip
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


def _conv_top(swg: SlidingWindow, mvu_spec: MvuSpec, pad_value: int) -> ModuleOp:
    """x -> SWG -> MVU -> y in one top module: a convolution."""
    windows = swg_module("swg", swg, mvu_spec.x_bits, pad_value)
    mvu = mvu_module("mvu", mvu_spec)
    b = ModuleBuilder("conv")
    clk, rst = b.clock(), b.reset()
    x = b.input("x_data", swg.simd * mvu_spec.x_bits)
    xv = b.input("x_valid", i1)
    yr = b.input("y_ready", i1)
    hole = UnrealizedConversionCastOp.get([], [i1])
    b.block.add_op(hole)
    s = b.instance(windows, "windows", clk=clk, rst=rst, in_data=x, in_valid=xv, out_ready=hole.results[0])
    m = b.instance(mvu, "mvu", clk=clk, rst=rst, in_data=s["out_data"], in_valid=s["out_valid"], out_ready=yr)
    hole.results[0].replace_all_uses_with(m["in_ready"])
    b.block.erase_op(hole)
    b.output("x_ready", s["in_ready"])
    b.output("y_data", m["out_data"])
    b.output("y_valid", m["out_valid"])
    rows, cols = swg.rows, swg.cols
    source = StreamAttr(
        "x", "in", stream_type(mvu_spec.x_bits, mvu_spec.x_signed), swg.simd, swg.input_beats,
        [1, swg.channels, rows.size, cols.size], [0, 2, 3, 1],
    )  # fmt: skip
    sink = StreamAttr(
        "y", "out", stream_type(mvu_spec.y_bits, mvu_spec.y_signed), mvu_spec.pe, swg.windows * mvu_spec.nf,
        [1, mvu_spec.n, rows.outputs, cols.outputs], [0, 2, 3, 1],
    )  # fmt: skip
    return ModuleOp([windows, mvu, b.finish([source, sink])])


CONVOLUTIONS = [
    ({"h": 5, "w": 5, "c": 2, "kernel": (3, 3), "pads": (1, 1, 1, 1)}, 3, 3, 1),
    ({"h": 6, "w": 5, "c": 4, "kernel": (3, 2), "strides": (2, 1), "pads": (1, 0, 0, 1), "simd": 2}, 4, 2, 2),
    ({"h": 1, "w": 9, "c": 3, "kernel": (1, 3), "dilations": (1, 2), "simd": 3}, 2, 1, 1),
    ({"h": 5, "w": 5, "c": 1, "kernel": (3, 3), "pads": (1, 1, 1, 1), "group": 9}, 3, 3, 1),
    ({"h": 5, "w": 4, "c": 4, "kernel": (3, 2), "pads": (1, 0, 1, 1), "simd": 2, "group": 3}, 2, 1, 1),
    ({"h": 5, "w": 5, "c": 1, "kernel": (3, 3), "pads": (1, 1, 1, 1), "group": 5, "window_pad": 1}, 3, 1, 1),
]


def _convolution(geo, out_channels: int, pe: int, groups: int, frames: int) -> tuple[ModuleOp, np.ndarray, np.ndarray]:
    """A convolution as SWG -> MVU, its input frames and its expected
    `qnt.conv2d` + `qnt.requantize` integers."""
    swg = geometry(**geo)
    rows, cols = swg.rows, swg.cols
    rng = np.random.default_rng(out_channels)
    c, o = swg.channels, out_channels
    w = rng.integers(-7, 8, (o, c // groups, rows.kernel, cols.kernel))
    zx, zw, bias = 100, rng.integers(-2, 3, o), rng.integers(-300, 300, o)
    m, s = rng.integers(1 << 10, 1 << 12, o), rng.integers(10, 14, o)
    k = swg.window_size
    span = 255 * 10 * k + 300
    spec = MvuSpec(
        n=o, k=k, pe=pe, simd=swg.output_lanes, x_bits=8, x_signed=False, x_zero=zx, w_bits=5, w_signed=True,
        weights=window_weights(w, groups, zw), w_zero=zw, bias=bias, multipliers=m, shifts=s,
        y_bits=8, y_signed=True, y_zero=-5, lo=-128, hi=127, acc_bits=integer_width(-span, span),
    )  # fmt: skip
    x = rng.integers(0, 256, (frames, c, rows.size, cols.size))
    acc = conv2d_accumulate(
        x, zx, w, zw, bias, (rows.stride, cols.stride), (rows.pad_begin, cols.pad_begin, 0, 0),
        (rows.dilation, cols.dilation), groups, (rows.outputs, cols.outputs),
    )  # fmt: skip
    expected = requantize(acc, m[None, :, None, None], s[None, :, None, None], -5, -128, 127)
    return _conv_top(swg, spec, zx), x, expected


@pytest.mark.parametrize("case", range(len(CONVOLUTIONS)))
def test_convolution_as_swg_then_mvu(case):
    """The SWG's windows into an MVU with the permuted weights
    (`window_weights`, R = OH*OW rows): `qnt.conv2d` + `qnt.requantize`,
    bit for bit, padding with the input's zero point."""
    module, x, expected = _convolution(*CONVOLUTIONS[case], frames=2)
    module.verify()
    for valid, ready in (("1", "1"), ("110", "1011")):
        result = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(result.outputs["y"], expected)


@pytest.mark.slow
def test_convolution_in_verilator():
    """The folded grouped convolution in Verilator: the interpreter's
    integers and cycles, the reference's integers."""
    from asic.tools.asic_sim import simulate_design

    module, x, expected = _convolution(*CONVOLUTIONS[1], frames=10)
    for valid, ready in (("1", "1"), ("110", "1011")):
        interp = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        verilated = simulate_design(_convolution(*CONVOLUTIONS[1], frames=10)[0], x, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(verilated.outputs["y"], expected)
        np.testing.assert_array_equal(verilated.frame_end, interp.frame_end)
        np.testing.assert_array_equal(verilated.frame_start, interp.frame_start)
