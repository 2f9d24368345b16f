"""What the engines that end in a requantization share (`dataflow.mvu`,
`dataflow.vvu`): weights in a `qnt.constant`, an accumulator type that
holds every sum, and `qnt.requantize` per tensor or per output channel,
its ReLU or clamp folded into `min`/`max`:

    y[o] = clamp(rshift_round(acc[o] * M[o], s[o]) + zy, min, max)

`RequantizedEngine` is a mixin of Python views and the verifier of these
properties; the op declares `weight`, `bias`, `accumulator`,
`multipliers`, `shifts`, `min` and `max` and says how many output
channels (`requantized_channels`) and products per sum
(`reduction_length`) it has.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import IntegerType

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.engine import quantized_element
from asic.dialects.qnt import (
    MAX_ACCUMULATOR_BITS,
    MAX_PRODUCT_BITS,
    MAX_SHIFT,
    MULTIPLIER_BITS,
    UniformQuantizedType,
    accumulator_range,
    integer_width,
    is_signless_integer,
)


class RequantizedEngine:
    """Views and checks of an engine ending in a requantization (module
    docstring)."""

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
