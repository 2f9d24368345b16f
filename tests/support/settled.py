"""The value of a pipelined hw module once its pipeline is full: every
register passing its input on (one with an enable, `mux(enable, d, q)`,
as if enabled), so its output is what the registered stages compute for
constant inputs (no clock, no handshake; no other feedback through a
register)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import comb, hw, seq
from xdsl.ir import SSAValue

from asic.interp.rtl_semantics import comb_value


def _register_input(register: seq.CompRegOp) -> SSAValue:
    """What a transparent register passes on: its `d`, the enabled one's."""
    d = register.operands[0]
    held = d.owner
    if isinstance(held, comb.MuxOp) and held.operands[2] is register.results[0]:
        return held.operands[1]
    return d


def settled_output(module: hw.HWModuleOp, inputs: Sequence[int]) -> int:
    """The module's first output for the values `inputs` of its block
    arguments, in order (the clock's too), with every register transparent."""
    values: dict[SSAValue, int] = dict(zip(module.body.block.args, inputs, strict=True))
    output = next(op for op in module.body.block.ops if isinstance(op, hw.OutputOp)).operands[0]
    stack = [output]
    while stack:  # depth first, each value after its operands
        value = stack[-1]
        if value in values:
            stack.pop()
            continue
        op = value.owner
        operands = [_register_input(op)] if isinstance(op, seq.CompRegOp) else op.operands
        missing = [v for v in operands if v not in values]
        if missing:
            stack.extend(missing)
            continue
        stack.pop()
        args = [values[v] for v in operands]
        values[value] = args[0] if isinstance(op, seq.CompRegOp) else comb_value(op, args)
    return values[output]
