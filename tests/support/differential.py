"""Random dense networks through every level, compared (used by
tests/test_differential.py, a few models in the suite, and
bench/bench_differential.py, campaigns of a thousand).

`dense_cases()` draws a `DenseCase`: a random MLP (`support.dataflow_models`:
1 to 3 layers of 1 to 24 neurons, activation and weight storages of 2 to 16
bits, per-tensor or per-channel weights, biases, ReLU bounds, clamps,
requantization by multipliers or by powers of two, a fraction of the
weights pruned to their zero point, an argmax or dequantize tail), a
`tile{multipliers=B}` budget (from one multiplier per layer to fully
parallel), a number of frames and the source's and sink's valid/ready
patterns.

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
from asic.passes.tile import TilePass
from support.dataflow_models import STORAGES, MlpSpec, qnt_mlp, random_float_inputs

PATTERNS = ("1", "1", "1", "10", "110", "0111", "1000")


class Mismatch(AssertionError):
    """Two levels disagree on a case."""


@dataclass
class DenseCase:
    spec: MlpSpec
    multipliers: int
    frames: int
    valid_pattern: str = "1"
    ready_pattern: str = "1"

    def model(self) -> ModuleOp:
        """The qnt-level module (a `VerifyException` for a model beyond the
        qnt limits)."""
        return qnt_mlp(self.spec)

    def describe(self) -> str:
        return (
            f"{self.spec!r}, tile{{multipliers={self.multipliers}}}, {self.frames} frames, "
            f"valid {self.valid_pattern!r}, ready {self.ready_pattern!r}"
        )


@st.composite
def dense_cases(draw: st.DrawFn, max_width: int = 24) -> DenseCase:
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
    macs = sum(a * b for a, b in zip(sizes, sizes[1:]))
    multipliers = draw(st.one_of(st.integers(layers, max(layers, macs)), st.just(macs)))
    return DenseCase(
        spec,
        max(layers, multipliers),
        frames=draw(st.integers(1, 6)),
        valid_pattern=draw(st.sampled_from(PATTERNS)),
        ready_pattern=draw(st.sampled_from(PATTERNS)),
    )


def buildable(case: DenseCase) -> bool:
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


def check(case: DenseCase, *, verilator: bool = False) -> None:
    """Run `case` at every level (module docstring); a `Mismatch` names the
    first disagreement."""
    from asic.tools.asic_sim import host_of

    module = case.model()
    x = random_float_inputs(module, case.frames, seed=case.spec.seed)
    expected = run_function(module, [x])

    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    TilePass(multipliers=case.multipliers).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    module.verify()
    for name, value in run_function(module, [x]).items():
        _same(f"dataflow interpreter, output '{name}'", value, expected[name])

    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
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
