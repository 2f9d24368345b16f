"""Window reductions: max and average pooling over the windows of a
sliding-window generator (`asic.dialects.dataflow.sliding_window`), and global
average pooling over whole frames, as one streaming engine.

Streams. In: `R` windows of `T` taps, each tap `CF` beats of `simd` lanes
(channel `f*simd + l` in beat `f`, lane `l`): beat `(r*T + t)*CF + f` --
the SWG's output (`T = Kh*Kw`, `R = OH*OW`), or a frame `[1, C, H, W]`
streamed channels-last for a global pool (`R = 1`, `T = H*W`). Out: `R`
pixels of `CF` beats, pixel `r` beat `f` the reduction of channels `f*simd
.. f*simd + simd - 1` over the `T` taps of window `r`: the frame `[1, C,
OH, OW]` channels-last (`order [0, 2, 3, 1]`), ready for the next SWG.

Integers (`qnt.maxpool2d`, `qnt.avgpool2d`, `qnt.global_avgpool2d`):
max: the largest tap (the SWG pads a max pool with the storage minimum,
which never wins over an input element, and every pooling window holds
one); mean: `S = sum_t (x_t - zx)` (the SWG pads with `zx`: padded taps add
0), then `clamp(rshift_round(S * M_r, s_r) + zy, lo, hi)` with the
multiplier and shift of window `r`'s divisor.

Timing. The engine keeps `CF` accumulators in a ring: the one at its head
belongs to the fold of the next beat, which replaces it by its tap (`t =
0`) or combines with it, and goes to the tail. A beat of the last tap
(`t = T-1`) loads its finished result into the output register:

    in_ready  = advance = !out_full | out_ready
    edge:  out_full <= (in_move & t == T-1) | (out_full & !out_ready)
           if in_move: k <= k + 1 (mod R*T*CF), t = (k // CF) mod T

so an output beat is valid the cycle after its last input beat moved (the
last tap's `CF` beats give `CF` output beats in a row). A requantized
result (mean, dot) first passes `stages` pipeline registers
(`asic.dialects.dataflow.pipeline`: the finished sum registered, then the
requantizer's registers), every one stepping with `advance`, each a cycle
more:

    edge, if advance:  out_full <= the last pipeline register;
                       every pipeline register <= the one before it;
                       the first <= in_move & t == T-1

Alone: interval `R*T*CF`, the input beats; latency that plus `stages`.

Parallel taps (the vector-vector unit, `dataflow.vvu`): a beat may carry
`p` taps of all the channels (`CF = 1`), `T` being then the window's
`ceiling(Kh*Kw/p)` beats. As in a folded matrix-vector unit, the beat's
`p` products per lane are registered, then reduced by an adder tree
(`asic.dialects.dataflow.pipeline.adder_tree_stages`) to at most
`ADDER_FAN_IN - 1` numbers, which the ring's adder sums with the head or
the bias: `tap_tree_stages(p)` registered stages in all, the beat's valid
bit, `t == 0` and `t == T-1` carried along (every register stepping with
`advance`); those stages count among `stages`, so the timing is the
above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asic.dialects.dataflow.engine import TimingModel
from asic.dialects.dataflow.pipeline import ADDER_FAN_IN, adder_tree_stages, requantizer_stages, shift_through
from asic.dialects.dataflow.sliding_window import ChannelFolds


@dataclass(frozen=True)
class WindowReduce(ChannelFolds):
    """The shape of one reduction engine (module docstring)."""

    windows: int
    """`R`."""
    taps: int
    """`T`."""
    channels: int
    simd: int = 1
    stages: int = 0
    """The pipeline registers in front of the output register."""

    @property
    def input_beats(self) -> int:
        return self.windows * self.taps * self.channel_folds

    @property
    def output_beats(self) -> int:
        return self.windows * self.channel_folds

    def alone(self) -> tuple[int, int]:
        """`(interval, latency)` alone (module docstring)."""
        return self.input_beats, self.input_beats + self.stages


def reduce_stages(acc_bits: int, m_bits: int, y_bits: int, max_shift: int, runtime_multiplier: bool) -> int:
    """The pipeline registers of a requantized reduction (module docstring):
    the finished sum's register and the requantizer's
    (`asic.dialects.dataflow.pipeline.requantizer_stages`)."""
    return 1 + requantizer_stages(acc_bits, m_bits, y_bits, max_shift, runtime_multiplier)


def tap_tree_stages(parallel_taps: int) -> int:
    """The registered stages of a beat's `parallel_taps` products and their
    adder tree (module docstring): none for one tap (its product and the
    ring's addition are one multiply-accumulate)."""
    return 0 if parallel_taps == 1 else 1 + adder_tree_stages(parallel_taps, ADDER_FAN_IN - 1)


class ReduceTiming(TimingModel):
    """The timing model of one reduction engine (module docstring)."""

    __slots__ = ("beats", "folds", "full", "k", "pipe", "taps")

    def __init__(self, shape: WindowReduce):
        self.beats, self.folds, self.taps = shape.input_beats, shape.channel_folds, shape.taps
        self.pipe = (0,) * shape.stages
        self.k = self.full = 0

    def state(self) -> tuple:
        return (self.k, self.pipe, self.full)

    def out_valid(self, port: int) -> int:
        return self.full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(not self.full or out_ready[0])

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        if self.full and not out_ready[0]:
            return  # no advance: every register holds (and no beat moves)
        last_tap = (self.k // self.folds) % self.taps == self.taps - 1
        self.full, self.pipe = shift_through(self.pipe, int(in_move[0] and last_tap))
        if in_move[0]:
            self.k = self.k + 1 if self.k + 1 < self.beats else 0


__all__ = ["ReduceTiming", "WindowReduce", "reduce_stages", "tap_tree_stages"]
