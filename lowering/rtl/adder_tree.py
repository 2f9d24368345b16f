"""Pipelined arithmetic for the engine builders, in the stages that
`asic.dialects.dataflow.pipeline` counts: `adder_tree` reduces a list of
numbers through registered stages that each add groups of
`ADDER_FAN_IN`; `carry_save` reduces many numbers to two without a
carry chain and `chunked_add` adds two wide numbers a chunk of bits per
stage; `delay` carries a value along the same number of stages.
Every register steps only with the engine's `enable` (its `advance`), so a
stalled pipeline holds every stage.

The tree's numbers are `Term`s: a value of the tree's width, read as
unsigned modulo `2^width`, with the bits known to be zero below `low` and
from `top` up (a shifted unsigned copy of an input, `U << k`, has `low = k`
and `top = k + bits(U)`; a signed number has `low = 0`, `top = width`). A
stage orders its numbers by `low` before grouping them (the sum modulo
`2^width` is the same in any order), so that a group sums numbers of
nearby bits, and registers only the bits of a group's sum that can be
non-zero: below the lowest `low`, and from the bit length of the sum of
the maxima up when that sum stays below `2^width` (no wrap)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.ir import SSAValue

from asic.dialects.dataflow.pipeline import ADDER_FAN_IN
from asic.lowering.rtl.builder import ModuleBuilder, Value, width


def delay(
    b: ModuleBuilder,
    value: SSAValue,
    stages: int,
    enable: Value,
    name: str,
    reset: int | None = None,
) -> SSAValue:
    """`value` `stages` registers later (reset to `reset`, None: no reset)."""
    for stage in range(stages):
        value = b.register(value, f"{name}_d{stage + 1}", reset=reset, enable=enable)
    return value


@dataclass(frozen=True)
class Term:
    """A number of an adder tree (module docstring): `value`, a multiple of
    `2^low` below `2^top` (as unsigned, `low <= top <= width(value)`)."""

    value: SSAValue
    low: int
    top: int

    @staticmethod
    def of(value: SSAValue) -> Term:
        """Any number of its width."""
        return Term(value, 0, width(value))

    @property
    def most(self) -> int:
        """The largest value it can have."""
        return (1 << self.top) - (1 << self.low) if self.top > self.low else 0


def _group_sum(b: ModuleBuilder, group: Sequence[Term], enable: Value | None, name: str, register: str) -> Term:
    """The registered sum of `group` (modulo the width), only its bits that
    can be non-zero in the register."""
    bits = width(group[0].value)
    low = min(t.low for t in group)
    most = sum(t.most for t in group)
    top = min(bits, most.bit_length()) if most < 1 << bits else bits
    if top <= low:
        return Term(b.const(0, bits), 0, 0)
    total = b.add(*(t.value for t in group), name=name) if len(group) > 1 else group[0].value
    kept = b.register(b.extract(total, low, top - low) if top - low < bits else total, register, reset=None, enable=enable)
    above = [b.const(0, bits - top)] if bits > top else []
    below = [b.const(0, low)] if low else []
    value = b.concat(*above, kept, *below)
    return Term(value, low, top)


def adder_tree(
    b: ModuleBuilder, terms: Sequence[SSAValue | Term], stages: int, enable: Value | None, name: str
) -> list[SSAValue]:
    """`terms` (all of one width) after `stages` registered stages, each
    ordering the numbers by `low` and replacing every group of
    `ADDER_FAN_IN` consecutive numbers by their sum (modulo the width)."""
    numbers = [t if isinstance(t, Term) else Term.of(t) for t in terms]
    for stage in range(stages):
        numbers.sort(key=lambda t: t.low)
        numbers = [
            _group_sum(b, numbers[i : i + ADDER_FAN_IN], enable, f"{name}_add{stage}", f"{name}_s{stage}")
            for i in range(0, len(numbers), ADDER_FAN_IN)
        ]
    return [t.value for t in numbers]


def carry_save(b: ModuleBuilder, terms: Sequence[SSAValue]) -> tuple[SSAValue, SSAValue]:
    """Two numbers with the sum of `terms` (all of one width, modulo it):
    full adders (3:2 compressors) side by side, bit by bit, no carry chain
    (`x ^ y ^ z` and the majority shifted left one bit)."""
    terms = list(terms)
    while len(terms) > 2:
        whole = len(terms) - len(terms) % 3
        reduced = []
        for i in range(0, whole, 3):
            x, y, z = terms[i : i + 3]
            reduced.append(b.xor(x, y, z))
            reduced.append(b.shl(b.or_(b.and_(x, y), b.and_(x, z), b.and_(y, z)), 1))
        terms = reduced + terms[whole:]
    while len(terms) < 2:
        terms.append(b.const(0, width(terms[0])))
    return terms[0], terms[1]


def chunked_add(
    b: ModuleBuilder, a: SSAValue, c: SSAValue, chunks: int, enable: Value, name: str
) -> SSAValue:
    """`a + c` (modulo their width) after `chunks` registered stages, stage
    `i` adding the `i`-th chunk of bits and the carry out of the last (no
    carry chain longer than a chunk); the bits not yet added and the sum's
    chunks so far are carried along."""
    bits = width(a)
    size = -(-bits // chunks)
    carry: SSAValue | None = None
    parts: list[SSAValue] = []
    rest = [a, c]
    for stage in range(chunks):
        n = min(size, width(rest[0])) if rest else 0
        if n > 0:
            lanes = [b.zext(b.extract(v, 0, n), n + 1) for v in rest]
            total = b.add(*lanes, b.zext(carry, n + 1)) if carry is not None else b.add(*lanes)
            parts.append(b.extract(total, 0, n))
            carry = b.extract(total, n, 1)
            left = width(rest[0]) - n
            rest = [b.extract(v, n, left) for v in rest] if left else []
        step = f"{name}_c{stage}"
        parts = [b.register(p, f"{step}_part", reset=None, enable=enable) for p in parts]
        if carry is not None and rest:
            carry = b.register(carry, f"{step}_carry", reset=None, enable=enable)
        rest = [b.register(v, f"{step}_rest", reset=None, enable=enable) for v in rest]
    return b.concat(*reversed(parts)) if len(parts) > 1 else parts[0]


__all__ = ["Term", "adder_tree", "carry_save", "chunked_add", "delay"]
