"""The sliding-window generator's models (`asic.dialects.dataflow.sliding_window`):
its windows are `asic.interp.utils.windows` channels innermost, every tap
finds its stored position, its buffer is within 10% of the line-buffer
minimum counted over whole frames, and its timing model alone runs at the
rate the docstring states."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asic.dialects.dataflow.sliding_window import SlidingWindow, WindowAxis, window_weights
from asic.interp.qnt import conv2d_accumulate, dense_accumulate
from support.windows import geometries, geometry, pixel_geometries, reference


def _beats(swg, frames: np.ndarray) -> np.ndarray:
    """NCHW frames as the SWG's input beats `[B, beats, simd]`."""
    return frames.transpose(0, 2, 3, 1).reshape(frames.shape[0], -1, swg.simd)


@settings(max_examples=150, deadline=None)
@given(swg=geometries(max_size=10), seed=st.integers(0, 2**31), pad_value=st.integers(-128, 127))
def test_windows_match_reference(swg, seed, pad_value):
    x = np.random.default_rng(seed).integers(-128, 128, (2, swg.channels, swg.rows.size, swg.cols.size))
    out = swg.run(_beats(swg, x), pad_value)
    expected = reference(swg, x, pad_value).reshape(2, -1, swg.simd)
    np.testing.assert_array_equal(out, expected)


@settings(max_examples=150, deadline=None)
@given(swg=geometries(max_size=12))
def test_taps_find_their_stored_positions(swg):
    """Per axis: a tap is inside the input exactly when its number is in
    `[0, n')`, and then its number is its position's rank among the stored
    positions, which hold every tapped position inside the input."""
    for axis in (swg.rows, swg.cols):
        stored = [x for x in range(axis.size) if axis.is_stored(x)]
        assert len(stored) == axis.stored_count
        positions = axis.positions()
        for o in range(axis.outputs):
            for u in range(axis.kernel):
                x, g = int(positions[o, u]), axis.tap(o, u)
                assert (0 <= x < axis.size) == (0 <= g < axis.stored_count)
                if 0 <= x < axis.size:
                    assert stored[g] == x


@settings(max_examples=100, deadline=None)
@given(swg=geometries(max_size=8, max_kernel=4), groups=st.sampled_from([1, 2]), seed=st.integers(0, 2**31))
def test_convolution_is_a_dense_layer_over_the_windows(swg, groups, seed):
    """`qnt.conv2d`'s accumulators are `qnt.dense`'s over the SWG's windows
    (padded with the input's zero point) with `window_weights`: grouped
    convolutions too, the other groups' weights at the zero point."""
    from hypothesis import assume

    assume(swg.channels % groups == 0)
    rng = np.random.default_rng(seed)
    c, o = swg.channels, 2 * groups
    x = rng.integers(0, 256, (2, c, swg.rows.size, swg.cols.size))
    w = rng.integers(-8, 8, (o, c // groups, swg.rows.kernel, swg.cols.kernel))
    zx, zw, bias = int(rng.integers(0, 256)), rng.integers(-3, 4, o), rng.integers(-50, 50, o)
    rows, cols = swg.rows, swg.cols
    acc = conv2d_accumulate(
        x, zx, w, zw, bias, (rows.stride, cols.stride), (rows.pad_begin, cols.pad_begin, 0, 0),
        (rows.dilation, cols.dilation), groups, (rows.outputs, cols.outputs),
    )  # fmt: skip
    windows = swg.run(_beats(swg, x), zx).reshape(2 * swg.windows, swg.window_size)
    dense = dense_accumulate(windows, zx, window_weights(w, groups, zw), zw, bias)
    np.testing.assert_array_equal(dense.reshape(2, rows.outputs, cols.outputs, o), acc.transpose(0, 2, 3, 1))


@settings(max_examples=150, deadline=None)
@given(swg=geometries(max_size=16, dilation=1))
def test_without_dilation_only_tapped_positions_are_stored(swg):
    for axis in (swg.rows, swg.cols):
        positions = axis.positions()
        tapped = {int(x) for x in positions.flat if 0 <= x < axis.size}
        assert {x for x in range(axis.size) if axis.is_stored(x)} == tapped
        assert axis.layout.modulus <= axis.stride


def line_minimum(swg) -> int:
    """`SlidingWindow.line_minimum`: the geometric minimum of a line buffer."""
    return swg.line_minimum()


def live_pixels(swg) -> int:
    """The geometric minimum counted beat by beat: input beats arrive whole
    and in order, output beats take their `t` reads at once; at output beat
    `k` every input beat up to the one holding the latest stored beat a
    read so far takes has arrived, and a line buffer holds, in stream
    order, every arrived beat some read needs from the oldest that a read
    of beat `k` or of a later one takes. The most held at once."""
    need = [int(x) for x in swg.need]
    needed = {x for x in need if x >= 0}
    pixel_beat = np.nonzero(swg.stored)[0] // swg.pixels  # the input beat of each stored beat
    most = arrived = 0
    for k in range(0, len(need), swg.group):
        reads = [x for x in need[k : k + swg.group] if x >= 0]
        if not reads:
            continue
        arrived = max(arrived, *(int(pixel_beat[x]) + 1 for x in reads))
        oldest = min(y for y in need[k:] if y >= 0)
        most = max(most, sum(1 for y in needed if y >= oldest and pixel_beat[y] < arrived))
    return most


@settings(max_examples=60, deadline=None)
@given(swg=st.one_of(geometries(max_size=7, max_kernel=4, parallel=True), pixel_geometries(max_size=6)))
def test_line_minimum_counts_the_live_pixels(swg):
    """`line_minimum` (one or several pixels and reads per beat) is the
    count of held beats at the worst output beat, and no depth that serves
    every read is below it."""
    assert swg.line_minimum() == live_pixels(swg)
    assert swg.line_minimum() <= swg.depth


def test_line_minimum_of_a_whole_frame_per_beat():
    """A whole frame per beat, every window in one output beat: the frame
    is stored whole, a buffer of one frame (the one-pixel minimum is 18),
    and a frame every cycle: the next frame is written in the cycle the
    windows of this one are read."""
    swg = geometry(8, 8, 1, (3, 3), pads=(1, 1, 1, 1), pixels=64, group=64 * 9)
    assert swg.line_minimum() == 64 == swg.depth
    assert swg.alone()[0] == 1
    assert replace(swg, pixels=1, group=1).line_minimum() == 18


def test_three_by_three_windows_at_one_pixel_per_beat_take_the_rate_minimum():
    """A 3x3 window of same padding over 8x8 pixels of 16 channels, a pixel
    per beat and a window per output beat: 64 cycles a frame at 19 beats,
    the least any control could (the rate minimum) and the geometric
    minimum of output beats of nine reads (18 for one read per beat)."""
    swg = geometry(8, 8, 16, (3, 3), pads=(1, 1, 1, 1), simd=16, group=9)
    assert swg.depth_for_interval(64) == swg.rate_minimum() == swg.line_minimum() == 19
    assert replace(swg, depth_override=19).alone()[0] == 64
    assert replace(swg, group=1).line_minimum() == 18


@settings(max_examples=300, deadline=None)
@given(swg=geometries(max_size=16, dilation=1))
def test_buffer_within_ten_percent_of_the_minimum(swg):
    minimum = line_minimum(swg)
    assert minimum <= swg.depth <= max(1.1 * minimum, 1)


@st.composite
def dilated(draw) -> SlidingWindow:
    """Dilation 1 to 3, stride 1, over an input of at least two extents."""
    kernel = (draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    dilations = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    h, w = ((k - 1) * d + 1 for k, d in zip(kernel, dilations))
    size = (draw(st.integers(2 * h, 2 * h + 8)), draw(st.integers(2 * w, 2 * w + 8)))
    pads = tuple(draw(st.integers(0, (k - 1) * d)) for k, d in zip(kernel * 2, dilations * 2))
    return geometry(*size, draw(st.integers(1, 3)), kernel, pads=pads, dilations=dilations)  # pyright: ignore[reportArgumentType]


@settings(max_examples=150, deadline=None)
@given(swg=dilated())
def test_dilated_buffer_within_ten_percent_when_the_input_holds_windows(swg):
    minimum = line_minimum(swg)
    assert minimum <= swg.depth <= max(1.1 * minimum, 1)


@pytest.mark.parametrize(
    "h,w,c,kernel,strides,dilations,depth",
    [
        (8, 8, 1, (3, 3), (1, 1), (1, 1), 18),  # (2*8 + 3 - 1) * 1
        (10, 12, 4, (3, 3), (1, 1), (1, 1), 4 * (2 * 12 + 2)),
        (12, 12, 2, (5, 5), (2, 2), (1, 1), 2 * (4 * 11 + 5 - 2)),  # column 11 is past every window
        (9, 9, 3, (3, 3), (1, 1), (2, 2), 3 * (4 * 9 + 4)),
        (1, 20, 2, (1, 7), (1, 1), (1, 1), 2 * 6),  # Conv1d: the row only
        (8, 8, 2, (2, 2), (2, 2), (1, 1), 2 * (8 + 2 - 2)),
        (9, 9, 1, (2, 2), (3, 3), (1, 1), 6 + 2 - 2),  # a column in three is dropped
        (8, 8, 2, (1, 1), (1, 1), (1, 1), 1),
    ],
)
def test_depth_formula(h, w, c, kernel, strides, dilations, depth):
    """`((Eh - 1) * W' + Ew - rw) * CF` beats away from the borders."""
    swg = geometry(h, w, c, kernel, strides, dilations=dilations)
    assert swg.interior_depth() == swg.depth == depth


@pytest.mark.parametrize(
    "h,w,c,simd,kernel,pads",
    [(8, 8, 1, 1, (3, 3), (1, 1, 1, 1)), (6, 7, 4, 2, (5, 5), (2, 2, 2, 2)), (1, 16, 3, 3, (1, 5), (0, 2, 0, 2))],
)
def test_stride_one_runs_at_the_output_rate(h, w, c, simd, kernel, pads):
    """Stride 1 with same padding: one output beat every cycle, frame after
    frame (the writer never holds the reader back); latency one cycle more."""
    swg = geometry(h, w, c, kernel, pads=pads, simd=simd)
    interval, latency = swg.alone()
    assert interval == swg.output_beats
    assert latency in (swg.output_beats, swg.output_beats + 1, swg.output_beats + 2)


def test_deeper_buffer_removes_input_bound_stalls():
    """A 2x2 pool of stride 2: at the minimum depth the writer waits for the
    reader at every row of windows; five more beats let it run ahead, at the
    rate minimum (13 beats: `test_rate_minimum_of_a_pool_of_stride_two`)."""
    swg = geometry(8, 8, 1, (2, 2), (2, 2))
    assert swg.depth == 8 and swg.alone()[0] == 84
    assert geometry(8, 8, 1, (2, 2), (2, 2), depth=13).alone()[0] == 64
    assert geometry(8, 8, 1, (2, 2), (2, 2), depth=12).alone()[0] > 64
    assert swg.depth_for_interval(64) == 13 == swg.rate_minimum()
    assert swg.depth_for_interval(80) == 9
    assert swg.depth_for_interval(63) is None  # the input's 64 beats


@settings(max_examples=40, deadline=None)
@given(swg=geometries(max_size=7, max_kernel=4))
def test_depth_for_interval_is_the_smallest(swg):
    """At the depth found frames come as fast as asked, one beat less does
    not do it; the interval never rises with the depth."""
    best = max(swg.input_beats, swg.output_beats)
    intervals = [replace(swg, depth_override=d).alone()[0] for d in range(swg.depth, swg.depth + 12)]
    assert all(a >= b for a, b in itertools.pairwise(intervals))
    target = intervals[len(intervals) // 2]
    depth = swg.depth_for_interval(target)
    assert depth is not None and replace(swg, depth_override=depth).alone()[0] <= target
    if depth > swg.depth:
        assert replace(swg, depth_override=depth - 1).alone()[0] > target
    assert intervals[-1] >= best


def test_unstored_pixels_are_dropped_at_input_rate():
    """A 1x1 window of stride 2 keeps one pixel in four: the interval is the
    input's 36 beats, the buffer one beat."""
    swg = geometry(6, 6, 1, (1, 1), (2, 2))
    assert int(swg.stored.sum()) == 9 and swg.depth == 1
    assert swg.alone()[0] == 36


def test_rate_minimum_of_a_pool_of_stride_two():
    """A 2x2 pool of stride 2 over 8x8 pixels takes its input at full rate
    (64 cycles) with 13 beats; no control could with fewer than 13 (a
    pixel of an even row waits until the odd row below it has come), far
    above the line buffer's geometric minimum of 8 beats."""
    swg = geometry(8, 8, 1, (2, 2), (2, 2))
    assert swg.line_minimum() == 8
    assert swg.rate_minimum() == 13
    assert swg.rate_minimum(frames=6) == 13


def test_rate_minimum_lets_the_writes_lag_the_reads():
    """A 1x2 window of stride 2 over 1x2 pixels padded by one column on the
    left: each window is three beats of padding, then the three beats of the
    first pixel (the second is skipped). The padding can be read while the
    pixel is still coming, so the writes may lag the reads' start: one word
    is enough for a schedule at the input's rate, and the generator's own
    control takes one (the write of the pixel waits for nothing but the
    issue of the window's last padding read), not the 3 of writes that start
    with the reads."""
    swg = SlidingWindow(
        rows=WindowAxis(size=1, kernel=1, stride=1, dilation=1, pad_begin=0, outputs=1),
        cols=WindowAxis(size=2, kernel=2, stride=2, dilation=1, pad_begin=1, outputs=1),
        channels=3, simd=1, depth_override=None, group=1, window_pad=0, pixels=1,
    )  # fmt: skip
    assert swg.input_beats == swg.output_beats == 6
    assert swg.rate_minimum() == swg.line_minimum() == 1
    assert swg.depth_for_interval(swg.input_beats) == 1


@settings(max_examples=60, deadline=None)
@given(swg=geometries(max_size=7, max_kernel=4, parallel=True))
def test_rate_minimum_bounds_the_depth_at_the_input_rate(swg):
    """Where the input beats bound the interval, the depth at which the
    generator takes them at full rate is at least the rate minimum, a lower
    bound of any control."""
    if swg.input_beats < swg.output_beats:
        assert swg.rate_minimum() == swg.line_minimum()
        return
    depth = swg.depth_for_interval(swg.input_beats)
    minimum = swg.rate_minimum()
    assert depth is not None and minimum <= depth
