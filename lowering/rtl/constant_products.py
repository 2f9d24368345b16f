"""Products by constants in hardware: canonical signed digits, and the dot
product of inputs with constant weights as one sum of shifted unsigned
terms.

`csd_digits(c, bits)` (`asic.dialects.dataflow.pipeline`, which counts
them for the timing model) is the non-adjacent form of a constant: the fewest
non-zero signed digits `d * 2^k` (`d` in {1, -1}) of any binary signed-digit
form, so `x * c` is that many shifted copies of `x` added or subtracted.

`constant_dot(b, inputs, weights, bits)` builds `sum_i w_i * v_i` modulo
`2^bits` for inputs `v_i = U_i + offset_i` with `U_i` unsigned (`unsigned_input`:
an unsigned storage value minus its zero point, or a signed one with its
sign bit flipped, `v = (v ^ 2^(b-1)) - 2^(b-1)`), as one sum of unsigned
terms and a constant:

    +v << k  =  (U << k)  + (offset << k)
    -v << k  =  (~U << k) + ((-(2^b - 1) - offset) << k)      (~U = 2^b - 1 - U)

Every term is a `b`-bit unsigned number shifted left, zero above and below:
no sign extension for the adder tree to carry through (the textbook
sign-extension elimination of multi-operand addition), and the constants
of all digits fold into one (the caller adds it to the bias). The terms
are exact modulo `2^bits`, which is all an accumulator of `bits` bits
holding the exact sum needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.ir import SSAValue

from asic.dialects.dataflow.pipeline import csd_digits, signed_digits
from asic.lowering.rtl.adder_tree import Term
from asic.lowering.rtl.builder import ModuleBuilder, width


@dataclass
class UnsignedInput:
    """An input `v = U + offset`, `U` an unsigned value."""

    value: SSAValue
    offset: int
    _complement: SSAValue | None = field(default=None, repr=False)
    _widened: dict[tuple[bool, int], SSAValue] = field(default_factory=dict, repr=False)

    def term(self, b: ModuleBuilder, negative: bool, shift: int, bits: int) -> Term:
        """`U << shift` (or `~U << shift`) in `bits` bits (`shift < bits`),
        with the bits it spans (`asic.lowering.rtl.adder_tree.Term`)."""
        key = (negative, bits)
        if key not in self._widened:
            source = self.value
            if negative:
                if self._complement is None:
                    self._complement = b.not_(self.value)
                source = self._complement
            self._widened[key] = b.zext(source, bits)
        widened = self._widened[key]
        return Term(b.shl(widened, shift) if shift else widened, shift, min(bits, shift + width(self.value)))


def unsigned_input(b: ModuleBuilder, raw: SSAValue, signed: bool, zero_point: int) -> UnsignedInput:
    """`raw - zero_point` (raw a storage value, signed or not) as `U + offset`."""
    if not signed:
        return UnsignedInput(raw, -zero_point)
    top = 1 << (width(raw) - 1)
    return UnsignedInput(b.xor(raw, top), -top - zero_point)


def constant_dot_terms(
    b: ModuleBuilder, inputs: Sequence[UnsignedInput], weights: Sequence[int], bits: int
) -> tuple[list[Term], int]:
    """`sum_i weights[i] * v_i` modulo `2^bits` as unsigned terms (with the
    bits each spans, for an adder tree) plus a constant in `[0, 2^bits)`
    (module docstring); a zero weight adds nothing."""
    terms: list[Term] = []
    constant = 0
    for x, w in zip(inputs, weights, strict=True):
        mask = (1 << width(x.value)) - 1
        for d, k in signed_digits(int(w)):
            negative = d < 0
            constant += (-mask - x.offset if negative else x.offset) << k
            if k < bits:
                terms.append(x.term(b, negative, k, bits))
    return terms, constant % (1 << bits)


def constant_dot(
    b: ModuleBuilder, inputs: Sequence[UnsignedInput], weights: Sequence[int], bits: int
) -> tuple[list[SSAValue], int]:
    """`constant_dot_terms`, the terms' values only."""
    terms, constant = constant_dot_terms(b, inputs, weights, bits)
    return [t.value for t in terms], constant


__all__ = ["UnsignedInput", "constant_dot", "constant_dot_terms", "csd_digits", "signed_digits", "unsigned_input"]
