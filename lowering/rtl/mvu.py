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

- stage 0 (issue): counters `sf`, `nf` and the ROM address `addr = nf*SF +
  sf` (one counter, wrapping per row; rows need no counter of their own).
  The weight ROM (`rtl.rom`, `NF*SF` words of `pe*simd` weights, lane
  `p*simd + s` = `w[nf*pe+p, sf*simd+s] - zw`) is read at `addr`. A
  fold-0 beat is registered in `x_q` and, when `NF > 1` and `SF > 1`,
  written to the row buffer (`rtl.ram` of `SF` beats) at `sf`; a later fold
  reads the row buffer at `sf` (with `SF = 1` it reuses `x_q`). Memories
  have a synchronous read port, so their address is `advance ? new :
  held` (a register of the last address): a stalled engine keeps the word
  it read.
- stage 1 (`v1`): per output lane, `acc <= (first ? bias : acc) + sum of
  simd products (x - zx) * (w - zw)`, each product in `bits(x-zx) +
  bits(w-zw)` bits, sign-extended to the accumulator, whose width is the
  exact range of the lane's channels given their weights
  (`MvuSpec.lane_bits`, at most the accumulator type's). The bias of a
  folded engine comes from a ROM of `NF` words addressed in stage 0.
- stage 2 (`v2`, after a fold's last step): requantization of `acc` into
  the output register (`out_full`): `v = acc * M`, `(v + 2^(s-1) - [v<0])
  >>> s` (`asic.dialects.qnt_kernels.rshift_round_hardware`), `+ zy`, clamp to
  `[min, max]`. Per-channel `M`, `s` that vary across folds come from ROMs
  of `NF` words addressed in stage 1; otherwise they are constants, and so
  is the shift.

A fully parallel engine (`pe = N`, `simd = K`) has its weights as
constants: no ROM and no multiplier. Each lane adds the canonical signed
digits of its weights as shifted copies of the unsigned inputs (or their
complements) and one constant folded into the bias
(`asic.lowering.rtl.constant_products`): a zero weight adds nothing, a weight
of `d` digits `d` terms, and no term needs sign extension. With no ROM
read to wait for, it has no stage 0 register either: the issue cycle
accumulates the input beat as it moves (`acc <= bias + products` when
`issue`, `v1 <= issue`) and stage 2 requantizes at `v1` (`out_full <=
v1`), one cycle sooner and `K` input registers fewer
(`asic.dialects.dataflow.mvu_output_delay`).

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
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.qnt import integer_width
from asic.dialects.rtl import address_bits, port_prefix
from asic.lowering.rtl.builder import ModuleBuilder, Reg, width
from asic.lowering.rtl.constant_products import constant_dot, unsigned_input
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
        return self.nf == 1 and self.sf == 1

    def lane_bits(self) -> list[int]:
        """The accumulator width of each output lane: the two's complement
        width of the exact range of `bias + sum (x - zx) * (w - zw)` over
        the channels the lane computes, for any inputs of the input's
        storage bits -- with the weights known, often a few bits narrower
        than the accumulator type, which bounds any weights (FINN's
        accumulator minimization). The additions wrap modulo `2^bits`, so a
        partial sum of a folded row may wrap; the row's sum does not."""
        x_lo, x_hi = (-(1 << (self.x_bits - 1)), (1 << (self.x_bits - 1)) - 1) if self.x_signed else (0, (1 << self.x_bits) - 1)
        w = self.effective_weights()
        products = np.stack([w * (x_lo - self.x_zero), w * (x_hi - self.x_zero)])
        bias = np.zeros(self.n, np.int64) if self.bias is None else self.bias.astype(np.int64)
        lo = self.fold_table(bias + products.min(axis=0).sum(axis=1))
        hi = self.fold_table(bias + products.max(axis=0).sum(axis=1))
        bits = [integer_width(int(lo[:, p].min()), int(hi[:, p].max())) for p in range(self.pe)]
        assert max(bits) <= self.acc_bits, (bits, self.acc_bits)
        return [max(2, b) for b in bits]

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


def _constant_weight_sums(
    b: ModuleBuilder, spec: MvuSpec, x: SSAValue, lane_bits: list[int], biases: list[SSAValue] | list[int]
) -> list[SSAValue]:
    """A fully parallel engine's accumulator inputs, `bias + sum (x - zx) *
    (w - zw)` per output lane, from the input beat `x`: the canonical
    signed digits of the constant weights as shifted unsigned copies of
    the inputs and one constant (`asic.lowering.rtl.constant_products`); a zero
    weight has no term."""
    inputs = [unsigned_input(b, lane, spec.x_signed, spec.x_zero) for lane in b.lanes(x, spec.x_bits)]
    weights = spec.effective_weights()
    sums = []
    for p, bits in enumerate(lane_bits):
        terms, constant = constant_dot(b, inputs, [int(w) for w in weights[p]], bits)
        bias = biases[p]
        assert isinstance(bias, int)  # one fold: constants
        sums.append(b.add(b.const(bias + constant, bits), *terms, name=f"acc{p}_next"))
    return sums


def _rom_weight_sums(
    b: ModuleBuilder,
    spec: MvuSpec,
    x: SSAValue,
    w_addr: SSAValue,
    lane_bits: list[int],
    biases: list[SSAValue] | list[int],
    first: SSAValue,
    accs: list[Reg],
) -> list[SSAValue]:
    """A folded engine's accumulator inputs, `(first ? bias : acc) + sum
    (x - zx) * (w - zw)` per output lane, the weights of the step read
    from the ROM at `w_addr`: `simd` products of signed numbers."""
    # Stored weights as they are when signed with zero point 0, else `w - zw`
    # as a signed number one bit wider.
    w_bits = spec.w_bits if spec.w_signed and not spec.w_zero.any() else spec.w_bits + 1
    word = b.rom(w_addr, spec.rom_words(), w_bits, name="w")
    x_bits = spec.x_bits + (0 if spec.x_signed and spec.x_zero == 0 else 1)
    xs = []
    for lane in b.lanes(x, spec.x_bits):
        xe = _ext(b, lane, x_bits, spec.x_signed)
        xs.append(b.sub(xe, spec.x_zero) if spec.x_zero else xe)
    lanes = b.lanes(word, w_bits)
    prod_bits = x_bits + w_bits
    sums = []
    for p, bits in enumerate(lane_bits):
        terms = [
            b.sext(b.mul(b.sext(xs[s], prod_bits), b.sext(lanes[p * spec.simd + s], prod_bits)), bits)
            for s in range(spec.simd)
        ]
        bias = biases[p]
        bias_v = b.const(bias, bits) if isinstance(bias, int) else b.sext(bias, bits)
        base = b.mux(first, bias_v, accs[p].q) if spec.sf > 1 else bias_v
        sums.append(b.add(base, *terms, name=f"acc{p}_next"))
    return sums


def mvu_module(name: str, spec: MvuSpec) -> hw.HWModuleOp:
    """The hw.module of one MVU (module docstring)."""
    nf_count, sf_count, pe, simd = spec.nf, spec.sf, spec.pe, spec.simd
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    in_data = b.input("in_data", simd * spec.x_bits)
    in_valid = b.input("in_valid", i1)
    out_ready = b.input("out_ready", i1)

    # -- control -----------------------------------------------------------
    # A fully parallel engine accumulates in the issue cycle (no stage 0
    # register: its weights are constants, no ROM read to wait for), so its
    # accumulator is valid with `v1` and the output follows (`out_full <= v1`).
    direct = spec.fully_parallel
    full = b.reg(1, "out_full")
    v1 = b.reg(1, "v1")
    advance = b.or_(b.not_(full.q), out_ready, name="advance")
    sf = b.reg(address_bits(sf_count), "sf") if sf_count > 1 else None
    nf = b.reg(address_bits(nf_count), "nf") if nf_count > 1 else None
    steps = nf_count * sf_count
    addr = b.reg(address_bits(steps), "addr") if steps > 1 else None
    sf_last = b.icmp("eq", sf.q, sf_count - 1, name="sf_last") if sf else b.const(1, 1)
    sf_first = b.icmp("eq", sf.q, 0, name="sf_first") if sf else b.const(1, 1)
    fold0 = b.icmp("eq", nf.q, 0, name="fold0") if nf else b.const(1, 1)
    in_ready = b.and_(advance, fold0, name="in_ready_int")
    issue = b.and_(advance, b.or_(b.not_(fold0), in_valid), name="issue")
    in_move = b.and_(in_valid, in_ready, name="in_move")
    if sf is not None:
        sf.drive(b.mux(sf_last, 0, b.add(sf.q, 1)), enable=issue)
    if nf is not None:
        nf_last = b.icmp("eq", nf.q, nf_count - 1)
        nf_next = b.mux(sf_last, b.mux(nf_last, 0, b.add(nf.q, 1)), nf.q)
        nf.drive(nf_next, enable=issue)
    if addr is not None:
        wrap = b.icmp("eq", addr.q, steps - 1)
        addr.drive(b.mux(wrap, 0, b.add(addr.q, 1)), enable=issue)
    if direct:
        v2 = v1
        full.drive(v1.q, enable=advance)
    else:
        v2 = b.reg(1, "v2")
        last1 = b.reg(1, "last1")
        full.drive(v2.q, enable=advance)
        v2.drive(b.and_(v1.q, last1.q), enable=advance)
        last1.drive(sf_last, enable=advance)
    v1.drive(issue, enable=advance)
    first1 = b.register(sf_first, "first1", enable=advance) if sf else b.const(1, 1)

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
    # -- stage 1: accumulate ---------------------------------------------------
    bias_table = None
    if spec.bias is not None and spec.bias.any():
        bias_table = spec.fold_table(spec.bias)
    lane_bits = spec.lane_bits()
    accs = [b.reg(lane_bits[p], f"acc{p}", reset=None) for p in range(pe)]
    if bias_table is not None:
        biases = _table(b, bias_table, _signed_bits(bias_table), advance, nf.q if nf else None, "bias")
    else:
        biases = [0] * pe
    if direct:
        sums = _constant_weight_sums(b, spec, x1, lane_bits, biases)
    else:
        sums = _rom_weight_sums(b, spec, x1, _held(b, advance, addr.q, "w_addr"), lane_bits, biases, first1, accs)  # pyright: ignore[reportOptionalMemberAccess]
    for p, total in enumerate(sums):
        accs[p].drive(total, enable=issue if direct else b.and_(advance, v1.q))

    # -- stage 2: requantize into the output register ------------------------
    m_table = spec.fold_table(spec.multipliers)
    s_table = spec.fold_table(spec.shifts)
    nf1 = b.register(nf.q, "nf1", enable=advance) if nf else None
    m_bits = max(1, int(m_table.max()).bit_length())
    s_bits = max(1, int(s_table.max()).bit_length())
    multipliers = _table(b, m_table, m_bits, advance, nf1, "mult")
    shifts = _table(b, s_table, s_bits, advance, nf1, "shift")
    ys = []
    for p in range(pe):
        ys.append(requantize(b, accs[p].q, multipliers[p], shifts[p], m_bits, int(s_table.max()), spec, f"y{p}"))
    out = b.register(b.concat(*reversed(ys)), "out_q", reset=None, enable=b.and_(advance, v2.q))
    b.output("in_ready", in_ready)
    b.output("out_data", out)
    b.output("out_valid", full.q)
    return b.finish()


class RequantizedOutput(Protocol):
    """What `requantize` reads of an engine's output: its storage bits, zero
    point and clamp (`MvuSpec`, the reduction engine's spec)."""

    y_bits: int
    y_zero: int
    lo: int
    hi: int


def requantize(
    b: ModuleBuilder,
    acc: SSAValue,
    multiplier: SSAValue | int,
    shift: SSAValue | int,
    m_bits: int,
    max_shift: int,
    spec: RequantizedOutput,
    name: str,
) -> SSAValue:
    """`clamp(rshift_round(acc * M, s) + zy, lo, hi)` in the storage bits of
    the output, with the hardware rounding `(v + 2^(s-1) - [v<0]) >>> s`."""
    acc_bits = width(acc)
    bits = max(acc_bits + m_bits + 1, max_shift + 2, spec.y_bits + 2) + 1
    a = b.sext(acc, bits)
    if isinstance(multiplier, int):
        v = a if multiplier == 1 else b.mul(a, b.const(multiplier, bits), name=f"{name}_scaled")
    else:
        v = b.mul(a, b.zext(multiplier, bits), name=f"{name}_scaled")
    negative = b.zext(b.extract(v, bits - 1, 1), bits)
    if isinstance(shift, int):
        if shift > 0:
            rounded = b.sub(b.add(v, 1 << (shift - 1)), negative)
            v = b.shrs(rounded, shift, name=f"{name}_shifted")
    else:
        amount = b.zext(shift, bits)
        half = b.shru(b.shl(b.const(1, bits), amount), 1)
        nonzero = b.icmp("ne", amount, 0)
        rounded = b.sub(b.add(v, half), b.mux(nonzero, negative, 0))
        v = b.shrs(rounded, amount, name=f"{name}_shifted")
    if spec.y_zero:
        v = b.add(v, spec.y_zero)
    v = b.mux(b.icmp("slt", v, spec.lo), spec.lo, v)
    v = b.mux(b.icmp("sgt", v, spec.hi), spec.hi, v)
    return b.extract(v, 0, spec.y_bits, name=name)


@rtl_builder(df.MvuOp)
def mvu_engine(op: df.MvuOp) -> EngineModule:
    """The module of the MVU's parameterization, named after its weights."""
    spec = mvu_spec(op)
    base = port_prefix(op.weight_name.removesuffix(".weight").removesuffix("_weight"))
    return EngineModule(spec.key(), f"mvu_{base}", lambda n: mvu_module(n, spec))


__all__ = ["MvuSpec", "RequantizedOutput", "mvu_engine", "mvu_module", "mvu_spec", "requantize"]
