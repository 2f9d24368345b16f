"""Sliding-window generators on their own: random geometries, the
reference windows, and the RTL module wrapped in the stream contract."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp

from asic.dialects.rtl import StreamAttr
from asic.dialects.shapes import first_empty_window, pooled_size
from asic.dialects.dataflow.sliding_window import SlidingWindow, conv_geometry
from asic.dialects.windows import windows
from asic.lowering.rtl.builder import stream_type
from asic.lowering.rtl.swg import swg_module
from support.rtl_designs import wrap


def geometry(
    h: int, w: int, c: int, kernel: tuple[int, int], strides: tuple[int, int] = (1, 1),
    pads: tuple[int, int, int, int] = (0, 0, 0, 0), dilations: tuple[int, int] = (1, 1),
    simd: int = 1, ceil_mode: bool = False, depth: int | None = None, group: int = 1, window_pad: int = 0,
    pixels: int = 1,
) -> SlidingWindow:  # fmt: skip
    out = [
        pooled_size(size, k, s, pads[a], pads[a + 2], d, ceil_mode)
        for a, (size, k, s, d) in enumerate(zip((h, w), kernel, strides, dilations))
    ]
    return conv_geometry((1, c, h, w), kernel, strides, pads, dilations, (out[0], out[1]), simd, depth, group, window_pad, pixels)


@st.composite
def geometries(
    draw, max_size: int = 9, max_kernel: int = 7, dilation: int = 2, stride: int = 3, pool: bool = False,
    parallel: bool = False, padded: bool = False,
) -> SlidingWindow:  # fmt: skip
    """A random geometry with at least one window (every window holding an
    input element when `pool`), several reads per output beat (parallel
    windows: a divisor of the window's reads) when `parallel`, or any
    number of them, the windows padded to a multiple of it, when `padded`."""
    kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
    dh, dw = draw(st.integers(1, dilation)), draw(st.integers(1, dilation))
    sh, sw = draw(st.integers(1, stride)), draw(st.integers(1, stride))
    h = draw(st.integers(1, max_size))
    w = draw(st.integers(1, max_size))
    pads = tuple(draw(st.integers(0, k - 1)) for k in (kh, kw, kh, kw))
    c = draw(st.sampled_from([1, 2, 3, 4]))
    simd = draw(st.sampled_from([s for s in (1, 2, 3, 4) if c % s == 0]))
    ceil_mode = pool and draw(st.booleans())
    for a, (size, k, s, d) in enumerate(zip((h, w), (kh, kw), (sh, sw), (dh, dw))):
        out = pooled_size(size, k, s, pads[a], pads[a + 2], d, ceil_mode)
        assume(out >= 1 and not (pool and first_empty_window(size, k, s, pads[a], d, out) is not None))
    reads = kh * kw * c // simd
    group = draw(st.sampled_from([g for g in range(1, reads + 1) if reads % g == 0])) if parallel else 1
    if padded:
        group = draw(st.integers(2, reads + 1))
    window_pad = -reads % group
    swg = geometry(h, w, c, (kh, kw), (sh, sw), pads, (dh, dw), simd, ceil_mode, None, group, window_pad)  # pyright: ignore[reportArgumentType]
    assume(swg.stored_beats > 0)  # some window reads the input
    return swg


@st.composite
def pixel_geometries(draw, max_size: int = 8, max_kernel: int = 4, pool: bool = False) -> SlidingWindow:
    """A random geometry taking several pixels per beat (`simd = C`, `p`
    dividing the pixels, every pixel stored) and emitting one window, part
    of one, or several whole windows per beat (dividing a row of windows,
    or whole rows of them)."""
    swg = draw(geometries(max_size=max_size, max_kernel=max_kernel, pool=pool))
    swg = replace(swg, simd=swg.channels, group=1, window_pad=0)
    assume(swg.stored.all())
    pixels = draw(st.sampled_from([p for p in range(1, swg.rows.size * swg.cols.size + 1) if swg.rows.size * swg.cols.size % p == 0]))
    reads, ow, oh = swg.window_reads, swg.cols.outputs, swg.rows.outputs
    groups = [g for g in range(1, reads + 1) if reads % g == 0]
    groups += [reads * p for p in range(2, ow * oh + 1) if ow % p == 0 or (p % ow == 0 and oh % (p // ow) == 0)]
    return replace(swg, pixels=pixels, group=draw(st.sampled_from(groups)))


def reference(swg: SlidingWindow, frames: np.ndarray, pad_value: int) -> np.ndarray:
    """`[B, OH, OW, Kh*Kw*C + e*simd]`: the windows of NCHW frames `[B, C,
    H, W]` (`asic.interp.utils.windows`, channels innermost), each followed
    by the padding of padded windows."""
    rows, cols = swg.rows, swg.cols
    pads = (rows.pad_begin, cols.pad_begin, 0, 0)
    view = windows(
        frames, (rows.kernel, cols.kernel), (rows.stride, cols.stride), (rows.dilation, cols.dilation),
        pads, (rows.outputs, cols.outputs), pad_value,
    )  # fmt: skip
    view = view.transpose(0, 2, 3, 4, 5, 1).reshape(frames.shape[0], rows.outputs, cols.outputs, -1)
    padding = np.full((*view.shape[:3], swg.output_window - swg.window_size), pad_value, view.dtype)
    return np.concatenate([view, padding], axis=3)


def streams(swg: SlidingWindow, bits: int, signed: bool) -> tuple[StreamAttr, StreamAttr]:
    rows, cols = swg.rows, swg.cols
    ty = stream_type(bits, signed)
    source = StreamAttr("x", "in", ty, swg.input_lanes, swg.input_beats, [1, swg.channels, rows.size, cols.size], [0, 2, 3, 1])
    sink = StreamAttr("y", "out", ty, swg.output_lanes, swg.output_beats, [1, rows.outputs, cols.outputs, swg.output_window])
    return source, sink


def wrapped(swg: SlidingWindow, bits: int, signed: bool, pad_value: int) -> ModuleOp:
    """The SWG under a top module with the stream contract."""
    source, sink = streams(swg, bits, signed)
    engine = swg_module("swg", swg, bits, pad_value)
    return wrap("top", engine, [], source, sink).module
