"""`dataflow.vvu`: the vector-vector unit, a depthwise convolution
(`qnt.conv2d` with `groups = C` and one output channel per input channel)
and its requantization (`qnt.requantize`, ReLU/clamp folded into
`min`/`max`); with one tap (`taps 1`, a 1x1 kernel) it is the channel-wise
multiply-add `y[c] = requantize(a[c] * (x[c] - zx) + b[c])`, the engine of a
batchnorm that was not folded into a convolution and of a per-channel
`Mul` [+ `Add`] (`quantize` makes each a depthwise 1x1 convolution):

    %y = dataflow.vvu %win, %w, %b taps 9 simd 4 accumulator i20 multipliers [...] shifts [...] min 0 : (!dataflow.stream<!qx, lanes 4, shape [1, OH, OW, 9*C]>, tensor<Cx9x!qw>, tensor<Cxi32>) -> !dataflow.stream<!qy, lanes 4, shape [1, C, OH, OW], order [0, 2, 3, 1]>

Why "vector-vector": every output channel is the dot product of one
channel's `T = Kh*Kw` taps with that channel's own `T` weights, never a
matrix row over all channels; there is nothing to share between channels,
so the engine is one multiplier per lane, not a `pe x simd` array.

Streams: those of the reduction engine (`asic.dialects.dataflow.
window_reduce`). In: the window stream of a `dataflow.swg` (frame `[1, OH,
OW, T*C]`, order (window, tap, channel)), `simd*parallel_taps` lanes:
`simd` channels per beat (`simd` divides `C`, `CF = C/simd` channel folds)
of `parallel_taps` consecutive taps (`p`, absent: 1). Several taps per beat
need all the channels in it (`p > 1` only with `simd = C`): the window
generator's beats are consecutive elements of a window in (tap, channel)
order, so `p*C` lanes are `p` whole taps (its parallel windows, `out_simd
= p*C`). A `p` that does not divide `T` leaves a partial last beat: the
window generator pads each window to `TB = ceiling(T/p)` beats (frame `[1,
OH, OW, TB*p*C]`, padded windows) with `zx`, which adds 0; `p = T` takes a
whole window per beat. With one tap and stride
1, no window generator: the pixel stream itself, relabelled `[1, H, W,
C]` (the same beats), one multiply-add per channel and pixel. Out: `[1, C, OH, OW]`
channels-last (`order [0, 2, 3, 1]`), `simd` lanes, ready for the next
window generator.

Integers (`qnt.conv2d` + `qnt.requantize` [+ `qnt.clamp`]): per window
and channel `c`, with the weights `w: [C, T]` (a `qnt.constant`, taps in
the window's `(u, v)` order, quantized per tensor or along axis 0) and the
optional bias `b: [C]`,

    acc[c] = b[c] + sum_t (x[t, c] - zx) * (w[c, t] - zw[c])      (accumulator type, never overflows)
    y[c]   = clamp(rshift_round(acc[c] * M[c], s[c]) + zy, min, max)

Padded taps hold `zx` (the window generator pads with it): they add 0.

Datapath and timing: the reduction engine's, over `TB` beats of taps per
window. A ring of `CF` accumulators of `simd` lanes; a moving beat `u` of
the window, fold `f` computes, per lane `l` (channel `c = f*simd + l`),
the sum `P` of its `p` products `(x[u*p + j] - zx) * (w[c, u*p + j] -
zw[c])` (an adder tree of `tap_tree_stages(p)` registered stages when `p
> 1`, `asic.dialects.dataflow.window_reduce`), then `new = (u == 0 ? b[c]
: head) + P`, pushed at the tail; at the last beat `new` is requantized
through the remaining pipeline registers of `pipeline_stages` into the
output register. So the timing model is `window_reduce.ReduceTiming` (an
output beat valid the cycle after its last beat moved plus the pipeline
registers; interval `R*TB*CF`, one input beat per cycle, latency that plus
the pipeline registers), no FIFO is needed in front, and `simd*p`
multipliers work (the weights are constants selected by `(u, f)`). With
one beat per window (one tap, or `p = T`) no partial sum outlives its beat
(`new` starts from the bias and goes straight to the requantization): the
engine has no ring, and the cost model counts no accumulator memory.

Several windows per beat (`pixels q`, at a whole window per beat: `simd =
C`, `parallel_taps = T`): an input beat holds `q` whole windows (`q*T*C`
lanes: the window generator's `out_simd`, or `q` pixels of the pixel
stream with one tap), an output beat their `q` pixels (`q*C` lanes), `q`
dividing `R`: `q` copies of the one-window datapath side by side, `q*T*C`
multipliers, interval `R/q`, the timing above with one beat per `q`
windows.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import IntegerAttr, IntegerType
from xdsl.ir import SSAValue
from xdsl.irdl import (
    irdl_op_definition,
    opt_prop_def,
    prop_def,
)

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, i64_attr, shape_of
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, symbols
from asic.dialects.dataflow.engine import (
    PIXELS,
    EngineOp,
    Factor,
    TimingModel,
    factor_value,
    pixel_counts,
    quantized_element,
)
from asic.dialects.dataflow.requantized import REQUANTIZATION_SYNTAX, RequantizedEngine
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.dataflow.swg import CHANNELS_LAST, channels_last
from asic.dialects.dataflow.pipeline import folds_vary, multiplier_bits
from asic.dialects.dataflow.window_reduce import ReduceTiming, WindowReduce, reduce_stages, tap_tree_stages
from asic.dialects.qnt import (
    UniformQuantizedType,
)
from asic.dialects.qnt_kernels import INT, requantize
from asic.dialects.syntax import INT as INT_KIND
from asic.dialects.syntax import PropertyKind


@irdl_op_definition
class VvuOp(RequantizedEngine, EngineOp):
    """Vector-vector unit: a depthwise convolution over the windows of a
    `dataflow.swg` and its requantization; with one tap, the channel-wise
    multiply-add of an unfolded batchnorm or per-channel mul/add, on the
    pixels themselves (module docstring)."""

    name = "dataflow.vvu"

    taps = prop_def(IntegerAttr)
    parallel_taps = opt_prop_def(IntegerAttr)
    simd = opt_prop_def(IntegerAttr)
    pixels = opt_prop_def(IntegerAttr)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "taps": INT_KIND,
        "parallel_taps": INT_KIND,
        "simd": INT_KIND,
        "pixels": INT_KIND,
        **REQUANTIZATION_SYNTAX,
    }
    NOUN: ClassVar[str] = "VVU"

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
        simd: int | None = None,
        parallel_taps: int | None = None,
        min: int | None = None,
        max: int | None = None,
    ):
        """The output is `[1, C, OH, OW]` channels-last for the input's
        windows `[1, OH, OW, T*C]` and weights `[C, T]`."""
        x = stream_type_of(input)
        c, t = shape_of(weight)
        _, oh, ow, _ = x.frame_shape
        out = StreamType(output, simd or 1, (1, c, oh, ow), CHANNELS_LAST)
        properties = self.requantization_properties(
            accumulator, multipliers, shifts, taps=t, simd=simd, parallel_taps=parallel_taps, min=min, max=max
        )
        super().__init__(operands=[input, weight, bias], result_types=[out], properties=properties)

    # Python views ------------------------------------------------------------
    @property
    def simd_value(self) -> int:
        return factor_value(self, "simd")

    @property
    def parallel_taps_value(self) -> int:
        """`p`, the taps of one beat (1 when absent)."""
        return factor_value(self, "parallel_taps")

    @property
    def pixels_value(self) -> int:
        """`q`, the windows of one beat (1 when absent)."""
        return factor_value(self, "pixels")

    @property
    def tap_count(self) -> int:
        return self.taps.value.data

    def tap_beats(self, parallel_taps: int | None = None) -> int:
        """`TB = ceiling(T/p)`, a window's beats."""
        return -(-self.tap_count // (parallel_taps or self.parallel_taps_value))

    @property
    def channels(self) -> int:
        return self.output_stream.frame_shape[1]

    @property
    def windows(self) -> int:
        """`R = OH*OW`."""
        return math.prod(self.output_stream.frame_shape[2:])

    def shape(self, simd: int | None = None, parallel_taps: int | None = None) -> WindowReduce:
        """The reduction engine at the given factors (the op's when None):
        `TB` beats of taps per window."""
        simd, parallel_taps = simd or self.simd_value, parallel_taps or self.parallel_taps_value
        stages = self.pipeline_stages(simd, parallel_taps)
        windows = self.windows // self.pixels_value
        return WindowReduce(windows, self.tap_beats(parallel_taps), self.channels, simd, stages)

    def pipeline_stages(self, simd: int | None = None, parallel_taps: int | None = None) -> int:
        """The registers between a beat's products and the output register:
        the adder tree's over the beat's taps
        (`asic.dialects.dataflow.window_reduce.tap_tree_stages`), the
        finished sum's and the requantizer's, whose multiplier is a run-time
        value when a lane's channels differ in it between folds
        (`asic.dialects.dataflow.window_reduce.reduce_stages`)."""
        simd = simd or self.simd_value
        m, s = self.channel_multipliers()
        varies = folds_vary(m, self.channels // simd, simd)
        return tap_tree_stages(parallel_taps or self.parallel_taps_value) + reduce_stages(
            self.accumulator.width.data, multiplier_bits(m), self.output_stream.bits, int(s.max()), varies
        )

    @property
    def requantized_channels(self) -> int:
        return self.channels

    @property
    def reduction_length(self) -> int:
        return self.tap_count

    def weight_array(self) -> np.ndarray:
        """The stored weights `[C, T]` (int64)."""
        return RequantizedEngine.weight_array(self).astype(INT)

    def effective_weights(self) -> np.ndarray:
        """`w[c, t] - zw[c]`, `[C, T]`."""
        zw = np.asarray(self.weight_type.zero_points, INT)
        return self.weight_array() - (zw[:, None] if zw.size > 1 else zw)

    def bias_array(self) -> np.ndarray:
        """The bias `[C]` (int64), zeros without one."""
        if self.bias is None:
            return np.zeros(self.channels, INT)
        owner = self.bias.owner
        assert isinstance(owner, qnt.ConstantOp)
        return array_from_dense(owner.value).astype(INT)

    # The engine interface ------------------------------------------------------
    @property
    def engine_label(self) -> str:
        return self.weight_name

    def required_input_lanes(self, port: int) -> int | None:
        return self.pixels_value * self.simd_value * self.parallel_taps_value

    def output_lanes(self, port: int) -> int | None:
        return self.pixels_value * self.simd_value

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """A beat per cycle in: `R*ceiling(T/parallel_taps)*ceiling(C/simd)`
        cycles, latency that plus the `pipeline` registers,
        `simd*parallel_taps` multipliers (one per lane and tap of a beat),
        the accumulator ring (none with one beat per window: module
        docstring)."""
        import sympy as sp

        r, t, c, simd, taps, acc, pipeline, pixels = symbols("R T C simd parallel_taps acc_bits pipeline pixels")
        tap_beats = sp.ceiling(t / taps)
        beats = r * tap_beats * sp.ceiling(c / simd) / pixels
        return CostModel(
            cycles=beats,
            latency=beats + pipeline,
            multipliers=simd * taps * pixels,
            memory_bits=sp.Piecewise((0, sp.Eq(tap_beats, 1)), (sp.ceiling(c / simd) * simd * acc, True)),
            macs=r * t * c,
            parameters=("R", "T", "C", "simd", "parallel_taps"),
            table=("cycles", "multipliers", "memory_bits"),
        )

    def cost_values(self) -> dict[str, int]:
        return {
            "R": self.windows,
            "T": self.tap_count,
            "C": self.channels,
            "simd": self.simd_value,
            "parallel_taps": self.parallel_taps_value,
            "pixels": self.pixels_value,
            "acc_bits": self.accumulator.width.data,
            "pipeline": self.pipeline_stages(),
        }

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        return self.shape().alone()

    def folding_factors(self) -> tuple[Factor, ...]:
        """`simd` over the channels (divisors), `parallel_taps` over the
        taps (divisors, or any count when the window generator in front can
        pad its windows, `EngineOp.pads_rows`)."""
        simd, taps = (None if p is None else p.value.data for p in (self.simd, self.parallel_taps))
        return (
            Factor("simd", self.channels, simd, divisors_only=True),
            Factor("parallel_taps", self.tap_count, taps, divisors_only=not self.producer_pads_rows()),
        )

    def producer_pads_rows(self) -> bool:
        """Whether the engine whose beats reach the input can pad its
        windows (`EngineOp.pads_rows`)."""
        from asic.dialects.dataflow.graph import producer_of

        producer = producer_of(self.input)
        return producer is not None and producer.op.pads_rows(producer.port)

    def pixels_factor(self) -> Factor | None:
        """Several windows per beat at a whole window per beat: the counts
        a window generator (or a convolution's MVU, for one tap) emits
        (`pixel_counts`)."""
        fixed = self.pixels.value.data if self.pixels is not None else None
        oh, ow = self.output_stream.frame_shape[2:]
        return Factor(PIXELS, self.windows, fixed, values=tuple(pixel_counts(oh, ow)))

    def folded_cost(self, values: Sequence[int]) -> tuple[int, int]:
        """Several taps per beat only with every channel in it, several
        windows only with whole unpadded windows (module docstring):
        another choice is never the fastest."""
        simd, taps, *rest = values
        pixels = rest[0] if rest else 1
        multipliers = pixels * simd * taps
        if (taps > 1 and simd != self.channels) or (pixels > 1 and (simd, taps) != (self.channels, self.tap_count)):
            return sys.maxsize, multipliers
        return self.windows * self.tap_beats(taps) * (self.channels // simd) // pixels, multipliers

    def apply_folding(self, values: Sequence[int]) -> None:
        """`simd`, `parallel_taps`, and `pixels` when above 1."""
        simd, taps, *rest = values
        super().apply_folding((simd, taps))
        if rest and rest[0] > 1:
            self.properties[PIXELS] = i64_attr(rest[0])

    def timing_model(self) -> TimingModel:
        return ReduceTiming(self.shape())

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Per window and channel fold, the taps' beats weighted and summed
        from the bias, then requantized (module docstring)."""
        (beats,) = inputs
        count, simd = beats.shape[0], self.simd_value
        r, t, c = self.windows, self.tap_count, self.channels
        padded = self.tap_beats() * self.parallel_taps_value
        x = beats.reshape(count, r, padded, c)[:, :, :t].astype(INT) - self.input_type.zero_point
        acc = self.bias_array() + np.einsum("brtc,ct->brc", x, self.effective_weights())
        m, s = self.channel_multipliers()
        lo, hi = self.bounds()
        out = requantize(acc, m, s, self.output_type.zero_point, lo, hi)
        lanes = self.output_lanes(0)
        return [np.asarray(out, INT).reshape(count, r * c // lanes, lanes)]

    # Verification ----------------------------------------------------------------
    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        quantized_element("input stream", x)
        quantized_element("output stream", y)
        if not channels_last(y) or y.frame_shape[0] != 1 or len(y.frame_shape) != 4:
            fail(
                "output stream must carry [1, C, OH, OW] frames channels-last (order [0, 2, 3, 1]), "
                f"got shape {list(y.frame_shape)} order {list(y.axis_order)}"
            )
        c, t = self.channels, self.tap_count
        w_shape = shape_of(self.weight)
        if w_shape != (c, t):
            fail(f"weights must have shape [{c}, {t}] (channels, taps), got {list(w_shape)}")
        if not isinstance(self.weight.owner, qnt.ConstantOp):
            fail("weights must be a qnt.constant of the graph")
        w_type = self.weight_type
        if w_type.is_per_axis and (w_type.axis != 0 or len(w_type.scales) != c):
            fail(f"weights may be quantized per axis only along their {c} channels (axis 0), got {w_type}")
        if self.bias is not None:
            if not isinstance(self.bias.owner, qnt.ConstantOp):
                fail("the bias must be a qnt.constant of the graph")
            if shape_of(self.bias) != (c,):
                fail(f"bias must have shape [{c}], got {list(shape_of(self.bias))}")
        simd, taps = self.simd_value, self.parallel_taps_value
        if not 1 <= simd <= c or c % simd:
            fail(f"simd {simd} must divide the {c} channels")
        if not 1 <= taps <= t:
            fail(f"parallel_taps {taps} must be 1 to the {t} taps")
        if taps > 1 and simd != c:
            fail(
                f"parallel_taps {taps} needs all {c} channels in a beat (simd {c}), got simd {simd}: "
                "the window generator's beats hold whole taps only then"
            )
        pixels = self.pixels_value
        if pixels != 1:
            if pixels < 1 or self.windows % pixels:
                fail(f"pixels {pixels} must divide the {self.windows} windows of a frame")
            if (simd, taps) != (c, t):
                fail(
                    f"pixels {pixels} (several windows per beat) needs a whole window per beat, simd = {c} "
                    f"and parallel_taps = {t}, got simd {simd} and parallel_taps {taps}"
                )
        padded = self.tap_beats() * taps
        expected = (1, *y.frame_shape[2:], padded * c)
        if not x.has_identity_order or x.frame_shape != expected:
            pads = f" (padded to {padded} taps)" if padded != t else ""
            fail(
                f"input frame must be the {self.windows} windows of {t} taps{pads} of {c} channels "
                f"{list(expected)}, got shape {list(x.frame_shape)} order {list(x.axis_order)}"
            )
        if pixels != 1:
            lanes_in, lanes_out = f"pixels*simd*parallel_taps = {pixels * simd * taps}", f"pixels*simd = {pixels * simd}"
            if (x.lane_count, y.lane_count) != (pixels * simd * taps, pixels * simd):
                fail(f"input and output streams must have {lanes_in} and {lanes_out} lanes, got {x.lane_count} and {y.lane_count}")
        elif x.lane_count != simd * taps or y.lane_count != simd:
            lanes = f"simd*parallel_taps = {simd * taps} and simd = {simd}" if taps > 1 else f"simd = {simd}"
            fail(f"input and output streams must have {lanes} lanes, got {x.lane_count} and {y.lane_count}")
        self.verify_requantization()
