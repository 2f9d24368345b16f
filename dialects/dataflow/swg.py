"""`dataflow.swg`: the sliding-window generator, the line buffers in front
of a convolution's matrix-vector unit or a pooling engine.

    %w = dataflow.swg %x kernel [3, 3] pads [1, 1, 1, 1] pad_value -128 simd 2 : (!dataflow.stream<!q, lanes 2, shape [1, 4, 8, 8], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 2, shape [1, 8, 8, 36]>

In: a frame `[1, C, H, W]` streamed channels-last (`order [0, 2, 3, 1]`),
`simd` lanes (`simd` divides `C`). Out: the `OH*OW` windows in raster order,
each `Kh*Kw*C` elements in `(u, v, c)` order (channels innermost), the
frame `[1, OH, OW, Kh*Kw*C]` in row-major order, `simd` lanes: what a
convolution's MVU takes as `R = OH*OW` rows of `K = Kh*Kw*C` inputs, or a
pooling engine as `R` windows of `Kh*Kw` taps. Window `(i, j)`, tap `(u,
v)`, channel `c` is

    x[c, i*sh + u*dh - pad_top, j*sw + v*dw - pad_left]

or `pad_value` where that lies outside the input (the input's zero point
for a convolution or an average pool, the storage minimum for a max pool).
`pads` are `[top, left, bottom, right]`; the bottom and right pads (and
ceil mode) show in `OH`, `OW`, which must be the floor or ceil count of
windows of that geometry. Properties: `kernel` `[Kh, Kw]` (1 to 7 each),
`strides`, `dilations` (default 1), `pads` (default 0), `pad_value` (in the
element's storage range), `simd` (absent: 1, chosen by `tile` among the
divisors of `C`), `out_simd` (the output lanes; absent: `simd`), `depth`
(the buffer's depth in beats; absent: the minimum).

Parallel windows: `out_simd = t*simd`, a multiple of `simd` dividing the
window's `Kh*Kw*C` elements, emits `t` consecutive input-lane beats of the
window per output beat (several taps per cycle when `simd = C`; the whole
window when `out_simd = Kh*Kw*C`), so a frame takes `R*Kh*Kw*C/out_simd`
output beats instead of `R*Kh*Kw*C/simd`: the MVU behind it reads `simd`
= `out_simd` window elements per beat, spanning taps and channels. The
hardware reads `t` copies of the buffer at once (`t*D*simd*bits` bits).
Padded windows: an output frame `[1, OH, OW, K']` with `K'` the window's
`K = Kh*Kw*C` elements rounded up to a multiple of `out_simd` (`out_simd`
not dividing `K`) ends each window in `K' - K` elements of `pad_value`
(`(K' - K) / simd` padding reads), so that an MVU over the windows reads
whole windows in `ceil(K / simd)` beats of a `simd` that does not divide
`K`; its ROM's padding weights (the zero point) make the padding add 0.
`tile` chooses `simd` and `out_simd`; after the MVU's factors are chosen
the generator refolds to the lanes its consumer reads (`out_simd` = the
MVU's `simd`, `simd = gcd(out_simd, C)`) where that keeps the pipeline's
interval, or always when those lanes do not divide `K` (padded windows:
the MVU chose a partial last fold, `pads_rows`), and takes the depth that
reaches it (`fit_consumer_lanes`).

Several pixels per beat. `simd = p*C` (a multiple of the channels) takes
`p` consecutive pixels of the channels-last frame per input beat (`p`
dividing the frame's `H*W` pixels, every pixel stored: no stride skips
input pixels, the verifier says so otherwise), `H*W/p` beats; `out_simd =
q*Kh*Kw*C` emits `q` whole windows per output beat (unpadded; `q` dividing
the `OW` windows of a row, or whole rows dividing the `OH` rows), `R/q`
beats. The two are independent (a pool of stride 2 takes more pixels than
it gives windows). The buffer then holds pixels (`simd` of the model `=
C`), `p` of them written per cycle and every read port reading any of them
(one register file of `D` pixels, read at pixel granularity across input
beats); its depth is the smallest that serves every read when the writer
counts whole input beats, `D = max_k (c(need[k]) - wm[k])` with `c(x)` the
first multiple of `p` above `x`: at most `p - 1` pixels above the line
buffer's minimum `((Eh - 1) * W' + Ew - rw)`, so `line_minimum` and
`rate_minimum` still bound it. `tile` chooses `p` (`pixels_factor`) and
then `fit_consumer_lanes` the fewest input pixels per beat the interval
needs and the windows per beat the consumer reads.

The model (`asic.dialects.dataflow.sliding_window`): which pixels are
stored, the read sequence, the circular buffer of `D` beats of `simd`
lanes and the timing model, stated there. Its depth, the smallest that
serves every read, is away from the borders

    D = ((Eh - 1) * W' + Ew - rw) * C / simd      beats of simd lanes: D * simd * bits bits

(`Eh`, `Ew` the window's extent in stored rows and columns, `W'` the
stored columns, `rw` the stored columns from one window to the next:
`((Kh-1)*dh*W + (Kw-1)*dw - sw + 1) * C` elements when every row and
column is stored), the geometric minimum of a line buffer; the borders may
need a little more (within 10% of the minimum counted over whole frames
for geometries without dilation, checked by the tests).

Cost model. `II` and `L`, the interval and latency of frames streamed alone
back to back, are the timing model's, simulated (`SlidingWindow.alone`):
the writer's stalls at the minimum depth depend on the border geometry, so
they have no closed form. `II >= Max(H*W*C/simd, OH*OW*Kh*Kw*C/out_simd)`
(the input and the output beats), with equality for a deep enough buffer
(`SlidingWindow.depth_for_interval`); `tile` counts that bound. No
multipliers; `memory_bits = D*copies*word*bits` (`t` copies of `D*simd*bits`,
one buffer of `D` pixels with several pixels per beat).

FIFO in front. When the writer stalls at the buffer's depth (frames alone
take longer than `Max(H*W*C/simd, OH*OW*Kh*Kw*C/out_simd)` cycles: at the
minimum depth of a stride at least the window, it waits for reads to free
words), a full buffer would stall the engine in front, which may be a
bottleneck of the pipeline (a convolution's MVU in front of a pool's
window generator, the next convolution behind it, the two slowing each
other down). The generator then asks for a measured FIFO
(`MEASURED_FIFO`), which `schedule` sizes to the beats that wait in it at
the pipeline's interval (`asic.passes.schedule`); none in front of the
graph's input (the host waits) or of a writer that never stalls alone.

Skid buffers. Its handshake is deep at both ends (`DEEP_HANDSHAKE`):
`in_ready` is the watermark comparisons (the next beat's gated by the read
issue, which depends on `out_ready`), and a stall (`out_ready` low) enters
the read issue and every reader counter. `schedule` puts a skid
buffer (`dataflow.skid`, a registered `in_ready`, no added latency) on
each side where no FIFO is, so that neither end joins a ready chain
through the engines around it (`asic.passes.schedule`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import irdl_op_definition, opt_prop_def, prop_def, result_def, operand_def
from xdsl.rewriter import Rewriter

from asic.dialects.attributes import i64_array, i64_attr, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, symbols
from asic.dialects.dataflow.engine import PIXELS, EngineOp, Factor, Producer, TimingModel, divisors
from asic.dialects.dataflow.engine import factor_value, pixel_counts, quantized_element
from asic.dialects.dataflow.fifo import MEASURED_FIFO
from asic.dialects.dataflow.sliding_window import SlidingWindow, SwgTiming, conv_geometry
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.shapes import pooled_size
from asic.dialects.syntax import INT, INTS, PropertyKind

CHANNELS_LAST = (0, 2, 3, 1)
"""The axis order of an NCHW frame streamed pixel by pixel."""

MAX_KERNEL = 7
"""The largest kernel side the sliding-window generator takes."""


def channels_last(stream: StreamType) -> bool:
    """Whether `stream` carries `[1, C, H, W]` frames pixel by pixel."""
    return len(stream.frame_shape) == 4 and stream.axis_order == CHANNELS_LAST


@irdl_op_definition
class SwgOp(EngineOp):
    """Sliding-window generator: the windows of a channels-last stream
    (module docstring)."""

    name = "dataflow.swg"

    input = operand_def(StreamType)
    kernel = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase, default_value=i64_array((1, 1)))
    dilations = prop_def(DenseArrayBase, default_value=i64_array((1, 1)))
    pads = prop_def(DenseArrayBase, default_value=i64_array((0, 0, 0, 0)))
    pad_value = prop_def(IntegerAttr)
    simd = opt_prop_def(IntegerAttr)
    out_simd = opt_prop_def(IntegerAttr)
    depth = opt_prop_def(IntegerAttr)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "kernel": INTS,
        "strides": INTS,
        "dilations": INTS,
        "pads": INTS,
        "pad_value": INT,
        "simd": INT,
        "out_simd": INT,
        "depth": INT,
    }
    NOUN: ClassVar[str] = "sliding-window generator"
    DEEP_HANDSHAKE: ClassVar[bool] = True
    """The watermark comparison behind `in_ready`, the read issue behind the
    stall: `schedule` puts skid buffers on either side (module docstring)."""

    def __init__(
        self,
        input: SSAValue,
        kernel: Sequence[int],
        output_hw: Sequence[int],
        pad_value: int,
        *,
        strides: Sequence[int] = (1, 1),
        dilations: Sequence[int] = (1, 1),
        pads: Sequence[int] = (0, 0, 0, 0),
        simd: int | None = None,
        out_simd: int | None = None,
        depth: int | None = None,
    ):
        """The output frame is `[1, *output_hw, Kh*Kw*C]`."""
        x = stream_type_of(input)
        c = x.frame_shape[1]
        shape = (1, *output_hw, kernel[0] * kernel[1] * c)
        properties: dict[str, Attribute] = {
            "kernel": i64_array(kernel),
            "strides": i64_array(strides),
            "dilations": i64_array(dilations),
            "pads": i64_array(pads),
            "pad_value": i64_attr(pad_value),
        }
        for key, value in (("simd", simd), ("out_simd", out_simd), ("depth", depth)):
            if value is not None:
                properties[key] = i64_attr(value)
        out = StreamType(x.element_type, out_simd or simd or 1, shape)
        super().__init__(operands=[input], result_types=[out], properties=properties)

    # Python views ------------------------------------------------------------
    @property
    def simd_value(self) -> int:
        return factor_value(self, "simd")

    @property
    def out_simd_value(self) -> int:
        """The output lanes: `simd` unless `out_simd` is given."""
        return self.out_simd.value.data if self.out_simd is not None else self.simd_value

    @property
    def group(self) -> int:
        """`t = out_simd / simd`, stored beats per output beat."""
        return self.out_simd_value // self.simd_value

    @property
    def channels(self) -> int:
        return self.input_stream.frame_shape[1]

    @property
    def pad_int(self) -> int:
        return self.pad_value.value.data

    def model(self, simd: int | None = None, out_simd: int | None = None) -> SlidingWindow:
        """The sliding-window model of this engine (at `simd` input and
        `out_simd` output lanes if given: then at the minimum depth)."""
        x, y = self.input_stream.frame_shape, self.output_stream.frame_shape
        depth = self.depth.value.data if self.depth is not None and simd is None else None
        lanes = simd or self.simd_value
        reads = min(lanes, x[1])
        return conv_geometry(
            (1, x[1], x[2], x[3]),
            tuple(ints(self.kernel)),  # pyright: ignore[reportArgumentType]
            tuple(ints(self.strides)),  # pyright: ignore[reportArgumentType]
            tuple(ints(self.pads)),  # pyright: ignore[reportArgumentType]
            tuple(ints(self.dilations)),  # pyright: ignore[reportArgumentType]
            (y[1], y[2]),
            reads,
            depth,
            (out_simd or simd or self.out_simd_value) // reads,
            (y[3] - self.window_elements) // reads,
            lanes // reads,
        )

    @property
    def window_elements(self) -> int:
        """`K = Kh*Kw*C`, a window's elements without padding."""
        kernel = ints(self.kernel)
        return kernel[0] * kernel[1] * self.channels

    # The engine interface ------------------------------------------------------
    def required_input_lanes(self, port: int) -> int | None:
        return self.simd_value

    def output_lanes(self, port: int) -> int | None:
        return self.out_simd_value

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        """`II` and `L` simulated (module docstring); `copies` line
        buffers of `D` words of `word` lanes of `bits` bits (`t` copies of
        `D*simd*bits` with `t` reads per beat, one register file of `D`
        pixels with several pixels per beat)."""
        ii, latency, depth, copies, word, bits = symbols("II L D copies word bits")
        return CostModel(
            cycles=ii,
            latency=latency,
            memory_bits=depth * copies * word * bits,
            parameters=("H", "W", "C", "Kh", "Kw", "simd", "out_simd", "D"),
            table=("cycles", "memory_bits"),
        )

    def cost_values(self) -> dict[str, int]:
        model = self.model()
        ii, latency = self.timing_alone()
        x = self.input_stream
        return {
            "II": ii,
            "L": latency,
            "D": model.depth,
            "simd": self.simd_value,
            "out_simd": self.out_simd_value,
            "copies": model.group if model.pixels == 1 else 1,
            "word": model.simd,
            "bits": x.bits,
            "H": x.frame_shape[2],
            "W": x.frame_shape[3],
            "C": x.frame_shape[1],
            "Kh": model.rows.kernel,
            "Kw": model.cols.kernel,
        }

    def timing_alone(self) -> tuple[int, int]:
        """The timing model simulated (`SlidingWindow.alone`)."""
        return _alone(self.model())

    def folding_factors(self) -> tuple[Factor, ...]:
        simd, out_simd = (None if p is None else p.value.data for p in (self.simd, self.out_simd))
        return (
            Factor("simd", self.channels, simd, divisors_only=True),
            Factor("out_simd", self.output_stream.frame_shape[3], out_simd, divisors_only=True),
        )

    def pixels_factor(self) -> Factor | None:
        """`p` input pixels per beat (`simd = p*C`), when every input pixel
        is stored and the windows are not padded: the divisors of the
        frame's pixels."""
        c, (_, _, h, w) = self.channels, self.input_stream.frame_shape
        if self.output_stream.frame_shape[3] != self.window_elements or not self.model(c, c).stored.all():
            return None
        fixed = None
        if self.simd is not None:
            fixed = max(self.simd_value // c, 1)
        return Factor(PIXELS, h * w, fixed, values=tuple(divisors(h * w)))

    def folded_cost(self, values: Sequence[int]) -> tuple[int, int]:
        """The cycles of the input or the output beats, whichever are more,
        which a deep enough buffer reaches (`fit_consumer_lanes` sizes it);
        a pair that does not fit (`out_simd` not a multiple of `simd`) is
        never the fastest. With `p` pixels per beat (`simd = C`, whole
        windows out): `H*W/p` input beats, and the fewest windows per beat
        (`pixel_counts`) whose beats take no longer."""
        simd, out_simd, *rest = values
        pixels = rest[0] if rest else 1
        c = self.channels
        if simd > c:  # given already as pixels per beat
            simd, pixels = c, simd // c
        if pixels > 1:
            if simd != c or out_simd != self.window_elements:
                return sys.maxsize, 0
            return self._pixel_bound(pixels)[0], 0
        if out_simd % simd or (self.output_stream.frame_shape[3] - self.window_elements) % simd:
            return sys.maxsize, 0
        return _beat_bound(self.model(simd, out_simd)), 0

    def _pixel_bound(self, pixels: int) -> tuple[int, int]:
        """`(cycles, windows per beat)` at `pixels` input pixels per beat
        (`folded_cost`)."""
        _, oh, ow, _ = self.output_stream.frame_shape
        _, _, h, w = self.input_stream.frame_shape
        beats = h * w // pixels
        windows = next((q for q in pixel_counts(oh, ow) if oh * ow // q <= beats), oh * ow)
        return max(beats, oh * ow // windows), windows

    def apply_folding(self, values: Sequence[int]) -> None:
        """`simd` and `out_simd`; with `p` pixels per beat `simd = p*C` and
        `out_simd` whole windows (`folded_cost`)."""
        simd, out_simd, *rest = values
        if rest and rest[0] > 1 and self.simd is None:
            out_simd = self._pixel_bound(rest[0])[1] * self.window_elements
            simd = rest[0] * self.channels
        super().apply_folding((simd, out_simd))

    def pads_rows(self, port: int) -> bool:
        """Whether `tile` may pad the windows to the lanes of its consumer
        (its factors are free: `fit_consumer_lanes` then does)."""
        return self.simd is None and self.out_simd is None

    def fit_consumer_lanes(self, lanes: int | None, interval: int) -> None:
        """Parallel windows: `out_simd = lanes` over `simd = gcd(lanes, C)`
        when `lanes` divides the window's `Kh*Kw*C` elements and the beats
        then take at most `interval` cycles, or padded windows whenever
        `lanes` does not divide them (module docstring); then the smallest
        depth at which the generator alone keeps that interval (or its
        beats' bound, when slower), if the minimum does not."""
        window = self.window_elements
        if lanes is not None and lanes > self.output_stream.frame_shape[3]:
            # whole windows per beat (the consumer's pixels)
            self.properties["simd"] = i64_attr(self.channels)
            self.properties["out_simd"] = i64_attr(lanes)
        elif lanes is not None:
            simd = math.gcd(lanes, self.channels)
            padded = -(-window // lanes) * lanes
            if padded != window or _beat_bound(self.model(simd, lanes)) <= interval:
                self.properties["simd"] = i64_attr(simd)
                self.properties["out_simd"] = i64_attr(lanes)
                y = self.output_stream
                shape = (*y.frame_shape[:3], padded)
                if y.frame_shape != shape:
                    Rewriter.replace_value_with_new_type(self.result, StreamType(y.element_type, lanes, shape))
        self._fit_pixels(interval)
        model = self.model()
        target = max(interval, _beat_bound(model))
        if self.depth is None and _alone(model)[0] > target:
            depth = model.depth_for_interval(target)
            if depth is not None:
                self.properties["depth"] = i64_attr(depth)

    def _fit_pixels(self, interval: int) -> None:
        """The fewest input pixels per beat whose beats take at most
        `interval` cycles, when one per beat takes longer and the output
        reads whole pixels (`out_simd` a multiple of `C`)."""
        model, c = self.model(), self.channels
        factor = self.pixels_factor()
        if model.input_beats <= interval or self.out_simd_value % c or factor is None:
            return
        pixels = factor.size
        pixels = next((p for p in divisors(pixels) if pixels // p <= interval), pixels)
        self.properties["simd"] = i64_attr(pixels * c)

    def timing_model(self) -> TimingModel:
        return SwgTiming(self.model())

    def input_fifo_depth(self, port: int, producer: Producer | None) -> int:
        """A measured FIFO when an engine feeds a writer that stalls alone
        (module docstring), else none."""
        model = self.model()
        if producer is None or _alone(model)[0] <= _beat_bound(model):
            return 0
        return MEASURED_FIFO

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The stored beats read in the order of the windows
        (`SlidingWindow.run`)."""
        (beats,) = inputs
        return [self.model().run(beats, self.pad_int)]

    # Verification ----------------------------------------------------------------
    def _verify_pixels(self, pixels: int, count: int) -> None:
        """`simd = p*C`: `p` divides the frame's pixels, all of them stored."""
        if count % pixels:
            fail(f"{pixels} pixels per beat (simd {self.simd_value}) must divide the frame's {count} pixels")
        model = self.model(min(self.simd_value, self.channels), self.out_simd_value)
        if not model.stored.all():
            fail(
                f"{pixels} pixels per beat need every input pixel in some window; this geometry "
                "skips pixels (take one pixel per beat)"
            )

    def _verify_windows(self, out_simd: int, window: int, padded: int) -> None:
        """`out_simd = p*K`: `p` whole windows per beat, dividing a row of
        windows or a whole number of rows dividing the frame's."""
        oh, ow = self.output_stream.frame_shape[1:3]
        p = out_simd // window
        if padded != window or out_simd % window:
            fail(f"out_simd {out_simd} above the window's {padded} elements must be whole unpadded windows ({window} each)")
        if ow % p and (p % ow or oh % (p // ow)):
            fail(
                f"{p} windows per beat (out_simd {out_simd}) must divide the {ow} windows of a row "
                f"or be whole rows dividing the {oh} rows"
            )

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        element = quantized_element("input stream", x)
        if y.element_type != element:
            fail(f"the windows carry the input's elements {element}, got {y.element_type}")
        if not channels_last(x):
            fail(
                "input stream must carry [1, C, H, W] frames channels-last (order [0, 2, 3, 1]), "
                f"got shape {list(x.frame_shape)} order {list(x.axis_order)}"
            )
        if x.frame_shape[0] != 1:
            fail(f"input frames are one sample ([1, C, H, W]), got {list(x.frame_shape)}")
        for name, count in (("kernel", 2), ("strides", 2), ("dilations", 2), ("pads", 4)):
            values = ints(getattr(self, name))
            if len(values) != count:
                fail(f"{name} must have {count} values, got {list(values)}")
            low = 0 if name == "pads" else 1
            if any(v < low for v in values):
                fail(f"{name} must be >= {low}, got {list(values)}")
        kernel = ints(self.kernel)
        if any(k > MAX_KERNEL for k in kernel):
            fail(f"kernel sides are 1 to {MAX_KERNEL}, got {list(kernel)}")
        _, c, h, w = x.frame_shape
        strides, dilations, pads = ints(self.strides), ints(self.dilations), ints(self.pads)
        outputs = []
        for axis, size in enumerate((h, w)):
            k, s, d = kernel[axis], strides[axis], dilations[axis]
            counts = {pooled_size(size, k, s, pads[axis], pads[axis + 2], d, ceil) for ceil in (False, True)}
            outputs.append(sorted(counts))
        expected = [1, None, None, kernel[0] * kernel[1] * c]
        if len(y.frame_shape) != 4 or y.frame_shape[0] != 1 or y.frame_shape[3] < expected[3]:
            fail(f"output frame must be [1, OH, OW, {expected[3]}] (Kh*Kw*C), got {list(y.frame_shape)}")
        for axis, name in ((0, "OH"), (1, "OW")):
            if y.frame_shape[axis + 1] not in outputs[axis] or y.frame_shape[axis + 1] < 1:
                fail(
                    f"{name} {y.frame_shape[axis + 1]} is not a window count of this geometry "
                    f"(floor or ceil mode: {outputs[axis]})"
                )
        if not y.has_identity_order:
            fail(f"output stream must be in row-major order, got order {list(y.axis_order)}")
        lo, hi = x.value_range()
        if not lo <= self.pad_int <= hi:
            fail(f"pad_value {self.pad_int} must lie in the storage range [{lo}, {hi}] of {element}")
        simd = self.simd_value
        if simd < 1 or (c % simd and simd % c):
            fail(f"simd {simd} must divide the {c} channels")  # or be a multiple of them (pixels per beat)
        out_simd = self.out_simd_value
        window, padded = expected[3], y.frame_shape[3]
        reads = min(simd, c)
        if out_simd > padded:
            self._verify_windows(out_simd, window, padded)
        elif out_simd % reads or (padded == window and window % out_simd):
            fail(f"out_simd {out_simd} must be a multiple of simd {simd} dividing the window's {window} elements")
        if simd > c:
            self._verify_pixels(simd // c, h * w)
        if padded != window and padded != -(-window // out_simd) * out_simd:
            fail(
                f"padded windows of {padded} elements must be the window's {window} elements rounded up "
                f"to a multiple of out_simd {out_simd} ({-(-window // out_simd) * out_simd})"
            )
        if x.lane_count != simd or y.lane_count != out_simd:
            lanes = f"simd = {simd}" + (f" and out_simd = {out_simd}" if out_simd != simd else "")
            fail(
                f"input and output streams must have {lanes} lanes, got {x.lane_count} and "
                f"{y.lane_count} (insert a dataflow.dwc in front)"
            )
        model = self.model()
        if model.stored_beats == 0:
            fail("every window lies in the padding: no input element is read")
        if self.depth is not None and self.depth.value.data < model.minimum_depth:
            fail(
                f"depth {self.depth.value.data} is below the {model.minimum_depth} beats this "
                "geometry needs"
            )


def _beat_bound(model: SlidingWindow) -> int:
    """The cycles of a frame's input or output beats, whichever are more."""
    return max(model.input_beats, model.output_beats)


@lru_cache(maxsize=256)
def _alone(model: SlidingWindow) -> tuple[int, int]:
    """`(II, L)` of a sliding window alone, simulated once per geometry."""
    return model.alone()
