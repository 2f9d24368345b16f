"""An engine is a local change: a toy engine kind (`toy.scale`, defined in
the test-only module `support.toy_engine`, which touches no project file)
between two MVUs goes through tile (which chooses its lanes with the MVUs'
factors), schedule, the dataflow interpreter (integers equal to a numpy
reference built from the qnt kernels, and the predicted cycles),
lower-dataflow-to-rtl, the RTL interpreter and Verilator, whose integers
and frame cycles equal the dataflow interpreter's, under gaps and stalls.
So does a graph that forks and joins (toy engines of two outputs and of
two inputs)."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser

from asic.dialects import dataflow as df
from asic.dialects.qnt_kernels import dense_accumulate, requantize
from asic.interp.dataflow import predict_timing, simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from asic.universe import dialect_context
from support.dataflow_models import MlpSpec, qnt_mlp
from support.toy_engine import TOY, ScaleOp, insert_scale

PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"))


def toy_design(budget: int) -> tuple[ModuleOp, df.GraphOp]:
    """16 -> 10 -> 6 -> argmax with `toy.scale by -3` between the MVUs,
    tiled under `budget` multipliers and scheduled."""
    module = qnt_mlp(MlpSpec([16, 10, 6], seed=11, storages=["i8", "i6", "i8"]))
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    first = next(op for op in graph.engines() if isinstance(op, df.MvuOp))
    insert_scale(graph, first, -3)
    module.verify()
    TilePass(multipliers=budget).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    module.verify()
    return module, graph


def reference(graph: df.GraphOp, x: np.ndarray) -> np.ndarray:
    """The graph's integers from the qnt kernels, layer by layer: the dense
    layers, the toy's saturated product, the argmax."""
    values = x.reshape(x.shape[0], -1)
    for op in graph.engines():
        if isinstance(op, df.MvuOp):
            acc = dense_accumulate(values, op.input_type.zero_point, op.weight_array(), op.weight_zero_points(), op.bias_array())
            values = requantize(acc, *op.channel_multipliers(), op.output_type.zero_point, *op.bounds())
        elif isinstance(op, ScaleOp):
            values = np.clip(values * op.factor, *op.output_stream.value_range())
        elif isinstance(op, df.ArgmaxOp):
            values = np.argmax(values, axis=1)
    return values


def inputs(graph: df.GraphOp, count: int) -> np.ndarray:
    stream = df.stream_type_of(graph.body.block.args[0])
    lo, hi = stream.value_range()
    return np.random.default_rng(3).integers(lo, hi + 1, (count, *stream.frame_shape))


def _toy_context() -> Context:
    """Every registered dialect and the toy's."""
    ctx = dialect_context()
    ctx.load_dialect(TOY)
    return ctx


def test_toy_syntax_round_trips():
    ctx = _toy_context()
    module, _ = toy_design(1000)
    text = str(module)
    assert "= toy.scale %c0 by -3 lanes 10 {dataflow.ii = 1 : i64, dataflow.latency = 1 : i64} : !dataflow.stream<" in text
    parsed = Parser(ctx, text).parse_module()
    parsed.verify()
    assert str(parsed) == text


def test_toy_engine_through_tile_schedule_and_the_interpreters(capsys):
    _, graph = toy_design(60)
    report = capsys.readouterr().err
    (toy,) = [op for op in graph.engines() if isinstance(op, ScaleOp)]
    # tile chose the toy's lanes with the MVUs' factors (II 4: 3 lanes for
    # 10 elements), and reports it after the MVUs.
    assert toy.lane_value == 3
    assert "tile{multipliers=60}: dataflow.mvu cost model" in report
    assert "tile{multipliers=60}: toy.scale cost model\n  cycles = ceiling(F/lanes)\n  multipliers = lanes\nengine   F  lanes  cycles  multipliers\ns       10      3       4            3\n" in report
    used = sum(op.cost("multipliers") for op in graph.engines())
    assert used <= 60 and f"total: {used} multipliers of 60, II 4 cycles" in report
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    assert ii == max(op.timing_alone()[0] for op in graph.engines())
    # The integers: the functional models against the kernels' reference.
    x = inputs(graph, 40)
    (got,) = evaluate_op(graph, [x.reshape(-1, *x.shape[2:])])
    np.testing.assert_array_equal(got.reshape(-1), reference(graph, x))
    # The cycles: a long run's interval is the pipeline II; the first frame's latency is schedule's.
    assert predict_timing(graph, 64) == (ii, graph.attributes["dataflow.latency"].value.data)  # pyright: ignore


def check_rtl(module: ModuleOp, graph: df.GraphOp, x: np.ndarray, verilator: bool) -> ModuleOp:
    """Lower `module` (holding `graph`) to RTL: the RTL interpreter (or
    Verilator) gives the dataflow interpreter's integers on the frames `x`
    and, under each pattern of gaps and stalls, the timing model's start and
    end cycles of every frame."""
    (expected,) = evaluate_op(graph, [x.reshape(-1, *x.shape[2:])])
    timings = [simulate_timing(graph, len(x), valid_pattern=v, ready_pattern=r) for v, r in PATTERNS]
    LowerDataflowToRtlPass().apply(Context(), module)
    module.verify()
    for (valid, ready), timing in zip(PATTERNS, timings):
        if verilator:
            from asic.tools.asic_sim import simulate_design

            result = simulate_design(module.clone(), x, valid_pattern=valid, ready_pattern=ready)
        else:
            result = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(expected.shape), expected)
        np.testing.assert_array_equal(result.frame_start, timing.start)
        np.testing.assert_array_equal(result.frame_end, timing.end)
    return module


@pytest.mark.parametrize(
    "budget,verilator",
    # folded (converters around the toy, a FIFO in front of the second MVU), to fully parallel
    [(8, False), (60, False), (1000, False), (60, True)],
)
def test_toy_engine_in_rtl(budget, verilator):
    module, graph = toy_design(budget)
    module = check_rtl(module, graph, inputs(graph, 12), verilator)
    names = [op.sym_name.data for op in module.ops]  # pyright: ignore
    assert any(n.startswith("main_scale_w") for n in names), names


DAG = """
!q = !qnt.uniform<i6:f32, 0.1:-2>
!s = !dataflow.stream<!q, lanes 2, shape [1, 12]>
func.func @main(%a: tensor<1x12x!q>) -> tensor<1x12x!q> {
  %y = dataflow.graph "dag" inputs ["x"] outputs ["y"] (%a) : (tensor<1x12x!q>) -> tensor<1x12x!q> {
  ^bb0(%x: !s):
    %l, %r = toy.fork %x : (!s) -> (!s, !s)
    %s = toy.scale %l by -3 lanes 2 : !s
    %o = toy.add %s, %r : !s
    dataflow.yield %o : !s
  }
  func.return %y : tensor<1x12x!q>
}
"""


def dag_module() -> ModuleOp:
    module = Parser(_toy_context(), DAG).parse_module()
    module.verify()
    return module


@pytest.mark.parametrize("verilator", [False, True])
def test_a_graph_that_forks_and_joins(verilator):
    """Engines of two outputs and of two inputs (`in0_*`, `in1_*`, `out0_*`,
    `out1_*` ports), the toy join asking `schedule` for a FIFO on each
    input: the functional models give `clamp(clamp(-3x) + x)`, the timing
    model of the DAG (readies backward in reverse topological order) the
    pipeline II and the RTL's cycles, and the custom syntax of several
    results round-trips."""
    module = dag_module()
    assert "%l, %r = toy.fork %x : (!dataflow.stream<" in str(module)
    assert str(Parser(_toy_context(), str(module)).parse_module()) == str(module)
    SchedulePass().apply(Context(), module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    assert [op.name for op in graph.engines()] == ["toy.fork", "toy.scale", "dataflow.fifo", "dataflow.fifo", "toy.add"]
    x = np.random.default_rng(5).integers(-32, 32, (9, 1, 12))
    (got,) = evaluate_op(graph, [x.reshape(-1, 12)])
    np.testing.assert_array_equal(got.reshape(x.shape), np.clip(np.clip(-3 * x, -32, 31) + x, -32, 31))
    assert predict_timing(graph, 40) == (6, graph.attributes["dataflow.latency"].value.data)  # pyright: ignore
    check_rtl(module, graph, x, verilator)
