"""Random networks through every level, compared (used by
tests/test_differential.py, a few models in the suite, and
bench/bench_differential.py, campaigns of a thousand).

A `Case` is a random network, a `tile{multipliers=B}` budget (a share of
the way from the fewest multipliers its engines take to fully parallel,
`multipliers_for`), a number of frames and the
source's and sink's valid/ready patterns. Its network is either

- dense (`dense_cases`): a random MLP (`support.dataflow_models`: 1 to 3
  layers of 1 to 24 neurons, activation and weight storages of 2 to 16
  bits, per-tensor or per-channel weights, biases, ReLU bounds, clamps,
  requantization by multipliers or by powers of two, a fraction of the
  weights pruned to their zero point, an argmax or dequantize tail), or
- convolutional (`conv_cases`): a random CNN (`support.conv_nets`:
  convolutions with kernels 1 to 5, strides, dilations, symmetric and
  asymmetric pads, grouped and depthwise; max, average and global average
  pools with ceil mode and count_include_pad; residual adds and concats of
  branches; ReLU, ReLU6 and lookup-table activations; a flatten into dense
  layers; the same storages, requantization modes and sparsity) on a small
  image.

`check(case, verilator=...)` runs the case at every level and raises
`Mismatch` at the first disagreement:

1. the qnt interpreter on float inputs spread over the input's range (a
   few beyond it, which saturate);
2. the dataflow interpreter on the same inputs after
   `lower-qnt-to-dataflow`, `tile`, `schedule`: the same outputs, bit for
   bit;
3. the RTL interpreter on the graph's input frames after
   `lower-dataflow-to-rtl`: the same frames out, and every frame's start
   and end cycle equal to the dataflow timing model's prediction under the
   patterns;
4. (with `verilator`) the emitted SystemVerilog in Verilator: the same
   frames and the same cycles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.exceptions import VerifyException

from asic.dialects import dataflow as df
from asic.interp.dataflow import simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import run_function
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass, layers_of
from support.conv_nets import conv_net_specs
from support.dataflow_models import STORAGES, MlpSpec, random_float_inputs

PATTERNS = ("1", "1", "1", "10", "110", "0111", "1000")


class Mismatch(AssertionError):
    """Two levels disagree on a case."""


class Spec(Protocol):
    """What a case's network is drawn as (`MlpSpec`, `ConvNetSpec`)."""

    seed: int

    def module(self) -> ModuleOp: ...


@dataclass
class Case:
    spec: Spec
    budget: float
    """The `tile` budget, as the share of the way from the fewest
    multipliers the engines can take (0) to fully parallel (1)."""
    frames: int
    valid_pattern: str = "1"
    ready_pattern: str = "1"

    def model(self) -> ModuleOp:
        """The qnt-level module (a `VerifyException` for a model beyond the
        qnt limits)."""
        return self.spec.module()

    def describe(self) -> str:
        return (
            f"{self.spec!r}, budget {self.budget!r}, {self.frames} frames, "
            f"valid {self.valid_pattern!r}, ready {self.ready_pattern!r}"
        )


def _case(draw: st.DrawFn, spec: Spec, max_frames: int) -> Case:
    """`spec` with a budget, frames and patterns drawn."""
    return Case(
        spec,
        draw(st.one_of(st.floats(0, 1), st.just(1.0))),
        frames=draw(st.integers(1, max_frames)),
        valid_pattern=draw(st.sampled_from(PATTERNS)),
        ready_pattern=draw(st.sampled_from(PATTERNS)),
    )


@st.composite
def dense_cases(draw: st.DrawFn, max_width: int = 24) -> Case:
    layers = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=layers + 1, max_size=layers + 1))
    rows = draw(st.sampled_from([1, 1, 1, 2]))
    spec = MlpSpec(
        sizes,
        seed=draw(st.integers(0, 2**16)),
        rows=rows,
        tail="dequantize" if rows > 1 or draw(st.booleans()) else "argmax",
        storages=draw(st.lists(st.sampled_from(STORAGES), min_size=layers + 1, max_size=layers + 1)),
        weight_storages=draw(st.lists(st.sampled_from(STORAGES), min_size=layers, max_size=layers)),
        select_last_index=draw(st.booleans()),
        sparsity=draw(st.sampled_from([0.0, 0.0, 0.5, 0.9])),
        requantize=draw(st.sampled_from(["multiply", "shift"])),
    )
    return _case(draw, spec, 6)


@st.composite
def conv_cases(draw: st.DrawFn, max_side: int = 8, max_layers: int = 4) -> Case:
    return _case(draw, draw(conv_net_specs(STORAGES, max_side, max_layers)), 3)


def cases() -> st.SearchStrategy[Case]:
    """Dense and convolutional cases, one of each kind in turn."""
    return st.one_of(dense_cases(), conv_cases())


def buildable(case: Case) -> bool:
    """Whether the case's model is within the qnt limits."""
    try:
        case.model()
    except (VerifyException, ValueError):
        return False
    return True


def _same(what: str, got: np.ndarray, expected: np.ndarray) -> None:
    got, expected = np.asarray(got), np.asarray(expected)
    if got.shape != expected.shape or not np.array_equal(got, expected):
        raise Mismatch(f"{what}: {got.tolist()} != {expected.tolist()}")


def multipliers_for(graph: df.GraphOp, budget: float) -> int:
    """The `tile` budget `budget` of the way from the fewest multipliers
    the graph's engines can take to all of them fully parallel (as `tile`
    counts them: the engines without folding factors included)."""
    pairs = layers_of(graph)
    tiled = {engine for engine, _ in pairs}
    fixed = sum(int(engine.cost("multipliers")) for engine in graph.engines() if engine not in tiled)
    least = sum(layer.frontier[0][0] for _, layer in pairs)
    most = sum(layer.frontier[-1][0] for _, layer in pairs)
    return max(1, fixed + least + round(budget * (most - least)))


def check(case: Case, *, verilator: bool = False) -> int:
    """Run `case` at every level (module docstring); a `Mismatch` names the
    first disagreement. Returns the multipliers `tile` was given."""
    from asic.tools.asic_sim import host_of

    module = case.model()
    x = random_float_inputs(module, case.frames, seed=case.spec.seed)
    expected = run_function(module, [x])

    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    multipliers = multipliers_for(graph, case.budget)
    TilePass(multipliers=multipliers).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    module.verify()
    for name, value in run_function(module, [x]).items():
        _same(f"dataflow interpreter, output '{name}'", value, expected[name])

    patterns = {"valid_pattern": case.valid_pattern, "ready_pattern": case.ready_pattern}
    host = host_of(module, "the case")
    frames = host.quantize([x])
    sink = next(s for s in host.streams if not s.is_input)
    timing = simulate_timing(graph, frames.shape[0], **patterns)

    rtl = module.clone()
    LowerDataflowToRtlPass().apply(ctx, rtl)
    rtl.verify()
    results = {"RTL interpreter": simulate(rtl, frames, **patterns)}
    if verilator:
        from asic.tools.asic_sim import simulate_design

        results["Verilator"] = simulate_design(rtl.clone(), frames, **patterns)
    for level, result in results.items():
        for name, value in host.finish(result.outputs[sink.stream]).items():
            _same(f"{level}, output '{name}'", value, expected[name])
        _same(f"{level}, cycle each frame starts (predicted by the timing model)", result.frame_start, timing.start)
        _same(f"{level}, cycle each frame ends (predicted by the timing model)", result.frame_end, timing.end)
    return multipliers
