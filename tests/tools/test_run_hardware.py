"""asic-run on rtl-level IR (`asic.tools.run_hardware`): with `--host` the
outputs are asic-run's on the host IR, bit for bit (argmax and dequantize
tails, one sample or a batch); in frames mode they are the dataflow
interpreter's frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context

from asic.dialects import dataflow as df
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from asic.tools.asic_run import main
from support.dataflow_models import MlpSpec, qnt_mlp, random_float_inputs


def _asic_run(tmp: Path, model: Path, inputs: dict[str, np.ndarray], *extra: str) -> dict[str, np.ndarray]:
    np.savez(tmp / "in.npz", **inputs)
    out = tmp / f"out-{model.stem}-{len(extra)}.npz"
    main([str(model), "--inputs", str(tmp / "in.npz"), "--output", str(out), *extra])
    with np.load(out) as data:
        return {k: data[k] for k in data.files}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 1000),
    tail=st.sampled_from(["argmax", "dequantize"]),
    budget=st.integers(2, 40),
    samples=st.sampled_from([1, 5]),
)
def test_every_level_runs_with_asic_run(tmp_path_factory, seed: int, tail: str, budget: int, samples: int) -> None:
    tmp = tmp_path_factory.mktemp("levels")
    module = qnt_mlp(MlpSpec([6, 5, 4], seed=seed, tail=tail))
    x = random_float_inputs(module, samples, seed=seed)
    if samples == 1:
        x = x[0]
    (tmp / "m.qnt.mlir").write_text(str(module))
    LowerQntToDataflowPass().apply(Context(), module)
    TilePass(multipliers=budget).apply(Context(), module)
    SchedulePass().apply(Context(), module)
    (tmp / "m.df.mlir").write_text(str(module))
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    stream = df.stream_type_of(graph.body.block.args[0])
    frames = np.random.default_rng(seed).integers(*stream.value_range(), endpoint=True, size=(3, *stream.frame_shape))
    expected_frames = evaluate_op(graph, [frames.reshape(-1, *stream.frame_shape[1:])])[0]
    LowerDataflowToRtlPass().apply(Context(), module)
    (tmp / "m.rtl.mlir").write_text(str(module))

    expected = _asic_run(tmp, tmp / "m.qnt.mlir", {"arg0": x})
    for host in ("m.qnt.mlir", "m.df.mlir"):
        got = _asic_run(tmp, tmp / "m.rtl.mlir", {"arg0": x}, "--host", str(tmp / host))
        assert list(got) == list(expected)
        for name, value in expected.items():
            assert got[name].dtype == value.dtype and got[name].shape == value.shape
            np.testing.assert_array_equal(got[name], value)
    (name,) = graph.stream_output_names
    got_frames = _asic_run(tmp, tmp / "m.rtl.mlir", {graph.stream_input_names[0]: frames})
    np.testing.assert_array_equal(got_frames[name].reshape(expected_frames.shape), expected_frames)
