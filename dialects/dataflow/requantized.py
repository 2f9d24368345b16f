"""What the engines that end in a requantization share (`dataflow.mvu`,
`dataflow.vvu`): weights in a `qnt.constant`, an accumulator type that
holds every sum, and `qnt.requantize` per tensor or per output channel,
its ReLU or clamp folded into `min`/`max`:

    y[o] = clamp(rshift_round(acc[o] * M[o], s[o]) + zy, min, max)

`RequantizedEngine` declares these operands and properties (`input`,
`weight`, `bias`, `accumulator`, `multipliers`, `shifts`, `min`, `max`,
and the `result` stream; their custom syntax `REQUANTIZATION_SYNTAX`),
their Python views and their verifier; the op adds its folding factors
and says how many output channels (`requantized_channels`) and products
per sum (`reduction_length`) it has.

The accumulator type bounds the sums of *any* weights of the weight type
(and any bias of the bias type). With the weights known, a sum's exact
range is narrower (FINN's accumulator minimization): `dot_ranges` gives
each output channel's, `[b + sum_k min((x - zx) * w'), b + sum_k max(...)]`
over every input of the input's storage range (`w' = w - zw`). The
hardware holds a lane's accumulator in the bits of its channels' ranges,
and the requantizer's pipeline is sized from the widest of them
(`RequantizedEngine.sum_bits`): its additions never need the carry chunks
of the accumulator type's width.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr, IntegerType
from xdsl.ir import Attribute
from xdsl.irdl import operand_def, opt_operand_def, opt_prop_def, prop_def, result_def
from xdsl.parser import Parser
from xdsl.printer import Printer

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, i64_array, i64_attr, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.engine import quantized_element
from asic.dialects.dataflow.stream import StreamType
from asic.dialects.qnt import (
    MAX_ACCUMULATOR_BITS,
    MAX_PRODUCT_BITS,
    MAX_SHIFT,
    MULTIPLIER_BITS,
    UniformQuantizedType,
    accumulator_range,
    integer_width,
    is_signless_integer,
    signed_range,
)
from asic.dialects.syntax import INT as INT_KIND
from asic.dialects.syntax import INTS, PropertyKind


class _IntegerTypeKind(PropertyKind):
    description = "a signless integer type"

    def matches(self, attr: Attribute) -> bool:
        return is_signless_integer(attr)

    def print(self, printer: Printer, attr: Attribute) -> None:
        printer.print_attribute(attr)

    def parse(self, parser: Parser, name: str) -> Attribute:
        pos = parser.pos
        ty = parser.parse_optional_type()
        if ty is None:
            parser.raise_error(f"expected an integer type like i20 after '{name}'", pos)
        return ty


INTEGER_TYPE = _IntegerTypeKind()

REQUANTIZATION_SYNTAX: dict[str, PropertyKind] = {
    "accumulator": INTEGER_TYPE,
    "multipliers": INTS,
    "shifts": INTS,
    "min": INT_KIND,
    "max": INT_KIND,
}
"""The custom syntax of the requantization properties, after the op's own."""


def dot_ranges(
    effective_weights: np.ndarray, bias: np.ndarray | None, x_bits: int, x_signed: bool, x_zero: int
) -> tuple[np.ndarray, np.ndarray]:
    """`(lo, hi)` `[N]`: the least and greatest `bias + sum_k (x[k] - zx) *
    w'[o, k]` for inputs `x` of any value of `x_bits` storage bits (signed
    or not) and effective weights `w'` `[N, K]` (module docstring); `bias`
    `[N]` or None."""
    x_lo, x_hi = signed_range(x_bits) if x_signed else (0, (1 << x_bits) - 1)
    w = effective_weights.astype(np.int64)
    products = np.stack([w * (x_lo - x_zero), w * (x_hi - x_zero)])
    base = np.zeros(w.shape[0], np.int64) if bias is None else bias.astype(np.int64)
    return base + products.min(axis=0).sum(axis=1), base + products.max(axis=0).sum(axis=1)


def range_bits(lo: int, hi: int) -> int:
    """The two's complement bits of `[lo, hi]`, at least 2 (a sign and a
    value bit)."""
    return max(2, integer_width(lo, hi))


class RequantizedEngine:
    """Operands, properties, views and checks of an engine ending in a
    requantization (module docstring)."""

    input = operand_def(StreamType)
    weight = operand_def(qnt.QuantizedTensor)
    bias = opt_operand_def(qnt.IntegerTensor)
    accumulator = prop_def(IntegerType)
    multipliers = prop_def(DenseArrayBase)
    shifts = prop_def(DenseArrayBase)
    min = opt_prop_def(IntegerAttr)
    max = opt_prop_def(IntegerAttr)
    result = result_def(StreamType)

    @staticmethod
    def requantization_properties(
        accumulator: IntegerType, multipliers: Sequence[int], shifts: Sequence[int], **optional: int | None
    ) -> dict[str, Attribute]:
        """The properties of a new op: the requantization's, then each of
        `optional` (folding factors, `min`, `max`) that is not None."""
        properties: dict[str, Attribute] = {
            "accumulator": accumulator,
            "multipliers": i64_array(multipliers),
            "shifts": i64_array(shifts),
        }
        properties.update((key, i64_attr(value)) for key, value in optional.items() if value is not None)
        return properties

    @property
    def requantized_channels(self) -> int:
        """The output channels, each with its multiplier and shift."""
        raise NotImplementedError

    @property
    def reduction_length(self) -> int:
        """The products in one sum."""
        raise NotImplementedError

    @property
    def input_type(self) -> UniformQuantizedType:
        return quantized_element("input", self.input_stream)  # pyright: ignore

    @property
    def output_type(self) -> UniformQuantizedType:
        return quantized_element("output", self.output_stream)  # pyright: ignore

    @property
    def weight_type(self) -> UniformQuantizedType:
        return qnt.quantized_type_of(self.weight)  # pyright: ignore

    @property
    def weight_name(self) -> str:
        owner = self.weight.owner  # pyright: ignore
        return owner.sym_name.data if isinstance(owner, qnt.ConstantOp) else "weights"

    def weight_array(self) -> np.ndarray:
        """The stored weights (int64)."""
        owner = self.weight.owner  # pyright: ignore
        assert isinstance(owner, qnt.ConstantOp)
        return array_from_dense(owner.value).astype(np.int64)

    def channel_multipliers(self) -> tuple[np.ndarray, np.ndarray]:
        """`(M[o], s[o])` for every output channel, `[N]` each."""
        n = self.requantized_channels
        m = np.asarray(ints(self.multipliers), np.int64)  # pyright: ignore
        s = np.asarray(ints(self.shifts), np.int64)  # pyright: ignore
        return np.broadcast_to(m, (n,)) if m.size == 1 else m, np.broadcast_to(s, (n,)) if s.size == 1 else s

    def bounds(self) -> tuple[int, int]:
        """The clamp `[min, max]` of the output (default: its storage range)."""
        y = self.output_type
        lo, hi = self.min, self.max  # pyright: ignore
        return (
            lo.value.data if lo is not None else y.qmin,
            hi.value.data if hi is not None else y.qmax,
        )

    def effective_weights(self) -> np.ndarray:
        """`w - zw` per output channel, `[N, K]` (int64)."""
        raise NotImplementedError

    def bias_array(self) -> np.ndarray | None:
        """The bias `[N]` (int64), or None."""
        raise NotImplementedError

    def sum_bits(self) -> int:
        """The bits of every sum this engine's weights and bias can produce
        (`dot_ranges` of all its channels; module docstring): what its
        requantizer adds, at most the accumulator type's width."""
        x = self.input_type
        lo, hi = dot_ranges(self.effective_weights(), self.bias_array(), x.bits, x.signed, int(x.zero_point))
        return range_bits(int(lo.min(initial=0)), int(hi.max(initial=0)))

    def verify_requantization(self) -> None:
        """The accumulator holds every sum; the multipliers, shifts and
        bounds are in range."""
        x_type = quantized_element("input stream", self.input_stream)  # pyright: ignore
        y_type = quantized_element("output stream", self.output_stream)  # pyright: ignore
        accumulator: IntegerType = self.accumulator  # pyright: ignore
        bias = self.bias  # pyright: ignore
        bias_type = bias.type.get_element_type() if bias is not None else None
        lo, hi = accumulator_range(x_type, self.weight_type, self.reduction_length, bias_type)
        needed = integer_width(lo, hi)
        width = accumulator.width.data
        if not is_signless_integer(accumulator):
            fail(f"accumulator must be a signless integer type of 2 to 64 bits, got {accumulator}")
        if needed > MAX_ACCUMULATOR_BITS:
            fail(f"the sums lie in [{lo}, {hi}], which needs {needed} bits, more than {MAX_ACCUMULATOR_BITS}")
        if width < needed:
            fail(f"accumulator {accumulator} can overflow: the sums lie in [{lo}, {hi}], which needs i{needed}")
        n = self.requantized_channels
        multipliers, shifts = ints(self.multipliers), ints(self.shifts)  # pyright: ignore
        for name, values in (("multipliers", multipliers), ("shifts", shifts)):
            if len(values) not in (1, n):
                fail(f"{name} must have 1 value or one per output channel ({n}), got {len(values)}")
        if any(not 0 <= m < 2**MULTIPLIER_BITS for m in multipliers):
            fail(f"multipliers must be in [0, {2**MULTIPLIER_BITS - 1}], got {list(multipliers)}")
        if any(not 0 <= s <= MAX_SHIFT for s in shifts):
            fail(f"shifts must be in [0, {MAX_SHIFT}], got {list(shifts)}")
        bits = max(multipliers).bit_length()
        if width + bits > MAX_PRODUCT_BITS:
            fail(
                f"the product of the accumulator ({width} bits) and a {bits}-bit multiplier "
                f"needs {width + bits} bits, more than {MAX_PRODUCT_BITS}"
            )
        lo_b, hi_b = self.bounds()
        if not y_type.qmin <= lo_b <= hi_b <= y_type.qmax:
            fail(
                f"min and max must satisfy {y_type.qmin} <= min <= max <= {y_type.qmax} "
                f"(the storage range of {y_type}), got min {lo_b} and max {hi_b}"
            )
