"""`dataflow.pool`: max pooling, average pooling and global average pooling,
one reduction engine over windows.

    %p = dataflow.pool %w kind "max" taps 4 simd 2 : (!dataflow.stream<!q, lanes 2, shape [1, 4, 4, 16]>) -> !dataflow.stream<!q, lanes 2, shape [1, 4, 4, 4], order [0, 2, 3, 1]>
    %g = dataflow.pool %x kind "avg" taps 64 multipliers [1073741824] shifts [36] : (!dataflow.stream<!qx, lanes 1, shape [1, 8, 8, 8], order [0, 2, 3, 1]>) -> !dataflow.stream<!qy, lanes 1, shape [1, 8, 1, 1], order [0, 2, 3, 1]>

One op for the three, not one per kind: they are one datapath (a ring of
`C/simd` accumulators over the `T` taps of each window, the model
`asic.dialects.dataflow.window_reduce`), one timing model and one RTL
builder, and differ only in how a tap combines (max, or add the centered
value) and whether the result is requantized; a global average pool is an
average pool whose one window is the whole frame, taken straight from the
pixel stream (no window generator). So `kind` is a property: `"max"` or
`"avg"`.

Streams. Out: `[1, C, OH, OW]` channels-last (`order [0, 2, 3, 1]`), `simd`
lanes (`simd` divides `C`): `R = OH*OW` pixels. In: `R` windows of `taps`
taps of `C` channels, `R*T*C` elements in the order (window, tap, channel):
the frame `[1, OH, OW, T*C]` of a `dataflow.swg` (a windowed pool), or the
channels-last frame `[1, C, H, W]` itself with `R = 1`, `T = H*W` (a
global pool).

Integers. max (`qnt.maxpool2d`): the largest tap; input and output
elements are the same type (the window generator pads with the storage
minimum, which never wins, and every window holds an input element). avg
(`qnt.avgpool2d`, `qnt.global_avgpool2d`): `S = sum_t (x_t - zx)` (padded
taps hold `zx`: they add 0), then `clamp(rshift_round(S * M_r, s_r) + zy,
qmin, qmax)` with the multiplier and shift of window `r` (`multipliers`,
`shifts`: one value, or one per window in raster order: the divisor of a
border window differs with padding, `count_include_pad` and ceil mode).

Timing (the model's): `in_ready = advance = !out_full | out_ready`, an
output beat valid the cycle after the last tap's beat of its fold moved,
plus, for avg, the pipeline registers of its requantization
(`pipeline_stages`). Alone: interval `R*T*C/simd`, the input beats, and
latency that plus the pipeline registers. Memory: the
`C/simd` accumulators of `simd` lanes (`acc_bits` each: the input's bits
for max, the centered sum's for avg).

Several pixels per beat (`pixels p`, `simd = C`):
- a windowed pool takes `p` whole windows per input beat (`p*T*C` lanes:
  the window generator's `out_simd = p*T*C`) and gives their `p` pixels
  per output beat (`p*C` lanes); `p` divides `R`. Max: the `T` taps of a
  lane are reduced in the beat's cycle (a tree of comparators,
  `asic.lowering.rtl.window_reduce.parallel_max_module`) into the output
  register: the timing above with one tap of one fold per beat, interval
  and latency `R/p`. Avg: the `T` centered taps of a lane are summed by
  the registered adder tree of a beat's taps (`tap_tree_stages(T)`,
  `asic.dialects.dataflow.window_reduce`), then requantized with their
  window's multiplier and shift: interval `R/p`, latency that plus the
  pipeline registers.
- a global pool takes `p` pixels of the frame per input beat (`p*C` lanes,
  `p` dividing `T = H*W`): per channel the beat's `p` centered values are
  summed by the same registered adder tree (`tap_tree_stages(p)`), the
  ring of one accumulator adds the `T/p` beats' sums, and the result is
  requantized: the timing above with `T/p` beats of taps, interval `T/p`;
  the output keeps `C` lanes (one pixel).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr, StringAttr
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, opt_prop_def, prop_def, result_def

from asic.dialects.attributes import i64_array, i64_attr, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, symbols
from asic.dialects.dataflow.engine import PIXELS, EngineOp, Factor, TimingModel, factor_value, pixel_counts, quantized_element
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.dataflow.swg import CHANNELS_LAST, channels_last
from asic.dialects.dataflow.pipeline import multiplier_bits
from asic.dialects.dataflow.window_reduce import ReduceTiming, WindowReduce, reduce_stages, tap_tree_stages
from asic.dialects.qnt import MAX_SHIFT, MULTIPLIER_BITS, UniformQuantizedType
from asic.dialects.qnt_integers import integer_width
from asic.dialects.qnt_kernels import INT, requantize
from asic.dialects.syntax import INT as INT_KIND
from asic.dialects.syntax import INTS, STRING, PropertyKind

KINDS = ("max", "avg")


@irdl_op_definition
class PoolOp(EngineOp):
    """A max or average reduction over the taps of each window (module
    docstring)."""

    name = "dataflow.pool"

    input = operand_def(StreamType)
    kind = prop_def(StringAttr)
    taps = prop_def(IntegerAttr)
    multipliers = opt_prop_def(DenseArrayBase)
    shifts = opt_prop_def(DenseArrayBase)
    simd = opt_prop_def(IntegerAttr)
    pixels = opt_prop_def(IntegerAttr)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "kind": STRING,
        "taps": INT_KIND,
        "multipliers": INTS,
        "shifts": INTS,
        "simd": INT_KIND,
        "pixels": INT_KIND,
    }
    NOUN: ClassVar[str] = "pooling engine"

    def __init__(
        self,
        input: SSAValue,
        kind: str,
        taps: int,
        output: Attribute,
        output_shape: Sequence[int],
        *,
        multipliers: Sequence[int] | None = None,
        shifts: Sequence[int] | None = None,
        simd: int | None = None,
    ):
        """`output_shape` is `[1, C, OH, OW]`, `output` its element type."""
        properties: dict[str, Attribute] = {"kind": StringAttr(kind), "taps": i64_attr(taps)}
        if multipliers is not None and shifts is not None:
            properties["multipliers"] = i64_array(multipliers)
            properties["shifts"] = i64_array(shifts)
        if simd is not None:
            properties["simd"] = i64_attr(simd)
        out = StreamType(output, simd or 1, output_shape, CHANNELS_LAST)
        super().__init__(operands=[input], result_types=[out], properties=properties)

    # Python views ------------------------------------------------------------
    @property
    def kind_name(self) -> str:
        return self.kind.data

    @property
    def tap_count(self) -> int:
        return self.taps.value.data

    @property
    def simd_value(self) -> int:
        return factor_value(self, "simd")

    @property
    def channels(self) -> int:
        return self.output_stream.frame_shape[1]

    @property
    def windows(self) -> int:
        """`R = OH*OW`."""
        return math.prod(self.output_stream.frame_shape[2:])

    @property
    def is_global(self) -> bool:
        """Whether the one window is the whole channels-last frame (a global
        pool), not a window generator's windows."""
        return not self.input_stream.has_identity_order

    @property
    def whole_windows(self) -> bool:
        """Whether each beat holds whole windows (`pixels` given, a
        windowed pool)."""
        return self.pixels is not None and not self.is_global

    @property
    def pixels_value(self) -> int:
        return factor_value(self, "pixels")

    @property
    def parallel_taps(self) -> int:
        """The taps of a window that one input beat holds per lane: `T`
        with whole windows, `p` pixels of a global pool, else 1."""
        if self.pixels is None:
            return 1
        return self.tap_count if self.whole_windows else self.pixels_value

    def shape(self, simd: int | None = None) -> WindowReduce:
        """The reduction's shape; with whole windows per beat one tap of
        one fold per beat, `R/p` beats; a global pool over `p` pixels per
        beat `T/p` beats of taps of one fold."""
        c = self.channels
        if self.whole_windows:
            return WindowReduce(self.windows // self.pixels_value, 1, c, c, self.pipeline_stages())
        if self.pixels is not None:
            return WindowReduce(1, self.tap_count // self.pixels_value, c, c, self.pipeline_stages())
        return WindowReduce(self.windows, self.tap_count, c, simd or self.simd_value, self.pipeline_stages())

    def pipeline_stages(self) -> int:
        """The registers between the input beat and the output register:
        none for max; for avg the adder tree's over a beat's taps (with
        several per beat, `tap_tree_stages`), the finished sum's and the
        requantizer's, whose multiplier is a run-time value when the
        windows' divisors differ
        (`asic.dialects.dataflow.window_reduce.reduce_stages`)."""
        if self.kind_name == "max":
            return 0
        m, s = self.window_rescales()
        varies = bool((m != m[0]).any())
        requantizer = reduce_stages(self.accumulator_bits(), multiplier_bits(m), self.output_stream.bits, int(s.max()), varies)
        return tap_tree_stages(self.parallel_taps) + requantizer

    def window_rescales(self) -> tuple[np.ndarray, np.ndarray]:
        """avg: `(M_r, s_r)` of every window `[R]`."""
        assert self.multipliers is not None and self.shifts is not None
        m, s = np.asarray(ints(self.multipliers), INT), np.asarray(ints(self.shifts), INT)
        r = self.windows
        return np.broadcast_to(m, (r,)) if m.size == 1 else m, np.broadcast_to(s, (r,)) if s.size == 1 else s

    def accumulator_bits(self) -> int:
        x = self.input_stream
        if self.kind_name == "max":
            return x.bits
        lo, hi = x.value_range()
        zx = quantized_element("input stream", x).zero_point
        return integer_width(self.tap_count * (lo - zx), self.tap_count * (hi - zx))

    # The engine interface ------------------------------------------------------
    def required_input_lanes(self, port: int) -> int | None:
        if self.pixels is not None:
            return self.pixels_value * (1 if self.is_global else self.tap_count) * self.channels
        return self.simd_value

    def output_lanes(self, port: int) -> int | None:
        return (1 if self.is_global else self.pixels_value) * self.simd_value

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """A beat per cycle in: `R*T*ceiling(C/simd)` cycles, over `taps`
        taps per beat (1, or `T` with whole windows) and `pixels` windows
        per beat; latency that plus the `pipeline` registers; the
        accumulator ring."""
        import sympy as sp

        r, t, c, simd, acc, pipeline, taps, pixels = symbols("R T C simd acc_bits pipeline taps pixels")
        beats = r * t * sp.ceiling(c / simd) / (taps * pixels)
        return CostModel(
            cycles=beats,
            latency=beats + pipeline,
            memory_bits=sp.ceiling(c / simd) * simd * acc,
            parameters=("R", "T", "C", "simd"),
            table=("cycles", "memory_bits"),
        )

    def cost_values(self) -> dict[str, int]:
        return {
            "R": self.windows,
            "T": self.tap_count,
            "C": self.channels,
            "simd": self.simd_value,
            "taps": self.tap_count if self.whole_windows else 1,
            "pixels": self.pixels_value,
            "acc_bits": self.accumulator_bits(),
            "pipeline": self.pipeline_stages(),
        }

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        return self.shape().alone()

    def folding_factors(self) -> tuple[Factor, ...]:
        fixed = self.simd.value.data if self.simd is not None else None
        return (Factor("simd", self.channels, fixed, divisors_only=True),)

    def pixels_factor(self) -> Factor | None:
        """A pool over a window generator's windows may take whole windows
        per beat, a global pool several pixels of its frame: 0 (one tap
        per beat), or the counts a window generator or a convolution's
        MVU emits (`pixel_counts` of the windows, of the input pixels)."""
        fixed = self.pixels.value.data if self.pixels is not None else None
        rows, cols = (self.input_stream if self.is_global else self.output_stream).frame_shape[2:]
        return Factor(PIXELS, rows * cols, fixed, values=(0, *pixel_counts(rows, cols)))

    def folded_cost(self, values: Sequence[int]) -> tuple[int, int]:
        """`simd` and (when given) `pixels`: `R/p` cycles with whole
        windows, `T/p` for a global pool (`simd = C` only), else the taps'
        beats."""
        simd, *rest = values
        pixels = rest[0] if rest else (self.pixels_value if self.pixels is not None else 0)
        if pixels:
            beats = (self.tap_count if self.is_global else self.windows) // pixels
            return (beats if simd == self.channels else sys.maxsize), 0
        return WindowReduce(self.windows, self.tap_count, self.channels, simd).alone()[0], 0

    def apply_folding(self, values: Sequence[int]) -> None:
        """`simd`, and `pixels` when whole windows (above 0)."""
        simd, *rest = values
        super().apply_folding((simd,))
        if rest and rest[0]:
            self.properties[PIXELS] = i64_attr(rest[0])

    def timing_model(self) -> TimingModel:
        return ReduceTiming(self.shape())

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Per window and channel fold, the taps' beats reduced (module
        docstring)."""
        (beats,) = inputs
        count, simd = beats.shape[0], self.simd_value
        r, t, folds = self.windows, self.tap_count, self.channels // simd
        x = beats.reshape(count, r, t, folds, simd)
        if self.kind_name == "max":
            out = x.max(axis=2)
        else:
            y = quantized_element("output stream", self.output_stream)
            zx = quantized_element("input stream", self.input_stream).zero_point
            sums = (x - zx).sum(axis=2)
            m, s = self.window_rescales()
            out = requantize(sums, m[None, :, None, None], s[None, :, None, None], y.zero_point, y.qmin, y.qmax)
        lanes = self.output_lanes(0)
        return [np.asarray(out, INT).reshape(count, r * folds * simd // lanes, lanes)]

    # Verification ----------------------------------------------------------------
    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        x_type = quantized_element("input stream", x)
        y_type = quantized_element("output stream", y)
        kind = self.kind_name
        if kind not in KINDS:
            fail(f'kind must be "max" or "avg", got "{kind}"')
        if not channels_last(y) or y.frame_shape[0] != 1:
            fail(
                "output stream must carry [1, C, OH, OW] frames channels-last (order [0, 2, 3, 1]), "
                f"got shape {list(y.frame_shape)} order {list(y.axis_order)}"
            )
        c, r, t = self.channels, self.windows, self.tap_count
        if t < 1:
            fail(f"taps must be >= 1, got {t}")
        windowed = x.has_identity_order and len(x.frame_shape) == 4 and x.frame_shape[:3] == (1, *y.frame_shape[2:])
        whole = channels_last(x) and r == 1 and x.frame_shape[1] == c
        if not (windowed and x.frame_shape[3] == t * c) and not (whole and x.frame_size == t * c):
            fail(
                f"input frame must be the {r} windows of {t} taps of {c} channels ([1, OH, OW, "
                f"{t * c}]) or, for one window, the channels-last frame [1, {c}, H, W] of {t} pixels; "
                f"got shape {list(x.frame_shape)} order {list(x.axis_order)}"
            )
        if kind == "max":
            if y_type != x_type:
                fail(f"a max pool keeps the element type {x_type}, got {y_type}")
            if self.multipliers is not None or self.shifts is not None:
                fail("a max pool has no multipliers or shifts")
        else:
            self._verify_rescales(x_type, y_type)
        simd = self.simd_value
        if not 1 <= simd <= c or c % simd:
            fail(f"simd {simd} must divide the {c} channels")
        if self.pixels is not None:
            self._verify_pixels()
            return
        if x.lane_count != simd or y.lane_count != simd:
            fail(f"input and output streams must have simd = {simd} lanes, got {x.lane_count} and {y.lane_count}")

    def _verify_pixels(self) -> None:
        p, c, r, t = self.pixels_value, self.channels, self.windows, self.tap_count
        what, count = ("pixels", t) if self.is_global else ("windows", r)
        if p < 1 or count % p:
            fail(f"pixels {p} must divide the {count} {what} of a frame")
        if self.simd_value != c:
            noun = "several pixels" if self.is_global else "whole windows"
            fail(f"{noun} per beat (pixels) need simd = {c} (all channels), got {self.simd_value}")
        x, y = self.input_stream, self.output_stream
        if self.is_global:
            expected, formula = (p * c, c), f"pixels*C = {p * c} and C = {c}"
        else:
            expected, formula = (p * t * c, p * c), f"pixels*T*C = {p * t * c} and pixels*C = {p * c}"
        if (x.lane_count, y.lane_count) != expected:
            fail(f"input and output streams must have {formula} lanes, got {x.lane_count} and {y.lane_count}")

    def _verify_rescales(self, x_type: UniformQuantizedType, y_type: UniformQuantizedType) -> None:
        if self.multipliers is None or self.shifts is None:
            fail("an average pool needs multipliers and shifts (its divisors)")
        assert self.multipliers is not None and self.shifts is not None
        m, s = ints(self.multipliers), ints(self.shifts)
        r = self.windows
        for name, values in (("multipliers", m), ("shifts", s)):
            if len(values) not in (1, r):
                fail(f"{name} must have 1 value or one per window ({r}), got {len(values)}")
        if any(not 0 <= v < 2**MULTIPLIER_BITS for v in m):
            fail(f"multipliers must be in [0, {2**MULTIPLIER_BITS - 1}], got {list(m)}")
        if any(not 0 <= v <= MAX_SHIFT for v in s):
            fail(f"shifts must be in [0, {MAX_SHIFT}], got {list(s)}")
