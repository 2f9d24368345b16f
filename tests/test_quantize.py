"""quantize and choose-bits: the quantized model tracks the float model within
a bound derived from its scales, its integers are those of a numpy integer
reference, GPTQ beats round-to-nearest on a layer's reconstruction error,
mixed precision respects its budget, and the errors users can cause."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import nn, qnt
from asic.dialects.qnt import encode_multiplier, quantized_type_of
from asic.dialects.utils import array_from_dense, ints
from asic.interp.runner import entry_function, run_function
from asic.passes.calibrate import CalibratePass
from asic.passes.choose_bits import ChooseBitsPass, solve
from asic.passes.quantize import QuantizePass
from asic.passes.quantize_params import SENSITIVITY, WEIGHT_BITS
from asic.passes.quantize_weights import gptq, gram_error, weight_grid
from asic.tools.diagnostics import UserError
from compression_models import cnn, literal, parse, ty

# --------------------------------------------------------------------------
# Models and helpers
# --------------------------------------------------------------------------


def dense_chain(layers: list[tuple[np.ndarray, np.ndarray | None, bool]]) -> ModuleOp:
    """x [1, K] -> (dense(w, b) -> relu?)* ."""
    k = layers[0][0].shape[1]
    lines, current, shape = [], "%x", (1, k)
    for i, (w, b, relu) in enumerate(layers):
        n = w.shape[0]
        lines.append(f'  %w{i} = nn.constant "fc{i}.weight" dense<{literal(w)}> : {ty(w.shape)}')
        operands, types = f"{current}, %w{i}", f"{ty(shape)}, {ty(w.shape)}"
        if b is not None:
            lines.append(f'  %b{i} = nn.constant "fc{i}.bias" dense<{literal(b)}> : {ty(b.shape)}')
            operands, types = operands + f", %b{i}", types + f", {ty(b.shape)}"
        shape = (1, n)
        lines.append(f"  %h{i} = nn.dense {operands} : ({types}) -> {ty(shape)}")
        current = f"%h{i}"
        if relu:
            lines.append(f"  %r{i} = nn.relu {current} : {ty(shape)}")
            current = f"%r{i}"
    body = "\n".join(lines)
    return parse(
        f"func.func @main(%x: {ty((1, k))}) -> {ty(shape)} {{\n{body}\n"
        f"  func.return {current} : {ty(shape)}\n}}\n"
    )


def float_chain(layers, x: np.ndarray) -> list[np.ndarray]:
    """The float64 input of every layer, then the output."""
    values = [np.asarray(x, np.float64)]
    for w, b, relu in layers:
        y = values[-1] @ np.asarray(w, np.float64).T
        if b is not None:
            y = y + np.asarray(b, np.float64)
        values.append(np.maximum(y, 0) if relu else y)
    return values


def calibrated(module: ModuleOp, tmp_path, x: np.ndarray, **options) -> str:
    path = str(tmp_path / "calib.npz")
    np.savez(path, arg0=x)
    CalibratePass(data=path, **options).apply(Context(), module)
    return path


def quantized(module: ModuleOp, **options) -> ModuleOp:
    QuantizePass(**options).apply(Context(), module)
    module.verify()
    return module


def qnt_ops(module: ModuleOp, kind) -> list:
    return [op for op in entry_function(module).body.walk() if isinstance(op, kind)]


def output(module: ModuleOp, x: np.ndarray) -> np.ndarray:
    return next(iter(run_function(module, {"arg0": x}).values()))


def random_layers(draw_or_rng, sizes, biases, relus):
    rng = draw_or_rng
    layers = []
    for (k, n), bias, relu in zip(itertools.pairwise(sizes), biases, relus):
        w = (rng.standard_normal((n, k)) / np.sqrt(k)).astype(np.float32)
        b = (0.1 * rng.standard_normal(n)).astype(np.float32) if bias else None
        layers.append((w, b, relu))
    return layers


# --------------------------------------------------------------------------
# The quantized model tracks the float model
# --------------------------------------------------------------------------


def scale_bound(module: ModuleOp, layers, x: np.ndarray) -> np.ndarray:
    """Per sample and output, a bound on |dequantized output - float output|
    from the scales of the quantized chain (see `test_tracks_float_model`)."""
    floats = float_chain(layers, x)
    quantize = qnt_ops(module, qnt.QuantizeOp)[0]
    error = np.full(floats[0].shape, quantized_type_of(quantize.result).scale / 2)
    denses = qnt_ops(module, qnt.DenseOp)
    requantizes = qnt_ops(module, qnt.RequantizeOp)
    for (w, b, _), x_in, y, dense, req in zip(layers, floats, floats[1:], denses, requantizes):
        s_x = quantized_type_of(dense.input).scale
        wtype = quantized_type_of(dense.weight)
        s_w = np.broadcast_to(np.asarray(wtype.scales), (w.shape[0],))
        q_w = array_from_dense(dense.weight.owner.value).astype(np.float64)
        w_hat = q_w * s_w[:, None]
        s_y = quantized_type_of(req.result).scale
        acc = error @ np.abs(w_hat).T + np.abs(x_in) @ np.abs(w_hat - w).T
        if b is not None:
            acc = acc + s_x * s_w / 2
        multipliers = np.broadcast_to(np.asarray(ints(req.multipliers)), s_w.shape)
        shifts = np.broadcast_to(np.asarray(ints(req.shifts)), s_w.shape)
        relative = np.array(
            [
                abs(Fraction(int(m), 2 ** int(s)) / (Fraction(s_x) * Fraction(float(sw)) / Fraction(s_y)) - 1)
                for m, s, sw in zip(multipliers, shifts, s_w)
            ],
            dtype=np.float64,
        )
        # rounding of the requantization (s_y / 2), the ends of the grid (s_y / 2),
        # the encoded multiplier's relative error on the accumulator's value
        error = acc + (np.abs(y) + acc) * relative + s_y
    return error


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**31),
    depth=st.integers(1, 3),
    weight_bits=st.sampled_from([3, 4, 8]),
    act_bits=st.sampled_from([4, 6, 8]),
    per_channel=st.booleans(),
    signed=st.sampled_from(["auto", "true", "false"]),
)
def test_tracks_float_model(tmp_path, seed, depth, weight_bits, act_bits, per_channel, signed):
    """On the calibration data itself (minmax ranges: nothing is clipped), the
    dequantized output is within `sum |w_hat| e_in + |x| |w_hat - w| +
    s_x s_w / 2 + s_y + |acc| * (multiplier error)` of the float output,
    layer after layer (`e_in` the bound on the layer's input)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=depth + 1)
    layers = random_layers(rng, sizes, rng.random(depth) < 0.7, rng.random(depth) < 0.6)
    x = rng.uniform(-1, 1, (24, sizes[0])).astype(np.float32)
    module = dense_chain(layers)
    calibrated(module, tmp_path, x)
    quantized(module, weight_bits=weight_bits, act_bits=act_bits, per_channel=per_channel, act_signed=signed)
    got = output(module, x).reshape(len(x), -1).astype(np.float64)
    want = float_chain(layers, x)[-1]
    bound = scale_bound(module, layers, x)
    assert np.all(np.abs(got - want) <= bound * (1 + 1e-6) + 1e-5 * (1 + np.abs(want)))


def test_conv_net_tracks_float_model(tmp_path):
    """A convolution, ReLU, max pooling, dense: W8A8 within a few output
    steps of the float model on its calibration data."""
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 2, 3, 3)).astype(np.float32) / 3
    b = (0.1 * rng.standard_normal(4)).astype(np.float32)
    fc = rng.standard_normal((3, 16)).astype(np.float32) / 4
    module = cnn(w, b, fc)
    x = rng.uniform(0, 1, (32, 2, 4, 4)).astype(np.float32)
    want = output(module, x)
    calibrated(module, tmp_path, x)
    quantized(module)
    got = output(module, x)
    s_y = quantized_type_of(qnt_ops(module, qnt.DequantizeOp)[0].input).scale
    assert np.max(np.abs(got - want)) <= 4 * s_y


def test_batch_runs_like_samples(tmp_path):
    rng = np.random.default_rng(2)
    layers = random_layers(rng, [5, 4, 3], [True, False], [True, False])
    module = dense_chain(layers)
    x = rng.uniform(-1, 1, (10, 5)).astype(np.float32)
    calibrated(module, tmp_path, x)
    quantized(module)
    batch = output(module, x)
    one = np.stack([output(module, x[i : i + 1])[0] for i in range(len(x))])
    assert np.array_equal(batch.reshape(one.shape), one)


# --------------------------------------------------------------------------
# The integers are those of a numpy integer reference
# --------------------------------------------------------------------------


def _round_away(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, np.float64)
    return (np.sign(v) * np.floor(np.abs(v) + 0.5)).astype(np.int64)


def _rshift_round(v: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Python-int rounding of v / 2^s, ties away from zero."""
    out = np.empty(v.shape, dtype=object)
    for index, value in np.ndenumerate(v):
        shift = int(np.broadcast_to(s, v.shape)[index])
        q = Fraction(int(value), 2**shift)
        out[index] = int(np.sign(q)) * int(abs(q) + Fraction(1, 2)) if q else 0
    return out.astype(np.int64)


def _activation(low: float, high: float, bits: int) -> tuple[float, int, int, int]:
    """Scale, zero point, qmin, qmax of `act-signed=auto`, minmax ranges."""
    low, high = min(low, 0.0), max(high, 0.0)
    if low == 0:
        return high / (2**bits - 1), 0, 0, 2**bits - 1
    s = (high - low) / (2**bits - 1)
    z = int(np.rint(-low / s)) - 2 ** (bits - 1)
    return s, z, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


@pytest.mark.parametrize("bits", [(8, 8, 31), (4, 6, 31), (2, 3, 31), (8, 8, 16), (8, 8, 5)])
def test_integers_match_numpy_reference(tmp_path, bits):
    """dense -> relu -> dense, computed in numpy from the float weights, the
    calibration ranges and `encode_multiplier` (of `multiplier-bits`), bit for
    bit."""
    weight_bits, act_bits, multiplier_bits = bits
    rng = np.random.default_rng(3)
    layers = random_layers(rng, [6, 5, 4], [True, True], [True, False])
    x = rng.uniform(-1, 1, (16, 6)).astype(np.float32)
    module = dense_chain(layers)
    calibrated(module, tmp_path, x)
    floats = float_chain(layers, x)
    options = {"weight_bits": weight_bits, "act_bits": act_bits, "multiplier_bits": multiplier_bits}
    got = output(module := quantized(module, **options), x)

    # the reference
    def observed(values: np.ndarray) -> tuple[float, float]:
        return float(np.min(values)), float(np.max(values))

    f32 = [np.asarray(v, np.float32) for v in floats]
    s_x, z_x, lo_x, hi_x = _activation(*observed(f32[0]), act_bits)
    q = np.clip(_round_away(f32[0].astype(np.float64) / s_x) + z_x, lo_x, hi_x)
    for (w, b, _), y in zip(layers, f32[1:]):
        wmax = 2 ** (weight_bits - 1) - 1
        s_w = np.abs(w.astype(np.float64)).max(axis=1) / wmax
        q_w = np.clip(_round_away(w / s_w[:, None]), -wmax, wmax)
        q_b = _round_away(b.astype(np.float64) / (s_x * s_w))
        acc = (q - z_x) @ q_w.T + q_b
        s_y, z_y, lo_y, hi_y = _activation(*observed(y), act_bits)
        reals = [Fraction(s_x) * Fraction(float(s)) / Fraction(s_y) for s in s_w]
        encoded = [encode_multiplier(r, multiplier_bits) for r in reals]
        assert all(m < 2**multiplier_bits for m, _ in encoded)
        m = np.array([e[0] for e in encoded], dtype=np.int64)
        s = np.array([e[1] for e in encoded], dtype=np.int64)
        q = np.clip(_rshift_round(acc * m, s) + z_y, lo_y, hi_y)
        s_x, z_x = s_y, z_y
    want = ((q - z_x).astype(np.float64) * s_x).astype(np.float32)
    assert np.array_equal(got.reshape(want.shape), want)


def test_narrower_multipliers_move_a_layer_by_at_most_one_step(tmp_path):
    """One layer quantized with 31- and with 16-bit requantization
    multipliers: the same accumulators, multipliers within a relative 2^-15
    of each other, so results of at most 2^8 steps differ by at most one
    step before rounding by less than 2^-7 (and clamping only brings them
    closer): at most one step apart, and rarely apart at all."""
    rng = np.random.default_rng(12)
    layers = random_layers(rng, [64, 16], [True], [True])
    x = rng.uniform(0, 1, (256, 64)).astype(np.float32)
    results = {}
    for bits in (31, 16):
        module = dense_chain(layers)
        calibrated(module, tmp_path, x)
        quantized(module, multiplier_bits=bits)
        req = qnt_ops(module, qnt.RequantizeOp)[0]
        assert max(ints(req.multipliers)) < 2**bits
        results[bits] = output(module, x) / quantized_type_of(req.result).scale
    steps = np.abs(np.rint(results[16] - results[31]))
    assert steps.max() <= 1
    assert np.mean(steps) < 0.01


def test_only_integers_between_the_boundaries(tmp_path):
    rng = np.random.default_rng(4)
    layers = random_layers(rng, [4, 3, 2], [True, True], [True, False])
    module = dense_chain(layers)
    calibrated(module, tmp_path, rng.uniform(-1, 1, (8, 4)).astype(np.float32))
    quantized(module)
    names = [op.name for op in entry_function(module).body.block.ops]
    assert names[0] == "qnt.quantize" and names[-2:] == ["qnt.dequantize", "func.return"]
    assert all(n.startswith("qnt.") for n in names[:-1])


# --------------------------------------------------------------------------
# Weight rounding
# --------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), bits=st.sampled_from([2, 3, 4]))
def test_gptq_beats_nearest(seed, bits):
    """On correlated inputs, GPTQ's integers change the layer's output on the
    calibration inputs less than rounding each weight to nearest."""
    rng = np.random.default_rng(seed)
    k, n = int(rng.integers(8, 40)), int(rng.integers(2, 12))
    mixing = rng.standard_normal((k, k)) * rng.uniform(0.2, 2.0, k)
    x = rng.standard_normal((200, k)) @ mixing + rng.standard_normal(k)
    w = rng.standard_normal((n, k))
    h = x.T @ x
    grid = weight_grid(w, bits)
    nearest = grid.dequantize(grid.round(w))
    ours = grid.dequantize(gptq(w, h, grid))
    assert gram_error(h, w, ours) < gram_error(h, w, nearest)


def test_gptq_pass_reduces_layer_error(tmp_path):
    """Through the pass: the first layer's output error on the calibration
    inputs is smaller with rounding=gptq."""
    rng = np.random.default_rng(5)
    k = 24
    layers = random_layers(rng, [k, 16, 4], [True, False], [True, False])
    x = (rng.standard_normal((128, 4)) @ rng.standard_normal((4, k))).astype(np.float32)
    x += 0.05 * rng.standard_normal(x.shape).astype(np.float32)
    errors = {}
    for rounding in ("nearest", "gptq"):
        module = dense_chain(layers)
        path = calibrated(module, tmp_path, x)
        options = {"data": path} if rounding == "gptq" else {}
        quantized(module, weight_bits=3, rounding=rounding, **options)
        weight = qnt_ops(module, qnt.DenseOp)[0].weight
        scales = np.asarray(quantized_type_of(weight).scales)
        w_hat = array_from_dense(weight.owner.value) * scales[:, None]
        errors[rounding] = np.sum((x @ (w_hat - layers[0][0]).T) ** 2)
    assert errors["gptq"] < 0.8 * errors["nearest"]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), bits=st.integers(2, 8), symmetric=st.booleans(), per_channel=st.booleans())
def test_weight_grids(seed, bits, symmetric, per_channel):
    """Stored weights lie in the (narrowed) range, within half a step of the
    weight inside the row's range; mse clipping is never worse than minmax."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((5, 7)) * rng.uniform(0.1, 3, (5, 1))
    w[0] = 0.0  # a row of zeros keeps a positive scale
    grid = weight_grid(w, bits, per_channel=per_channel, symmetric=symmetric)
    q = grid.round(w)
    assert np.all(grid.scales > 0)
    assert q.min() >= grid.qmin and q.max() <= grid.qmax
    if symmetric:
        assert grid.qmin == -grid.qmax and np.all(grid.zero_points == 0)
    assert np.all(np.abs(grid.dequantize(q) - w) <= grid.scales[:, None] * (0.5 + 1e-9))
    mse = weight_grid(w, bits, per_channel=per_channel, symmetric=symmetric, range="mse")
    assert np.sum((mse.dequantize(mse.round(w)) - w) ** 2) <= np.sum((grid.dequantize(q) - w) ** 2) + 1e-12


# --------------------------------------------------------------------------
# Mixed precision
# --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    params=st.lists(st.integers(1, 50), min_size=1, max_size=5),
    seed=st.integers(0, 2**31),
    fraction=st.floats(0.0, 1.2),
)
def test_solve_is_the_best_choice_within_budget(params, seed, fraction):
    rng = np.random.default_rng(seed)
    candidates = (2, 4, 8)
    errors = [
        dict(zip(candidates, np.sort(rng.exponential(1.0, 3))[::-1].tolist())) for _ in params
    ]
    low, high = 2 * sum(params), 8 * sum(params)
    budget = int(low + fraction * (high - low))
    choice = solve(params, errors, budget)
    feasible = [
        (sum(e[b] for e, b in zip(errors, bits)), bits)
        for bits in itertools.product(candidates, repeat=len(params))
        if sum(p * b for p, b in zip(params, bits)) <= budget
    ]
    if not feasible:
        assert choice is None
        return
    assert choice is not None
    assert choice.total == sum(p * b for p, b in zip(params, choice.bits)) <= budget
    assert choice.error == pytest.approx(min(e for e, _ in feasible))


@pytest.mark.parametrize("average", [2.5, 4, 6])
def test_choose_bits_respects_budget(tmp_path, average):
    rng = np.random.default_rng(6)
    layers = random_layers(rng, [12, 10, 8, 4], [True, True, False], [True, True, False])
    module = dense_chain(layers)
    x = rng.uniform(-1, 1, (32, 12)).astype(np.float32)
    path = calibrated(module, tmp_path, x)
    ChooseBitsPass(data=path, average_bits=average).apply(Context(), module)
    denses = qnt_ops(module, nn.DenseOp)
    total = sum(op.attributes[WEIGHT_BITS].value.data * w.size for op, (w, _, _) in zip(denses, layers))
    assert total <= int(average * sum(w.size for w, _, _ in layers))
    assert all(len(op.attributes[SENSITIVITY].get_values()) == 3 for op in denses)
    # quantize honours the choice
    bits = [op.attributes[WEIGHT_BITS].value.data for op in denses]
    quantized(module)
    assert [quantized_type_of(op.weight).bits for op in qnt_ops(module, qnt.DenseOp)] == bits


def test_sensitivity_falls_with_width(tmp_path):
    rng = np.random.default_rng(7)
    layers = random_layers(rng, [8, 8, 3], [True, True], [True, False])
    module = dense_chain(layers)
    path = calibrated(module, tmp_path, rng.uniform(-1, 1, (32, 8)).astype(np.float32))
    ChooseBitsPass(data=path, budget=10**6, candidates=(2, 3, 4, 8)).apply(Context(), module)
    for op in qnt_ops(module, nn.DenseOp):
        values = list(op.attributes[SENSITIVITY].get_values())
        assert values == sorted(values, reverse=True)
        assert op.attributes[WEIGHT_BITS].value.data == 8


def test_user_widths_are_kept(tmp_path):
    rng = np.random.default_rng(8)
    layers = random_layers(rng, [6, 5, 3], [True, True], [True, False])
    module = dense_chain(layers)
    calibrated(module, tmp_path, rng.uniform(-1, 1, (16, 6)).astype(np.float32))
    first, second = qnt_ops(module, nn.DenseOp)
    first.attributes[WEIGHT_BITS] = nn.i64_attr(5)
    relu = qnt_ops(module, nn.ReluOp)[0]
    relu.attributes["quant.act_bits"] = nn.i64_attr(12)
    quantized(module, weight_bits=3, act_bits=7)
    d1, d2 = qnt_ops(module, qnt.DenseOp)
    assert quantized_type_of(d1.weight).storage == "i5"
    assert quantized_type_of(d2.weight).storage == "i3"
    assert quantized_type_of(d2.input).storage == "u12"
    assert quantized_type_of(d1.input).bits == 7


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


def test_missing_calibration_names_the_value():
    rng = np.random.default_rng(9)
    module = dense_chain(random_layers(rng, [3, 2], [False], [False]))
    with pytest.raises(UserError, match="input 'arg0' has no calibration.range: run calibrate first"):
        QuantizePass().apply(Context(), module)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"weight_bits": 17}, "weight-bits must be from 2 to 16"),
        ({"rounding": "gptq"}, "rounding=gptq needs calibration inputs"),
        ({"act_signed": "yes"}, "act-signed=yes is not supported"),
        ({"multiplier_bits": 32}, "multiplier-bits must be from 2 to 31, got 32"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(ValueError, match=message):
        QuantizePass(**options)


# --------------------------------------------------------------------------
# The digits models (slow)
# --------------------------------------------------------------------------


@pytest.mark.slow
def test_digits_cnn_w8a8_within_half_a_point(tmp_path):
    from asic.examples.digits import digits_cnn_module, train_digits_cnn

    weights, data = train_digits_cnn(channels=8, batchnorm=True)
    module = digits_cnn_module(weights)
    x_test = data.x_test.reshape(-1, 1, 8, 8)

    def top1(m: ModuleOp) -> float:
        out = output(m, x_test).reshape(len(x_test), -1)
        return 100.0 * float(np.mean(out.argmax(1) == data.y_test))

    before = top1(module)
    calibrated(module, tmp_path, data.x_train[:256].reshape(-1, 1, 8, 8))
    quantized(module)
    assert qnt_ops(module, qnt.Conv2dOp)[0].groups.value.data == 1
    assert len(qnt_ops(module, qnt.Conv2dOp)) == 2  # the batchnorm is a depthwise convolution
    assert top1(module) >= before - 0.5


def test_float_tail_keeps_float_arguments(tmp_path):
    """An argument used by the quantized region and by a float op: the float
    op still reads the argument itself, not a quantized copy."""
    module = parse(f"""
func.func @main(%x: {ty((1, 4))}) -> ({ty((1, 2))}, {ty((1, 4))}) {{
  %w = nn.constant "fc.weight" dense<0.5> : {ty((2, 4))}
  %y = nn.dense %x, %w : ({ty((1, 4))}, {ty((2, 4))}) -> {ty((1, 2))}
  %s = nn.softmax %x : {ty((1, 4))}
  func.return %y, %s : {ty((1, 2))}, {ty((1, 4))}
}}
""")
    x = np.random.default_rng(10).uniform(-1, 1, (8, 4)).astype(np.float32)
    want = run_function(module, {"arg0": x})["result1"]
    calibrated(module, tmp_path, x)
    quantized(module)
    softmax = qnt_ops(module, nn.SoftmaxOp)[0]
    assert softmax.input is entry_function(module).args[0]
    assert np.array_equal(run_function(module, {"arg0": x})["result1"], want)
