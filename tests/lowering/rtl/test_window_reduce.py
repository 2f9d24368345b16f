"""The reduction engine's RTL (`asic.lowering.rtl.window_reduce`) on the
windows of a sliding-window generator: max pool, average pool (padding,
`count_include_pad`, ceil mode: one divisor per window) and global average
pool give the integers of the qnt interpreter's kernels, and frames start and
end in the cycles of the timing model (`asic.dialects.dataflow.window_reduce`)."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from asic.dialects.qnt_integers import avgpool_window_counts
from asic.dialects.rtl import StreamAttr
from asic.dialects.dataflow.sliding_window import stream_frames
from asic.dialects.dataflow.window_reduce import ReduceTiming, WindowReduce
from asic.interp.qnt import avgpool2d, global_avgpool2d
from asic.interp.rtl import simulate
from asic.dialects.windows import windows
from asic.lowering.rtl.builder import stream_type
from asic.lowering.rtl.window_reduce import ReduceSpec, reduce_module
from support.rtl_designs import wrap
from support.windows import geometry


def wrapped(spec: ReduceSpec, rows: int, cols: int) -> ModuleOp:
    shape = spec.shape
    source = StreamAttr(
        "x", "in", stream_type(spec.x_bits, spec.x_signed), shape.simd, shape.input_beats,
        [1, rows, cols, shape.taps * shape.channels],
    )  # fmt: skip
    out_bits = spec.x_bits if spec.kind == "max" else spec.y_bits
    out_signed = spec.x_signed if spec.kind == "max" else spec.y_signed
    sink = StreamAttr(
        "y", "out", stream_type(out_bits, out_signed), shape.simd, shape.output_beats,
        [1, shape.channels, rows, cols], [0, 2, 3, 1],
    )  # fmt: skip
    engine = reduce_module("reduce", spec)
    return wrap("top", engine, [], source, sink).module


def _run(spec: ReduceSpec, windows_in: np.ndarray, rows: int, cols: int, expected: np.ndarray) -> None:
    module = wrapped(spec, rows, cols)
    module.verify()
    count = windows_in.shape[0]
    for valid, ready in (("1", "1"), ("1101", "0110")):
        result = simulate(module, windows_in, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(result.outputs["y"].reshape(expected.shape), expected)
        start, end = stream_frames(ReduceTiming(spec.shape), spec.shape.input_beats, spec.shape.output_beats, count, valid, ready)
        np.testing.assert_array_equal(result.frame_start, start)
        np.testing.assert_array_equal(result.frame_end, end)
    alone = simulate(module, windows_in)
    assert (alone.interval, alone.latency) == spec.shape.alone()


POOLS = [
    {"h": 6, "w": 6, "c": 2, "kernel": (2, 2), "strides": (2, 2)},
    {"h": 5, "w": 7, "c": 4, "kernel": (3, 3), "strides": (2, 2), "pads": (1, 1, 1, 0), "simd": 2},
    {"h": 5, "w": 5, "c": 1, "kernel": (2, 2), "strides": (2, 2), "ceil_mode": True},
    {"h": 4, "w": 6, "c": 3, "kernel": (3, 2), "strides": (1, 2), "pads": (1, 0, 1, 1), "simd": 3},
]


def _windows(swg, x, pad_value) -> np.ndarray:
    beats = x.transpose(0, 2, 3, 1).reshape(x.shape[0], -1, swg.simd)
    return swg.run(beats, pad_value).reshape(x.shape[0], swg.rows.outputs, swg.cols.outputs, -1)


@pytest.mark.parametrize("pool", range(len(POOLS)))
@pytest.mark.parametrize("signed", [True, False])
def test_max_pool(pool, signed):
    swg = geometry(**POOLS[pool])
    lo, hi = (-128, 127) if signed else (0, 255)
    x = np.random.default_rng(pool).integers(lo, hi + 1, (3, swg.channels, swg.rows.size, swg.cols.size))
    rows, cols = swg.rows, swg.cols
    kernel, strides = (rows.kernel, cols.kernel), (rows.stride, cols.stride)
    pads = (rows.pad_begin, cols.pad_begin, 0, 0)
    expected = windows(x, kernel, strides, (1, 1), pads, (rows.outputs, cols.outputs), np.iinfo(np.int64).min).max(axis=(-2, -1))
    shape = WindowReduce(swg.windows, swg.taps, swg.channels, swg.simd)
    spec = ReduceSpec(shape, "max", 8, signed)
    _run(spec, _windows(swg, x, lo), rows.outputs, cols.outputs, expected)


@pytest.mark.parametrize("pool", range(len(POOLS)))
@pytest.mark.parametrize("include_pad", [False, True])
def test_average_pool(pool, include_pad):
    """One divisor per window (borders, ceil mode), each with its own
    multiplier and shift."""
    geo = POOLS[pool]
    swg = geometry(**geo)
    rows, cols = swg.rows, swg.cols
    out_hw = (rows.outputs, cols.outputs)
    pads = geo.get("pads", (0, 0, 0, 0))
    kernel, strides = (rows.kernel, cols.kernel), (rows.stride, cols.stride)
    counts_map = avgpool_window_counts((rows.size, cols.size), kernel, strides, pads, out_hw, include_pad)
    counts = sorted({int(n) for n in counts_map.flat})
    rng = np.random.default_rng(10 + pool)
    multipliers = [int(m) for m in rng.integers(1 << 12, 1 << 14, len(counts))]
    shifts = [int(s) for s in rng.integers(12, 16, len(counts))]
    zx, zy = 7, -3
    x = rng.integers(0, 256, (3, swg.channels, rows.size, cols.size))
    expected = avgpool2d(x, zx, kernel, strides, pads, out_hw, counts_map, counts, multipliers, shifts, zy, -100, 100)
    index = np.searchsorted(counts, counts_map)
    spec = ReduceSpec(
        WindowReduce(swg.windows, swg.taps, swg.channels, swg.simd), "mean", 8, False, zx, 8, True, zy, -100, 100,
        tuple(tuple(int(m) for m in r) for r in np.asarray(multipliers)[index]),
        tuple(tuple(int(s) for s in r) for r in np.asarray(shifts)[index]),
    )  # fmt: skip
    _run(spec, _windows(swg, x, zx), rows.outputs, cols.outputs, expected)


@pytest.mark.parametrize("c,simd", [(4, 1), (6, 3), (2, 2)])
def test_global_average_pool(c, simd):
    """The whole frame as one window of `H*W` taps: the input stream itself."""
    h, w, zx, zy, m, s = 3, 5, -4, 2, 9000, 17
    x = np.random.default_rng(c).integers(-128, 128, (3, c, h, w))
    expected = global_avgpool2d(x, zx, m, s, zy, -128, 127)
    spec = ReduceSpec(WindowReduce(1, h * w, c, simd), "mean", 8, True, zx, 8, True, zy, -128, 127, ((m,),), ((s,),))
    frames = x.transpose(0, 2, 3, 1).reshape(3, 1, 1, h * w * c)
    _run(spec, frames, 1, 1, expected)


@pytest.mark.slow
def test_reduce_in_verilator(tmp_path):
    """A folded average pool with a divisor per window and a max pool:
    Verilator lints the SystemVerilog silently and gives the interpreter's
    integers and cycles under gaps and stalls."""
    import shutil
    import subprocess

    from asic.lowering.rtl_to_sv import sv_text
    from asic.tools.asic_sim import simulate_design

    swg = geometry(**POOLS[1])
    rows, cols = swg.rows, swg.cols
    shape = WindowReduce(swg.windows, swg.taps, swg.channels, swg.simd)
    table = np.arange(rows.outputs * cols.outputs).reshape(rows.outputs, cols.outputs) % 3
    mean = ReduceSpec(
        shape, "mean", 8, True, -2, 8, False, 9, 0, 255,
        tuple(tuple(int(4000 + 500 * v) for v in r) for r in table), tuple(tuple(int(13 + v) for v in r) for r in table),
    )  # fmt: skip
    x = np.random.default_rng(3).integers(-128, 128, (12, swg.channels, rows.size, cols.size))
    for spec, pad in ((mean, -2), (ReduceSpec(shape, "max", 8, True), -128)):
        path = tmp_path / f"{spec.kind}.sv"
        path.write_text(sv_text(wrapped(spec, rows.outputs, cols.outputs)))
        verilator = shutil.which("verilator-cli") or "verilator"
        lint = subprocess.run([verilator, "--lint-only", "-Wall", str(path)], check=False, capture_output=True, text=True)
        assert lint.returncode == 0 and "%Warning" not in lint.stderr, lint.stderr
        inputs = _windows(swg, x, pad)
        for valid, ready in (("1", "1"), ("1101", "0110")):
            interp = simulate(wrapped(spec, rows.outputs, cols.outputs), inputs, valid_pattern=valid, ready_pattern=ready)
            verilated = simulate_design(wrapped(spec, rows.outputs, cols.outputs), inputs, valid_pattern=valid, ready_pattern=ready)
            np.testing.assert_array_equal(verilated.outputs["y"], interp.outputs["y"])
            np.testing.assert_array_equal(verilated.frame_start, interp.frame_start)
            np.testing.assert_array_equal(verilated.frame_end, interp.frame_end)
