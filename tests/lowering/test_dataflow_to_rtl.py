"""`lower-dataflow-to-rtl` on random quantized MLPs (lower-qnt-to-dataflow,
tile, schedule): the RTL interpreter gives the dataflow interpreter's
integers and, frame for frame, the start and end cycles of its timing model,
with and without gaps and stalls; modules are shared between equal engines;
the top module follows the stream contract."""

from __future__ import annotations

import random

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects import hw
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.exceptions import VerifyException

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.rtl import check_top
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.lowering.rtl.registry import engine_module
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import STORAGES, MlpSpec, parse_any, qnt_mlp, single_engine_graphs
from support.lowered import check_lowered


def compiled(spec: MlpSpec, multipliers: int) -> tuple[ModuleOp, df.GraphOp]:
    module = qnt_mlp(spec)
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    TilePass(multipliers=multipliers).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    return module, graph


def check(spec: MlpSpec, multipliers: int, count: int = 5, patterns=(("1", "1"),)) -> ModuleOp:
    module, graph = compiled(spec, multipliers)
    check_lowered(module, graph, spec.seed, count, patterns)
    return module


@pytest.mark.parametrize("multipliers", [4, 16, 1000])
def test_mlp_matches_dataflow_interpreter_and_timing(multipliers):
    check(MlpSpec([16, 8, 6], seed=3), multipliers, patterns=(("1", "1"), ("101", "1"), ("1", "0111")))


@pytest.mark.slow
def test_random_mlps():
    rng = random.Random(0)
    done = 0
    for seed in range(30):
        sizes = [rng.choice([4, 5, 6, 7, 8, 10, 12]) for _ in range(rng.randint(2, 4))]
        layers = len(sizes) - 1
        spec = MlpSpec(
            sizes, seed=seed, rows=(rows := rng.choice([1, 1, 2])), tail="dequantize" if rows > 1 else rng.choice(["argmax", "dequantize"]),
            storages=[rng.choice(STORAGES[:8]) for _ in range(layers + 1)],
            weight_storages=[rng.choice(STORAGES[:8]) for _ in range(layers)],
            select_last_index=rng.random() < 0.5,
        )  # fmt: skip
        try:
            qnt_mlp(spec)
        except VerifyException:
            continue  # a random model beyond the qnt limits
        check(spec, rng.choice([4, 5, 8, 30, 1000]), count=4, patterns=(("1", "1"), ("110", "10")))
        done += 1
    assert done >= 15


@pytest.mark.parametrize("name,source", list(single_engine_graphs()))
def test_each_engine_alone_in_rtl(name, source):
    """Every kind of engine alone (folded, padded and fully parallel MVUs,
    gathers, scatters and frame converters, FIFO, reshape): the RTL
    interpreter's frames start and end in the cycles of the timing model,
    with gaps and stalls, and carry the dataflow interpreter's integers."""
    module = parse_any(source)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    check_lowered(module, graph, len(name), 5, (("1", "1"), ("110", "1"), ("1", "0110")))


@pytest.mark.parametrize(
    "folds",
    [
        [(3, 5), (4, 6)],  # padded input beats and neuron folds; gather 3 -> 6 ending a frame early
        [(7, 16), (7, 10)],  # 7 -> 10 lanes for a 10-element frame: one frame converter, gather 7 -> 10 (r 2)
        [(8, 3), (2, 4)],  # scatter 8 -> 4: the frame's second input beat gives one piece, not two
        [(10, 9), (1, 4)],  # 10 -> 4 for a 10-element frame: scatter into 3 beats, the last padded
        [(3, 8), (2, 5)],  # 3 -> 5 for a 10-element frame: through min(lcm 15, 10) = 10 lanes
    ],
)
def test_padded_folds_match_dataflow_interpreter_and_timing(folds):
    """Partial last folds and the converters between padded streams (argmax
    and dequantize tails), with gaps and stalls."""
    for tail in ("argmax", "dequantize"):
        spec = MlpSpec([16, 10, 7], seed=len(tail) + folds[0][0], tail=tail, folds=folds)
        check(spec, 1000, count=4, patterns=(("1", "1"), ("110", "10"), ("1", "0111")))


@pytest.mark.slow
def test_padded_converters_and_argmax_in_verilator():
    """One Verilator build with every padded path (a partial synapse fold on
    the input, partial neuron folds, a scatter that ends frames early, a
    frame converter (gather 3 -> 7 lanes for a 7-element frame), an argmax
    over a padded beat): its integers and cycles equal the
    RTL interpreter's, under gaps and stalls."""
    from asic.tools.asic_sim import simulate_design

    spec = MlpSpec([16, 10, 7, 5], seed=7, folds=[(8, 3), (3, 2), (2, 7)])
    module, graph = compiled(spec, 1000)
    kinds = [(op.name, op.input_stream.lane_count, op.output_stream.lane_count) for op in graph.engines()]
    assert ("dataflow.dwc", 8, 2) in kinds and ("dataflow.dwc", 3, 7) in kinds and ("dataflow.argmax", 2, 1) in kinds
    stream = df.stream_type_of(graph.body.block.args[0])
    lo, hi = stream.value_range()
    x = np.random.default_rng(1).integers(lo, hi + 1, (40, *stream.frame_shape))
    expected = evaluate_op(graph, [x.reshape(-1, *stream.frame_shape[1:])])[0]
    LowerDataflowToRtlPass().apply(Context(), module)
    for valid, ready in (("1", "1"), ("1101", "0111")):
        interp = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        verilated = simulate_design(module.clone(), x, valid_pattern=valid, ready_pattern=ready)
        (out,) = verilated.outputs.values()
        np.testing.assert_array_equal(out.reshape(expected.shape), expected)
        np.testing.assert_array_equal(interp.frame_start, verilated.frame_start)
        np.testing.assert_array_equal(interp.frame_end, verilated.frame_end)


def test_top_module_and_shared_engines():
    spec = MlpSpec([8, 8, 8, 8], seed=1, relu=[True] * 3, per_channel=[False] * 3)
    module = check(spec, 1000)
    modules = [op for op in module.ops if isinstance(op, hw.HWModuleOp)]
    assert len(list(module.ops)) == len(modules)  # the host function is gone
    top = modules[-1]
    streams = check_top(top)
    assert [s.stream for s in streams] == ["x", "label"] or len(streams) == 2
    names = [m.sym_name.data for m in modules]
    assert names[-1] == "main"
    assert len(names) == len(set(names))
    instances = [op for op in top.body.walk() if isinstance(op, hw.InstanceOp)]
    assert len(instances) == 4  # three MVUs and the argmax, no FIFO needed


def test_equal_fifos_share_one_module():
    spec = MlpSpec([8, 8, 8, 8], seed=2)
    module, _ = compiled(spec, 6)
    LowerDataflowToRtlPass().apply(Context(), module)
    top = [op for op in module.ops if isinstance(op, hw.HWModuleOp)][-1]
    used = [op.module_name.string_value() for op in top.body.walk() if isinstance(op, hw.InstanceOp)]
    fifos = [u for u in used if "fifo" in u]
    assert len(set(fifos)) <= len(fifos)
    assert len({op.sym_name.data for op in module.ops}) == len(list(module.ops))


def test_an_engine_kind_without_an_rtl_builder_is_a_diagnostic():
    """Builders are looked up per op class (wires, like a reshape, have none)."""
    module = parse_any(dict(single_engine_graphs())["reshape"])
    (reshape,) = next(op for op in module.walk() if isinstance(op, df.GraphOp)).engines()
    with pytest.raises(UserError, match="^lower-dataflow-to-rtl: dataflow.reshape has no hardware yet$"):
        engine_module(reshape)
