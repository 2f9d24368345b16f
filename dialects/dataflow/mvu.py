"""`dataflow.mvu`: the matrix-vector unit, a dense layer with its
requantization (`qnt.dense` + `qnt.requantize`, ReLU/clamp folded into
`min`/`max`):

    %y = dataflow.mvu %x, %w, %b pe 4 simd 8 accumulator i20 multipliers [...] shifts [...] min -128 : (!sx, tensor<NxKx!qw>, tensor<Nxi32>) -> !sy

The input frame has shape `[..., K]` (`R = prod(shape[:-1])` rows, one for a
dense layer), the output `[..., N]`; weights `w: [N, K]` and the optional
bias `b: [N]` are `qnt.constant`s of the graph. Per row and output channel:

    acc[o] = b[o] + sum_k (x[k] - zx) * (w[o, k] - zw[o])               (accumulator type, never overflows)
    y[o]   = clamp(rshift_round(acc[o] * M[o], s[o]) + zy, min, max)      (qnt.requantize, per channel or one M, s)

`accumulator` is the signless type of `acc`; it must hold every value the
sum can take (`qnt.accumulator_width`), and then also every partial sum
(each partial sum is the bias plus a subset of the products, and the
product range contains 0). Folding: `pe` output lanes (`1 <= pe <= N`),
`simd` input lanes (`1 <= simd <= K`): `NF = ceil(N / pe)` neuron folds,
`SF = ceil(K / simd)` synapse folds. The input stream has `simd` lanes (`R
* SF` beats per frame), the output stream `pe` lanes (`R * NF` beats: fold
`nf` of row `r` carries channels `nf*pe .. nf*pe + pe - 1`). An absent `pe`
or `simd` is 1 and not chosen yet (`tile` chooses it; a given one is kept).

A factor need not divide its size: the last fold is then partial, its
lanes past `N` (or `K`) padding. This is what lets a layer of 10 outputs
use 4 output lanes in 3 folds, and a pipeline use a multiplier budget that
its layers' divisors cannot add up to. Padding is per frame (streams), so
with more than one row per frame (`R > 1`) `pe` must divide `N` and `simd`
must divide `K`, unless the input's rows are padded: an input frame `[...,
K']` with `K' = SF * simd` carries each row's `K` inputs and then `K' - K`
padding elements (a window generator's padded windows,
`asic.dialects.dataflow.swg`), and `simd` need not divide `K`; `tile`
chooses such a `simd` when the producer can pad its rows
(`EngineOp.pads_rows`). Padded input lanes meet weights equal to the zero point
(`w - zw = 0`: no contribution, whatever their value); padded output
channels have weight, bias and multiplier 0 and produce padding.

The ROM holds `NF * SF` words of `pe * simd` weights, word `nf * SF + sf`,
lane `p * simd + s` holding `w[nf*pe + p, sf*simd + s]` (`MvuOp.rom_words`;
padding: `zw[o]` past `K`, 0 past `N`); `pe * simd` multipliers.

Several rows per beat (`pixels p`, the windows of `p` output pixels): at
the fastest folding only (`pe = N`, `simd = K`, rows unpadded), `p`
dividing `R`; the input stream has `p*K` lanes (`p` whole rows), the
output `p*N` (the stream layout is unchanged: consecutive elements of the
frame). The hardware is `p` copies of the one-row datapath in lockstep
sharing the weights (`asic.lowering.rtl.pixels`): `p*N*K` multipliers, the
timing below over `R/p` rows. `tile` chooses `p` (`pixels_factor`) once
`pe` and `simd` are exhausted.

Digit-serial weights (`weight_digits d`, `d` dividing the weights' bits
`wb`; absent: 1): each multiplier takes one `b = wb/d`-bit digit of its
weight per step, least significant first, and the step's products are
shifted left by `b * j` for digit `j` as they are accumulated, so a fold
takes `d` steps and a multiplier is the input's bits times `b + 1` (a
digit and its sign) instead of `wb`. What that saves is what the cost
model counts, in full-multiplier equivalents of area (`digit_multiplier_cost`):

    cost(d) = 1 for d = 1,  1/4 + 3/4 * max((b + 1) / wb, 1/2) for d > 1

Not `1/d`: mapped by Yosys onto OSU 0.18 um with the flow's script
(`bench/bench_digits.py`), a multiplier alone with its shift and
accumulate shrinks to 0.63 of the area of an 8x8 multiply-accumulate for
4-bit digits, 0.48 and 0.50 for 2-bit and 1-bit ones (`max((b + 1) / wb,
1/2)`: the array shrinks with the digit, the accumulator, the shift
multiplexer and the sign handling do not), and a lane of an engine
(its product register and share of the adder tree too, which keep the
lane's width) to 0.72, 0.57 and 0.60 of a full lane: about a quarter of
a lane does not shrink. For 8-bit weights the model says 23/32, 5/8, 5/8.
Two's complement exactly:

    w = sum_j digit_j * 2^(b*j),  digit_j = (w >> b*j) mod 2^b  (0 <= digit_j < 2^b)  for j < d-1,
                                  digit_{d-1} = w >> b*(d-1)    (signed if the weights are)

(`weight_digit_values`). Digits need weights with zero point 0 (the
products are of the stored weights) and one row per beat. The ROM then
holds `NF * SF * d` words of `pe * simd` digits, word `(nf * SF + sf) * d +
j` (the same bits); the step counter runs over `(r, nf, sf, j)`, `j`
innermost, and an input beat moves at `j = 0` only (the following digits
of the fold reuse the registered beat). In what follows a *step* is one
`(nf, sf, j)` and a fold has `SF * d` of them.

Timing (`T = R * NF * SF * d` steps per frame). A step counter runs over
`(r, nf, sf)`, `sf` innermost. In every cycle with `advance`, the step at
the counter *issues* unless it needs an input beat that is not there:

    in_ready = advance & nf == 0 & j == 0
    issue    = advance & (nf != 0 | j != 0 | in_valid)
    edge, if advance:  out_full <= the last pipeline register;
                       every pipeline register <= the one before it;
                       the first <= issue & sf == SF-1 & j == d-1;
                       if issue: counter <= next (r, nf, sf, j)

Stage 0 (the issue cycle): the ROM address `(nf * SF + sf) * d + j`; for `nf == 0`
the input beat moves and is registered (and written to a `K`-element
row buffer at `sf` when `NF > 1`); for `nf > 0` the row buffer is read at
`sf`. Stage 1 (the next cycle, `v1`): the pe x simd products, registered,
then an adder tree (`asic.dialects.dataflow.pipeline`); `accumulate`
stages after stage 0: `acc <= (sf == 0 ? b[...] : acc) + the tree's sums`,
per output lane (the tree's sums shifted by `b * j` with digits). After
the last step of a fold: the requantization of
`acc` (`requantize` register stages), then the output register
(`out_full`). So an output beat is valid `MVU_OUTPUT_DELAY = 3` cycles
plus the pipeline registers (`mvu_stages`) after its fold's last step
issued. Alone: `II = T` (one step per cycle, the next frame's first step
right after the last), latency `T + 2 + stages`. A fully parallel MVU
(`NF = SF = d = 1`: its weights are constants, no ROM to wait for) has no
stage 0 register: its adder tree takes the input beat as it moves (output
delay 2 plus the pipeline registers, `mvu_output_delay`). The row
buffer is written in fold 0 and read by folds 1..NF-1; the next row's
fold 0 overwrites entry `sf` only after the last read of it.

FIFO in front (`schedule`). The MVU takes the `SF` input beats of a row only
during its first fold, one per cycle (one per `d` cycles with digits), and
then takes nothing for `(NF - 1) * SF * d` cycles while it reuses the row
from its buffer: in all it takes no beat in `W = NF * SF * d - SF` cycles
of a row's `NF * SF * d`, counted as if they came in one run (exact
without digits, a bound with them). A producer whose
output beats (of `pe_P` lanes) come at least `S_P` cycles apart (an MVU's
`S_P` is its `SF * d`) delivers at most `floor(W / S_P) + 1` of them,
`(floor(W / S_P) + 1) * pe_P` elements, in any `W` cycles: what the
consumer's `simd` lanes take as

    need = min(SF, ceil((floor(W / S_P) + 1) * pe_P / simd))

beats (never more than a row: with a row buffered the consumer has what its
next first fold reads). The FIFO holds them while the MVU is busy, and one
more entry keeps its `ready` (count < depth) high for the beat that arrives
when it fills: `depth = need + 1`. With `W = 0` (one neuron fold, no digits) the MVU
takes a beat every cycle and needs no FIFO; the graph's input needs none
either (the host waits).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import IntegerAttr, IntegerType
from xdsl.ir import SSAValue
from xdsl.irdl import (
    irdl_op_definition,
    opt_prop_def,
)

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, i64_attr, shape_of
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, symbols
from asic.dialects.dataflow.engine import (
    PIXELS,
    EngineOp,
    Factor,
    Producer,
    TimingModel,
    divisors,
    expect_identity_order,
    factor_value,
    pixel_counts,
    quantized_element,
)
from asic.dialects.dataflow.pipeline import (
    ADDER_FAN_IN,
    adder_tree_stages,
    requantize_stages,
    signed_digits,
)
from asic.dialects.dataflow.requantized import REQUANTIZATION_SYNTAX, RequantizedEngine
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.qnt import (
    UniformQuantizedType,
)
from asic.dialects.qnt_kernels import INT, dense_accumulate, requantize
from asic.dialects.syntax import INT as INT_KIND
from asic.dialects.syntax import PropertyKind

MVU_OUTPUT_DELAY = 3
"""Cycles from the issue of a fold's last step to its output beat being
valid in an MVU without pipeline registers (stage 1 accumulates, stage 2
requantizes into the output register)."""

FULLY_PARALLEL_MVU_OUTPUT_DELAY = 2
"""The same for a fully parallel MVU (`NF = SF = 1`), which accumulates in
the issue cycle."""


def mvu_stages(
    neuron_folds: int, synapse_folds: int, simd: int, pe: int, weights: np.ndarray,
    multipliers: np.ndarray, shifts: np.ndarray, acc_bits: int, y_bits: int, digits: int = 1,
) -> tuple[int, int]:
    """`(accumulate, requantize)`: the pipeline registers of an MVU
    (`asic.dialects.dataflow.pipeline`) in front of its accumulator (a
    folded engine's registered products and the adder tree of its `simd`
    products; a fully parallel engine's adder tree of the signed digits of
    a lane's effective weights `weights` `[N, K]`, `w - zw`) and between
    the accumulator and the output register (the requantization of sums
    of `acc_bits` bits, `RequantizedEngine.sum_bits`); `digits` weight
    digits (a digit-serial engine is folded)."""
    keep = ADDER_FAN_IN - 1  # the accumulator (or bias) is the last stage's other number
    if neuron_folds == synapse_folds == digits == 1:
        terms = max((sum(len(signed_digits(int(w))) for w in lane) for lane in weights), default=0)
        accumulate = adder_tree_stages(terms, keep)
    else:
        accumulate = 1 + adder_tree_stages(simd, keep)
    return accumulate, requantize_stages(multipliers, shifts, neuron_folds, pe, acc_bits, y_bits)


def mvu_output_delay(neuron_folds: int, synapse_folds: int, stages: tuple[int, int] = (0, 0), digits: int = 1) -> int:
    """`MVU_OUTPUT_DELAY`, or 2 for a fully parallel MVU, plus its pipeline
    registers `stages` (`mvu_stages`)."""
    base = MVU_OUTPUT_DELAY
    if neuron_folds == synapse_folds == digits == 1:
        base = FULLY_PARALLEL_MVU_OUTPUT_DELAY
    return base + sum(stages)


def mvu_cycles(rows: int, n: int, k: int, pe: int, simd: int, digits: int = 1) -> int:
    """The cycles of the cost model at integers, `R * ceil(N/pe) *
    ceil(K/simd) * weight_digits` (the inner loop of `tile`; equal to the
    sympy formula, checked by the tests)."""
    return rows * -(-n // pe) * -(-k // simd) * digits


def digit_multiplier_cost(w_bits: int, digits: int) -> Fraction:
    """The full-multiplier equivalents of one multiplier taking its
    `w_bits`-bit weight in `digits` digits (module docstring), exactly the
    cost model's factor."""
    if digits == 1:
        return Fraction(1)
    return Fraction(1, 4) + Fraction(3, 4) * max(Fraction(w_bits // digits + 1, w_bits), Fraction(1, 2))


def weight_digit_values(weights: np.ndarray, bits: int, digits: int, signed: bool) -> np.ndarray:
    """The `digits` digits of `bits`-bit weights, `[digits, *weights.shape]`,
    least significant first (module docstring): `b = bits / digits` bits
    each, unsigned but the top one, which is signed when the weights are;
    `sum_j digit_j << (b * j)` is the weight."""
    b = bits // digits
    w = np.asarray(weights, np.int64)
    values = [(w >> (b * j)) & ((1 << b) - 1) for j in range(digits - 1)]
    top = w >> (b * (digits - 1))
    values.append(top if signed else top & ((1 << b) - 1))
    return np.stack(values)


DIGITS = "weight_digits"
"""The name of the factor (and property) of digit-serial weights."""


def mvu_factors(
    rows: int, n: int, k: int, pe: int | None = None, simd: int | None = None, padded_rows: bool = False
) -> tuple[Factor, Factor]:
    """The folding factors of an MVU of `rows` rows, `n` outputs, `k`
    inputs: `pe` over the outputs, `simd` over the inputs (divisors only
    with several rows, but for `simd` when the producer pads the rows).
    A single row pads its own last fold and takes exactly `k` inputs, so
    behind a producer that pads (which pads whenever `simd` does not divide
    its rows) its `simd` divides `k` too."""
    return (Factor("pe", n, pe, rows > 1), Factor("simd", k, simd, (rows > 1) != padded_rows))


@irdl_op_definition
class MvuOp(RequantizedEngine, EngineOp):
    """Matrix-vector unit: a dense layer and its requantization (module
    docstring)."""

    name = "dataflow.mvu"

    pe = opt_prop_def(IntegerAttr)
    simd = opt_prop_def(IntegerAttr)
    weight_digits = opt_prop_def(IntegerAttr)
    pixels = opt_prop_def(IntegerAttr)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "pe": INT_KIND, "simd": INT_KIND, DIGITS: INT_KIND, **REQUANTIZATION_SYNTAX, "pixels": INT_KIND,
    }  # fmt: skip
    NOUN: ClassVar[str] = "MVU"

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue,
        bias: SSAValue | None,
        output: UniformQuantizedType,
        accumulator: IntegerType,
        multipliers: Sequence[int],
        shifts: Sequence[int],
        *,
        pe: int | None = None,
        simd: int | None = None,
        min: int | None = None,
        max: int | None = None,
    ):
        """The output stream has `pe` lanes and the input's frame shape with
        its last dimension replaced by the weights' rows."""
        x = stream_type_of(input)
        n = shape_of(weight)[0]
        out = StreamType(output, pe or 1, (*x.frame_shape[:-1], n))
        properties = self.requantization_properties(accumulator, multipliers, shifts, pe=pe, simd=simd, min=min, max=max)
        super().__init__(operands=[input, weight, bias], result_types=[out], properties=properties)

    # Python views ------------------------------------------------------------
    @property
    def pe_value(self) -> int:
        return factor_value(self, "pe")

    @property
    def simd_value(self) -> int:
        return factor_value(self, "simd")

    @property
    def pixels_value(self) -> int:
        """`p`, rows per beat (1 when absent)."""
        return factor_value(self, "pixels")

    @property
    def digits_value(self) -> int:
        """`d`, the weight digits (1 when absent: whole weights)."""
        return factor_value(self, DIGITS)

    @property
    def fold_steps(self) -> int:
        """The steps of a fold, `SF * d`."""
        return self.synapse_folds * self.digits_value

    @property
    def out_features(self) -> int:
        """N, the weights' rows."""
        return shape_of(self.weight)[0]

    @property
    def in_features(self) -> int:
        """K, the reduction length."""
        return shape_of(self.weight)[1]

    @property
    def rows(self) -> int:
        """R, the rows of a frame (1 for a dense layer of one sample)."""
        return math.prod(self.input_stream.frame_shape[:-1])

    @property
    def neuron_folds(self) -> int:
        """NF = ceil(N / pe)."""
        return -(-self.out_features // self.pe_value)

    @property
    def synapse_folds(self) -> int:
        """SF = ceil(K / simd)."""
        return -(-self.in_features // self.simd_value)

    @property
    def requantized_channels(self) -> int:
        return self.out_features

    @property
    def reduction_length(self) -> int:
        return self.in_features

    def bias_array(self) -> np.ndarray | None:
        """The bias `[N]` (int64), or None."""
        if self.bias is None:
            return None
        owner = self.bias.owner
        assert isinstance(owner, qnt.ConstantOp)
        return array_from_dense(owner.value).astype(np.int64)

    def effective_weights(self) -> np.ndarray:
        """`w - zw`, `[N, K]` (int64)."""
        return self.weight_array() - self.weight_zero_points()[:, None]

    def weight_zero_points(self) -> np.ndarray:
        """`zw[o]` for every output channel `[N]`."""
        zw = np.asarray(self.weight_type.zero_points, np.int64)
        return np.broadcast_to(zw, (self.out_features,)) if zw.size == 1 else zw

    def rom_words(self) -> np.ndarray:
        """The weights of the ROM, `[NF * SF, pe * simd]` stored weights: word `nf *
        SF + sf`, lane `p * simd + s` is `w[nf*pe + p, sf*simd + s]`,
        padded with `zw[o]` past `K` and 0 past `N` (module docstring; with
        weight digits each is `d` words of their digits, `digit_rom_words`)."""
        pe, simd = self.pe_value, self.simd_value
        nf, sf = self.neuron_folds, self.synapse_folds
        n, k = self.out_features, self.in_features
        w = np.zeros((nf * pe, sf * simd), np.int64)
        w[:n, :] = self.weight_zero_points()[:, None]
        w[:n, :k] = self.weight_array()
        w = w.reshape(nf, pe, sf, simd)
        return np.ascontiguousarray(w.transpose(0, 2, 1, 3)).reshape(nf * sf, pe * simd)

    def digit_rom_words(self) -> np.ndarray:
        """The ROM of a digit-serial engine, `[NF * SF * d, pe * simd]`: word
        `(nf * SF + sf) * d + j` holds digit `j` of the weights of word `nf *
        SF + sf` of `rom_words` (`weight_digit_values`)."""
        w = self.weight_type
        digits = weight_digit_values(self.rom_words(), w.bits, self.digits_value, w.signed)
        return np.ascontiguousarray(digits.transpose(1, 0, 2)).reshape(-1, self.pe_value * self.simd_value)

    # The engine interface ------------------------------------------------------
    @property
    def engine_label(self) -> str:
        return self.weight_name

    def required_input_lanes(self, port: int) -> int | None:
        return self.pixels_value * self.simd_value

    def output_lanes(self, port: int) -> int | None:
        return self.pixels_value * self.pe_value

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """`NF = ceiling(N/pe)`, `SF = ceiling(K/simd)`, `d` weight digits:
        cycles `R*NF*SF*d`, latency `cycles + 2` (`+ 1` fully parallel)
        plus the `pipeline` registers (`mvu_stages`), `pe*simd` multipliers
        at `digit_multiplier_cost` each (full-multiplier equivalents, module
        docstring), a ROM of `NF*SF*d` words of `pe*simd*w_bits/d` bits."""
        import sympy as sp

        r, n, k, pe, simd, w_bits, pipeline, pixels, digits = symbols(f"R N K pe simd w_bits pipeline pixels {DIGITS}")
        rom_words = sp.ceiling(n / pe) * sp.ceiling(k / simd) * digits
        cycles = r * rom_words / pixels
        delay = sp.Piecewise(
            (FULLY_PARALLEL_MVU_OUTPUT_DELAY - 1, sp.Eq(rom_words, 1)), (MVU_OUTPUT_DELAY - 1, True)
        )
        return CostModel(
            cycles=cycles,
            latency=cycles + delay + pipeline,
            multipliers=pixels * pe * simd * sp.Piecewise(
                (1, sp.Eq(digits, 1)),
                (sp.Rational(1, 4) + sp.Rational(3, 4) * sp.Max((w_bits / digits + 1) / w_bits, sp.Rational(1, 2)), True),
            ),
            rom_bits=rom_words * pe * simd * w_bits / digits,
            rom_word_bits=pe * simd * w_bits / digits,
            rom_words=rom_words,
            macs=r * n * k,
            parameters=("R", "N", "K", "w_bits", "pe", "simd"),
            optional_parameters=(DIGITS,),
            table=("cycles", "multipliers", "rom_bits", "rom_word_bits"),
        )

    def cost_values(self) -> dict[str, int]:
        return {
            "R": self.rows,
            "N": self.out_features,
            "K": self.in_features,
            "pe": self.pe_value,
            "simd": self.simd_value,
            "pixels": self.pixels_value,
            DIGITS: self.digits_value,
            "w_bits": self.weight_type.bits,
            "pipeline": sum(self.pipeline_stages()),
        }

    def folding_factors(self) -> tuple[Factor, ...]:
        """`pe`, `simd` (`mvu_factors`) and the weight digits (`digits_factor`)."""
        pe, simd = self.pe, self.simd
        return mvu_factors(
            self.rows,
            self.out_features,
            self.in_features,
            pe.value.data if pe is not None else None,
            simd.value.data if simd is not None else None,
            self.producer_pads_rows(),
        ) + (self.digits_factor(),)

    def digits_factor(self) -> Factor:
        """The weight digits: a divisor of the weights' bits when their
        zero points are 0, else 1."""
        fixed = self.weight_digits.value.data if self.weight_digits is not None else None
        bits = self.weight_type.bits
        symmetric = not self.weight_zero_points().any()
        return Factor(DIGITS, bits, fixed, values=tuple(divisors(bits)) if symmetric else (1,), quiet=1)

    def producer_pads_rows(self) -> bool:
        """Whether the engine whose beats reach the input can pad its rows
        (`EngineOp.pads_rows`)."""
        from asic.dialects.dataflow.graph import producer_of

        producer = producer_of(self.input)
        return producer is not None and producer.op.pads_rows(producer.port)

    @property
    def padded_rows(self) -> bool:
        """Whether the input's rows end in padding (module docstring)."""
        return self.input_stream.frame_shape[-1] > self.in_features

    def pixels_factor(self) -> Factor | None:
        """Several windows per beat for a convolution (frames `[1, OH, OW,
        K]`, unpadded rows): the counts a window generator emits
        (`pixel_counts`)."""
        shape = self.input_stream.frame_shape
        if self.rows == 1 or len(shape) != 4 or self.padded_rows:
            return None
        fixed = self.pixels.value.data if self.pixels is not None else None
        return Factor(PIXELS, self.rows, fixed, values=tuple(pixel_counts(shape[1], shape[2])))

    def folded_cost(self, values: Sequence[int]) -> tuple[int, Fraction]:
        """`pe`, `simd`, the weight digits `d` and (when given) `pixels`:
        `pe*simd` multipliers per pixel at `digit_multiplier_cost` each;
        several pixels only at `pe = N`,
        `simd = K`, `d = 1` (else no choice: `sys.maxsize` cycles)."""
        pe, simd, digits, *rest = values
        pixels = rest[0] if rest else 1
        n, k = self.out_features, self.in_features
        multipliers = pixels * pe * simd * digit_multiplier_cost(self.weight_type.bits, digits)
        if pixels > 1 and (pe != n or simd != k or digits != 1 or self.rows % pixels):
            return sys.maxsize, multipliers
        return mvu_cycles(self.rows, n, k, pe, simd, digits) // pixels, multipliers

    def apply_folding(self, values: Sequence[int]) -> None:
        """`pe`, `simd`, and the weight digits and `pixels` when above 1."""
        pe, simd, digits, *rest = values
        super().apply_folding((pe, simd))
        if digits > 1:
            self.properties[DIGITS] = i64_attr(digits)
        if rest and rest[0] > 1:
            self.properties[PIXELS] = i64_attr(rest[0])

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        cycles = self.rows // self.pixels_value * self.neuron_folds * self.fold_steps
        return cycles, cycles + self.output_delay() - 1

    def pipeline_stages(self) -> tuple[int, int]:
        """`mvu_stages` of this engine."""
        return mvu_stages(
            self.neuron_folds, self.synapse_folds, self.simd_value, self.pe_value,
            self.effective_weights(), *self.channel_multipliers(),
            self.sum_bits(), self.output_type.storage_type.width.data, self.digits_value,
        )  # fmt: skip

    def output_delay(self) -> int:
        """Cycles from the issue of a fold's last step to its output beat."""
        return mvu_output_delay(self.neuron_folds, self.synapse_folds, self.pipeline_stages(), self.digits_value)

    def timing_model(self) -> MvuTiming:
        return MvuTiming(self)

    def output_beat_spacing(self, port: int) -> int:
        """An output beat per neuron fold, each `SF * d` cycles."""
        return self.fold_steps

    def input_fifo_depth(self, port: int, producer: Producer | None) -> int:
        """`need + 1` beats (module docstring), 0 for none."""
        busy = self.neuron_folds * self.fold_steps - self.synapse_folds
        if busy == 0 or producer is None:
            return 0
        spacing = producer.op.output_beat_spacing(producer.port)
        arriving = (busy // spacing + 1) * producer.lanes
        need = min(self.synapse_folds, math.ceil(arriving / self.simd_value))
        return need + 1

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The output beats `[B, R*NF, pe]` given the input beats `[B, R*SF,
        simd]`, the folding loop in hardware order: per row and neuron fold
        `nf` the accumulators start at the bias and add, for each synapse
        fold `sf` and weight digit `j`, the products of one input beat with
        one ROM word (`qnt_kernels.dense_accumulate`) shifted by the digit's
        place, then are requantized
        (`qnt_kernels.requantize`) into one output beat. A partial last
        fold runs on the ROM's padding (weights `zw` past `K`, channels of
        weight, bias and multiplier 0 past `N`), its padding lanes set to 0.
        Rows and samples are vectorized, the `(nf, sf)` loop is not."""
        (beats,) = inputs
        count = beats.shape[0]
        rows, pe, simd = self.rows, self.pe_value, self.simd_value
        nf_count, sf_count, digits = self.neuron_folds, self.synapse_folds, self.digits_value
        place = self.weight_type.bits // digits
        n, padded_n = self.out_features, nf_count * pe
        x = beats.reshape(count * rows, sf_count, simd)
        rom = self.digit_rom_words().reshape(nf_count, sf_count, digits, pe, simd)
        zw = _pad(self.weight_zero_points(), padded_n)
        bias = self.bias_array()
        bias = _pad(bias, padded_n) if bias is not None else None
        multipliers, shifts = (_pad(v, padded_n) for v in self.channel_multipliers())
        zx = self.input_type.zero_point
        zy = self.output_type.zero_point
        lo, hi = self.bounds()
        out = np.empty((count * rows, nf_count, pe), dtype=INT)
        for nf in range(nf_count):
            channels = slice(nf * pe, (nf + 1) * pe)
            acc = np.zeros((count * rows, pe), dtype=INT)
            if bias is not None:
                acc = acc + bias[channels]
            for sf, j in itertools.product(range(sf_count), range(digits)):
                acc = acc + (dense_accumulate(x[:, sf, :], zx, rom[nf, sf, j], zw[channels], None) << (place * j))
            out[:, nf, :] = requantize(acc, multipliers[channels], shifts[channels], zy, lo, hi)
        out = out.reshape(count * rows, padded_n)
        out[:, n:] = 0
        return [out.reshape(count, rows * nf_count // self.pixels_value, self.pixels_value * pe)]

    # Verification ----------------------------------------------------------------
    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        quantized_element("input stream", x)
        quantized_element("output stream", y)
        expect_identity_order("input stream", x)
        expect_identity_order("output stream", y)
        w_shape = shape_of(self.weight)
        if len(w_shape) != 2:
            fail(f"weights must have shape [N, K], got {list(w_shape)}")
        n, k = w_shape
        w_type = self.weight_type
        if w_type.is_per_axis and (w_type.axis != 0 or len(w_type.scales) != n):
            fail(f"weights may be quantized per axis only along their {n} rows (axis 0), got {w_type}")
        if not isinstance(self.weight.owner, qnt.ConstantOp):
            fail("weights must be a qnt.constant of the graph (the ROM's contents)")
        if self.bias is not None:
            if not isinstance(self.bias.owner, qnt.ConstantOp):
                fail("the bias must be a qnt.constant of the graph")
            if shape_of(self.bias) != (n,):
                fail(f"bias must have shape [{n}], got {list(shape_of(self.bias))}")
        simd = max(self.simd_value, 1)  # a simd out of range is said below
        padded = -(-k // simd) * simd
        if x.frame_shape[-1] != k and (self.rows == 1 or x.frame_shape[-1] != padded):
            fail(
                f"input frame {list(x.frame_shape)} must end in the {k} inputs of the "
                f"weights {list(w_shape)}"
                + (f", or in {padded} (rows padded to a multiple of simd)" if padded != k and self.rows > 1 else "")
            )
        expected = (*x.frame_shape[:-1], n)
        if y.frame_shape != expected:
            fail(f"output frame must have shape {list(expected)}, got {list(y.frame_shape)}")
        for name, size, what in (("pe", n, "output channels"), ("simd", k, "inputs")):
            attr = self.properties.get(name)
            if attr is None:
                continue
            value = factor_value(self, name)
            if not 1 <= value <= size:
                fail(f"{name} {value} must be in [1, {size}] (the {size} {what})")
            if self.rows > 1 and size % value and not (name == "simd" and self.padded_rows):
                fail(
                    f"{name} {value} must divide the {size} {what}: with {self.rows} rows per "
                    "frame a partial fold would straddle rows (padding is per frame)"
                )
        pixels = self.pixels_value
        if pixels > 1:
            self._verify_pixels(pixels, n, k, x.frame_shape[-1])
        if self.weight_digits is not None:
            self._verify_digits(self.digits_value, pixels)
        if x.lane_count != pixels * self.simd_value:
            lanes = "simd" if pixels == 1 else f"pixels*simd = {pixels * self.simd_value}"
            fail(
                f"input stream has {x.lane_count} lanes per beat, simd is {self.simd_value}: "
                f"the producer's lanes must equal {lanes} (insert a dataflow.dwc between them)"
            )
        if y.lane_count != pixels * self.pe_value:
            lanes = f"pe = {self.pe_value}" if pixels == 1 else f"pixels*pe = {pixels * self.pe_value}"
            fail(f"output stream must have {lanes} lanes, got {y.lane_count}")
        self.verify_requantization()


    def _verify_pixels(self, pixels: int, n: int, k: int, row: int) -> None:
        """`p` rows per beat: at the fastest folding (`pe = N`, `simd = K`,
        rows unpadded), `p` dividing the rows of a frame."""
        if pixels < 1 or self.rows % pixels:
            fail(f"pixels {pixels} must divide the {self.rows} rows of a frame")
        if self.pe_value != n or self.simd_value != k or row != k:
            fail(
                f"pixels {pixels} (several rows per beat) needs the fastest folding, pe = {n} and "
                f"simd = {k} (unpadded rows), got pe {self.pe_value} simd {self.simd_value}"
            )


    def _verify_digits(self, digits: int, pixels: int) -> None:
        """`d` weight digits: dividing the weights' bits; above 1, weights
        of zero point 0 and one row per beat."""
        bits = self.weight_type.bits
        if digits < 1 or bits % digits:
            fail(f"weight_digits {digits} must divide the {bits} bits of the weights (digits of equal bits)")
        if digits == 1:
            return
        if self.weight_zero_points().any():
            fail(f"weight_digits {digits} needs weights of zero point 0 (the digits are of the stored weights)")
        if pixels > 1:
            fail(f"weight_digits {digits} needs one row per beat, got pixels {pixels}")


def _pad(values: np.ndarray, size: int) -> np.ndarray:
    """`values` `[N]` padded with 0 to `size`."""
    return np.concatenate([values, np.zeros(size - len(values), INT)])


class MvuTiming(TimingModel):
    """Step counter over (row, nf, sf, digit) and the pipeline's valid bits
    (module docstring): a fold's last step issued reaches the output
    register `output_delay` cycles later, every register stepping only
    with `advance`."""

    __slots__ = ("digits", "fold_steps", "full", "i", "nf_count", "pipe", "steps")

    def __init__(self, op: MvuOp):
        self.fold_steps, self.nf_count, self.digits = op.fold_steps, op.neuron_folds, op.digits_value
        self.steps = op.rows // op.pixels_value * self.nf_count * self.fold_steps
        self.pipe = (0,) * (op.output_delay() - 1)
        """Per pipeline register, whether it holds a fold's last step."""
        self.i = self.full = 0

    def state(self) -> tuple:
        return (self.i, self.pipe, self.full)

    def out_valid(self, port: int) -> int:
        return self.full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        advance = not self.full or out_ready[0]
        return int(advance and self._takes_beat())

    def _takes_beat(self) -> bool:
        """Whether the step at the counter moves an input beat (fold 0, digit 0)."""
        return (self.i // self.fold_steps) % self.nf_count == 0 and self.i % self.digits == 0

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        if self.full and not out_ready[0]:
            return  # no advance: every register holds
        step = self.i % self.fold_steps
        issue = not self._takes_beat() or in_valid[0]
        self.full = self.pipe[-1]
        self.pipe = (int(issue and step == self.fold_steps - 1), *self.pipe[:-1])
        if issue:
            self.i = self.i + 1 if self.i + 1 < self.steps else 0
