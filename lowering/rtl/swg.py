"""The sliding-window generator as RTL: `swg_module` builds the `hw.module`
of one `asic.dialects.dataflow.sliding_window.SlidingWindow`, cycle for cycle its
timing model and beat for beat its read sequence.

Ports (the stream-block convention of `asic.lowering.rtl.builder`): `clk`,
`rst`, `in_data` / `out_data` (`simd` lanes of `bits` bits, lane 0 in the
low bits), `in_valid`, `in_ready`, `out_valid`, `out_ready`.

Memory: one `rtl.ram` of `D` words of `simd` lanes, written at `wptr`
(the stored beats in order, modulo `D`) and read at `slot`.

Writer: counters of the input position (column `x`, row `y`, their phases
modulo the axes' layout moduli; only where some position is not stored)
give `stored`; `gw` counts the stored beats written from the start of the
reader's frame (signed). `in_ready = !stored | gw < wm + D`.

Reader: counters `f` (channel fold), `v`, `u` (tap), `j`, `i` (window);
`rbase = g_h(i, 0) * W'*CF` and `cbase = g_w(j, 0) * CF` (signed, stepped
by `r_h*W'*CF` and `r_w*CF`), so the tap's row and column are `row = rbase
+ (T_h[u] - T_h[0]) * W'*CF`, `col = cbase + (T_w[v] - T_w[0]) * CF`, it
lies inside the input when `0 <= row < FB` and `0 <= col < W'*CF`, and its
stored beat is `need = row + col + f`. The watermarks `wm` (of the current
beat) and `wm_next` (of the next) are the timing model's
(`issue_watermark`) and registered: a second copy of the reader's counters
and bases (`*_ahead`, reset to the frame's fourth beat) runs three beats
ahead and steps with the same `issue`; as the current beat issues, `wm`
loads `wm_next`, `wm_next` the smallest of the registered watermark terms
`wm_term*` (the ports' bounds and the next windows' firsts, of the beat
after the next), and these the terms computed from the copy (reset to the
first, second and third beats' watermarks): the terms and their tree of
minima are two cycles, not one. `in_ready = !stored | gw < wm + D | issue
& gw < wm_next (+ FB past the frame's last beat) + D`. So no watermark
logic lies between the read position and `in_ready`: the path from a
register to `in_ready` and `gw` is the room comparisons, `issue`, the
write and `gw`'s increment (the watermark's clamps, adders and minima, the
deepest logic of the generator, end at the `wm_term*` and `wm_next`
registers instead; without this they were the critical path of the
convolutional designs). `slot`, the buffer word of the tap,
steps with the read sequence by constants modulo `D` (a constant, no
register and no read multiplexer, when every step is 0 modulo `D`: a
whole frame per beat). `issue = advance &
(!inside | need < gw)`; an issued read registers `pad_q = !inside`, and the
RAM's read data is the output beat in the next cycle (`out_full`). When the
output stalls, `hold_q` keeps the beat (the RAM word may be overwritten
once read): `out_data = pad_q ? pad_value : held ? hold_q : ram`.

Parallel windows (`t` reads per output beat): the counters `f`, `v`, `u`
become one counter `q` of the window's beats, each read port `m` takes
its tap and fold from tables of `q` (a padding read of padded windows: a
row offset that puts it above the input, so it is padding and its lower
bound the window's first, as the model states), has its own `slot` and its own copy
of the RAM (written alike), and the beat is issued when every port's read
is padding or written. The watermark is the smallest of the ports'
bounds, which is the first port's, or the window's first stored beat
when the beat holds a padding read: along a window's reads `lb` never
falls (taps in `(u, v, f)` order: within a stored row a tap left of the
input bounds at the row's start, inside at `need`, right of it at the
next row's start; a later row starts at or after that; a row below the
input bounds at `FB`, above it and a padding read at the window's first
stored beat, which is at most every tap's `lb`), so no tree of minima
over the ports is built (it was the critical path with 9 ports). Port
`m` drives lanes `m*simd` to `m*simd + simd - 1` of `out_data`.
"""

from __future__ import annotations

import math

from xdsl.dialects import hw
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.qnt_integers import integer_width
from asic.dialects.rtl import address_bits
from asic.dialects.dataflow.sliding_window import AxisLayout, SlidingWindow
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.counters import Counter, select
from asic.lowering.rtl.registry import EngineModule, rtl_builder


def swg_module(name: str, swg: SlidingWindow, bits: int, pad_value: int) -> hw.HWModuleOp:
    """The hw.module of one sliding-window generator (module docstring)."""
    rows, cols = swg.rows, swg.cols
    lay_h, lay_w = rows.layout, cols.layout
    cf, simd, depth = swg.channel_folds, swg.simd, swg.depth
    ws, fb = cols.stored_count, swg.stored_beats
    row_unit, col_unit = ws * cf, cf
    row_step, col_step = lay_h.period * row_unit, lay_w.period * col_unit
    row_offsets = [(t - lay_h.offsets[0]) * row_unit for t in lay_h.offsets]
    col_offsets = [(t - lay_w.offsets[0]) * col_unit for t in lay_w.offsets]
    row_first, col_first = lay_h.offsets[0] * row_unit, lay_w.offsets[0] * col_unit
    extremes = [
        row_first, row_first + (rows.outputs - 1) * row_step + row_offsets[-1],
        col_first, col_first + (cols.outputs) * col_step + col_offsets[-1],
        fb + depth, 2 * fb,
    ]  # fmt: skip
    span = sum(abs(e) for e in extremes) + cf
    pad_row = -span  # a padding read's row offset: above the input from any window
    if swg.window_pad:
        span = 2 * span
    nb = integer_width(-span, span)

    grid = _Grid(swg)
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, swg.pixels * simd * bits)

    def signed(value: int) -> SSAValue:
        return b.const(value, nb)

    def lt(a: SSAValue, c: SSAValue | int) -> SSAValue:
        return b.icmp("slt", a, c)

    def smin(a: SSAValue, c: SSAValue) -> SSAValue:
        return b.mux(lt(a, c), a, c)

    def clamp(a: SSAValue, high: int) -> SSAValue:
        a = b.mux(lt(a, 0), signed(0), a)
        return b.mux(lt(a, high), a, signed(high))

    def first(row: SSAValue, col: SSAValue) -> SSAValue:
        """The stored beat of a window's tap (0, 0), row and column clamped."""
        inside = b.add(clamp(row, fb), clamp(col, ws * cf))
        return b.mux(lt(row, fb), inside, signed(fb))

    # -- reader counters ------------------------------------------------------
    full = b.reg(1, "out_full")
    advance = b.or_(b.not_(full.q), out_ready, name="advance")
    gw = b.reg(nb, "gw")
    bases = (row_first, col_first, row_step, col_step)
    taps_at = (row_offsets, col_offsets, pad_row, fb, ws * cf)
    reader = _Reader(b, swg, grid, nb, bases, beat=0, suffix="")
    ahead = _Reader(b, swg, grid, nb, bases, beat=3, suffix="_ahead")
    ports = reader.reads(*taps_at)
    taps = reader.taps

    # -- watermark --------------------------------------------------------------
    def watermark_terms(r: _Reader) -> list[SSAValue]:
        """The terms whose smallest is the watermark of the beat `r` is at
        (module docstring)."""
        rbase, cbase, j, i, corners = r.rbase.q, r.cbase.q, r.j, r.i, r.corners
        if grid.count == 1:
            window_first = first(rbase, cbase)
            later = signed(fb)
            if cols.outputs > 1:
                next_in_row = first(rbase, b.add(cbase, col_step))
                later = b.mux(j.last, later, next_in_row)
            if rows.outputs > 1:
                next_row = smin(later, first(b.add(rbase, row_step), signed(col_first)))
                later = b.mux(i.last, later, next_row)
            # The smallest of the ports' bounds: the first port's, or the window's
            # first stored beat in a beat with a padding read (module docstring).
            lowest = r.reads(*taps_at, count=1)[0].lower(window_first)
            if r.taps.padding_beats():
                lowest = b.mux(r.taps.padding_beat(), window_first, lowest)
            return [lowest, later]
        # Per window of the beat, the first of the next window in its row and
        # of the next row (module docstring of the model).
        laters = []
        for (a, w), (row, col) in zip(grid.windows(), corners):
            later = signed(fb)
            if w + 1 < grid.cols:
                later = first(row, b.add(col, col_step))
            elif cols.outputs > 1 and grid.cols < cols.outputs:
                later = b.mux(j.last, later, first(row, b.add(col, col_step)))
            if a + 1 < grid.rows:
                later = smin(later, first(b.add(row, row_step), signed(col_first)))
            elif rows.outputs > 1 and grid.rows < rows.outputs:
                later = b.mux(i.last, later, smin(later, first(b.add(row, row_step), signed(col_first))))
            laters.append(later)
        firsts = [first(row, col) for row, col in corners]
        per_window = len(ports) // grid.count
        return [*(port.lower(firsts[n // per_window]) for n, port in enumerate(r.reads(*taps_at))), *laters]

    def smallest(marks: list[SSAValue]) -> SSAValue:
        """A balanced tree of minima: its depth grows with log2 of the terms."""
        while len(marks) > 1:
            pairs = zip(marks[0::2], marks[1::2])
            marks = [smin(a, c) for a, c in pairs] + marks[len(marks) - len(marks) % 2 :]
        return marks[0]

    # The watermarks of the current beat and of the next, registered: as the
    # current beat issues, `wm` loads the next one's and `wm_next` the
    # smallest of the registered terms of the one after it (`wm_term*`), which
    # load the terms of the reader three beats ahead. Each is counted in its
    # beat's frame; the terms reset to the third beat's watermark.
    wms = swg.issue_watermark
    mark = b.reg(nb, "wm", reset=int(wms[0]))
    mark_next = b.reg(nb, "wm_next", reset=int(wms[1 % len(wms)]))
    per_window = len(ports) // grid.count

    # -- handshake --------------------------------------------------------------
    issue = b.and_(advance, *(b.or_(b.not_(port.inside), lt(port.need, gw.q)) for port in ports), name="issue")
    # -- writer -------------------------------------------------------------------
    # The input position (only where some position is not stored) steps with
    # in_move; its counters are registers, so the stored flag that in_ready
    # needs comes from them.
    stored = b.const(1, 1)
    needs_x = not _all_stored(lay_w, cols.size)
    needs_y = not _all_stored(lay_h, rows.size)
    wf = Counter(b, cf, "wf") if needs_x or needs_y else None
    x_pos = _Position(b, lay_w, cols.size, "x") if needs_x or needs_y else None
    y_pos = _Position(b, lay_h, rows.size, "y") if needs_y else None
    if x_pos is not None:
        stored = b.and_(stored, x_pos.flag)
    if y_pos is not None:
        stored = b.and_(stored, y_pos.flag)
    # gw + p <= wm + D, the adder off the watermark's path; or, while the
    # current beat issues (the RAM reads before the write), the same against
    # the next beat's watermark, `FB` on when the current beat ends the frame.
    room = lt(b.sub(gw.q, depth - swg.pixels + 1), mark.q)
    frame_last = b.and_(taps.last, reader.j.last, reader.i.last)
    past = b.mux(frame_last, signed(depth - swg.pixels + 1 + fb), signed(depth - swg.pixels + 1))
    room_next = b.and_(issue, lt(b.sub(gw.q, past), mark_next.q))
    in_ready = b.or_(b.not_(stored), room, room_next, name="in_ready_int")
    in_move = b.and_(in_valid, in_ready, name="in_move")
    write = b.and_(in_move, stored, name="write")
    if wf is not None:
        wf.drive(in_move)
        pixel = b.and_(in_move, wf.last)
        assert x_pos is not None
        x_pos.drive(pixel)
        if y_pos is not None:
            y_pos.drive(b.and_(pixel, x_pos.last))

    # -- reader steps ------------------------------------------------------------
    frame_end = b.and_(reader.drive(issue), reader.i.last, name="frame_end")
    ahead.drive(issue)
    mark.drive(mark_next.q, enable=issue)
    terms = [
        b.register(term, f"wm_term{k}", reset=int(wms[2 % len(wms)]), enable=issue)
        for k, term in enumerate(watermark_terms(ahead))
    ]
    mark_next.drive(smallest(terms), enable=issue)
    j, i = reader.j, reader.i
    col_step, row_step = grid.cols * col_step, grid.rows * row_step  # from one beat's windows to the next's
    gw_next = b.mux(write, b.add(gw.q, signed(swg.pixels)), gw.q)  # the incrementer off the write's path
    gw.drive(b.mux(frame_end, b.sub(gw_next, fb), gw_next))
    full.drive(issue, enable=advance)

    # -- addresses ------------------------------------------------------------
    # Read `p` of a window takes stored beat `base + off[p]`; the window's
    # base steps by `col_step` along a row, then to the next row, then to
    # the next frame (`FB` on).
    abits = address_bits(depth)
    wptr = b.reg(abits, "wptr")
    wptr.drive(_wrap(b, b.add(b.zext(wptr.q, abits + 1), swg.pixels % depth), depth, abits), enable=write)
    ends = [
        col_step,
        row_step - (j.size - 1) * col_step,
        fb - (i.size - 1) * row_step - (j.size - 1) * col_step,
    ]
    buffer = _Buffer(b, wptr.q, in_data, write, swg, bits) if swg.pixels > 1 else None
    datas = []
    for m, port in enumerate(ports):
        window, read = divmod(m, per_window)
        offset = taps.offset(read) + grid.offset(window, row_step // grid.rows, col_step // grid.cols)
        first_slot = (row_first + col_first + offset) % depth
        steps = [(e + taps.offset(read) - taps.offset(taps.reads - taps.group + read)) % depth for e in ends]
        # The steps a beat can take: along a row, to the next row, to the next frame, within the window.
        taken = {steps[2]} | ({steps[0]} if j.size > 1 else set()) | ({steps[1]} if i.size > 1 else set())
        if taps.reads <= taps.group and taken == {0}:
            address: int | SSAValue = first_slot  # every beat reads the same word (a frame per beat)
        else:
            slot = b.reg(abits, f"slot{m}" if len(ports) > 1 else "slot", reset=first_slot)
            delta = b.mux(j.last, b.const(steps[1], abits + 1), b.const(steps[0], abits + 1))
            delta = b.mux(b.and_(j.last, i.last), b.const(steps[2], abits + 1), delta)
            delta = b.mux(taps.last, delta, taps.step(read, depth, abits + 1))
            slot.drive(_wrap(b, b.add(b.zext(slot.q, abits + 1), delta), depth, abits), enable=issue)
            address = slot.q
        suffix = str(m) if len(ports) > 1 else ""
        if buffer is not None:
            ram = buffer.read(address, f"buffer{suffix}_q")
        else:
            ram = b.ram(b.value(address, abits), wptr.q, in_data, write, depth, name=f"buffer{suffix}_q")
        datas.append(_beat(b, ram, port.inside, issue, full.q, out_ready, simd, bits, pad_value, suffix))

    # -- output ---------------------------------------------------------------
    data = b.concat(*reversed(datas), name="out_q")
    b.output("in_ready", in_ready)
    b.output("out_data", data)
    b.output("out_valid", full.q)
    return b.finish()


def _wrap(b: ModuleBuilder, moved: SSAValue, depth: int, abits: int) -> SSAValue:
    """`moved` (below `2*depth`, `abits + 1` bits) modulo `depth`."""
    return b.extract(b.mux(b.icmp("uge", moved, depth), b.sub(moved, depth), moved), 0, abits)


class _Grid:
    """The whole windows an output beat holds, `rows` x `cols` of them
    (`pr x pc`: several windows of one row, or whole rows of windows); one
    window, or part of one, when the beat holds no whole window."""

    def __init__(self, swg: SlidingWindow):
        count = max(swg.windows_per_beat, 1)
        self.count = count
        self.cols = count if swg.cols.outputs % count == 0 else swg.cols.outputs
        self.rows = count // self.cols

    def windows(self) -> list[tuple[int, int]]:
        """`(a, w)`: the window's row and column within the beat, in raster order."""
        return [(a, w) for a in range(self.rows) for w in range(self.cols)]

    def offset(self, window: int, row_step: int, col_step: int) -> int:
        """The stored beats from the beat's first window to its `window`-th."""
        a, w = divmod(window, self.cols)
        return a * row_step + w * col_step


def _digits(number: int, sizes: list[int]) -> list[int]:
    """`number` in the mixed radix of `sizes` (lowest first), modulo their product."""
    digits = []
    for size in sizes:
        number, digit = divmod(number, size)
        digits.append(digit)
    return digits


class _Reader:
    """The reader's position in the frame: the tap counters, the window
    counters `j`, `i` and the bases `rbase`, `cbase`, all stepping with
    `issue`; at reset `beat` output beats into the frame."""

    def __init__(
        self, b: ModuleBuilder, swg: SlidingWindow, grid: _Grid, nb: int,
        bases: tuple[int, int, int, int], beat: int, suffix: str,
    ):  # fmt: skip
        self.b, self.grid, self.nb, self.suffix = b, grid, nb, suffix
        row_first, col_first, self.row_step, self.col_step = bases
        sizes = [*_Taps.sizes(swg), swg.cols.outputs // grid.cols, swg.rows.outputs // grid.rows]
        digits = _digits(beat, sizes)
        self.taps = _Taps(b, swg, nb, digits[:-2], suffix)
        self.j = Counter(b, sizes[-2], f"j{suffix}", reset=digits[-2])
        self.i = Counter(b, sizes[-1], f"i{suffix}", reset=digits[-1])
        self.row_first, self.col_first = row_first, col_first
        self.rbase = b.reg(nb, f"rbase{suffix}", reset=row_first + digits[-1] * grid.rows * self.row_step)
        self.cbase = b.reg(nb, f"cbase{suffix}", reset=col_first + digits[-2] * grid.cols * self.col_step)
        self.corners = [  # each window of the beat: its base row and column
            (b.add(self.rbase.q, b.const(a * self.row_step, nb)), b.add(self.cbase.q, b.const(w * self.col_step, nb)))
            for a, w in grid.windows()
        ]

    def reads(
        self, row_offsets: list[int], col_offsets: list[int], pad_row: int, fb: int, row_beats: int, count: int | None = None
    ) -> list[_Read]:
        """The beat's reads (the first `count` of them)."""
        b, positions = self.b, self.taps.positions(row_offsets, col_offsets, pad_row)
        ports = [(n, position) for n in range(self.grid.count) for position in positions][:count]
        return [
            _Read(b, b.add(self.corners[n][0], row), b.add(self.corners[n][1], col), fold, fb, row_beats, self.nb)
            for n, (row, col, fold) in ports
        ]

    def drive(self, issue: SSAValue) -> SSAValue:
        """Step with `issue`; returns whether this beat ends a row of windows."""
        b, nb, suffix = self.b, self.nb, self.suffix
        window_end = b.and_(issue, self.taps.drive(issue), name=f"window_end{suffix}")
        self.j.drive(window_end)
        line_end = b.and_(window_end, self.j.last)
        self.i.drive(line_end)
        col_step, row_step = self.grid.cols * self.col_step, self.grid.rows * self.row_step
        next_col = b.mux(self.j.last, b.const(self.col_first, nb), b.add(self.cbase.q, b.const(col_step, nb)))
        self.cbase.drive(next_col, enable=window_end)
        next_row = b.mux(self.i.last, b.const(self.row_first, nb), b.add(self.rbase.q, b.const(row_step, nb)))
        self.rbase.drive(next_row, enable=line_end)
        return line_end


class _Buffer:
    """The line buffer of a generator taking `p` pixels per beat: `D`
    registers of a pixel (`C` lanes), the beat's pixels written to words
    `wptr .. wptr + p - 1` (modulo `D`) at once, every read port a
    synchronous read (the word before that edge's write, as `rtl.ram`).

    Word `k` takes lane `l` when `wptr == (k - l) mod D`: a comparison of
    the register with a constant, no adder on the write's path. `wptr`
    starts at 0 and steps by `p` modulo `D`, so it is always a multiple of
    `g = gcd(p, D)` and only the lanes `l = k (mod g)` can reach word `k`
    (one lane when `p` divides `D`: no data multiplexer at all). The lanes
    that can are distinct words of one beat (`p <= D`), so at most one of
    them hits: the word's data is the OR of each candidate lane ANDed with
    its hit, a balanced tree instead of a chain of `p` multiplexers."""

    def __init__(self, b: ModuleBuilder, wptr: SSAValue, in_data: SSAValue, write: SSAValue, swg: SlidingWindow, bits: int):
        self.b, depth, width, pixels = b, swg.depth, swg.simd * bits, swg.pixels
        assert pixels <= depth, "a write of p words needs p free words (the writer's room)"
        step = math.gcd(pixels, depth)
        lanes = [b.extract(in_data, lane * width, width) for lane in range(pixels)]
        self.words = []
        for k in range(depth):
            word = b.reg(width, f"line{k}", reset=None)
            hits = {lane: b.icmp("eq", wptr, (k - lane) % depth) for lane in range(k % step, pixels, step)}
            if len(hits) == 1:
                (lane, hit), = hits.items()
                word.drive(lanes[lane], enable=b.and_(write, hit))
            else:
                data = b.or_(*(b.and_(b.replicate(hit, width), lanes[lane]) for lane, hit in hits.items()))
                word.drive(data, enable=b.and_(write, b.or_(*hits.values())))
            self.words.append(word.q)

    def read(self, address: int | SSAValue, name: str) -> SSAValue:
        """The word at `address`, registered (a balanced tree of muxes on the address bits)."""
        b, words, bit = self.b, self.words, 0
        if isinstance(address, int):
            return b.register(words[address], name, reset=None)
        while len(words) > 1:
            select_bit = b.extract(address, bit, 1)
            pairs = [b.mux(select_bit, words[k + 1], words[k]) if k + 1 < len(words) else words[k] for k in range(0, len(words), 2)]
            words, bit = pairs, bit + 1
        return b.register(words[0], name, reset=None)


def _beat(
    b: ModuleBuilder, ram: SSAValue, inside: SSAValue, issue: SSAValue, full: SSAValue, out_ready: SSAValue,
    simd: int, bits: int, pad_value: int, suffix: str,
) -> SSAValue:
    """One read port's `simd` lanes of the output beat: the padding value,
    or the RAM's word, kept in `hold_q` while the output stalls."""
    pad_q = b.register(b.not_(inside), f"pad{suffix}_q", enable=issue)
    held = b.reg(1, f"held{suffix}")
    held.drive(b.and_(full, b.not_(out_ready)))
    hold_q = b.register(ram, f"hold{suffix}_q", reset=None, enable=b.not_(held.q))
    lane = pad_value & ((1 << bits) - 1)
    pad_word = sum(lane << (bits * k) for k in range(simd))
    return b.mux(pad_q, b.const(pad_word, simd * bits), b.mux(held.q, hold_q, ram))


class _Read:
    """One read of an output beat: its stored row and column beats (`row`,
    `col`), whether it lies inside the input, the stored beat it takes."""

    def __init__(
        self, b: ModuleBuilder, row: SSAValue, col: SSAValue, fold: SSAValue, fb: int, row_beats: int, nb: int
    ):
        self.b, self.row, self.col, self.fb, self.row_beats = b, row, col, fb, row_beats
        self.need = b.add(row, col, fold, name="need")
        row_in = b.and_(b.not_(b.icmp("slt", row, 0)), b.icmp("slt", row, fb))
        col_in = b.and_(b.not_(b.icmp("slt", col, 0)), b.icmp("slt", col, row_beats))
        self.inside = b.and_(row_in, col_in, name="inside")
        self.nb = nb

    def lower(self, window_first: SSAValue) -> SSAValue:
        """`lb`: the need inside the input, else a lower bound of the
        window's next inside read (`asic.dialects.dataflow.sliding_window`)."""
        b, row, col = self.b, self.row, self.col
        bound = b.mux(b.icmp("slt", col, 0), row, b.add(row, self.row_beats))
        bound = b.mux(b.icmp("slt", row, 0), window_first, b.mux(b.icmp("slt", row, self.fb), bound, b.const(self.fb, self.nb)))
        return b.mux(self.inside, self.need, bound, name="lower")


class _Taps:
    """The reads within a window, `t` per output beat: with `t = 1`
    counters of the channel fold `f`, the tap column `v` and row `u`; with
    several, a counter `q` of the window's beats and tables of each read's
    `(u, v, f)`."""

    def __init__(self, b: ModuleBuilder, swg: SlidingWindow, nb: int, resets: list[int], suffix: str):
        self.b, self.nb, self.group = b, nb, min(swg.group, swg.window_reads)
        self.cf, self.kw, self.kh = swg.channel_folds, swg.cols.kernel, swg.rows.kernel
        self.taps = self.kh * self.kw * self.cf
        self.reads = swg.window_reads
        assert self.group > 1 or self.reads == self.taps, "padded windows read several beats at once"
        names = ["f", "v", "u"] if self.group == 1 else ["q"]
        self.counters = [
            Counter(b, size, f"{name}{suffix}", reset) for size, name, reset in zip(self.sizes(swg), names, resets)
        ]
        self.offsets: list[int] = []

    @staticmethod
    def sizes(swg: SlidingWindow) -> list[int]:
        """The counters' sizes, lowest first: `f`, `v`, `u`, or `q`."""
        group = min(swg.group, swg.window_reads)
        if group == 1:
            return [swg.channel_folds, swg.cols.kernel, swg.rows.kernel]
        return [swg.window_reads // group]

    def read(self, p: int) -> tuple[int, int, int]:
        """`(u, v, f)` of read `p` of a window (`u = -1` for a padding read)."""
        if p >= self.taps:
            return -1, 0, 0
        return p // (self.kw * self.cf), p // self.cf % self.kw, p % self.cf

    def positions(
        self, row_offsets: list[int], col_offsets: list[int], pad_row: int
    ) -> list[tuple[SSAValue, SSAValue, SSAValue]]:
        """Per read port, its row and column offsets from the window's base
        and its channel fold (`pad_row` the row offset of a padding read)."""
        b, nb = self.b, self.nb
        padded_rows = [*row_offsets, pad_row]  # u = -1: a padding read
        self.offsets = [
            padded_rows[u] + col_offsets[v] + f for u, v, f in map(self.read, range(self.reads))
        ]
        if self.group == 1:
            f, v, u = (c.value for c in self.counters)
            fold = b.zext(f, nb) if f is not None else b.const(0, nb)
            return [(select(b, u, row_offsets, nb), select(b, v, col_offsets, nb), fold)]
        q = self.counters[0].value
        beats = range(self.reads // self.group)
        result = []
        for m in range(self.group):
            reads = [self.read(k * self.group + m) for k in beats]
            result.append(tuple(select(b, q, values, nb) for values in (
                [padded_rows[u] for u, _, _ in reads], [col_offsets[v] for _, v, _ in reads], [f for _, _, f in reads],
            )))  # fmt: skip
        return result  # pyright: ignore[reportReturnType]

    def offset(self, p: int) -> int:
        """`off[p]`: the stored beats from a window's base to its read `p`."""
        return self.offsets[p]

    def padding_beats(self) -> list[int]:
        """Whether each beat of a window holds a padding read (1) or not."""
        t = self.group
        return [int(q * t + t > self.taps) for q in range(self.reads // t)] if self.reads > self.taps else []

    def padding_beat(self) -> SSAValue:
        """Whether this beat holds a padding read (padded windows only)."""
        return select(self.b, self.counters[0].value, self.padding_beats(), 1)

    @property
    def last(self) -> SSAValue:
        """The window's last beat."""
        lasts = [c.last for c in self.counters]
        return lasts[0] if len(lasts) == 1 else self.b.and_(*lasts)

    def drive(self, issue: SSAValue) -> SSAValue:
        """Step with `issue`; returns whether this is the window's last beat."""
        step = issue
        for counter in self.counters:
            counter.drive(step)
            step = self.b.and_(step, counter.last)
        return self.last

    def step(self, m: int, depth: int, bits: int) -> SSAValue:
        """The buffer words from port `m`'s read of this beat to its read of
        the next beat in the window, modulo `depth`."""
        t, off = self.group, self.offsets
        steps = [(off[p + t] - off[p]) % depth for p in range(m, self.reads - t, t)] + [0]
        if t > 1:
            return select(self.b, self.counters[0].value, steps, bits)
        f, v, u = self.counters
        # t = 1: read p+1 - read p, by the counters that wrap
        cf, kw = self.cf, self.kw
        base = self.b.const(1 % depth, bits)
        column = [(off[(v_ + 1) * cf] - off[v_ * cf + cf - 1]) % depth for v_ in range(kw - 1)] + [0]
        rows = [(off[(u_ + 1) * kw * cf] - off[u_ * kw * cf + kw * cf - 1]) % depth for u_ in range(self.kh - 1)] + [0]
        delta = self.b.mux(f.last, select(self.b, v.value, column, bits), base)
        return self.b.mux(self.b.and_(f.last, v.last), select(self.b, u.value, rows, bits), delta)


def _all_stored(layout: AxisLayout, size: int) -> bool:
    return layout.first == 0 and layout.last == size - 1 and len(layout.residues) == layout.modulus


class _Position:
    """The input position along one axis, a counter over `[0, size)`, and
    whether it is stored (`AxisLayout`): within `[first, last]` and on the
    residues (a phase counter modulo the layout's modulus, restarting with
    the axis)."""

    def __init__(self, b: ModuleBuilder, layout: AxisLayout, size: int, name: str):
        self.b, self.layout = b, layout
        self.counter = Counter(b, size, name)
        self.phase = Counter(b, layout.modulus, f"{name}_phase") if len(layout.residues) < layout.modulus else None
        flag = b.const(1, 1)
        position = self.counter.value
        if position is not None and layout.first > 0:
            flag = b.and_(flag, b.icmp("uge", position, layout.first))
        if position is not None and layout.last < size - 1:
            flag = b.and_(flag, b.icmp("ule", position, layout.last))
        if self.phase is not None and self.phase.value is not None:
            hit = b.const(0, 1)
            for residue in layout.residues:
                hit = b.or_(hit, b.icmp("eq", self.phase.value, residue))
            flag = b.and_(flag, hit)
        self.flag = flag

    @property
    def last(self) -> SSAValue:
        return self.counter.last

    def drive(self, step: SSAValue) -> None:
        if self.phase is not None:
            self.phase.drive(step, restart=self.counter.last)
        self.counter.drive(step)


@rtl_builder(df.SwgOp)
def swg_engine(op: df.SwgOp) -> EngineModule:
    """The module of a `dataflow.swg`."""
    model, x = op.model(), op.input_stream
    key = (model, x.bits, op.pad_int)
    kh, kw = model.rows.kernel, model.cols.kernel
    return EngineModule(key, f"swg_{kh}x{kw}", lambda name: swg_module(name, model, x.bits, op.pad_int))


__all__ = ["swg_engine", "swg_module"]
