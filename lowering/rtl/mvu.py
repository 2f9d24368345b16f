"""The matrix-vector unit as RTL: `mvu_module(MvuSpec)` builds the `hw.module`
of one `dataflow.mvu` parameterization, cycle for cycle the timing model of
`asic.dialects.dataflow` and bit for bit `qnt.dense` + `qnt.requantize`.

Ports (the stream-block convention of `asic.lowering.rtl.builder`): `clk`,
`rst`, `in_data` (`simd` lanes of the input storage type, lane 0 in the low
bits), `in_valid`, `in_ready`, `out_data` (`pe` lanes of the output storage
type), `out_valid`, `out_ready`.

Pipeline (`NF = ceil(N/pe)` neuron folds, `SF = ceil(K/simd)` synapse
folds, a partial last fold running on zero weights, bias and multiplier;
a step is one `(nf, sf)` of a row, `sf` innermost):

    advance  = !out_full | out_ready        every register below steps only with it
    in_ready = advance & nf == 0            (a row's input beats are taken in fold 0)
    issue    = advance & (nf != 0 | in_valid)

- stage 0 (issue): counters `sf`, `nf` (and the weight digit `j` with `d >
  1` digits) and the ROM address `addr = (nf*SF + sf)*d + j` (one counter,
  wrapping per row; rows need no counter of their own).
  The weight ROM (`rtl.rom`, `NF*SF` words of `pe*simd` weights, lane
  `p*simd + s` = `w[nf*pe+p, sf*simd+s] - zw`; with digits, `NF*SF*d`
  words of their `wb/d`-bit digits, `dataflow.weight_digit_values`) is
  read at `addr`. A fold-0 beat (moving at digit 0 only) is registered in
  `x_q` and, when `NF > 1` and `SF > 1`,
  written to the row buffer (`rtl.ram` of `SF` beats) at `sf`; a later fold
  reads the row buffer at `sf` (with `SF = 1` it reuses `x_q`). Memories
  have a synchronous read port, so their address is `advance ? new :
  held` (a register of the last address): a stalled engine keeps the word
  it read.
- stage 1 (`v1`): the products `(x - zx) * (w - zw)` of the `simd` lanes
  per output lane, each in `bits(x-zx) + bits(w-zw)` bits, sign-extended
  to the accumulator, are registered (`prod`); with digits, the products
  of a digit (`bits(x-zx) + wb/d + 1` bits, the top digit signed when
  the weights are, the others unsigned) are taken modulo the lane's
  width; an adder tree adds groups of
  `ADDER_FAN_IN` per registered stage (`sum`) until at most
  `ADDER_FAN_IN - 1` numbers are left (`asic.dialects.dataflow.pipeline`).
- accumulate (`v_acc`, `accumulate` stages after stage 0): per output lane
  `acc <= (first ? bias : acc) + the tree's numbers` (shifted left by
  `j*wb/d` with digits, a multiplexer of `d` constant shifts), in the exact range
  of the lane's channels given their weights (`MvuSpec.lane_bits`, at
  most the accumulator type's). The bias of a folded engine comes from a
  ROM of `NF` words addressed with the fold carried along the stages.
- requantize (`done`, after a fold's last step, then `requantize` stages,
  `requantize_pipelined`): `v = acc * M + 2^(s-1) - [v<0] + zy * 2^s` --
  a constant `M` as its canonical signed digits (shifted copies of the
  accumulator), a per-fold `M` from a ROM as the registered products of
  its 8-bit slices -- carry-saved to two numbers and added a chunk of bits
  per stage; then `>>> s` and the clamp to `[min, max]` into the output
  register (`out_full`), which is
  `asic.dialects.qnt_kernels.rshift_round_hardware` plus `zy`, clamped.
  Per-channel `M`, `s` that vary across folds come from ROMs of `NF` words
  addressed with the fold carried along; otherwise they are constants.

Every register of these stages steps only with `advance`, so a stall
holds the whole pipeline; valid, first and last bits travel with the
data. A fold's last step issued reaches the output register
`MvuSpec.output_delay()` cycles later (`asic.dialects.dataflow.mvu_stages`),
the timing model's delay.

A fully parallel engine (`pe = N`, `simd = K`) has its weights as
constants: no ROM and no multiplier. Each lane adds the canonical signed
digits of its weights as shifted copies of the unsigned inputs (or their
complements) and one constant folded into the bias
(`asic.lowering.rtl.constant_products`): a zero weight adds nothing, a weight
of `d` digits `d` terms, and no term needs sign extension. With no ROM
read to wait for, it has no stage 0 register either: its adder tree takes
the input beat as it moves (`acc <= bias + products` in the issue cycle
when the tree needs no stage), one cycle sooner and `K` input registers
fewer (`asic.dialects.dataflow.mvu_output_delay`).

`mvu_spec(op)` reads the parameters of a `dataflow.mvu`; `mvu_engine` is
its builder for `lower-dataflow-to-rtl` (`asic.lowering.rtl.registry`): one
module per `MvuSpec`, weights included.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from xdsl.dialects import hw
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.dataflow.pipeline import ADDER_FAN_IN, MULTIPLIER_SLICE_BITS, requantize_bits, requantize_saves
from asic.dialects.qnt import integer_width
from asic.dialects.rtl import address_bits, port_prefix
from asic.lowering.rtl.adder_tree import Term, adder_tree, carry_save, chunked_add, delay
from asic.lowering.rtl.builder import ModuleBuilder, width
from asic.lowering.rtl.constant_products import constant_dot, constant_dot_terms, unsigned_input
from asic.lowering.rtl.pixels import pixel_copies
from asic.lowering.rtl.registry import EngineModule, rtl_builder


@dataclass
class MvuSpec:
    """Everything the hardware of one MVU depends on."""

    n: int
    k: int
    pe: int
    simd: int
    x_bits: int
    x_signed: bool
    x_zero: int
    w_bits: int
    w_signed: bool
    weights: np.ndarray  # [N, K] stored weights
    w_zero: np.ndarray  # [N]
    bias: np.ndarray | None  # [N]
    multipliers: np.ndarray  # [N]
    shifts: np.ndarray  # [N]
    y_bits: int
    y_signed: bool
    y_zero: int
    lo: int
    hi: int
    acc_bits: int
    digits: int = 1
    """The weight digits `d` (1: whole weights)."""

    @property
    def nf(self) -> int:
        return -(-self.n // self.pe)

    @property
    def sf(self) -> int:
        return -(-self.k // self.simd)

    def fold_table(self, values: np.ndarray) -> np.ndarray:
        """A per-channel parameter `[N]` as `[NF, pe]`, a partial last fold
        padded with 0 (bias, multiplier and shift 0 on padding lanes)."""
        table = np.zeros(self.nf * self.pe, np.int64)
        table[: self.n] = values
        return table.reshape(self.nf, self.pe)

    @property
    def fully_parallel(self) -> bool:
        return self.nf == 1 and self.sf == 1 and self.digits == 1

    @property
    def digit_bits(self) -> int:
        """`wb/d`, the bits of a weight digit."""
        return self.w_bits // self.digits

    def lane_bits(self) -> list[int]:
        """The accumulator width of each output lane: the two's complement
        width of the exact range of `bias + sum (x - zx) * (w - zw)` over
        the channels the lane computes, for any inputs of the input's
        storage bits -- with the weights known, often a few bits narrower
        than the accumulator type, which bounds any weights (FINN's
        accumulator minimization). The additions wrap modulo `2^bits`, so a
        partial sum of a folded row may wrap; the row's sum does not."""
        ranges = df.dot_ranges(self.effective_weights(), self.bias, self.x_bits, self.x_signed, self.x_zero)
        lo, hi = (self.fold_table(r) for r in ranges)
        bits = [df.range_bits(int(lo[:, p].min()), int(hi[:, p].max())) for p in range(self.pe)]
        assert max(bits) <= self.acc_bits, (bits, self.acc_bits)
        return bits

    def effective_weights(self) -> np.ndarray:
        """`w - zw`, [N, K]."""
        return self.weights.astype(np.int64) - self.w_zero.astype(np.int64)[:, None]

    def rom_words(self) -> np.ndarray:
        """`[NF*SF, pe*simd]` effective weights in the dataflow ROM order,
        padding 0 (`w - zw` of `dataflow.mvu`'s padding)."""
        w = np.zeros((self.nf * self.pe, self.sf * self.simd), np.int64)
        w[: self.n, : self.k] = self.effective_weights()
        w = w.reshape(self.nf, self.pe, self.sf, self.simd)
        return np.ascontiguousarray(w.transpose(0, 2, 1, 3)).reshape(self.nf * self.sf, self.pe * self.simd)

    def digit_rom_words(self) -> np.ndarray:
        """`[NF*SF*d, pe*simd]`: word `(nf*SF + sf)*d + j` holds digit `j` of
        the weights of `rom_words` word `nf*SF + sf` (zero point 0)."""
        digits = df.weight_digit_values(self.rom_words(), self.w_bits, self.digits, self.w_signed)
        return np.ascontiguousarray(digits.transpose(1, 0, 2)).reshape(-1, self.pe * self.simd)

    def stages(self) -> tuple[int, int]:
        """The pipeline registers in front of and behind the accumulator
        (`asic.dialects.dataflow.mvu_stages`)."""
        return df.mvu_stages(
            self.nf, self.sf, self.simd, self.pe, self.effective_weights(), self.multipliers, self.shifts,
            max(self.lane_bits()), self.y_bits, self.digits,
        )  # fmt: skip

    def output_delay(self) -> int:
        """Cycles from the issue of a fold's last step to its output beat."""
        return df.mvu_output_delay(self.nf, self.sf, self.stages(), self.digits)

    def key(self) -> str:
        """A digest of every parameter: equal keys build equal modules."""
        h = hashlib.sha256()
        for value in self.__dict__.values():
            if isinstance(value, np.ndarray):
                h.update(np.ascontiguousarray(value.astype(np.int64)).tobytes())
                h.update(str(value.shape).encode())
            else:
                h.update(repr(value).encode())
        return h.hexdigest()[:12]


def mvu_spec(op: df.MvuOp) -> MvuSpec:
    x, y, w = op.input_type, op.output_type, op.weight_type
    multipliers, shifts = op.channel_multipliers()
    lo, hi = op.bounds()
    return MvuSpec(
        n=op.out_features,
        k=op.in_features,
        pe=op.pe_value,
        simd=op.simd_value,
        x_bits=x.storage_type.width.data,
        x_signed=x.signed,
        x_zero=int(x.zero_point),
        w_bits=w.storage_type.width.data,
        w_signed=w.signed,
        weights=op.weight_array(),
        w_zero=np.asarray(op.weight_zero_points(), np.int64),
        bias=op.bias_array(),
        multipliers=np.asarray(multipliers, np.int64),
        shifts=np.asarray(shifts, np.int64),
        y_bits=y.storage_type.width.data,
        y_signed=y.signed,
        y_zero=int(y.zero_point),
        lo=lo,
        hi=hi,
        acc_bits=op.accumulator.width.data,
        digits=op.digits_value,
    )


def _signed_bits(values: np.ndarray) -> int:
    """Bits of a two's complement type holding every value (>= 2)."""
    if values.size == 0:
        return 2
    return max(2, integer_width(int(values.min()), int(values.max())))


def _held(b: ModuleBuilder, advance: SSAValue, addr: SSAValue, name: str) -> SSAValue:
    """A memory address that is `addr` when the engine advances and the last
    address otherwise (a synchronous read then keeps its word)."""
    last = b.reg(width(addr), f"{name}_last")
    held = b.mux(advance, addr, last.q, name=name)
    last.drive(held)
    return held


def _table(b: ModuleBuilder, table: np.ndarray, bits: int, advance: SSAValue, addr: SSAValue | None, name: str) -> list[SSAValue] | list[int]:
    """Per output lane, the value of a per-channel parameter `table [NF, pe]`
    one cycle after `addr` selects the fold: constants when every fold has
    the same value, else one ROM word of `pe` lanes."""
    if addr is None or (table == table[:1]).all():
        return [int(v) for v in table[0]]
    word = b.rom(_held(b, advance, addr, f"{name}_addr"), table, bits, name=name)
    return b.lanes(word, bits)


def _ext(b: ModuleBuilder, value: SSAValue, bits: int, signed: bool) -> SSAValue:
    return b.sext(value, bits) if signed else b.zext(value, bits)


def _constant_weight_terms(
    b: ModuleBuilder, spec: MvuSpec, x: SSAValue, lane_bits: list[int]
) -> tuple[list[list[Term]], list[int]]:
    """A fully parallel engine's terms of `sum (x - zx) * (w - zw)` per
    output lane, from the input beat `x`, and the constant each lane adds
    to its bias: the canonical signed digits of the constant weights as
    shifted unsigned copies of the inputs and one constant
    (`asic.lowering.rtl.constant_products`); a zero weight has no term."""
    inputs = [unsigned_input(b, lane, spec.x_signed, spec.x_zero) for lane in b.lanes(x, spec.x_bits)]
    weights = spec.effective_weights()
    lanes, constants = [], []
    for p, bits in enumerate(lane_bits):
        terms, constant = constant_dot_terms(b, inputs, [int(w) for w in weights[p]], bits)
        lanes.append(terms)
        constants.append(constant)
    return lanes, constants


def _rom_weight_products(
    b: ModuleBuilder, spec: MvuSpec, x: SSAValue, w_addr: SSAValue, lane_bits: list[int], top: SSAValue | None
) -> list[list[SSAValue]]:
    """A folded engine's products per output lane, `(x - zx) * (w - zw)`
    for the `simd` lanes, the weights of the step read from the ROM at
    `w_addr`: products of signed numbers, sign-extended (or cut) to the
    lane. With weight digits, the ROM holds digits and `top` says the
    step's is the top one (signed when the weights are)."""
    if spec.digits > 1:
        w_bits = spec.digit_bits + 1
        digits = b.lanes(b.rom(w_addr, spec.digit_rom_words(), spec.digit_bits, name="w"), spec.digit_bits)
        lanes = [b.mux(top, b.sext(d, w_bits), b.zext(d, w_bits)) if spec.w_signed else b.zext(d, w_bits) for d in digits]  # pyright: ignore[reportArgumentType]
    else:
        # Stored weights as they are when signed with zero point 0, else `w - zw`
        # as a signed number one bit wider.
        w_bits = spec.w_bits if spec.w_signed and not spec.w_zero.any() else spec.w_bits + 1
        lanes = b.lanes(b.rom(w_addr, spec.rom_words(), w_bits, name="w"), w_bits)
    x_bits = spec.x_bits + (0 if spec.x_signed and spec.x_zero == 0 else 1)
    xs = []
    for lane in b.lanes(x, spec.x_bits):
        xe = _ext(b, lane, x_bits, spec.x_signed)
        xs.append(b.sub(xe, spec.x_zero) if spec.x_zero else xe)
    prod_bits = x_bits + w_bits
    return [
        [
            b.sext(b.mul(b.sext(xs[s], prod_bits), b.sext(lanes[p * spec.simd + s], prod_bits)), bits)
            for s in range(spec.simd)
        ]
        for p, bits in enumerate(lane_bits)
    ]


def _placed(b: ModuleBuilder, value: SSAValue, digit: SSAValue, digits: int, digit_bits: int, name: str) -> SSAValue:
    """`value << (digit * digit_bits)` in the width of `value` (modulo its
    power of two): a multiplexer of the `digits` constant shifts."""
    bits = width(value)
    placed = value
    for j in range(1, digits):
        shift = j * digit_bits
        shifted = b.concat(b.extract(value, 0, bits - shift), b.const(0, shift)) if shift < bits else b.const(0, bits)
        placed = b.mux(b.icmp("eq", digit, j), shifted, placed, name=name if j == digits - 1 else None)
    return placed


def mvu_module(name: str, spec: MvuSpec) -> hw.HWModuleOp:
    """The hw.module of one MVU (module docstring)."""
    nf_count, sf_count, digits, pe = spec.nf, spec.sf, spec.digits, spec.pe
    accumulate_stages, requantize_stages = spec.stages()
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, spec.simd * spec.x_bits)

    # -- control -----------------------------------------------------------
    # A fully parallel engine has no stage 0 register (its weights are
    # constants, no ROM read to wait for): its adder tree starts in the
    # issue cycle.
    direct = spec.fully_parallel
    full = b.reg(1, "out_full")
    advance = b.or_(b.not_(full.q), out_ready, name="advance")
    sf = b.reg(address_bits(sf_count), "sf") if sf_count > 1 else None
    nf = b.reg(address_bits(nf_count), "nf") if nf_count > 1 else None
    digit = b.reg(address_bits(digits), "digit") if digits > 1 else None
    steps = nf_count * sf_count * digits
    addr = b.reg(address_bits(steps), "addr") if steps > 1 else None
    sf_last = b.icmp("eq", sf.q, sf_count - 1, name="sf_last") if sf else b.const(1, 1)
    sf_first = b.icmp("eq", sf.q, 0, name="sf_first") if sf else b.const(1, 1)
    fold0 = b.icmp("eq", nf.q, 0, name="fold0") if nf else b.const(1, 1)
    # a step is (nf, sf, digit): the fold's first and last, and whether it takes a beat
    step_first, step_last, take = sf_first, sf_last, fold0
    if digit is not None:
        digit_first = b.icmp("eq", digit.q, 0, name="digit_first")
        digit_last = b.icmp("eq", digit.q, digits - 1, name="digit_last")
        step_first = b.and_(sf_first, digit_first, name="step_first")
        step_last = b.and_(sf_last, digit_last, name="step_last")
        take = b.and_(fold0, digit_first, name="take")
    in_ready = b.and_(advance, take, name="in_ready_int")
    issue = b.and_(advance, b.or_(b.not_(take), in_valid), name="issue")
    in_move = b.and_(in_valid, in_ready, name="in_move")
    sf_step = issue
    if digit is not None:
        digit.drive(b.mux(digit_last, 0, b.add(digit.q, 1)), enable=issue)
        sf_step = b.and_(issue, digit_last)
    if sf is not None:
        sf.drive(b.mux(sf_last, 0, b.add(sf.q, 1)), enable=sf_step)
    if nf is not None:
        nf_last = b.icmp("eq", nf.q, nf_count - 1)
        nf_next = b.mux(step_last, b.mux(nf_last, 0, b.add(nf.q, 1)), nf.q)
        nf.drive(nf_next, enable=issue)
    if addr is not None:
        wrap = b.icmp("eq", addr.q, steps - 1)
        addr.drive(b.mux(wrap, 0, b.add(addr.q, 1)), enable=issue)
    # Stage 1's valid, first and last step of a fold, carried along the
    # accumulate stages to the accumulator.
    if direct:
        valid, first, last = issue, b.const(1, 1), b.const(1, 1)
    else:
        valid = b.register(issue, "v1", enable=advance)
        first = b.register(step_first, "first1", enable=advance) if sf_count * digits > 1 else b.const(1, 1)
        last = b.register(step_last, "last1", enable=advance)
    valid_acc = delay(b, valid, accumulate_stages, advance, "v_acc", reset=0)
    if sf_count * digits > 1:
        first = delay(b, first, accumulate_stages, advance, "first_acc")
    last = delay(b, last, accumulate_stages, advance, "last_acc") if not direct else last
    done = b.register(b.and_(valid_acc, last), "done", enable=advance)
    valid_out = delay(b, done, requantize_stages, advance, "v_rq", reset=0)
    full.drive(valid_out, enable=advance)
    # the fold of the accumulator's step, for the per-fold parameters
    nf_acc = delay(b, nf.q, accumulate_stages + 1, advance, "nf_acc") if nf else None

    # -- stage 0 -> 1: input beat and weights -------------------------------
    if direct:
        x1 = in_data
    else:
        x1 = x_q = b.register(in_data, "x_q", reset=None, enable=in_move)
    if nf is not None and sf is not None:
        fold0_1 = b.register(fold0, "fold0_1", enable=advance)
        raddr = _held(b, advance, sf.q, "row_raddr")
        row = b.ram(raddr, sf.q, in_data, in_move, sf_count, name="row_q")
        x1 = b.mux(fold0_1, x_q, row, name="x1")
    # -- stage 1 .. accumulate: products, adder tree, accumulator ------------
    bias_table = None
    if spec.bias is not None and spec.bias.any():
        bias_table = spec.fold_table(spec.bias)
    lane_bits = spec.lane_bits()
    accs = [b.reg(lane_bits[p], f"acc{p}", reset=None) for p in range(pe)]
    if bias_table is not None:
        bias_addr = delay(b, nf.q, accumulate_stages, advance, "bias_fold") if nf else None
        biases = _table(b, bias_table, _signed_bits(bias_table), advance, bias_addr, "bias")
    else:
        biases = [0] * pe
    if direct:
        lanes, constants = _constant_weight_terms(b, spec, x1, lane_bits)
        tree_stages = accumulate_stages
    else:
        top = b.register(digit_last, "top1", enable=advance) if digit is not None else None
        lanes = _rom_weight_products(b, spec, x1, _held(b, advance, addr.q, "w_addr"), lane_bits, top)  # pyright: ignore[reportOptionalMemberAccess]
        lanes = [[b.register(t, f"prod{p}_{s}", reset=None, enable=advance) for s, t in enumerate(terms)] for p, terms in enumerate(lanes)]
        constants = [0] * pe
        tree_stages = accumulate_stages - 1
    accumulate = b.and_(advance, valid_acc)
    # the digit of the accumulator's step, whose place shifts the tree's sums
    place = delay(b, b.register(digit.q, "digit1", enable=advance), accumulate_stages, advance, "digit_acc") if digit else None
    for p, bits in enumerate(lane_bits):
        terms = adder_tree(b, lanes[p], tree_stages, advance, f"sum{p}")
        assert len(terms) < ADDER_FAN_IN, (len(terms), tree_stages)
        if place is not None:
            terms = [_placed(b, t, place, digits, spec.digit_bits, f"sum{p}_{i}_placed") for i, t in enumerate(terms)]
        bias = biases[p]
        base = b.const(bias + constants[p], bits) if isinstance(bias, int) else b.sext(bias, bits)
        if sf_count * digits > 1:
            base = b.mux(first, base, accs[p].q)
        accs[p].drive(b.add(base, *terms, name=f"acc{p}_next") if terms else base, enable=accumulate)

    # -- requantize into the output register ---------------------------------
    m_table = spec.fold_table(spec.multipliers)
    s_table = spec.fold_table(spec.shifts)
    m_bits = max(1, int(m_table.max()).bit_length())
    s_bits = max(1, int(s_table.max()).bit_length())
    multipliers = _table(b, m_table, m_bits, advance, nf_acc, "mult")
    shifts = _table(b, s_table, s_bits, advance, nf_acc, "shift")
    ys = []
    for p in range(pe):
        stage = RequantizeStages(advance, requantize_stages, f"y{p}")
        ys.append(requantize_pipelined(b, accs[p].q, multipliers[p], shifts[p], m_bits, int(s_table.max()), spec, stage))
    out = b.register(b.concat(*reversed(ys)), "out_q", reset=None, enable=b.and_(advance, valid_out))
    b.output("in_ready", in_ready)
    b.output("out_data", out)
    b.output("out_valid", full.q)
    return b.finish()


class RequantizedOutput(Protocol):
    """What `requantize_pipelined` reads of an engine's output: its storage
    bits, zero point and clamp (`MvuSpec`, the reduction, add and concat
    engines' specs)."""

    y_bits: int
    y_zero: int
    lo: int
    hi: int


@dataclass
class RequantizeStages:
    """Where a pipelined requantization's registers go: they step with
    `enable`; `stages` of them before the output register."""

    enable: SSAValue
    stages: int
    name: str


def requantize_pipelined(
    b: ModuleBuilder,
    acc: SSAValue,
    multiplier: SSAValue | int,
    shift: SSAValue | int,
    m_bits: int,
    max_shift: int,
    spec: RequantizedOutput,
    stage: RequantizeStages,
) -> SSAValue:
    """`clamp(rshift_round(acc * M, s) + zy, lo, hi)` in the storage bits
    of the output, with the hardware rounding `(v + 2^(s-1) - [v<0]) >>> s`,
    in `stage.stages` register stages
    (`asic.dialects.dataflow.pipeline`): `acc * M + 2^(s-1) - [v<0] + zy *
    2^s` as a sum of terms -- the canonical signed digits of a constant
    `M`, or the registered products of a run-time `M`'s slices --, carry-
    saved to two numbers (registered when `requantize_saves`) and added a
    chunk per stage, then
    shifted and clamped (the value to register in the output register).
    `[v<0]` is `acc < 0` and `M != 0`."""
    acc_bits = width(acc)
    bits = requantize_bits(acc_bits, m_bits, spec.y_bits, max_shift)
    sign = b.extract(acc, acc_bits - 1, 1)
    terms: list[SSAValue] = []
    constant = 0
    negative: SSAValue | None = None
    sliced = not isinstance(multiplier, int)
    if isinstance(multiplier, int):
        if multiplier == 1:
            terms.append(b.sext(acc, bits))
        elif multiplier > 1:
            terms, constant = constant_dot(b, [unsigned_input(b, acc, True, 0)], [multiplier], bits)
        negative = sign if multiplier else None
    else:
        product_bits = acc_bits + MULTIPLIER_SLICE_BITS + 1
        for low in range(0, m_bits, MULTIPLIER_SLICE_BITS):
            piece = b.extract(multiplier, low, min(MULTIPLIER_SLICE_BITS, m_bits - low))
            product = b.mul(b.sext(acc, product_bits), b.zext(piece, product_bits))
            terms.append(b.shl(b.sext(product, bits), low))
        negative = b.and_(sign, b.icmp("ne", multiplier, 0))
    if isinstance(shift, int):
        if shift > 0:
            constant += 1 << (shift - 1)
            if negative is not None:
                terms.append(b.sext(negative, bits))  # -[v<0]: all ones or zero
        constant += spec.y_zero << shift
    else:
        amount = b.zext(shift, bits)
        terms.append(b.shru(b.shl(b.const(1, bits), amount), 1))
        if negative is not None:
            terms.append(b.sext(b.and_(negative, b.icmp("ne", shift, 0)), bits))
        if spec.y_zero:
            terms.append(b.shl(b.const(spec.y_zero, bits), amount))
    if constant % (1 << bits) or not terms:
        terms.append(b.const(constant, bits))
    if sliced:
        terms = [b.register(t, f"{stage.name}_part", reset=None, enable=stage.enable) for t in terms]
    saves = requantize_saves(m_bits, sliced)
    assert saves or len(terms) <= ADDER_FAN_IN, (len(terms), m_bits)
    pair = carry_save(b, terms)
    if saves:
        pair = tuple(b.register(t, f"{stage.name}_saved", reset=None, enable=stage.enable) for t in pair)
    v = chunked_add(b, *pair, stage.stages - int(sliced) - int(saves), stage.enable, f"{stage.name}_sum")
    if isinstance(shift, int):
        v = b.shrs(v, shift, name=f"{stage.name}_shifted") if shift else v
    else:
        amount = b.zext(delay(b, shift, stage.stages, stage.enable, f"{stage.name}_shift"), bits)
        v = b.shrs(v, amount, name=f"{stage.name}_shifted")
    v = b.mux(b.icmp("slt", v, spec.lo), spec.lo, v)
    v = b.mux(b.icmp("sgt", v, spec.hi), spec.hi, v)
    return b.extract(v, 0, spec.y_bits, name=stage.name)


@rtl_builder(df.MvuOp)
def mvu_engine(op: df.MvuOp) -> EngineModule:
    """The module of the MVU's parameterization, named after its weights."""
    spec = mvu_spec(op)
    base = port_prefix(op.weight_name.removesuffix(".weight").removesuffix("_weight"))
    row = EngineModule(spec.key(), f"mvu_{base}", lambda n: mvu_module(n, spec))
    pixels = op.pixels_value
    if pixels == 1:
        return row
    in_bits, out_bits = spec.simd * spec.x_bits, spec.pe * spec.y_bits
    return EngineModule(
        (spec.key(), pixels), f"mvu_{base}_x{pixels}",
        lambda n, part: pixel_copies(n, part, pixels, in_bits, out_bits), (row,),
    )  # fmt: skip


__all__ = [
    "MvuSpec",
    "RequantizeStages",
    "RequantizedOutput",
    "mvu_engine",
    "mvu_module",
    "mvu_spec",
    "requantize_pipelined",
]
