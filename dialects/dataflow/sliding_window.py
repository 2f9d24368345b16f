"""Sliding windows: the geometry, the integers and the cycles of the
sliding-window generator (SWG), the engine that turns a stream of pixels
into the stream of windows a convolution or a pooling reduces.

Streams
-------
In: a frame `[1, C, H, W]` (the NCHW qnt tensor of one sample) streamed
channels-last, `order [0, 2, 3, 1]`: pixels in raster order, the `C`
channels of a pixel as `CF = C / simd` beats of `simd` lanes (`simd`
divides `C`, so no beat holds two pixels). Input beat `(h*W + w)*CF + f`,
lane `l`, is channel `f*simd + l` of pixel `(h, w)`.

Out: the `OH*OW` windows in raster order of the output pixels. Window
`(i, j)` is `Kh*Kw*C` elements in the order `(u, v, c)`, channels
innermost: element `(u*Kw + v)*C + c` is

    x_pad[c, i*sh + u*dh - pad_top, j*sw + v*dw - pad_left]

the input, or `pad_value` where that position lies outside it (the
input's zero point for a convolution or an average pool, whose padded taps
then add 0; the storage minimum for a max pool, which padding never wins).
It travels as `T = Kh*Kw*CF` beats of `simd` lanes: output beat `((i*OW +
j)*Kh*Kw + u*Kw + v)*CF + f`, lane `l`, is channel `f*simd + l` of tap
`(u, v)`. As a frame that is `[1, OH, OW, Kh*Kw*C]`: a convolution is the
matrix-vector unit over these `R = OH*OW` rows of `K = Kh*Kw*C` inputs,
its OIHW weights permuted at compile time to `[O, Kh, Kw, I]` and
flattened to `[O, K]` (`window_weights`; a grouped convolution's weights
are the zero point on the other groups' channels).

Stored pixels
-------------
Along one axis (size `n`, kernel `K`, stride `s`, dilation `d`, leading
padding `p`, `O` outputs) tap `u` of output `o` lies at `o*s + u*d - p`.
The SWG stores only the positions some tap reads (`AxisLayout`): numbering
the tapped positions in order (those below 0 negatively), tap `u` of output
`o` is number

    g(o, u) = o*r + T[u]

and lies in the input exactly when `0 <= g < n'`, `n'` the tapped positions
inside it. This is affine in `o` (the hardware counts it) whenever the
windows' taps repeat with the stride, which holds for one output and for
every geometry without dilation (the stored positions are then a range, on
residues modulo at most the stride); otherwise the SWG stores every position
between the first and the last tapped one whose residue modulo `s` is one
of the taps' (`r` of them per stride), which is affine too. Input pixels
on unstored rows or columns (between windows when the stride exceeds the
window, before the first and after the last window) are taken from the
stream and dropped; the writer knows them from its position, a range and a
residue set per axis. A stored beat is numbered `(g_h*W' + g_w)*CF + f` in
its frame, `FB = H'*W'*CF` of them; the reads of a frame are its output
beats in order, read `k` taking the stored beat `need[k]` (or `pad_value`,
`need[k] = -1`).

The buffer
----------
A circular buffer of `D` beats (`depth`; the `rtl.ram` of `D` words of
`simd` lanes): the `m`-th stored beat since reset is written to word `m mod
D`, so it overwrites the beat stored `D` beats before it. The writer may
write a stored beat while that older beat is needed by no read not yet
issued. Reads are issued in order and the beats they need rise within a
window, so every beat below the *watermark*

    wm[k] = min(lb(k), first(next window of the row), first(first window of the next row))

is dead at read `k` (`FB` for a next window that does not exist: every
later need is in the next frame). `lb(k)` is `need[k]` for a tap inside the
input and, for a padding tap, a lower bound of the window's next inside
tap: the window's first (above the input), the row's start (left of it),
the next row's start (right of it), `FB` (below it); `first(window)` is the
stored beat of its tap `(0, 0)` with its row clamped to `[0, H']` and its
column to `[0, W']` (a lower bound of the window's first inside tap). These
are functions of the window's counters, which the hardware computes.

Depth. Read `k` waits until `need[k]` is written, and the writer cannot
write it while `need[k] - D` is at or above the watermark, so every read
is served when `D > need[k] - wm[k]` for all `k`; the smallest such depth
is the default (`minimum_depth`). Away from the borders it is

    D = ((Eh - 1) * W' + Ew - rw) * CF            (1 when not positive)

beats, `Eh = g_h(0, Kh-1) - g_h(0, 0) + 1` and `Ew` the window's extent in
stored rows and columns and `rw = r` of the columns: `((Kh-1)*dh*W +
(Kw-1)*dw - sw + 1) * C` elements when every row and column is stored.
This is the geometric minimum of a line buffer, a buffer that keeps the
stored elements in stream order: at the last beat of a window, every
element from the next window's first tap to that beat is needed again (the
taps the next window shares, the rows below the first tap, which later rows
of windows read). The borders need less, and the watermark's lower bounds
there can make a border window the largest; the tests check `D` against
that minimum counted beat by beat over whole frames: within 10% for every
geometry without dilation, and with dilation and stride 1 over inputs of
at least two window extents; dilated windows over smaller inputs can need
more (1.5 times the minimum at worst among the random geometries
measured). A deeper buffer lets the writer run further ahead, which
removes the stalls of geometries whose input is the bottleneck (stride at
least the window: a 2x2 pool of stride 2 over 8x8 pixels takes `II = 84`
cycles for 64 beats in and out at the minimum depth of 8, 64 cycles at
depth 13; `depth_for_interval`). That is not the control's doing: taking
the input at full rate needs more than the line buffer's geometric
minimum whenever a window's last beat comes long after its first (the
pixels of an even row wait for the odd row below them while the next rows
keep coming), at least `rate_minimum` beats whatever the control (13 for
that pool); the writer here reaches it on the convolutions and pools of
the benchmarks (`bench/bench_conv.py`), since a write may take the word of
a beat that the read issuing in the same cycle reads for the last time.

Timing model
------------
State: the read counter `k` (within the frame), the input beat counter `j`
(within the frame), `gw` the number of stored beats written counted from
the start of the frame of read `k` (negative while the writer finishes the
previous frame's unused trailing beats, up to `FB + D` ahead), and
`out_full`, the output register holding a beat.

    in_ready  = !stored[j] | gw < wm[k] + D | issue & gw < wm'[k+1] + D
    out_valid = out_full
    advance   = !out_full | out_ready
    issue     = advance & (need[k] < 0 | need[k] < gw)
    edge:  if in_move: j <= j + 1 (mod the input beats); gw <= gw + stored[j]
           if advance: out_full <= issue
           if issue:   k <= k + 1; at the frame's last read k <= 0, gw <= gw - FB

An issued read reads the buffer at the edge ending its cycle (the RAM reads
first, so a write to the same word in that cycle is not seen) and its beat
is shown in the next cycle: output delay 1. A beat written in cycle t is
readable from cycle t + 1. The writer checks the watermark of the next read
to issue, `wm[k]`, and while that read issues also the one after it,
`wm'[k+1]` (`wm[k+1]`, or `wm[0] + FB` after the frame's last read, in the
count of read `k`'s frame): a read frees the words it reads last for a
write in its own cycle (the RAM reads first). Both watermarks are
registers in the RTL; `in_ready` depends on `out_ready` through `issue`.

Parallel windows: with `t` reads per output beat (`group`, dividing the
`Kh*Kw*CF` reads of a window) the output beat `k` is reads `k*t` to
`k*t + t - 1`, `t*simd` lanes, the first read in the low lanes. The
machine above runs over output beats with `need[k]` the largest need of
the beat's reads (-1 when all are padding) and `wm[k]` the smallest
watermark (`issue_need`, `issue_watermark`); the minimum depth is that of
these sequences.

Padded windows: with `e` padding reads per window (`window_pad`), each
window ends in `e` more reads of `simd` lanes of `pad_value` (a window of
`Kh*Kw*C + e*simd` elements, so that a consumer reading `out_simd` lanes
that do not divide `Kh*Kw*C` gets whole windows in whole beats: an MVU over
the windows with `simd` not dividing `K`). A padding read is a tap above
the input: `need = -1`, `lb` the window's first.

Several pixels per beat (`pixels`, `p`): `simd = C` and each input beat
carries `p` consecutive pixels (`p` dividing `H*W`, every pixel stored),
written to `p` consecutive words at once; the writer counts `n[j]` stored
beats per input beat (`written`) and may write beat `j` when `gw + n[j] <=
wm[k] + D`, or `<= wm'[k+1] + D` while read `k` issues (for `p = 1` the
condition above). A read is served once the
count passes the first input-beat boundary above its need, so the minimum
depth is `max_k (c(need[k]) - wm[k])`, `c(x)` the smallest cumulative count
above `x`. Several whole windows per beat are `t` a multiple of the
window's reads (dividing the frame's): `issue_need` and `issue_watermark`
over the `t` reads as above.

`SwgTiming` is this state machine; `stream_frames` drives an engine's
timing model under valid and ready patterns, `SlidingWindow.alone()` gives the interval and latency
of frames streamed back to back with the output always ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from asic.dialects.dataflow.engine import TimingModel


@dataclass(frozen=True)
class AxisLayout:
    """Which positions of one axis the SWG stores and how taps find them:
    the stored positions are those of `[first, last]` whose residue modulo
    `modulus` is in `residues`; tap `u` of output `o` is stored position
    `o*period + offsets[u]`, inside the input exactly when in `[0, count)`."""

    period: int
    offsets: tuple[int, ...]
    modulus: int
    residues: tuple[int, ...]
    first: int
    last: int
    count: int

    def is_stored(self, x: int) -> bool:
        return self.first <= x <= self.last and x % self.modulus in self.residues


@dataclass(frozen=True)
class WindowAxis:
    """The windows along one spatial axis (module docstring)."""

    size: int
    """`n`, the input's extent."""
    kernel: int
    stride: int
    dilation: int
    pad_begin: int
    outputs: int
    """The windows along the axis (with ceil mode, the last may run past the
    end padding)."""

    def positions(self) -> np.ndarray:
        """The position of every tap, `[outputs, kernel]`."""
        o = np.arange(self.outputs)[:, None]
        u = np.arange(self.kernel)[None, :]
        return o * self.stride + u * self.dilation - self.pad_begin

    @cached_property
    def layout(self) -> AxisLayout:
        """The stored positions and the taps' ranks among them (module
        docstring): the tapped positions themselves when their ranks are
        affine in the output index, else every position between the first
        and the last tapped one on the taps' residues modulo the stride."""
        x = self.positions()
        inside = x[(x >= 0) & (x < self.size)]
        first, last = (int(inside.min()), int(inside.max())) if inside.size else (0, -1)
        tapped = np.unique(x)
        ranks = np.searchsorted(tapped, x) - np.searchsorted(tapped, first)
        period = int(ranks[1, 0] - ranks[0, 0]) if self.outputs > 1 else self.kernel
        if (ranks == ranks[:1] + period * np.arange(self.outputs)[:, None]).all():
            stored = [int(p) for p in tapped if first <= p <= last]
            modulus = next(
                m for m in range(1, max(last - first, 0) + 2)
                if [p for p in range(first, last + 1) if p % m in {q % m for q in stored}] == stored
            )
            residues = tuple(sorted({q % modulus for q in stored}))
            return AxisLayout(period, tuple(int(r) for r in ranks[0]), modulus, residues, first, last, len(stored))
        s = self.stride
        residues = tuple(sorted({int(p) % s for p in x[0]}))

        def rank(p: int) -> int:  # positions on the residues below p
            return (p // s) * len(residues) + sum(1 for e in residues if e < p % s)

        offsets = tuple(rank(int(p)) - rank(first) for p in x[0])
        return AxisLayout(len(residues), offsets, s, residues, first, last, rank(last + 1) - rank(first))

    def is_stored(self, x: int) -> bool:
        return self.layout.is_stored(x)

    @property
    def stored_count(self) -> int:
        """`n'`, the stored positions of the axis."""
        return self.layout.count

    @property
    def period(self) -> int:
        """`r`: the stored positions from one output's taps to the next's."""
        return self.layout.period

    def tap(self, o: int, u: int) -> int:
        """`g(o, u) = o*r + T[u]`, the stored position of tap `u` of output
        `o` (inside the input when in `[0, n')`)."""
        return o * self.layout.period + self.layout.offsets[u]

    @property
    def extent(self) -> int:
        """The stored positions a window spans, `g(0, K-1) - g(0, 0) + 1`."""
        return self.tap(0, self.kernel - 1) - self.tap(0, 0) + 1


class ChannelFolds:
    """`channels` arriving `simd` per beat (a dataclass's fields): `CF =
    C / simd` beats per pixel, `simd` dividing `C`."""

    channels: int
    simd: int

    def __post_init__(self) -> None:
        assert self.channels % self.simd == 0, (self.channels, self.simd)

    @property
    def channel_folds(self) -> int:
        """`CF = C / simd`: beats per pixel and per tap."""
        return self.channels // self.simd


@dataclass(frozen=True)
class SlidingWindow(ChannelFolds):
    """One sliding-window generator: its geometry and folding (module
    docstring). `depth` is the buffer's depth in beats, the minimum when
    None."""

    rows: WindowAxis
    cols: WindowAxis
    channels: int
    simd: int = 1
    depth_override: int | None = None
    group: int = 1
    """`t`: stored beats read per output beat (parallel windows; module
    docstring), dividing the `Kh*Kw*CF + e` reads of a window."""
    window_pad: int = 0
    """`e`: padding reads at the end of each window (module docstring)."""
    pixels: int = 1
    """`p`: input pixels per beat (several pixels per beat; module
    docstring), with `simd = C` when above 1."""

    def __post_init__(self) -> None:
        super().__post_init__()
        group, reads = self.group, self.window_reads
        assert reads % group == 0 or (group % reads == 0 and self.reads % group == 0), (reads, group)
        assert self.pixels == 1 or (self.simd == self.channels and self.stored.all()), self
        assert self.rows.size * self.cols.size % self.pixels == 0, self

    # Sizes ---------------------------------------------------------------
    @property
    def taps(self) -> int:
        return self.rows.kernel * self.cols.kernel

    @property
    def window_size(self) -> int:
        """`Kh*Kw*C`, the elements of a window."""
        return self.taps * self.channels

    @property
    def output_window(self) -> int:
        """The elements a window takes in the output, `Kh*Kw*C + e*simd`."""
        return self.window_size + self.window_pad * self.simd

    @property
    def window_reads(self) -> int:
        """The reads of a window, `Kh*Kw*CF + e`."""
        return self.taps * self.channel_folds + self.window_pad

    @property
    def windows(self) -> int:
        """`R = OH*OW`."""
        return self.rows.outputs * self.cols.outputs

    @property
    def input_beats(self) -> int:
        """`H*W*CF / p`."""
        return self.rows.size * self.cols.size * self.channel_folds // self.pixels

    @property
    def input_lanes(self) -> int:
        return self.pixels * self.simd

    @property
    def windows_per_beat(self) -> int:
        """The whole windows an output beat holds (0: a beat holds part of
        one window)."""
        return self.group // self.window_reads

    @property
    def reads(self) -> int:
        """The reads of a frame, `R*(Kh*Kw*CF + e)`, one per stored beat a
        window takes and per padding read."""
        return self.windows * self.window_reads

    @property
    def output_beats(self) -> int:
        """The output beats of a frame, `t` reads each."""
        return self.reads // self.group

    @property
    def output_lanes(self) -> int:
        return self.group * self.simd

    @property
    def stored_beats(self) -> int:
        """`FB = H'*W'*CF`."""
        return self.rows.stored_count * self.cols.stored_count * self.channel_folds

    # The read sequence -----------------------------------------------------
    @cached_property
    def stored(self) -> np.ndarray:
        """Per pixel beat (`simd` lanes) of a frame, whether it is stored
        (bool `[H*W*CF]`; the input beats when `p = 1`)."""
        rows = np.array([self.rows.is_stored(h) for h in range(self.rows.size)])
        cols = np.array([self.cols.is_stored(w) for w in range(self.cols.size)])
        pixels = np.logical_and.outer(rows, cols).reshape(-1)
        return np.repeat(pixels, self.channel_folds)

    def _first(self, gr: int, gc: int) -> int:
        """The stored beat of position `(gr, gc)` with its row clamped to
        `[0, H']` and its column to `[0, W']`."""
        hs, ws, cf = self.rows.stored_count, self.cols.stored_count, self.channel_folds
        if gr >= hs:
            return self.stored_beats
        return max(gr, 0) * ws * cf + min(max(gc, 0), ws) * cf

    @cached_property
    def _sequences(self) -> tuple[np.ndarray, np.ndarray]:
        rows, cols, cf = self.rows, self.cols, self.channel_folds
        hs, ws, fb = rows.stored_count, cols.stored_count, self.stored_beats
        kh, kw = rows.kernel, cols.kernel
        need = np.empty((rows.outputs, cols.outputs, kh, kw, cf), np.int64)
        mark = np.empty_like(need)
        folds = np.arange(cf)
        pad_mark = np.empty((rows.outputs, cols.outputs, 1), np.int64)
        for i in range(rows.outputs):
            for j in range(cols.outputs):
                later = fb
                if j + 1 < cols.outputs:
                    later = min(later, self._first(rows.tap(i, 0), cols.tap(j + 1, 0)))
                if i + 1 < rows.outputs:
                    later = min(later, self._first(rows.tap(i + 1, 0), cols.tap(0, 0)))
                pad_mark[i, j] = min(later, self._first(rows.tap(i, 0), cols.tap(j, 0)))
                for u in range(kh):
                    gr = rows.tap(i, u)
                    for v in range(kw):
                        gc = cols.tap(j, v)
                        if 0 <= gr < hs and 0 <= gc < ws:
                            need[i, j, u, v] = (gr * ws + gc) * cf + folds
                            lower = need[i, j, u, v]
                        else:
                            need[i, j, u, v] = -1
                            if gr < 0:
                                bound = self._first(rows.tap(i, 0), cols.tap(j, 0))
                            elif gr >= hs:
                                bound = fb
                            elif gc < 0:
                                bound = gr * ws * cf
                            else:
                                bound = (gr + 1) * ws * cf
                            lower = np.full(cf, bound, np.int64)
                        mark[i, j, u, v] = np.minimum(lower, later)
        windows = self.windows
        need, mark = need.reshape(windows, -1), mark.reshape(windows, -1)
        if self.window_pad:
            pad_need = np.full((windows, self.window_pad), -1, np.int64)
            pad_mark = np.repeat(pad_mark.reshape(windows, 1), self.window_pad, axis=1)
            need, mark = np.concatenate([need, pad_need], 1), np.concatenate([mark, pad_mark], 1)
        return need.reshape(-1), mark.reshape(-1)

    @property
    def need(self) -> np.ndarray:
        """`need[k]`: the stored beat read `k` of a frame takes, -1 for padding."""
        return self._sequences[0]

    @property
    def watermark(self) -> np.ndarray:
        """`wm[k]`: every stored beat below it is dead at read `k`."""
        return self._sequences[1]

    @cached_property
    def written(self) -> np.ndarray:
        """Per input beat of a frame, the stored beats it writes (`[input_beats]`)."""
        return self.stored.reshape(self.input_beats, self.pixels).sum(axis=1)

    @cached_property
    def issue_need(self) -> np.ndarray:
        """Per output beat, the last stored beat its `t` reads take (-1 when
        all are padding): the beat is issued once that one is written."""
        return self.need.reshape(-1, self.group).max(axis=1)

    @cached_property
    def issue_watermark(self) -> np.ndarray:
        """Per output beat, the lowest watermark of its `t` reads."""
        return self.watermark.reshape(-1, self.group).min(axis=1)

    # The buffer ---------------------------------------------------------------
    @cached_property
    def minimum_depth(self) -> int:
        """The smallest depth that serves every read (module docstring)."""
        inside = self.issue_need >= 0
        if not inside.any():
            return 1
        written = self.written_through(self.issue_need[inside])
        return int((written - self.issue_watermark[inside]).max())

    def written_through(self, need: np.ndarray) -> np.ndarray:
        """`c(need)`: the stored beats written once stored beats `need` are
        (the writer writes whole input beats: the count at the first input
        beat boundary above each; `need + 1` when `p = 1`)."""
        boundaries = np.cumsum(self.written)
        return boundaries[np.searchsorted(boundaries, need, side="right")]

    @property
    def depth(self) -> int:
        """`D`, the buffer's depth in beats."""
        return self.minimum_depth if self.depth_override is None else self.depth_override

    def interior_depth(self) -> int:
        """The depth formula away from the borders (module docstring)."""
        ws = self.cols.stored_count
        span = (self.rows.extent - 1) * ws + self.cols.extent - self.cols.period
        return span * self.channel_folds if span > 0 else 1

    def depth_for_interval(self, interval: int) -> int | None:
        """The smallest depth (from the minimum to a frame of input pixel
        beats more) at which frames stream alone `interval` cycles apart or
        faster, None when none does. The interval falls as the depth grows
        (the writer only gains room), so this is a binary search."""
        low, high = self.minimum_depth, self.minimum_depth + self.input_beats * self.pixels
        if replace(self, depth_override=high).alone()[0] > interval:
            return None
        while low < high:
            middle = (low + high) // 2
            if replace(self, depth_override=middle).alone()[0] <= interval:
                high = middle
            else:
                low = middle + 1
        return low

    def line_minimum(self) -> int:
        """The geometric minimum the depth is measured against: the beats a
        buffer keeping the needed elements in stream order must hold at the
        worst output beat of a frame, counting only beats some read needs,

            max_k  #{needed x : oldest(k) <= x < c(need[k])}

        over the output beats `k` with a read inside the input, `need[k]`
        the last stored beat the beat's `t` reads take (`issue_need`),
        `oldest(k)` the lowest stored beat a read of beat `k` or of a later
        one of the frame takes, and `c` the beats written once `need[k]` is
        (`written_through`). The input and output beats are whole: with one
        pixel per beat and one read per output beat, `c(x) = x + 1` and this
        is from the oldest beat still needed to the beat being read; with
        `p` pixels per input beat the one holding `need[k]` is stored whole
        (a whole frame per beat: one frame), and the `t` reads of an output
        beat take their words at once (a generator forming windows from the
        incoming beat's register, which this one does not, could hold
        less)."""
        need = self.need
        needed = np.zeros(self.stored_beats, np.int64)
        needed[need[need >= 0]] = 1
        below = np.concatenate([[0], np.cumsum(needed)])
        pending = np.where(need >= 0, need, np.iinfo(np.int64).max).reshape(-1, self.group).min(axis=1)
        oldest = np.minimum.accumulate(pending[::-1])[::-1]
        beats = np.nonzero(self.issue_need >= 0)[0]
        if not beats.size:
            return 0
        return int((below[self.written_through(self.issue_need[beats])] - below[oldest[beats]]).max())

    def rate_minimum(self, frames: int = 3) -> int:
        """The smallest depth at which any control of a circular buffer
        (module docstring) could take the input at full rate, when the input
        beats bound the interval (`input_beats >= output_beats`): writes in
        the cycles the beats arrive, back to back over `frames` frames, `d`
        cycles after the output may start (a beat of padding reads only needs
        no write), and each output beat as early as possible (a cycle after
        the last of its beats is written, a cycle after the previous output
        beat), a word overwritten at the earliest in the cycle of its last
        read (the RAM reads first). Earlier reads free words earlier, so for
        each `d` no schedule at that rate needs fewer words; the least over
        the phases `d` of the writes against the reads (`0 <= d <=
        input_beats + output_beats` covers them: later writes only make the
        reads wait) is the bound. When the output beats bound the interval
        the writer may wait, and this is `line_minimum`."""
        if self.input_beats < self.output_beats:
            return self.line_minimum()
        return min(self._rate_depth(frames, d) for d in range(self.input_beats + self.output_beats + 1))

    def _rate_depth(self, frames: int, delay: int) -> int:
        """The words `rate_minimum`'s schedule needs with writes `delay`
        cycles after the output may start."""
        fb, arrivals = self.stored_beats, np.nonzero(self.stored)[0] // self.pixels
        written = np.concatenate([f * self.input_beats + arrivals for f in range(frames)]) + delay
        needs = self.need.reshape(-1, self.group)
        last_read = np.full(frames * fb, -1, np.int64)
        cycle = -1
        for f in range(frames):
            for beat, reads in zip(self.issue_need.tolist(), needs):
                cycle = cycle + 1 if beat < 0 else max(cycle + 1, int(written[f * fb + beat]) + 1)
                inside = f * fb + reads[reads >= 0]
                last_read[inside] = np.maximum(last_read[inside], cycle)
        # Stored beat x is live until its last read: every beat written
        # before then (those with written < last_read[x]) needs its own word.
        overwriters = np.searchsorted(written, last_read, side="left")
        return int(max((overwriters - np.arange(frames * fb)).max(), 1))

    def buffer_bits(self, bits: int) -> int:
        return self.depth * self.simd * bits

    # Integers ---------------------------------------------------------------
    def run(self, beats: np.ndarray, pad_value: int) -> np.ndarray:
        """Output beats `[B, output_beats, simd]` from input beats `[B,
        input_beats, simd]`: the stored beats, read in `need` order, `t`
        reads to a beat of `t*simd` lanes."""
        beats = beats.reshape(beats.shape[0], -1, self.simd)
        out = np.full((beats.shape[0], self.reads, self.simd), pad_value, beats.dtype)
        inside = self.need >= 0
        out[:, inside, :] = beats[:, self.stored, :][:, self.need[inside], :]
        return out.reshape(beats.shape[0], self.output_beats, self.output_lanes)

    # Cycles -------------------------------------------------------------------
    def alone(self, frames: int = 6) -> tuple[int, int]:
        """`(interval, latency)` of `frames` frames streamed back to back, the
        input always valid and the output always ready: the interval of the
        last two, past the transient of the first frames (with three, the
        second interval can still be a beat short of the steady one)."""
        start, end = stream_frames(SwgTiming(self), self.input_beats, self.output_beats, frames)
        return int(end[-1] - end[-2]), int(end[0] - start[0])


def stream_frames(
    model: TimingModel,
    input_beats: int,
    output_beats: int,
    frames: int,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    timeout: int = 100_000,
) -> tuple[np.ndarray, np.ndarray]:
    """Per frame, the cycles its first input beat and its last output beat
    move through an engine's timing model (`input_beats` and `output_beats`
    per frame), driven as the RTL interpreter drives a design: cycle 0 the
    first after reset, the source offering a beat when `valid_pattern[t %
    len]` is 1, the sink taking one when `ready_pattern[t % len]` is 1."""
    start: list[int] = []
    end: list[int] = []
    moved_in = moved_out = cycle = idle = 0
    while len(end) < frames:
        offered = valid_pattern[cycle % len(valid_pattern)] == "1"
        valid = int(moved_in < frames * input_beats and offered)
        ready = int(ready_pattern[cycle % len(ready_pattern)] == "1")
        in_move = int(valid and model.in_ready(0, (ready,)))
        out_move = model.out_valid(0) and ready
        model.step((valid,), (in_move,), (ready,))
        if in_move:
            if moved_in % input_beats == 0:
                start.append(cycle)
            moved_in += 1
        if out_move:
            moved_out += 1
            if moved_out % output_beats == 0:
                end.append(cycle)
        idle = 0 if in_move or out_move else idle + 1
        if idle > timeout:
            raise RuntimeError(f"the engine deadlocked at cycle {cycle}")
        cycle += 1
    return np.array(start), np.array(end)


class SwgTiming(TimingModel):
    """The timing model of one SWG (module docstring), one input and one
    output port."""

    __slots__ = ("depth", "frame", "full", "gw", "j", "k", "mark", "need", "stored")

    def __init__(self, swg: SlidingWindow):
        self.need = swg.issue_need.tolist()
        self.mark = swg.issue_watermark.tolist()
        self.stored = swg.written.tolist()
        self.depth = swg.depth
        self.frame = swg.stored_beats
        self.k = self.j = self.gw = self.full = 0

    def state(self) -> tuple:
        return (self.k, self.j, self.gw, self.full)

    def out_valid(self, port: int) -> int:
        return self.full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        written = self.stored[self.j]
        if not written or self.gw + written <= self.mark[self.k] + self.depth:
            return 1
        if not self._issues(out_ready[0]):
            return 0
        # The read issuing now reads before the write: the next read's watermark
        # (in this frame's count: `FB` more past the frame's last read).
        k = self.k + 1
        shift = 0 if k < len(self.need) else self.frame
        return int(self.gw + written <= self.mark[k % len(self.need)] + shift + self.depth)

    def _issues(self, out_ready: int) -> bool:
        """Whether read `k` issues in this cycle."""
        need = self.need[self.k]
        return bool((not self.full or out_ready) and (need < 0 or need < self.gw))

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        advance = not self.full or out_ready[0]
        issue = self._issues(out_ready[0])
        if in_move[0]:
            self.gw += self.stored[self.j]
            self.j = self.j + 1 if self.j + 1 < len(self.stored) else 0
        if advance:
            self.full = int(issue)
        if issue:
            self.k += 1
            if self.k == len(self.need):
                self.k = 0
                self.gw -= self.frame


def window_weights(weights: np.ndarray, groups: int = 1, zero_points: np.ndarray | int = 0) -> np.ndarray:
    """The stored OIHW weights `[O, C/G, Kh, Kw]` of a convolution as the
    `[O, Kh*Kw*C]` matrix of a matrix-vector unit over the SWG's windows
    (`(u, v, c)` order): column `(u*Kw + v)*C + c` of row `o` is `w[o, c -
    g*C/G, u, v]` for the channels `c` of `o`'s group `g`, and the zero point
    `zw[o]` (no contribution) for the other groups' channels."""
    o, cg, kh, kw = weights.shape
    zw = np.broadcast_to(np.asarray(zero_points, np.int64), (o,))
    full = np.repeat(zw, kh * kw * cg * groups).reshape(o, kh, kw, groups, cg)
    per_group = o // groups
    for g in range(groups):
        rows = slice(g * per_group, (g + 1) * per_group)
        full[rows, :, :, g, :] = weights[rows].transpose(0, 2, 3, 1)
    return full.reshape(o, kh * kw * groups * cg)


def conv_geometry(
    input_shape: tuple[int, int, int, int],
    kernel: tuple[int, int],
    strides: tuple[int, int],
    pads: tuple[int, int, int, int],
    dilations: tuple[int, int],
    output_hw: tuple[int, int],
    simd: int = 1,
    depth: int | None = None,
    group: int = 1,
    window_pad: int = 0,
    pixels: int = 1,
) -> SlidingWindow:
    """The SWG of a convolution or pooling window over an NCHW input of
    `input_shape` (`pads` `[top, left, bottom, right]`; the bottom and
    right pads and ceil mode show in `output_hw`)."""
    _, c, h, w = input_shape
    rows = WindowAxis(h, kernel[0], strides[0], dilations[0], pads[0], output_hw[0])
    cols = WindowAxis(w, kernel[1], strides[1], dilations[1], pads[1], output_hw[1])
    return SlidingWindow(rows, cols, c, simd, depth, group, window_pad, pixels)


__all__ = [
    "AxisLayout",
    "ChannelFolds",
    "SlidingWindow",
    "SwgTiming",
    "WindowAxis",
    "conv_geometry",
    "stream_frames",
    "window_weights",
]
