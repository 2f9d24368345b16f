"""Building RTL-level IR from Python: the API `lower-dataflow-to-rtl` (and the
tests) use to write hw / comb / seq / rtl without spelling out ops.

    b = ModuleBuilder("mac")
    clk, rst = b.clock(), b.reset()
    x = b.input("x_data", 16)
    acc = b.reg(32, "acc", reset=0)           # a register: use acc.q now,
    acc.drive(b.add(acc.q, b.sext(x, 32)), enable=take)   # drive it later
    w = b.rom(addr, weights, bits=8, name="w")  # words [D] or [D, lanes]
    b.output("y", acc.q)
    module = b.finish(streams=[...])          # hw.module (+ rtl.streams)

Values are `SSAValue`s of `iW`; integers given where a value is expected
become `hw.constant`s of the other operand's width. Names given to `reg`,
`rom`, `ram`, `name=` become SSA name hints, which the sv target keeps as
signal names. Module generators for the standard stream blocks:
`fifo_module` (a RAM FIFO with first-word fall-through) and
`skid_stage_module` (a one-entry valid/ready register stage, `stage` on a
builder); every stream block has the ports `clk, rst, in_data, in_valid,
in_ready, out_data, out_valid, out_ready` (valid/ready semantics of
`asic.dialects.rtl`), numbered `in0_*`, `in1_*`, ... for a block of several
inputs or outputs (`asic.lowering.rtl.registry.stream_port`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.dialects import comb, hw, seq
from xdsl.dialects.builtin import (
    ArrayAttr,
    FlatSymbolRefAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
    UnrealizedConversionCastOp,
    i1,
)
from xdsl.ir import Attribute, Block, BlockArgument, Operation, Region, SSAValue

from asic.dialects.attributes import dense_from_array
from asic.dialects.rtl import STREAMS_ATTR, RamOp, RomOp, StreamAttr, address_bits

Value = SSAValue | int


def width(value: SSAValue) -> int:
    ty = value.type
    assert isinstance(ty, IntegerType), ty
    return ty.width.data


@dataclass
class Reg:
    """A register whose input is driven after its output is used."""

    builder: ModuleBuilder
    op: seq.CompRegOp
    placeholder: Operation

    @property
    def q(self) -> SSAValue:
        return self.op.data

    def drive(self, d: Value, enable: Value | None = None) -> None:
        """Next value `d` (when `enable` is 1; else the register holds)."""
        b = self.builder
        d = b.value(d, width(self.q))
        if enable is not None:
            d = b.mux(enable, d, self.q)
        self.op.operands[0] = d  # pyright: ignore[reportIndexIssue]
        self.placeholder.detach()
        self.placeholder.erase()


class ModuleBuilder:
    """Builds one `hw.module` (see the module docstring)."""

    def __init__(self, name: str):
        self.name = name
        self.block = Block()
        self.ports: list[hw.ModulePort] = []
        self.outputs: list[SSAValue] = []
        self._clk: SSAValue | None = None
        self._rst: SSAValue | None = None

    @classmethod
    def stream_stage(cls, name: str, in_bits: int) -> tuple[ModuleBuilder, BlockArgument, BlockArgument, BlockArgument]:
        """A module of one input stream and one output stream: the builder
        with its first ports `clk`, `rst`, `in_data` (`in_bits` bits),
        `in_valid` and `out_ready`; returns the builder and the last three."""
        b = cls(name)
        b.clock(), b.reset()
        in_data = b.input("in_data", in_bits)
        return b, in_data, b.input("in_valid", i1), b.input("out_ready", i1)

    # -- ports -----------------------------------------------------------------
    def input(self, name: str, ty: int | Attribute) -> BlockArgument:
        ty = IntegerType(ty) if isinstance(ty, int) else ty
        arg = self.block.insert_arg(ty, len(self.block.args))
        if name.isidentifier():
            arg.name_hint = name
        self.ports.append(hw.ModulePort(StringAttr(name), ty, hw.DirectionAttr(hw.Direction.INPUT)))  # pyright: ignore[reportArgumentType]
        return arg

    def output(self, name: str, value: SSAValue) -> None:
        self.ports.append(
            hw.ModulePort(StringAttr(name), value.type, hw.DirectionAttr(hw.Direction.OUTPUT))  # pyright: ignore[reportArgumentType]
        )
        self.outputs.append(value)

    def clock(self) -> SSAValue:
        """The `clk: !seq.clock` input (created on first use)."""
        if self._clk is None:
            self._clk = self.input("clk", seq.clock)
        return self._clk

    def reset(self) -> SSAValue:
        """The `rst: i1` input, synchronous active high (created on first use)."""
        if self._rst is None:
            self._rst = self.input("rst", i1)
        return self._rst

    # -- ops -------------------------------------------------------------------
    def add_op(self, op: Operation, name: str | None = None) -> Operation:
        self.block.add_op(op)
        if name is not None and op.results:
            op.results[0].name_hint = name
        return op

    def const(self, value: int, bits: int, name: str | None = None) -> SSAValue:
        value &= (1 << bits) - 1
        if value >= 1 << (bits - 1):
            value -= 1 << bits  # hw.constant holds signless values signed
        return self.add_op(hw.ConstantOp(value, bits), name).results[0]

    def value(self, v: Value, bits: int) -> SSAValue:
        return self.const(v, bits) if isinstance(v, int) else v

    def _pair(self, a: Value, b: Value) -> tuple[SSAValue, SSAValue]:
        if isinstance(a, int):
            assert not isinstance(b, int)
            return self.const(a, width(b)), b
        return a, self.value(b, width(a))

    def _variadic(self, cls: type, values: Sequence[Value], name: str | None) -> SSAValue:
        first = next(v for v in values if not isinstance(v, int))
        operands = [self.value(v, width(first)) for v in values]
        return self.add_op(cls(operands), name).results[0]

    def add(self, *values: Value, name: str | None = None) -> SSAValue:
        return self._variadic(comb.AddOp, values, name)

    def mul(self, *values: Value, name: str | None = None) -> SSAValue:
        return self._variadic(comb.MulOp, values, name)

    def and_(self, *values: Value, name: str | None = None) -> SSAValue:
        return self._variadic(comb.AndOp, values, name)

    def or_(self, *values: Value, name: str | None = None) -> SSAValue:
        return self._variadic(comb.OrOp, values, name)

    def xor(self, *values: Value, name: str | None = None) -> SSAValue:
        return self._variadic(comb.XorOp, values, name)

    def sub(self, a: Value, b: Value, name: str | None = None) -> SSAValue:
        a, b = self._pair(a, b)
        return self.add_op(comb.SubOp(a, b), name).results[0]

    def not_(self, a: SSAValue, name: str | None = None) -> SSAValue:
        return self.xor(a, (1 << width(a)) - 1, name=name)

    def icmp(self, predicate: str, a: Value, b: Value, name: str | None = None) -> SSAValue:
        """`predicate` is eq, ne, slt, sle, sgt, sge, ult, ule, ugt or uge."""
        a, b = self._pair(a, b)
        return self.add_op(comb.ICmpOp(a, b, predicate), name).results[0]

    def mux(self, cond: SSAValue, if_true: Value, if_false: Value, name: str | None = None) -> SSAValue:
        t, f = self._pair(if_true, if_false)
        return self.add_op(comb.MuxOp(cond, t, f), name).results[0]

    def extract(self, a: SSAValue, low: int, bits: int, name: str | None = None) -> SSAValue:
        if low == 0 and bits == width(a):
            return a
        return self.add_op(comb.ExtractOp(a, IntegerAttr(low, 32), IntegerType(bits)), name).results[0]

    def concat(self, *values: SSAValue, name: str | None = None) -> SSAValue:
        """Concatenation, the first value in the most significant bits."""
        if len(values) == 1:
            return values[0]
        total = sum(width(v) for v in values)
        return self.add_op(comb.ConcatOp(values, IntegerType(total)), name).results[0]

    def replicate(self, a: SSAValue, times: int, name: str | None = None) -> SSAValue:
        if times == 1:
            return a
        return self.add_op(comb.ReplicateOp(a, IntegerType(width(a) * times)), name).results[0]

    def zext(self, a: SSAValue, bits: int, name: str | None = None) -> SSAValue:
        """Zero-extend (or truncate) to `bits`."""
        w = width(a)
        if bits <= w:
            return self.extract(a, 0, bits, name)
        return self.concat(self.const(0, bits - w), a, name=name)

    def sext(self, a: SSAValue, bits: int, name: str | None = None) -> SSAValue:
        """Sign-extend (or truncate) to `bits`."""
        w = width(a)
        if bits <= w:
            return self.extract(a, 0, bits, name)
        sign = self.extract(a, w - 1, 1)
        return self.concat(self.replicate(sign, bits - w), a, name=name)

    def shl(self, a: Value, b: Value, name: str | None = None) -> SSAValue:
        a, b = self._pair(a, b)
        return self.add_op(comb.ShlOp(a, b), name).results[0]

    def shru(self, a: Value, b: Value, name: str | None = None) -> SSAValue:
        a, b = self._pair(a, b)
        return self.add_op(comb.ShrUOp(a, b), name).results[0]

    def shrs(self, a: Value, b: Value, name: str | None = None) -> SSAValue:
        a, b = self._pair(a, b)
        return self.add_op(comb.ShrSOp(a, b), name).results[0]

    def lanes(self, word: SSAValue, bits: int) -> list[SSAValue]:
        """The lanes of a packed word, lane 0 (low bits) first."""
        return [self.extract(word, i * bits, bits) for i in range(width(word) // bits)]

    # -- state -----------------------------------------------------------------
    def reg(self, bits: int, name: str, reset: int | None = 0) -> Reg:
        """A register of `bits` bits, reset to `reset` by `rst` (None: no
        reset). Drive it with `.drive(d, enable)` once `d` exists."""
        placeholder = UnrealizedConversionCastOp.get([], [IntegerType(bits)])
        self.block.add_op(placeholder)
        reset_pair = None
        if reset is not None:
            reset_pair = (self.reset(), self.const(reset, bits))
        op = seq.CompRegOp(placeholder.results[0], self.clock(), reset_pair)
        self.add_op(op, name)
        return Reg(self, op, placeholder)

    def register(self, d: SSAValue, name: str, reset: int | None = 0, enable: Value | None = None) -> SSAValue:
        """A register whose input is already known."""
        r = self.reg(width(d), name, reset)
        r.drive(d, enable)
        return r.q

    def stage(self, data: SSAValue, valid: SSAValue, out_ready: SSAValue) -> tuple[SSAValue, SSAValue, SSAValue]:
        """A one-entry valid/ready register stage taking `data` when `valid`:
        `(in_ready, out_data, out_valid)`, full throughput (`in_ready =
        !full | out_ready`; edge: `full <= take | (full & !out_ready)`)."""
        full = self.reg(1, "full")
        ready = self.or_(self.not_(full.q), out_ready, name="ready")
        take = self.and_(valid, ready, name="take")
        held = self.register(data, "data", reset=None, enable=take)
        full.drive(self.or_(take, self.and_(full.q, self.not_(out_ready))))
        return ready, held, full.q

    def rom(self, addr: SSAValue, words: np.ndarray, bits: int, name: str | None = None) -> SSAValue:
        """A ROM of `words` ([D] or [D, lanes] integers that fit `bits` bits,
        signed or unsigned): synchronous read, data = lanes * bits."""
        words = np.asarray(words, dtype=np.int64)
        if bits < 64:  # the two's complement reading of the low `bits` bits
            low = words & ((1 << bits) - 1)
            signed = low - (((low >> (bits - 1)) & 1) << bits)
        else:
            signed = words
        attr = dense_from_array(signed, IntegerType(bits))
        op = RomOp(addr, self.clock(), attr)
        return self.add_op(op, name).results[0]

    def ram(
        self, raddr: SSAValue, waddr: SSAValue, wdata: SSAValue, we: SSAValue, depth: int, name: str | None = None
    ) -> SSAValue:
        return self.add_op(RamOp(self.clock(), raddr, waddr, wdata, we, depth), name).results[0]

    def instance(self, module: hw.HWModuleOp, name: str, **inputs: SSAValue) -> dict[str, SSAValue]:
        """Instantiate `module` with its inputs by port name; returns its outputs by name."""
        ports = module.module_type.ports.data
        ins = [(p.port_name.data, inputs[p.port_name.data]) for p in ports if p.dir.data.is_input_like()]
        outs = [(p.port_name.data, p.type) for p in ports if p.dir.data.is_output_like()]
        missing = set(inputs) - {n for n, _ in ins}
        assert not missing, f"unknown inputs {missing} of {module.sym_name.data}"
        op = hw.InstanceOp(name, FlatSymbolRefAttr(module.sym_name.data), ins, outs)  # pyright: ignore[reportArgumentType]
        self.block.add_op(op)
        return {n: r for (n, _), r in zip(outs, op.results)}

    # -- result ----------------------------------------------------------------
    def finish(self, streams: Sequence[StreamAttr] | None = None) -> hw.HWModuleOp:
        self.block.add_op(hw.OutputOp(self.outputs))
        module = hw.HWModuleOp(
            StringAttr(self.name), hw.ModuleType(ArrayAttr(self.ports)), Region(self.block)
        )
        if streams is not None:
            module.attributes[STREAMS_ATTR] = ArrayAttr(streams)
        return module


# --------------------------------------------------------------------------
# Stream blocks
# --------------------------------------------------------------------------


def _counter_bits(limit: int) -> int:
    return max(1, limit.bit_length())


def fifo_module(name: str, bits: int, depth: int) -> hw.HWModuleOp:
    """A FIFO of `depth` words (an `rtl.ram`) with first-word fall-through:
    a word pushed in cycle t can be popped in cycle t+2; one push and one pop
    per cycle. `in_ready` is high while fewer than `depth` words are held
    (the word shown on `out_data` counts)."""
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    in_data = b.input("in_data", bits)
    in_valid = b.input("in_valid", i1)
    abits = address_bits(depth)
    cbits = _counter_bits(depth)
    count = b.reg(cbits, "count")
    wptr = b.reg(abits, "wptr")
    rptr = b.reg(abits, "rptr")
    shown = b.reg(1, "shown")
    out_ready = b.input("out_ready", i1)
    in_ready = b.icmp("ult", count.q, depth, name="not_full")
    push = b.and_(in_valid, in_ready, name="push")
    pop = b.and_(shown.q, out_ready, name="pop")
    hidden = b.sub(count.q, b.zext(shown.q, cbits), name="hidden")
    can_show = b.or_(b.not_(shown.q), pop)
    fetch = b.and_(b.icmp("ne", hidden, 0), can_show, name="fetch")

    def bump(ptr: Reg, step: SSAValue) -> SSAValue:
        wrap = b.icmp("eq", ptr.q, depth - 1)
        nxt = b.mux(wrap, 0, b.add(ptr.q, 1))
        return b.mux(step, nxt, ptr.q)

    shown_addr = b.mux(b.icmp("eq", rptr.q, 0), depth - 1, b.sub(rptr.q, 1), name="shown_addr")
    raddr = b.mux(fetch, rptr.q, shown_addr, name="raddr")
    data = b.ram(raddr, wptr.q, in_data, push, depth, name="mem_q")
    wptr.drive(bump(wptr, push))
    rptr.drive(bump(rptr, fetch))
    shown.drive(b.or_(fetch, b.and_(shown.q, b.not_(pop))))
    count.drive(b.sub(b.add(count.q, b.zext(push, cbits)), b.zext(pop, cbits)))
    b.output("in_ready", in_ready)
    b.output("out_data", data)
    b.output("out_valid", shown.q)
    return b.finish()


def skid_stage_module(name: str, bits: int) -> hw.HWModuleOp:
    """A one-entry register stage: `out` is `in` one cycle later; full
    throughput (`in_ready = !full | out_ready`)."""
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, bits)
    ready, data, valid = b.stage(in_data, in_valid, out_ready)
    b.output("in_ready", ready)
    b.output("out_data", data)
    b.output("out_valid", valid)
    return b.finish()


def stream_type(bits: int, signed: bool) -> IntegerType:
    from xdsl.dialects.builtin import Signedness

    return IntegerType(bits, Signedness.SIGNED if signed else Signedness.UNSIGNED)


__all__ = [
    "ModuleBuilder",
    "Reg",
    "TensorType",
    "fifo_module",
    "skid_stage_module",
    "stream_type",
]
