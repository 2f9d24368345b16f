"""Arithmetic pipelining: how many register stages the engines' sums and
requantizations take, so that no path is longer than about one
multiply-accumulate (an 8x8-bit product added to an accumulator).

The RTL builders build exactly these stages and the timing models count
them; both read the functions here.

- An adder tree adds at most `ADDER_FAN_IN` numbers in one cycle: `n`
  terms reduce to at most `keep` in `adder_tree_stages(n, keep)` register
  stages, each summing groups of `ADDER_FAN_IN` consecutive terms. Synthesis
  adds several numbers as full adders side by side down to two numbers
  (`carry_save_levels`), then one carry chain: `ADDER_FAN_IN` is the most
  numbers whose full-adder levels are no more than a MAC's (an 8-bit
  multiplier's partial products and the accumulator).
- A multiplier known only at run time (a ROM of per-fold values) is cut
  into unsigned slices of `MULTIPLIER_SLICE_BITS` bits: each slice's
  product with the accumulator is about one MAC's multiplier, registered,
  and the slices' shifted products are summed by an adder tree. A constant
  multiplier is its canonical signed digits (`csd_digits`): shifted
  copies of the accumulator, no multiplier; so are constant weights.
- Requantization `clamp((acc * M + 2^(s-1) - [v<0] + zy * 2^s) >>> s)`
  (the zero point added before the shift, which is exact: `zy * 2^s` has
  no bits below the shift) is a sum of the multiplier's terms and up to
  four more (a constant, rounding, sign correction, zero point), all
  `requantize_bits` wide: a carry-save adder reduces them to two numbers
  (full adders side by side, no carry chain), whose sum is added in chunks
  of `ADD_CHUNK_BITS` bits, one chunk per stage with the carry registered
  between them (`carry_chunks`). The two numbers are registered unless
  the terms are few enough for one adder stage (`requantize_saves`: a
  constant multiplier of at most `ADDER_FAN_IN - 4` signed digits, such as
  the 1 of a requantization by shifts), when the first chunk adds them in
  the carry-save's cycle. The sum is shifted and
  clamped into the output register. `requantize_stages` counts the
  registers before the output register (`requantizer_stages` for one
  requantizer of a given multiplier).
- An engine that loads its output register from such a pipeline (the
  reduction, add and concat engines) carries each result's valid bit along
  the same registers, every one stepping only with the engine's `advance
  = !out_full | out_ready`: `shift_through` is that register chain in the
  timing models, and each added register adds one cycle of latency.
"""

from __future__ import annotations

import numpy as np

MULTIPLIER_SLICE_BITS = 8
"""The width of a slice of a run-time multiplier (one MAC's multiplier)."""


def carry_save_levels(terms: int) -> int:
    """The levels of full adders (3:2 compressors side by side, no carry
    chain) that reduce `terms` numbers to two, the carry-propagate
    addition's operands: each level turns every three numbers into two."""
    levels = 0
    while terms > 2:
        terms -= terms // 3
        levels += 1
    return levels


MAC_CARRY_SAVE_LEVELS = carry_save_levels(MULTIPLIER_SLICE_BITS + 1)
"""The full-adder levels of one multiply-accumulate: the partial products of
an 8-bit multiplier and the accumulator reduced to two numbers, then one
carry-propagate addition (how synthesis maps `acc + a * b`)."""

ADDER_FAN_IN = max(n for n in range(2, 4 * MULTIPLIER_SLICE_BITS) if carry_save_levels(n) <= MAC_CARRY_SAVE_LEVELS)
"""The most numbers an adder adds in one cycle: as many as reduce to two in
a MAC's full-adder levels (9 numbers in 4 levels), then one carry-propagate
addition of about a MAC's accumulator width -- a register fewer per stage
than a smaller fan-in, for a path of about one MAC."""

ADD_CHUNK_BITS = 24
"""The longest carry chain of one cycle (about a MAC's accumulator)."""


def adder_tree_stages(terms: int, keep: int) -> int:
    """Register stages that reduce `terms` numbers to at most `keep`
    (`keep >= 1`), each stage adding groups of `ADDER_FAN_IN`."""
    stages = 0
    while terms > keep:
        terms = -(-terms // ADDER_FAN_IN)
        stages += 1
    return stages


def csd_digits(value: int, bits: int) -> list[tuple[int, int]]:
    """The canonical signed digits (non-adjacent form) of `value` read as a
    `bits`-bit two's complement number: `(d, k)` pairs, `d` in {1, -1},
    increasing `k < bits`, no two `k` adjacent, with `sum d * 2^k = value
    mod 2^bits` -- the fewest non-zero digits of any signed-digit form. A
    top digit (`k = bits - 1`) is `+1`: modulo `2^bits` its sign is
    immaterial."""
    v = value & ((1 << bits) - 1)
    if v >> (bits - 1):
        v -= 1 << bits
    digits: list[tuple[int, int]] = []
    k = 0
    while v:
        if v & 1:
            d = 2 - (v & 3)  # v = 1 mod 4: +1, v = 3 mod 4: -1; v - d = 0 mod 4
            digits.append((d, k))
            v -= d
        v >>= 1
        k += 1
    return [(1 if k == bits - 1 else d, k) for d, k in digits if k < bits]


def signed_digits(value: int) -> list[tuple[int, int]]:
    """The canonical signed digits of the integer `value` (not modular)."""
    return csd_digits(value, abs(value).bit_length() + 2)


def folds_vary(values: np.ndarray, folds: int, pe: int) -> bool:
    """Whether a per-channel parameter `[N]`, as `[folds, pe]` with a partial
    last fold padded with 0, differs between folds (then it is a ROM)."""
    table = np.zeros(folds * pe, np.int64)
    table[: len(values)] = values
    table = table.reshape(folds, pe)
    return bool((table != table[:1]).any())


def requantize_bits(acc_bits: int, m_bits: int, y_bits: int, max_shift: int) -> int:
    """The two's complement width that holds `acc * M + 2^(s-1) - [v<0] +
    zy * 2^s` for every accumulator of `acc_bits` bits, multiplier of
    `m_bits` bits, shift up to `max_shift` and output zero point of
    `y_bits` bits."""
    return max(acc_bits + m_bits, y_bits + max_shift + 1, max_shift + 2) + 2


def carry_chunks(bits: int) -> int:
    """The stages of a carry-propagate addition of `bits` bits cut into
    chunks of at most `ADD_CHUNK_BITS`, the carry registered between them."""
    return -(-bits // ADD_CHUNK_BITS)


REQUANTIZE_MORE_TERMS = 4
"""The terms a requantizer adds beside its multiplier's: a constant,
rounding, sign correction and zero point."""


def requantize_saves(m_bits: int, runtime_multiplier: bool) -> bool:
    """Whether a requantizer registers its carry-save pair (module
    docstring): always behind a `runtime_multiplier`'s registered slices,
    else when a constant of `m_bits` bits may have more signed digits (at
    most `m_bits // 2 + 1`) than fit with the other terms in one adder
    stage."""
    return runtime_multiplier or m_bits // 2 + 1 + REQUANTIZE_MORE_TERMS > ADDER_FAN_IN


def requantizer_stages(acc_bits: int, m_bits: int, y_bits: int, max_shift: int, runtime_multiplier: bool) -> int:
    """Registers between a requantizer's accumulator and its output
    register (module docstring): the slices' products of a `runtime_multiplier`
    (else a constant's signed digits, no register), the carry-save pair
    when `requantize_saves`, and the chunks of the final addition."""
    bits = requantize_bits(acc_bits, m_bits, y_bits, max_shift)
    return int(runtime_multiplier) + int(requantize_saves(m_bits, runtime_multiplier)) + carry_chunks(bits)


def constant_sum_stages(bits: int) -> int:
    """Registers of the exact sum of many `bits`-bit terms (products by
    constants as their signed digits): carry-saved to two numbers
    (registered), then added a chunk per stage."""
    return 1 + carry_chunks(bits)


def multiplier_bits(multipliers: np.ndarray) -> int:
    """The unsigned bits of the largest multiplier (at least 1)."""
    return max(1, int(np.max(multipliers, initial=0)).bit_length())


def requantize_stages(
    multipliers: np.ndarray, shifts: np.ndarray, folds: int, pe: int, acc_bits: int, y_bits: int
) -> int:
    """Registers between the accumulator and the output register (module
    docstring): the slices' products when the multiplier is a ROM, the
    carry-save sum of the terms, and the chunks of the final addition."""
    return requantizer_stages(
        acc_bits, multiplier_bits(multipliers), y_bits, int(np.max(shifts, initial=0)), folds_vary(multipliers, folds, pe)
    )


def shift_through(pipe: tuple[int, ...], valid: int) -> tuple[int, tuple[int, ...]]:
    """One `advance` of a chain of valid bits (module docstring): `valid`
    enters the first register; returns the bit that reaches the output
    register and the chain after the edge."""
    if not pipe:
        return valid, pipe
    return pipe[-1], (valid, *pipe[:-1])


__all__ = [
    "ADDER_FAN_IN",
    "ADD_CHUNK_BITS",
    "MAC_CARRY_SAVE_LEVELS",
    "MULTIPLIER_SLICE_BITS",
    "REQUANTIZE_MORE_TERMS",
    "adder_tree_stages",
    "carry_chunks",
    "carry_save_levels",
    "constant_sum_stages",
    "csd_digits",
    "folds_vary",
    "multiplier_bits",
    "requantize_bits",
    "requantize_saves",
    "requantize_stages",
    "requantizer_stages",
    "shift_through",
    "signed_digits",
]
