"""The dataflow level: lower-qnt-to-dataflow, tile, schedule and the dataflow
interpreter.

- Integers: random quantized MLPs (built with the qnt Python API) give, after
  lowering, tiling with random or chosen factors and scheduling, exactly the
  qnt interpreter's integers (hypothesis); so does the digits MLP through
  fuse-bias, calibrate, quantize on the held-out split.
- tile: within the budget, the smallest II and then the fewest multipliers,
  equal to brute force on small cases; target-cycles the fewest multipliers;
  given factors kept; the integer cost function equals the sympy formula.
- schedule and the timing model: each engine alone takes the cycles and
  latency of the cost model; with schedule's FIFOs a long run of frames has
  the pipeline II as its interval, the first frame the stored latency; the
  periodic extrapolation gives the cycles of the full simulation, with gaps
  and stalls too.
- The stream order is the RTL stream contract's; the ROM word layout;
  asic-run runs dataflow IR.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import IntegerType, ModuleOp, Signedness
from xdsl.ir import Block

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects import rtl
from asic.dialects.dataflow import divisors, fold_factors
from asic.dialects.rtl import StreamAttr
from asic.interp.dataflow import (
    beats_to_frames,
    frames_to_beats,
    predict_timing,
    simulate_timing,
)
from asic.interp.runner import run_function
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import Layer, TilePass, tile_for_budget, tile_for_target
from support.dataflow_models import (
    STORAGES,
    MlpSpec,
    parse_any,
    qnt_mlp,
    random_float_inputs,
    single_engine_graphs,
)

CTX = Context()


def lowered(spec: MlpSpec, *, multipliers: int | None = None, target: int | None = None, schedule: bool = True) -> ModuleOp:
    module = qnt_mlp(spec)
    LowerQntToDataflowPass().apply(CTX, module)
    if multipliers is not None or target is not None:
        TilePass(multipliers=multipliers, target_cycles=target).apply(CTX, module)
    if schedule:
        SchedulePass().apply(CTX, module)
    module.verify()
    return module


def graph_of(module: ModuleOp) -> df.GraphOp:
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


# --------------------------------------------------------------------------
# Streams and ROMs
# --------------------------------------------------------------------------


@pytest.mark.parametrize("order", [None, (0, 2, 3, 1), (3, 1, 0, 2)])
@pytest.mark.parametrize("lanes", [1, 2, 6])
def test_beat_order_is_the_rtl_stream_contract(order, lanes):
    stream = df.StreamType(df.UniformQuantizedType("i8", 0.1), lanes, (1, 2, 3, 2), order)
    frames = np.random.default_rng(0).integers(-128, 128, (3, 1, 2, 3, 2))
    beats = frames_to_beats(stream, frames)
    contract = StreamAttr.from_stream(stream, "x", "in")
    packed = rtl.frames_to_beats(contract, frames)
    lanes_of = np.stack(
        [((packed.astype(np.int64) >> (8 * l)) & 0xFF) for l in range(lanes)], axis=-1
    )
    np.testing.assert_array_equal(lanes_of, beats & 0xFF)
    np.testing.assert_array_equal(beats_to_frames(stream, beats), frames)
    assert contract.lane_count == lanes and contract.beat_count == 12 // lanes
    assert contract.element == IntegerType(8, Signedness.SIGNED)


def test_stream_type_views():
    q = df.UniformQuantizedType("u4", 0.5, 3)
    s = df.StreamType(q, 4, (1, 8))
    assert (s.beat_count, s.frame_size, s.bits, s.signed, s.value_range()) == (2, 8, 4, False, (0, 15))
    assert s.with_lanes(2) == df.StreamType(q, 2, (1, 8))
    assert df.index_type(10) == IntegerType(4, Signedness.UNSIGNED)
    assert df.index_type(1) == IntegerType(1, Signedness.UNSIGNED)


def test_rom_words_layout():
    module = lowered(MlpSpec([6, 4], seed=1, folds=[(2, 3)]), schedule=False)
    mvu = next(op for op in graph_of(module).engines() if isinstance(op, df.MvuOp))
    w = mvu.weight_array()
    words = mvu.rom_words()
    assert words.shape == (2 * 2, 2 * 3)
    for nf, sf, p, s in itertools.product(range(2), range(2), range(2), range(3)):
        assert words[nf * 2 + sf, p * 3 + s] == w[nf * 2 + p, sf * 3 + s]


# --------------------------------------------------------------------------
# Integers: the dataflow interpreter against the qnt interpreter
# --------------------------------------------------------------------------


def factors(size: int, rows: int) -> list[int]:
    """The folding factors allowed: any, padded, with one row per frame."""
    return list(range(1, size + 1)) if rows == 1 else divisors(size)


@st.composite
def mlp_specs(draw):
    layers = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, 6, 8, 9, 12, 16]), min_size=layers + 1, max_size=layers + 1))
    rows = draw(st.sampled_from([1, 1, 1, 2, 3]))
    folds = []
    for i in range(layers):
        pe = draw(st.one_of(st.none(), st.sampled_from(factors(sizes[i + 1], rows))))
        simd = draw(st.one_of(st.none(), st.sampled_from(factors(sizes[i], rows))))
        folds.append((pe, simd))
    storage = st.sampled_from(STORAGES)
    return MlpSpec(
        sizes,
        seed=draw(st.integers(0, 2**16)),
        rows=rows,
        tail="dequantize" if rows > 1 or draw(st.booleans()) else "argmax",
        storages=draw(st.lists(storage, min_size=layers + 1, max_size=layers + 1)),
        weight_storages=draw(st.lists(st.sampled_from(["i8", "i4", "u8", "i2", "i16"]), min_size=layers, max_size=layers)),
        folds=folds,
        flatten_input=rows == 1 and draw(st.booleans()),
        select_last_index=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=mlp_specs(), budget=st.one_of(st.none(), st.integers(1, 64)), data=st.data())
def test_random_mlps_match_the_qnt_interpreter(spec, budget, data):
    module = qnt_mlp(spec)
    x = random_float_inputs(module, 6, seed=spec.seed)
    expected = run_function(module, {"arg0": x})
    LowerQntToDataflowPass().apply(CTX, module)
    least = sum(
        (p or 1) * (s or 1) for p, s in (spec.folds or [])
    )
    if budget is not None and budget >= least:
        TilePass(multipliers=budget).apply(CTX, module)
    SchedulePass().apply(CTX, module)
    module.verify()
    got = run_function(module, {"arg0": x})
    for name, value in expected.items():
        np.testing.assert_array_equal(got[name], value)
        assert got[name].dtype == value.dtype
    # One sample at a time gives the same (the graph keeps a batch).
    one = run_function(module, {"arg0": x[0]})
    for name, value in expected.items():
        np.testing.assert_array_equal(one[name], value[0])


def test_argmax_ties_first_and_last():
    # i2 outputs tie often: the first or the last maximum, as qnt.argmax.
    for last in (False, True):
        spec = MlpSpec([8, 12], seed=5, storages=["u8", "i2"], tail="argmax", select_last_index=last, folds=[(4, 2)])
        module = qnt_mlp(spec)
        x = random_float_inputs(module, 64, seed=1)
        expected = run_function(module, {"arg0": x})["result0"]
        LowerQntToDataflowPass().apply(CTX, module)
        np.testing.assert_array_equal(run_function(module, {"arg0": x})["result0"], expected)


# --------------------------------------------------------------------------
# tile
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Mvu:
    """An MVU as tile sees it, by its sizes and given factors."""

    name: str
    rows: int
    n: int
    k: int
    pe: int | None = None
    simd: int | None = None

    @property
    def layer(self) -> Layer:
        factors = df.mvu_factors(self.rows, self.n, self.k, self.pe, self.simd)
        return Layer(self.name, "dataflow.mvu", factors, lambda v: (df.mvu_cycles(self.rows, self.n, self.k, *v), v[0] * v[1]), noun="MVU")


def tiled(mvus: list[Mvu]) -> list[Layer]:
    return [m.layer for m in mvus]


def options(layer: Mvu):
    """Every factor pair allowed: any in [1, size] with one row per frame
    (a partial last fold), divisors with several."""

    def allowed(size: int) -> list[int]:
        return list(range(1, size + 1)) if layer.rows == 1 else divisors(size)

    pes = [layer.pe] if layer.pe else allowed(layer.n)
    simds = [layer.simd] if layer.simd else allowed(layer.k)
    return [(p, s) for p in pes for s in simds]


def cycles(layer: Mvu, pe: int, simd: int) -> int:
    return layer.rows * math.ceil(layer.n / pe) * math.ceil(layer.k / simd)


@st.composite
def layer_lists(draw):
    count = draw(st.integers(1, 3))
    layers = []
    for i in range(count):
        n, k = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        rows = draw(st.sampled_from([1, 1, 2]))
        pe = draw(st.one_of(st.none(), st.none(), st.sampled_from(divisors(n))))
        simd = draw(st.one_of(st.none(), st.none(), st.sampled_from(divisors(k))))
        layers.append(Mvu(f"l{i}", rows, n, k, pe, simd))
    return layers


@settings(max_examples=300, deadline=None)
@given(layers=layer_lists(), budget=st.integers(1, 200))
def test_tile_budget_is_optimal(layers, budget):
    least = sum(min(p * s for p, s in options(l)) for l in layers)
    if budget < least:
        with pytest.raises(UserError, match="below the"):
            tile_for_budget(tiled(layers), budget)
        return
    chosen = tile_for_budget(tiled(layers), budget)
    used = sum(p * s for p, s in chosen)
    ii = max(cycles(l, p, s) for l, (p, s) in zip(layers, chosen))
    assert used <= budget
    for l, (p, s) in zip(layers, chosen):
        assert (p, s) in options(l)
    # Brute force: the smallest II within the budget, then the fewest multipliers.
    best = min(
        (max(cycles(l, p, s) for l, (p, s) in zip(layers, combo)), sum(p * s for p, s in combo))
        for combo in itertools.product(*(options(l) for l in layers))
        if sum(p * s for p, s in combo) <= budget
    )
    assert (ii, used) == best


@settings(max_examples=200, deadline=None)
@given(layers=layer_lists(), target=st.integers(1, 300))
def test_tile_target_takes_the_fewest_multipliers(layers, target):
    fastest = [min(cycles(l, p, s) for p, s in options(l)) for l in layers]
    if any(f > target for f in fastest):
        with pytest.raises(UserError, match="cannot take"):
            tile_for_target(tiled(layers), target)
        return
    chosen = tile_for_target(tiled(layers), target)
    for l, (p, s) in zip(layers, chosen):
        assert cycles(l, p, s) <= target
        assert p * s == min(a * b for a, b in options(l) if cycles(l, a, b) <= target)


def test_cost_formulas_agree_with_integer_cycles():
    MVU_COST = df.MvuOp.cost_model()
    for rows, n, k in [(1, 64, 64), (1, 10, 7), (2, 10, 12), (3, 7, 5)]:
        for pe, simd in itertools.product(range(1, n + 1), range(1, k + 1)):
            symbols = {"R": rows, "N": n, "K": k, "pe": pe, "simd": simd, "w_bits": 8, "pixels": 1, df.DIGITS: 1}
            folds = math.ceil(n / pe) * math.ceil(k / simd)
            assert df.evaluate(MVU_COST.cycles, symbols) == df.mvu_cycles(rows, n, k, pe, simd) == rows * folds
            assert df.evaluate(MVU_COST.rom_words, symbols) == folds
            assert df.evaluate(MVU_COST.rom_bits, symbols) == folds * pe * simd * 8
            if n % pe == 0 and k % simd == 0:  # no padding: the familiar formula
                assert df.evaluate(MVU_COST.rom_bits, symbols) == n * k * 8
            for digits in (2, 4, 8) if n < 64 else ():  # digit-serial weights: d times the steps, 1/d of the multipliers
                symbols[df.DIGITS] = digits
                assert df.evaluate(MVU_COST.cycles, symbols) == df.mvu_cycles(rows, n, k, pe, simd, digits) == rows * folds * digits
                assert df.evaluate(MVU_COST.rom_bits, symbols) == folds * pe * simd * 8
                cost = df.evaluate_exact(MVU_COST.multipliers, symbols)
                assert cost == pe * simd * df.digit_multiplier_cost(8, digits) == pe * simd * (Fraction(1, 4) + Fraction(3, 4) * max(Fraction(8 // digits + 1, 8), Fraction(1, 2)))


def test_the_docstring_states_every_engines_cost_model():
    """The table of the dialect's docstring is generated from the ops."""
    table = df.cost_table((kind.name, kind.cost_model()) for kind in df.engine_kinds())
    assert textwrap.indent(table, "    ") in (df.__doc__ or "")
    kinds = df.engine_kinds()
    assert len(set(kinds)) == len(kinds) and {df.MvuOp, df.FifoOp, df.AddOp} <= set(kinds)
    assert set(kinds) == _engine_classes_of_the_dialect_package()


def _engine_classes_of_the_dialect_package() -> set[type]:
    """Every `EngineOp` subclass defined in `asic.dialects.dataflow`."""
    found, todo = set(), [df.EngineOp]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("asic.dialects.dataflow.") and getattr(sub, "name", None):
                found.add(sub)
    return found


def test_fold_factors_are_the_smallest_of_each_fold_count():
    for n in range(1, 60):
        expected = {min(p for p in range(1, n + 1) if math.ceil(n / p) == f) for f in {math.ceil(n / p) for p in range(1, n + 1)}}
        assert fold_factors(n) == sorted(expected)
        assert set(divisors(n)) <= set(fold_factors(n))


def test_tile_pads_where_divisors_waste_the_budget():
    """64-64-10 under 64 multipliers: divisors alone reach II 128 (57.8%);
    padded folds reach 80 (92.5%)."""
    layers = [Mvu("fc0", 1, 64, 64), Mvu("fc1", 1, 10, 64)]
    chosen = tile_for_budget(tiled(layers), 64)
    ii = max(cycles(l, p, s) for l, (p, s) in zip(layers, chosen))
    assert sum(p * s for p, s in chosen) <= 64
    assert ii == 80
    divisor_only = [Mvu("fc0", 2, 64, 64), Mvu("fc1", 2, 10, 64)]  # rows > 1: divisors only
    chosen = tile_for_budget(tiled(divisor_only), 64)
    assert max(cycles(l, p, s) for l, (p, s) in zip(divisor_only, chosen)) == 2 * 128


def test_tile_keeps_given_factors_and_is_idempotent():
    spec = MlpSpec([12, 8, 6], seed=2, folds=[(None, 3), (2, None)])
    module = lowered(spec, multipliers=20, schedule=False)
    mvus = [op for op in graph_of(module).engines() if isinstance(op, df.MvuOp)]
    assert mvus[0].simd_value == 3 and mvus[1].pe_value == 2
    text = str(module)
    TilePass(multipliers=1000).apply(CTX, module)
    assert str(module) == text


# --------------------------------------------------------------------------
# The timing model and schedule
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name,source", list(single_engine_graphs()))
def test_each_engine_alone_takes_its_cost_model_cycles(name, source):
    module = parse_any(source)
    graph = graph_of(module)
    (engine,) = list(graph.engines())
    ii, latency = engine.timing_alone()
    timing = simulate_timing(graph, 6, extrapolate=False)
    assert (timing.interval, timing.latency) == (ii, latency)
    # The integers: the data movers pass every frame on unchanged.
    if engine.DATA_MOVER:
        frames = np.random.default_rng(0).integers(-128, 128, (5, *engine.input_stream.frame_shape))
        (out,) = run_function(module, [frames.reshape(-1, *frames.shape[2:])]).values()
        np.testing.assert_array_equal(np.asarray(out).reshape(-1), frames.reshape(-1))


@pytest.mark.parametrize("name,source", list(single_engine_graphs()))
def test_each_engine_answers_its_timing_as_its_cost_model(name, source):
    """`timing_alone` in integers equals the sympy cost model evaluated."""
    (engine,) = list(graph_of(parse_any(source)).engines())
    assert engine.timing_alone() == (engine.cost("cycles"), engine.cost("latency"))


def test_padded_beats_round_trip_and_pad_with_zeros():
    stream = df.StreamType(df.UniformQuantizedType("i8", 0.1), 4, (1, 10))
    frames = np.arange(20).reshape(2, 1, 10)
    beats = frames_to_beats(stream, frames)
    assert beats.shape == (2, 3, 4) and stream.padding == 2
    assert (beats[:, 2, 2:] == 0).all()
    np.testing.assert_array_equal(beats[0].reshape(-1)[:10], np.arange(10))
    np.testing.assert_array_equal(beats_to_frames(stream, beats), frames)


@pytest.mark.parametrize("last", [False, True])
def test_padded_argmax_ignores_the_padding(last):
    """A padded last beat whose padding lanes would win: the maximum is
    among the frame's elements (both tie rules)."""
    stream = df.StreamType(df.UniformQuantizedType("i8", 0.1), 4, (1, 10))
    block = Block(arg_types=[stream])
    op = df.ArgmaxOp(block.args[0], (1, 1), select_last_index=last)
    beats = frames_to_beats(stream, np.array([[[5, 1, 5, 0, 0, 0, 0, 0, 0, 5]]]))
    for padding in (0, 5, 127):
        beats[:, 2, 2:] = padding
        assert op.run_beats([beats])[0].item() == (9 if last else 0)


@st.composite
def tiled_specs(draw):
    spec = draw(mlp_specs())
    spec.rows = draw(st.sampled_from([1, 1, 2]))
    spec.tail = "dequantize" if spec.rows > 1 else spec.tail
    spec.flatten_input = False
    # every factor given: random folding
    spec.folds = [
        (
            draw(st.sampled_from(factors(spec.sizes[i + 1], spec.rows))),
            draw(st.sampled_from(factors(spec.sizes[i], spec.rows))),
        )
        for i in range(len(spec.sizes) - 1)
    ]
    return spec


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=tiled_specs())
def test_schedule_reaches_the_pipeline_ii(spec):
    module = lowered(spec)
    graph = graph_of(module)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    latency = graph.attributes["dataflow.latency"].value.data  # pyright: ignore
    assert ii == max(op.timing_alone()[0] for op in graph.engines())
    for op in graph.engines():
        assert (op.attributes["dataflow.ii"].value.data, op.attributes["dataflow.latency"].value.data) == op.timing_alone()  # pyright: ignore
    timing = simulate_timing(graph, 40)
    intervals = np.diff(timing.end)
    # steady state: every interval of the second half is the pipeline II
    assert (intervals[len(intervals) // 2 :] == ii).all(), (intervals, ii)
    assert timing.latency == latency
    assert predict_timing(graph, 40) == (ii, latency)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=tiled_specs())
def test_every_engine_of_a_pipeline_answers_its_timing_as_its_cost_model(spec):
    for op in graph_of(lowered(spec)).engines():
        assert op.timing_alone() == (op.cost("cycles"), op.cost("latency")), op.name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spec=tiled_specs(),
    valid=st.sampled_from(["1", "10", "110", "1011", "1" * 5 + "0" * 70]),
    ready=st.sampled_from(["1", "01", "1101", "0111", "1" * 3 + "0" * 90]),
    frames=st.integers(1, 30),
)
def test_extrapolation_equals_the_full_simulation(spec, valid, ready, frames):
    """Extrapolated periods and skipped quiet cycles (the long gaps of the
    last patterns) give the cycles of simulating every cycle."""
    graph = graph_of(lowered(spec))
    fast = simulate_timing(graph, frames, valid_pattern=valid, ready_pattern=ready)
    slow = simulate_timing(
        graph, frames, valid_pattern=valid, ready_pattern=ready, extrapolate=False, skip_quiet=False
    )
    np.testing.assert_array_equal(fast.start, slow.start)
    np.testing.assert_array_equal(fast.end, slow.end)
    assert fast.cycles == slow.cycles


def test_fifo_depth_formula():
    # fc1 (NF 6, SF 2, 1 lane) feeds fc2 (NF 2, SF 6, simd 1): W = 6,
    # need = min(6, ceil((6 // 2 + 1) * 1 / 1)) = 4, depth 5.
    spec = MlpSpec([8, 6, 4], seed=0, folds=[(1, 4), (2, 1)])
    graph = graph_of(lowered(spec))
    fifos = [op for op in graph.engines() if isinstance(op, df.FifoOp)]
    assert [f.depth_value for f in fifos] == [5]
    # No FIFO when the consumer has one neuron fold.
    graph = graph_of(lowered(MlpSpec([8, 6, 4], seed=0, folds=[(1, 4), (4, 1)])))
    assert not [op for op in graph.engines() if isinstance(op, df.FifoOp)]


def test_padded_scatter_gets_a_fifo():
    """2 -> 4 with pe 3: 2 beats of 3 lanes, scattered into 4 single beats (3
    pieces, then 1). Without a FIFO the first burst stalls the producer and
    the interval is 5, not the II 4."""
    spec = MlpSpec([2, 4, 1, 1], seed=0, storages=["i8"] * 4, weight_storages=["i8"] * 3, folds=[(3, 1), (1, 1), (1, 1)])
    graph = graph_of(lowered(spec))
    kinds = [op.name for op in graph.engines()]
    assert kinds[:3] == ["dataflow.mvu", "dataflow.fifo", "dataflow.dwc"]
    timing = simulate_timing(graph, 40)
    assert (np.diff(timing.end)[20:] == graph.attributes["dataflow.ii"].value.data).all()  # pyright: ignore


def test_long_runs_are_cheap_and_periodic():
    graph = graph_of(lowered(MlpSpec([64, 32, 10], seed=4, folds=[(1, 1), (1, 1)])))
    timing = simulate_timing(graph, 5000)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    assert (np.diff(timing.end)[100:] == ii).all()
    assert timing.cycles == timing.end[-1] + 1


# --------------------------------------------------------------------------
# Tools and the real model
# --------------------------------------------------------------------------


def test_asic_run_runs_dataflow_ir(tmp_path):
    from asic.tools.asic_run import main

    spec = MlpSpec([16, 8, 4], seed=9)
    module = qnt_mlp(spec)
    x = random_float_inputs(module, 10)
    expected = run_function(module, {"arg0": x})["result0"]
    module = lowered(spec, multipliers=12)
    (tmp_path / "m.mlir").write_text(str(module))
    np.savez(tmp_path / "in.npz", arg0=x)
    main([str(tmp_path / "m.mlir"), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "out.npz")])
    with np.load(tmp_path / "out.npz") as out:
        np.testing.assert_array_equal(out["result0"], expected)


@pytest.mark.parametrize("bits,budget", [(8, 64), (4, 17)])
def test_digits_mlp_through_quantize_tile_schedule(digits, bits, budget):
    from asic.lowering.onnx.importer import import_onnx
    from asic.passes.calibrate import CalibratePass
    from asic.passes.fuse_bias import FuseBiasPass
    from asic.passes.quantize import QuantizePass

    module = import_onnx((digits / "mlp.onnx").read_bytes(), outputs=["probabilities"])
    FuseBiasPass().apply(CTX, module)
    CalibratePass(data=str(digits / "calib.npz")).apply(CTX, module)
    QuantizePass(weight_bits=bits, act_bits=bits).apply(CTX, module)
    with np.load(digits / "test.npz") as data:
        x = data["X"]
    expected = run_function(module, {"X": x})
    LowerQntToDataflowPass().apply(CTX, module)
    TilePass(multipliers=budget).apply(CTX, module)
    SchedulePass().apply(CTX, module)
    module.verify()
    got = run_function(module, {"X": x})
    for name, value in expected.items():
        np.testing.assert_array_equal(got[name], value)
    graph = graph_of(module)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    macs = sum(op.rows * op.out_features * op.in_features for op in graph.engines() if isinstance(op, df.MvuOp))
    assert predict_timing(graph, len(x))[0] == ii
    assert math.ceil(macs / budget) <= ii
