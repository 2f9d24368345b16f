"""The RTL's reference semantics on Python ints, shared by the RTL
interpreter's two simulators (`asic.interp.rtl`, vectorized on numpy, and
`asic.interp.rtl_scalar`, one copy on ints): `comb_value` evaluates one
hw.constant or comb op on unsigned values in `[0, 2^W)` (the semantics
written in `asic.dialects.rtl`'s docstring), `power_on_value` is what a
state element holds before the first clock edge, and `Netlist` is the
flattened design both compile (`asic.interp.rtl.flatten`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdsl.dialects import comb, hw, seq
from xdsl.dialects.builtin import IntegerType
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.utils.exceptions import InterpretationError

from asic.dialects.rtl_comb import icmp_predicate


def width(value: SSAValue | Attribute) -> int:
    ty = value.type if isinstance(value, SSAValue) else value
    if isinstance(ty, seq.ClockType):
        return 1
    if not isinstance(ty, IntegerType):
        raise InterpretationError(f"the RTL interpreter supports integer values only, got {ty}")
    return ty.width.data


def to_signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value >> (bits - 1) & 1 else value


def divide(a: int, b: int, signed: bool, bits: int, remainder: bool) -> int:
    if b == 0:
        return 0
    if signed:
        a, b = to_signed(a, bits), to_signed(b, bits)
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    r = a - q * b
    return (r if remainder else q) & ((1 << bits) - 1)


def comb_value(op: Operation, operands: Sequence[int]) -> int:
    """The value of a hw.constant or comb op on unsigned Python ints."""
    if isinstance(op, hw.ConstantOp):
        return op.value.value.data & ((1 << width(op.result)) - 1)
    w = width(op.results[0])
    mask = (1 << w) - 1
    match op:
        case comb.AddOp():
            return sum(operands) & mask
        case comb.MulOp():
            return math.prod(operands) & mask
        case comb.SubOp():
            return (operands[0] - operands[1]) & mask
        case comb.AndOp():
            return _fold(operands, lambda a, b: a & b)
        case comb.OrOp():
            return _fold(operands, lambda a, b: a | b)
        case comb.XorOp():
            return _fold(operands, lambda a, b: a ^ b)
        case comb.ShlOp():
            a, b = operands
            return (a << b) & mask if b < w else 0
        case comb.ShrUOp():
            a, b = operands
            return a >> b if b < w else 0
        case comb.ShrSOp():
            a, b = operands
            return (to_signed(a, w) >> min(b, w - 1)) & mask
        case comb.DivUOp() | comb.DivSOp() | comb.ModUOp() | comb.ModSOp():
            signed = isinstance(op, comb.DivSOp | comb.ModSOp)
            remainder = isinstance(op, comb.ModUOp | comb.ModSOp)
            return divide(operands[0], operands[1], signed, w, remainder)
        case comb.ICmpOp():
            a, b = operands
            bits = width(op.lhs)
            predicate = icmp_predicate(op)
            if predicate[0] == "s":
                a, b = to_signed(a, bits), to_signed(b, bits)
            return int(
                {
                    "eq": a == b, "ne": a != b,
                    "slt": a < b, "sle": a <= b, "sgt": a > b, "sge": a >= b,
                    "ult": a < b, "ule": a <= b, "ugt": a > b, "uge": a >= b,
                }[predicate]
            )
        case comb.MuxOp():
            return operands[1] if operands[0] else operands[2]
        case comb.ExtractOp():
            return (operands[0] >> op.low_bit.value.data) & mask
        case comb.ConcatOp():
            value = 0
            for v, operand in zip(operands, op.operands):
                value = (value << width(operand)) | v
            return value
        case comb.ReplicateOp():
            bits = width(op.input)
            return sum(operands[0] << (i * bits) for i in range(w // bits))
        case comb.ParityOp():
            return operands[0].bit_count() & 1
        case _:
            raise InterpretationError(f"{op.name} is not a combinational op")


def _fold(values: Sequence[int], f: Callable[[int, int], int]) -> int:
    result = values[0]
    for v in values[1:]:
        result = f(result, v)
    return result


@dataclass
class Node:
    op: Operation
    where: str
    """The instance path, for messages (`top/mac0/acc`)."""
    ins: list[str]
    outs: list[str]


@dataclass
class Netlist:
    top: hw.HWModuleOp
    inputs: dict[str, str]
    """Top input port name -> variable."""
    outputs: dict[str, str]
    """Top output port name -> variable."""
    widths: dict[str, int]
    comb: list[Node]
    """Combinational nodes in evaluation order."""
    state: list[Node]
    clock: str | None


def power_on_value(node: Node) -> int:
    """The value a state element holds before the first clock edge: a
    `seq.compreg`'s powerOn constant, else 0."""
    op = node.op
    if isinstance(op, seq.CompRegOp) and op.power_on_value is not None:
        owner = op.power_on_value.owner
        if not isinstance(owner, hw.ConstantOp):
            raise InterpretationError(
                f"seq.compreg in '{node.where}': a powerOn value must be a hw.constant"
            )
        return comb_value(owner, [])
    return 0
