"""The reduction engine as RTL: `reduce_module(ReduceSpec)` builds the
`hw.module` of a max pool, an average pool or a global average pool
(`asic.dialects.dataflow.window_reduce`), cycle for cycle its timing model and bit
for bit `qnt.maxpool2d` / `qnt.avgpool2d` / `qnt.global_avgpool2d` of the
windows it is given; and of a vector-vector unit (`dataflow.vvu`, kind
"dot": the same ring, each tap weighted per channel, the sum started at the
bias and requantized per channel).

Ports: the stream-block convention of `asic.lowering.rtl.builder`.

Datapath. Counters `f` (channel fold), `t` (tap) and, when the divisor
varies between windows, `i`, `j` (the window's row and column). The `CF`
accumulators (`simd` lanes of `acc` bits each, one register per fold) form
a ring: `head` is the fold of the next beat; a moving beat computes `new =
t == 0 ? x' : op(head, x')` per lane (`x' = x` for max, `x - zx` sign- or
zero-extended for mean; `op` max or +; for dot `new = (t == 0 ? bias :
head) + x' * w`, the channel's effective weight `w` and bias constants
selected by a step counter `k` over `(t, f)` and by `f`) and pushes it at
the tail. At the
last tap, `new` is the result: as is for max, into the output register;
for mean (the multiplier and shift of the window's divisor, selected by
`i` and `j` through the row and column classes of the divisor table) and
dot (the lane's channel multiplier and shift, selected by `f`) it is
registered with its multiplier and shift and requantized by the MVU's
pipelined requantizer (`asic.lowering.rtl.mvu.requantize_pipelined`):
`shape.stages` registers in all (`asic.dialects.dataflow.window_reduce`),
each stepping with `advance`, a valid bit carried along them. The dot's
product is `(x - zx) * w` in the bits of its factors (about one MAC's
multiplier), sign-extended to the accumulator; with `parallel_taps` `p >
1` a beat's `p` products per lane (padded taps weighted 0) are registered
and go through the registered adder tree
(`asic.lowering.rtl.adder_tree.adder_tree`; `tap_tree_stages(p)` stages
in all), whose at most 3 numbers the ring's adder sums with the head or
the bias, the
beat's valid bit, `t == 0` and `t == T-1` delayed alike (`CF = 1`). With
one beat per window (`T = 1`) there is no ring: `new` is the beat's
result alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from xdsl.dialects import hw
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.dataflow.engine import quantized_element
from asic.dialects.qnt_integers import integer_width
from asic.dialects.dataflow.pipeline import folds_vary, multiplier_bits
from asic.dialects.dataflow.window_reduce import WindowReduce, reduce_stages, tap_tree_stages
from asic.lowering.rtl.adder_tree import adder_tree, delay
from asic.lowering.rtl.builder import ModuleBuilder, Value
from asic.lowering.rtl.counters import Counter, select
from asic.lowering.rtl.mvu import RequantizeStages, requantize_pipelined
from asic.lowering.rtl.registry import EngineModule, rtl_builder


@dataclass(frozen=True)
class ReduceSpec:
    """Everything the hardware of one reduction engine depends on."""

    shape: WindowReduce
    kind: str
    """"max", "mean" or "dot"."""
    x_bits: int
    x_signed: bool
    x_zero: int = 0
    y_bits: int = 8
    y_signed: bool = True
    y_zero: int = 0
    lo: int = -128
    hi: int = 127
    multipliers: tuple[tuple[int, ...], ...] = ((1,),)
    """Mean: the multiplier of every window, `[OH][OW]`."""
    shifts: tuple[tuple[int, ...], ...] = ((0,),)
    weights: tuple[tuple[int, ...], ...] = ()
    """Dot: the effective weights `w - zw`, `[C][Kh*Kw]`."""
    parallel_taps: int = 1
    """Dot and mean: the taps of one beat per lane (`shape.taps` beats per
    window)."""
    pixels: int = 1
    """Dot and mean: the windows of one beat (`simd` lanes each, one beat
    per window, every channel in it)."""
    bias: tuple[int, ...] = ()
    """Dot: the bias `[C]`."""
    channel_multipliers: tuple[int, ...] = ()
    """Dot: the multiplier of every channel `[C]`."""
    channel_shifts: tuple[int, ...] = ()
    accumulator: int = 0
    """Dot: the accumulator's bits."""

    def __post_init__(self) -> None:
        # the shape's pipeline registers are the ones this datapath needs
        object.__setattr__(self, "shape", replace(self.shape, stages=self.pipeline_stages()))

    def pipeline_stages(self) -> int:
        """`asic.dialects.dataflow.window_reduce.reduce_stages` of this
        datapath: none for max; the requantizer's multiplier is a run-time
        value when it differs between windows (mean) or between the folds
        of a lane (dot)."""
        if self.kind == "max":
            return 0
        if self.kind == "dot":
            m, s = np.asarray(self.channel_multipliers, np.int64), np.asarray(self.channel_shifts, np.int64)
            varies = folds_vary(m, self.shape.channel_folds, self.shape.simd)
        else:
            m, s = np.asarray(self.multipliers, np.int64), np.asarray(self.shifts, np.int64)
            varies = bool((m != m.flat[0]).any())
        return self.tree_stages + reduce_stages(self.acc_bits(), multiplier_bits(m), self.y_bits, int(s.max()), varies)

    @property
    def tree_stages(self) -> int:
        """The adder tree's stages over a beat's taps (dot, mean)."""
        return tap_tree_stages(self.parallel_taps) if self.kind != "max" else 0

    def input_lane(self, window: int, slot: int, lane: int) -> int:
        """The lane of the input beat holding tap `slot` of window `window`
        of the beat, lane (channel of the fold) `lane`: windows, then taps,
        then channels."""
        return (window * self.parallel_taps + slot) * self.shape.simd + lane

    def tap_weight(self, channel: int, tap: int) -> int:
        """Dot: the effective weight of a tap, 0 for a padded tap."""
        row = self.weights[channel]
        return row[tap] if tap < len(row) else 0

    def acc_bits(self) -> int:
        if self.kind == "dot":
            return self.accumulator
        if self.kind == "max":
            return self.x_bits
        lo, hi = (-(1 << (self.x_bits - 1)), (1 << (self.x_bits - 1)) - 1) if self.x_signed else (0, (1 << self.x_bits) - 1)
        taps = self.shape.taps * self.parallel_taps
        return integer_width(taps * (lo - self.x_zero), taps * (hi - self.x_zero))


def _classes(table: np.ndarray) -> tuple[list[int], list[int], np.ndarray]:
    """Rows and columns of a `[OH, OW]` table grouped into classes of equal
    rows (columns): the class of every row, of every column, and the
    table's value per (row class, column class)."""
    row_keys = [tuple(r) for r in table]
    row_first = list(dict.fromkeys(row_keys))
    row_class = [row_first.index(k) for k in row_keys]
    col_keys = [tuple(c) for c in table.T]
    col_first = list(dict.fromkeys(col_keys))
    col_class = [col_first.index(k) for k in col_keys]
    rows = [row_class.index(c) for c in range(len(row_first))]
    cols = [col_class.index(c) for c in range(len(col_first))]
    return row_class, col_class, table[np.ix_(rows, cols)]


def _per_window(b: ModuleBuilder, table: np.ndarray, row: SSAValue | None, col: SSAValue | None, bits: int) -> SSAValue | int:
    """The value of the current window in a `[OH, OW]` table."""
    if (table == table.flat[0]).all():
        return int(table.flat[0])
    row_class, col_class, values = _classes(table)
    ci = select(b, row, row_class, max(1, (len(values) - 1).bit_length()))
    cj = select(b, col, col_class, max(1, (values.shape[1] - 1).bit_length()))
    per_row = [select(b, cj, [int(v) for v in values[r]], bits) for r in range(values.shape[0])]
    result = per_row[0]
    for r in range(1, len(per_row)):
        result = b.mux(b.icmp("eq", ci, r), per_row[r], result)
    return result


def _per_fold(b: ModuleBuilder, fold: SSAValue | None, values: list[int], bits: int) -> SSAValue | int:
    """A lane's value in the current channel fold: a constant when equal in
    every fold."""
    return values[0] if all(v == values[0] for v in values) else select(b, fold, values, bits)


def _requantized(
    b: ModuleBuilder, spec: ReduceSpec, total: SSAValue, multiplier: Value, shift: Value,
    m_bits: int, max_shift: int, advance: SSAValue, name: str,
) -> SSAValue:
    """A finished sum `total` and its multiplier and shift registered, then
    requantized in the rest of `spec.shape.stages` (module docstring)."""
    held = [b.register(v, f"{name}_{what}", reset=None, enable=advance) if isinstance(v, SSAValue) else v
            for v, what in ((total, "total"), (multiplier, "mult"), (shift, "shift"))]  # fmt: skip
    stage = RequantizeStages(advance, spec.shape.stages - spec.tree_stages - 1, name)
    return requantize_pipelined(b, held[0], held[1], held[2], m_bits, max_shift, spec, stage)  # pyright: ignore[reportArgumentType]


def reduce_module(name: str, spec: ReduceSpec) -> hw.HWModuleOp:
    """The hw.module of one reduction engine (module docstring)."""
    shape = spec.shape
    cf, simd, taps = shape.channel_folds, shape.simd, shape.taps
    parallel, tree, pixels = spec.parallel_taps, spec.tree_stages, spec.pixels
    assert tree == 0 or cf == 1, "parallel taps with every channel in the beat"
    assert pixels == 1 or (cf == 1 and taps == 1), "several windows per beat, one beat each"
    bits = spec.acc_bits()
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, pixels * parallel * simd * spec.x_bits)
    full = b.reg(1, "out_full")
    advance = b.or_(b.not_(full.q), out_ready, name="advance")
    move = b.and_(in_valid, advance, name="in_move")

    multipliers = np.asarray(spec.multipliers, np.int64)
    shifts = np.asarray(spec.shifts, np.int64)
    varying = spec.kind == "mean" and not ((multipliers == multipliers.flat[0]).all() and (shifts == shifts.flat[0]).all())
    f = Counter(b, cf, "f")
    t = Counter(b, taps, "t")
    f.drive(move)
    tap_end = b.and_(move, f.last)
    t.drive(tap_end)
    if spec.kind == "dot":
        k = Counter(b, taps * cf, "k")
        k.drive(move)

    # The ring, when a window takes several beats, steps where the beat's
    # sum is: after the adder tree over its taps (module docstring).
    ring = [b.reg(simd * bits, f"acc{k}", reset=None) for k in range(cf)] if taps > 1 else []
    first = b.icmp("eq", t.value, 0) if t.value is not None else b.const(1, 1)
    last = t.last
    step = move
    if tree:
        step = b.and_(delay(b, move, tree, advance, "v_tree", reset=0), advance, name="tree_move")
        if t.value is not None:
            first = delay(b, first, tree, advance, "first_tree")
            last = delay(b, last, tree, advance, "last_tree")
    heads = b.lanes(ring[0].q, bits) if ring else [None] * simd
    x_bits = spec.x_bits + (0 if spec.x_signed and spec.x_zero == 0 else 1)  # x - zx, signed
    xs = b.lanes(in_data, spec.x_bits)

    def centered(x: SSAValue, width: int) -> SSAValue:
        x = b.sext(x, width) if spec.x_signed else b.zext(x, width)
        return b.sub(x, spec.x_zero) if spec.x_zero else x

    lanes = []
    for index in range(pixels * simd):
        window, lane = divmod(index, simd)
        acc = heads[lane] if window == 0 else None
        slots = [xs[spec.input_lane(window, slot, lane)] for slot in range(parallel)]
        label = f"{lane}" if pixels == 1 else f"{window}_{lane}"
        if spec.kind == "max":
            x = slots[0]
            combined = b.mux(b.icmp("sgt" if spec.x_signed else "ugt", x, acc), x, acc) if acc is not None else x
        elif spec.kind == "dot":
            channels = [fold * simd + lane for fold in range(cf)]
            products = []
            for slot, x in enumerate(slots):
                weights = [spec.tap_weight(c, tap * parallel + slot) for tap in range(taps) for c in channels]
                product_bits = x_bits + max(2, integer_width(min(weights), max(weights)))
                weight = select(b, k.value, weights, product_bits)
                name_ = f"product{label}" if parallel == 1 else f"product{label}_{slot}"
                products.append(b.sext(b.mul(b.sext(centered(x, x_bits), product_bits), weight, name=name_), bits))
            if tree:
                products = [delay(b, p, 1, advance, f"product{label}_{slot}") for slot, p in enumerate(products)]
                products = adder_tree(b, products, tree - 1, advance, f"taps{label}")
            bias = select(b, f.value, [spec.bias[c] for c in channels], bits)
            lanes.append(b.add(b.mux(first, bias, acc) if acc is not None else bias, *products, name=f"new{label}"))
            continue
        elif tree:
            values = [delay(b, centered(x, bits), 1, advance, f"x{label}_{slot}") for slot, x in enumerate(slots)]
            summed = adder_tree(b, values, tree - 1, advance, f"taps{label}")
            terms = [b.mux(first, 0, acc), *summed] if acc is not None else summed
            lanes.append(b.add(*terms, name=f"new{label}") if len(terms) > 1 else terms[0])
            continue
        else:
            x = centered(slots[0], bits)
            combined = b.add(acc, x) if acc is not None else x
        lanes.append(b.mux(first, x, combined, name=f"new{label}") if acc is not None else x)
    new = b.concat(*reversed(lanes))
    for k in range(len(ring) - 1):
        ring[k].drive(ring[k + 1].q, enable=step)
    if ring:
        ring[-1].drive(new, enable=step)

    finish = b.and_(step, last, name="finish")
    if spec.kind == "max":
        result = new
    elif spec.kind == "dot":
        m_bits = max(1, max(spec.channel_multipliers).bit_length())
        s_bits = max(1, max(spec.channel_shifts).bit_length())
        ys = []
        for index, acc in enumerate(lanes):
            lane = index % simd
            channels = [fold * simd + lane for fold in range(cf)]
            multiplier = _per_fold(b, f.value, [spec.channel_multipliers[c] for c in channels], m_bits)
            shift = _per_fold(b, f.value, [spec.channel_shifts[c] for c in channels], s_bits)
            ys.append(_requantized(b, spec, acc, multiplier, shift, m_bits, max(spec.channel_shifts), advance, f"y{index}"))
        result = b.concat(*reversed(ys))
    else:
        # the window whose sum `new` holds: counted where its last beat's sum is
        done = b.and_(finish, f.last) if not tree else finish
        m_bits = max(1, int(multipliers.max()).bit_length())
        s_bits = max(1, int(shifts.max()).bit_length())
        rescales = _window_rescales(b, spec, multipliers, shifts, done if varying else None, m_bits, s_bits)
        ys = [
            _requantized(b, spec, lane, *rescales[k // simd], m_bits, int(shifts.max()), advance, f"y{k}")
            for k, lane in enumerate(lanes)
        ]
        result = b.concat(*reversed(ys))
    valid_out = delay(b, finish, shape.stages - tree, advance, "v_rq", reset=0)
    out = b.register(result, "out_q", reset=None, enable=b.and_(advance, valid_out))
    full.drive(valid_out, enable=advance)
    b.output("in_ready", advance)
    b.output("out_data", out)
    b.output("out_valid", full.q)
    return b.finish()


def _window_rescales(
    b: ModuleBuilder, spec: ReduceSpec, multipliers: np.ndarray, shifts: np.ndarray,
    done: SSAValue | None, m_bits: int, s_bits: int,
) -> list[tuple[SSAValue | int, SSAValue | int]]:
    """Mean: the multiplier and shift of each window of the beat whose sum
    is finishing, `done` stepping the window counters (None: one value for
    every window, no counter). One window per beat: counters of its row
    and column, the table by row and column classes; `p` windows per beat:
    a counter of the beats, window `m`'s value selected from windows `m,
    m + p, ...`."""
    if done is None:
        return [(int(multipliers.flat[0]), int(shifts.flat[0]))] * spec.pixels
    if spec.pixels > 1:
        beat = Counter(b, multipliers.size // spec.pixels, "w")
        beat.drive(done)
        return [
            (select(b, beat.value, [int(v) for v in multipliers.flat[m :: spec.pixels]], m_bits),
             select(b, beat.value, [int(v) for v in shifts.flat[m :: spec.pixels]], s_bits))
            for m in range(spec.pixels)
        ]  # fmt: skip
    j = Counter(b, multipliers.shape[1], "j")
    i = Counter(b, multipliers.shape[0], "i")
    j.drive(done)
    i.drive(b.and_(done, j.last))
    return [(_per_window(b, multipliers, i.value, j.value, m_bits), _per_window(b, shifts, i.value, j.value, s_bits))]


def pool_spec(op: df.PoolOp) -> ReduceSpec:
    """The hardware of a `dataflow.pool` (whole windows of a max pool
    aside: `parallel_max_module`)."""
    x, y = op.input_stream, op.output_stream
    shape = op.shape()
    windows = op.pixels_value if op.whole_windows else 1
    if op.kind_name == "max":
        return ReduceSpec(shape, "max", x.bits, x.signed, y_bits=y.bits, y_signed=y.signed)
    x_type = quantized_element("input stream", x)
    y_type = quantized_element("output stream", y)
    oh, ow = y.frame_shape[2:]
    m, s = op.window_rescales()
    spec = ReduceSpec(
        shape, "mean", x.bits, x.signed, x_type.zero_point, y.bits, y.signed, y_type.zero_point,
        y_type.qmin, y_type.qmax,
        tuple(tuple(int(v) for v in row) for row in np.reshape(m, (oh, ow))),
        tuple(tuple(int(v) for v in row) for row in np.reshape(s, (oh, ow))),
        parallel_taps=op.parallel_taps, pixels=windows,
    )  # fmt: skip
    assert spec.shape == shape, (spec.shape, shape)  # the timing model's registers
    return spec


def parallel_max_module(name: str, pixels: int, taps: int, channels: int, bits: int, signed: bool) -> hw.HWModuleOp:
    """A max pool taking `pixels` whole windows per beat (`dataflow.pool`
    with `pixels`): per window and channel a balanced tree of comparators
    over its `taps` lanes (lane `(m*T + t)*C + c` of the beat), into the
    output register: `in_ready = advance = !out_full | out_ready`, the
    output register loaded by a moving beat (the reduction timing with one
    tap per beat)."""
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, pixels * taps * channels * bits)
    full = b.reg(1, "out_full")
    advance = b.or_(b.not_(full.q), out_ready, name="advance")
    in_move = b.and_(in_valid, advance, name="in_move")
    lanes = b.lanes(in_data, bits)
    greater = "sgt" if signed else "ugt"
    pixels_out = []
    for m in range(pixels):
        for c in range(channels):
            values = [lanes[(m * taps + t) * channels + c] for t in range(taps)]
            while len(values) > 1:
                pairs = zip(values[0::2], values[1::2])
                values = [b.mux(b.icmp(greater, u, v), u, v) for u, v in pairs] + values[len(values) - len(values) % 2 :]
            pixels_out.append(values[0])
    out = b.register(b.concat(*reversed(pixels_out)), "out_q", reset=None, enable=in_move)
    full.drive(in_move, enable=advance)
    b.output("in_ready", advance)
    b.output("out_data", out)
    b.output("out_valid", full.q)
    return b.finish()


@rtl_builder(df.PoolOp)
def pool_engine(op: df.PoolOp) -> EngineModule:
    """The module of a `dataflow.pool`."""
    if op.whole_windows and op.kind_name == "max":
        x, p, t, c = op.input_stream, op.pixels_value, op.tap_count, op.channels
        key = ("whole windows", p, t, c, x.bits, x.signed)
        return EngineModule(key, f"pool_max_{t}_x{p}", lambda name: parallel_max_module(name, p, t, c, x.bits, x.signed))
    spec = pool_spec(op)
    return EngineModule(spec, f"pool_{op.kind_name}_{spec.shape.taps}", lambda name: reduce_module(name, spec))


__all__ = ["ReduceSpec", "parallel_max_module", "pool_engine", "pool_spec", "reduce_module"]
