"""Control pieces the engine builders share: `Counter`, a wrapping counter
that steps on a condition, and `select`, a constant chosen by a counter's
value (a chain of muxes, a constant when every choice is the same)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import SSAValue

from asic.dialects.rtl import address_bits
from asic.lowering.rtl.builder import ModuleBuilder, Reg


def select(b: ModuleBuilder, index: SSAValue | None, values: Sequence[int], bits: int) -> SSAValue:
    """`values[index]` as a `bits`-bit value (`values[0]` when `index` is None)."""
    result = b.const(values[0], bits)
    if index is None or all(v == values[0] for v in values):
        return result
    for position, value in enumerate(values[1:], start=1):
        result = b.mux(b.icmp("eq", index, position), b.const(value, bits), result)
    return result


class Counter:
    """A counter over `[0, size)` that steps when driven, wrapping, from
    `reset`; no register (value None, `last` always 1) when `size` is 1."""

    def __init__(self, b: ModuleBuilder, size: int, name: str, reset: int = 0):
        self.b, self.size = b, size
        self.reg: Reg | None = b.reg(address_bits(size), name, reset=reset) if size > 1 else None

    @property
    def value(self) -> SSAValue | None:
        return self.reg.q if self.reg is not None else None

    @property
    def last(self) -> SSAValue:
        if self.reg is None:
            return self.b.const(1, 1)
        return self.b.icmp("eq", self.reg.q, self.size - 1)

    def drive(self, step: SSAValue, restart: SSAValue | None = None) -> None:
        """Step when `step`; back to 0 at the end, or when `restart` too."""
        if self.reg is None:
            return
        b = self.b
        wrap = self.last if restart is None else b.or_(self.last, restart)
        self.reg.drive(b.mux(wrap, 0, b.add(self.reg.q, 1)), enable=step)


__all__ = ["Counter", "select"]
