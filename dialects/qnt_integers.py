"""The exact integer arithmetic of the qnt dialect's compile-time side:
widths, the limits of multipliers and shifts, the multiplier encoding and
the accumulator bound, with Python ints and `fractions.Fraction` (no float
rounding).

The formulas are specified in the docstring of `asic.dialects.qnt`
(sections Rounding and Widths, and the ops `requantize`, `add`, `avgpool2d`,
`concat`), which re-exports the helpers and limits here; the verifiers
there and the passes that build qnt ops use these helpers, the interpreters
compute the same integers at run time (`asic.dialects.qnt_kernels`). This
module imports nothing of the dialect: `StorageRange` is what it reads of a
`UniformQuantizedType`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Protocol

import numpy as np
from xdsl.dialects.builtin import IntegerType

MAX_ACCUMULATOR_BITS = 64
"""Widest signless integer tensor (accumulators, biases)."""

MULTIPLIER_BITS = 31
"""Multipliers are unsigned integers below `2^MULTIPLIER_BITS`."""

MAX_SHIFT = 62
"""Largest right shift of a rescale."""

MAX_PRODUCT_BITS = 63
"""Widest product `value * multiplier` (signed bits) any op may form."""


class StorageRange(Protocol):
    """What the accumulator bound reads of a quantized type (the qnt
    dialect's `UniformQuantizedType`): its storage range and zero points."""

    @property
    def qmin(self) -> int: ...

    @property
    def qmax(self) -> int: ...

    @property
    def zero_point(self) -> int: ...

    @property
    def zero_points(self) -> tuple[int, ...]: ...


def integer_width(lo: int, hi: int) -> int:
    """The smallest `W >= 1` such that the two's complement `iW` holds every
    integer of `[lo, hi]`."""

    def magnitude_bits(v: int) -> int:
        return v.bit_length() if v >= 0 else (~v).bit_length()

    return 1 + max(magnitude_bits(lo), magnitude_bits(hi))


def signed_range(width: int) -> tuple[int, int]:
    """The values of the two's complement `i<width>`."""
    return -(2 ** (width - 1)), 2 ** (width - 1) - 1


def round_half_away(value: Fraction | int) -> int:
    """`value` rounded to the nearest integer, ties away from zero (exact)."""
    value = Fraction(value)
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def encode_multiplier(
    real: float | Fraction, bits: int = MULTIPLIER_BITS, max_shift: int = MAX_SHIFT
) -> tuple[int, int]:
    """`(M, s)` with `M / 2^s` the closest to `real >= 0` for the largest
    shift `s <= max_shift` that keeps `M = round_half_away(real * 2^s)` below
    `2^bits`. `real` is taken exactly (a float is a rational).

    Unless `s` is capped at `max_shift`, `M >= 2^(bits-1)` and the relative
    error `|M / 2^s - real| / real` is at most `1 / (2^bits - 1)`. A real of
    0 gives `(0, 0)`; a real that needs more than `bits` bits at shift 0 is a
    ValueError.
    """
    r = Fraction(real)
    if r < 0:
        raise ValueError(f"a multiplier must be >= 0, got {real}")
    if not 1 <= bits <= MULTIPLIER_BITS:
        raise ValueError(f"multiplier bits must be in [1, {MULTIPLIER_BITS}], got {bits}")
    if r == 0:
        return 0, 0
    limit = 2**bits - 1
    if round_half_away(r) > limit:
        raise ValueError(
            f"the multiplier {float(r)} does not fit in {bits} bits (it is >= 2^{bits})"
        )
    # floor(log2 r), exactly
    exponent = r.numerator.bit_length() - r.denominator.bit_length()
    if Fraction(2) ** exponent > r:
        exponent -= 1
    shift = max(0, min(max_shift, bits - 1 - exponent))
    while shift > 0 and round_half_away(r * 2**shift) > limit:
        shift -= 1
    while shift < max_shift and round_half_away(r * 2 ** (shift + 1)) <= limit:
        shift += 1
    return round_half_away(r * 2**shift), shift


def encode_multipliers(
    reals: Sequence[float | Fraction], bits: int = MULTIPLIER_BITS, max_shift: int = MAX_SHIFT
) -> tuple[list[int], int]:
    """Multipliers `M_i` sharing one shift `s`: the largest shift at which
    every `M_i = round_half_away(real_i * 2^s)` stays below `2^bits` (the
    smallest of the shifts `encode_multiplier` picks for each)."""
    shifts = [encode_multiplier(r, bits, max_shift)[1] for r in reals if Fraction(r) != 0]
    shift = min(shifts, default=0)
    return [round_half_away(Fraction(r) * 2**shift) for r in reals], shift


def accumulator_range(
    input_type: StorageRange,
    weight_type: StorageRange,
    reduction: int,
    bias_type: IntegerType | None = None,
) -> tuple[int, int]:
    """The exact range `[lo, hi]` of `bias + sum of reduction products
    (x - zx) * (w - zw[o])` over all output channels `o` (see the module
    docstring), for storage values in their types' ranges."""
    zx = input_type.zero_point
    a0, a1 = input_type.qmin - zx, input_type.qmax - zx
    lo = hi = None
    for zw in set(weight_type.zero_points):
        b0, b1 = weight_type.qmin - zw, weight_type.qmax - zw
        corners = (a0 * b0, a0 * b1, a1 * b0, a1 * b1)
        lo = reduction * min(corners) if lo is None else min(lo, reduction * min(corners))
        hi = reduction * max(corners) if hi is None else max(hi, reduction * max(corners))
    assert lo is not None and hi is not None
    if bias_type is not None:
        bias_lo, bias_hi = signed_range(bias_type.width.data)
        lo, hi = lo + bias_lo, hi + bias_hi
    return lo, hi


def accumulator_width(
    input_type: StorageRange,
    weight_type: StorageRange,
    reduction: int,
    bias_type: IntegerType | None = None,
) -> int:
    """The smallest accumulator width that can never overflow (the width
    the verifier of conv2d, dense and matmul requires)."""
    return integer_width(*accumulator_range(input_type, weight_type, reduction, bias_type))


def avgpool_window_counts(
    input_hw: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    output_hw: Sequence[int],
    count_include_pad: bool,
    dilations: Sequence[int] = (1, 1),
) -> np.ndarray:
    """The divisor `n` of every average-pooling window, an int64 `[OH, OW]`
    array: the taps (every `dilation`-th element from the window's start)
    inside the input (inside input plus explicit pads with
    `count_include_pad`; the extra ceil-mode area never counts)."""
    per_axis = []
    for axis in (0, 1):
        size, k, s, d = input_hw[axis], kernel[axis], strides[axis], dilations[axis]
        begin, end = pads[axis], pads[axis + 2]
        low, high = (-begin, size + end) if count_include_pad else (0, size)
        counts = []
        for j in range(output_hw[axis]):
            start = j * s - begin
            counts.append(sum(low <= start + i * d < high for i in range(k)))
        per_axis.append(np.array(counts, dtype=np.int64))
    return np.multiply.outer(per_axis[0], per_axis[1])
