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

from asic.diagnostics import UserError
from asic.dialects import nn, qnt
from asic.dialects.attributes import array_from_dense, ints
from asic.dialects.qnt import encode_multiplier, quantized_type_of
from asic.interp.runner import entry_function, run_function
from asic.passes.calibrate import CalibratePass
from asic.passes.choose_bits import ChooseBitsPass, solve
from asic.passes.quantization.layers import ScaleConstraint
from asic.passes.quantization.params import SENSITIVITY, WEIGHT_BITS
from asic.passes.quantization.weights import WeightGrid, gptq, gram_error, weight_grid
from asic.passes.quantize import QuantizePass
from support.compression_models import cnn, literal, parse, ty

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


def random_calibrated_chain(tmp_path, seed: int, depth: int):
    """`(layers, x, module)`: a random dense chain of `depth` layers, its
    calibration inputs, and its nn module calibrated on them (minmax)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 9, size=depth + 1)
    layers = random_layers(rng, sizes, rng.random(depth) < 0.7, rng.random(depth) < 0.6)
    x = rng.uniform(-1, 1, (24, sizes[0])).astype(np.float32)
    module = dense_chain(layers)
    calibrated(module, tmp_path, x)
    return layers, x, module


def assert_tracks_float_model(module: ModuleOp, layers, x: np.ndarray) -> None:
    """The quantized `module`'s dequantized output on `x` is within
    `scale_bound` of the float chain's."""
    got = output(module, x).reshape(len(x), -1).astype(np.float64)
    want = float_chain(layers, x)[-1]
    bound = scale_bound(module, layers, x)
    assert np.all(np.abs(got - want) <= bound * (1 + 1e-6) + 1e-5 * (1 + np.abs(want)))


DENSE_CHAIN_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DENSE_CHAIN_CASES = given(
    seed=st.integers(0, 2**31),
    depth=st.integers(1, 3),
    weight_bits=st.sampled_from([3, 4, 8]),
    act_bits=st.sampled_from([4, 6, 8]),
    per_channel=st.booleans(),
    signed=st.sampled_from(["auto", "true", "false"]),
)
"""Random calibrated dense chains and quantize options (the tests take
`tmp_path` and these arguments)."""


@DENSE_CHAIN_SETTINGS
@DENSE_CHAIN_CASES
def test_tracks_float_model(tmp_path, seed, depth, weight_bits, act_bits, per_channel, signed):
    """On the calibration data itself (minmax ranges: nothing is clipped), the
    dequantized output is within `sum |w_hat| e_in + |x| |w_hat - w| +
    s_x s_w / 2 + s_y + |acc| * (multiplier error)` of the float output,
    layer after layer (`e_in` the bound on the layer's input)."""
    layers, x, module = random_calibrated_chain(tmp_path, seed, depth)
    quantized(module, weight_bits=weight_bits, act_bits=act_bits, per_channel=per_channel, act_signed=signed)
    assert_tracks_float_model(module, layers, x)


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


def correlated_layer(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A random layer's weights `[N, K]` and the Gram of correlated inputs."""
    rng = np.random.default_rng(seed)
    k, n = int(rng.integers(8, 40)), int(rng.integers(2, 12))
    mixing = rng.standard_normal((k, k)) * rng.uniform(0.2, 2.0, k)
    x = rng.standard_normal((200, k)) @ mixing + rng.standard_normal(k)
    return rng.standard_normal((n, k)), x.T @ x


def gptq_and_nearest_errors(seed: int, bits: int) -> tuple[float, float]:
    w, h = correlated_layer(seed)
    grid = weight_grid(w, bits)
    nearest = grid.dequantize(grid.round(w))
    ours = grid.dequantize(gptq(w, h, grid))
    return gram_error(h, w, ours), gram_error(h, w, nearest)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), bits=st.sampled_from([2, 3, 4]))
def test_gptq_never_worse_than_nearest(seed, bits):
    """GPTQ's integers never change the layer's output on the calibration
    inputs more than rounding each weight to nearest (each row keeps the
    better of the two; seed 5771 at 2 bits is a case where GPTQ's greedy
    updates alone lose to nearest)."""
    ours, nearest = gptq_and_nearest_errors(seed, bits)
    assert ours <= nearest


@pytest.mark.parametrize("bits", [2, 3, 4])
def test_gptq_beats_nearest(bits):
    """On correlated inputs, GPTQ changes the layer's output strictly less than
    rounding to nearest on nearly every layer, and by a wide margin overall."""
    errors = np.array([gptq_and_nearest_errors(seed, bits) for seed in range(40)])
    assert np.sum(errors[:, 0] < errors[:, 1]) >= 38
    assert errors[:, 0].sum() < 0.8 * errors[:, 1].sum()


@pytest.mark.parametrize("requantize", ["multiply", "shift"])
def test_gptq_pass_reduces_layer_error(tmp_path, requantize):
    """Through the pass: the first layer's output error on the calibration
    inputs is smaller with rounding=gptq (also on the scales of
    requantize=shift)."""
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
        quantized(module, weight_bits=3, rounding=rounding, requantize=requantize, **options)
        if requantize == "shift":
            assert_power_of_two_requantizations(module, 2)
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
# Requantization by shifts (requantize=shift)
# --------------------------------------------------------------------------


def _grid(scales, per_channel: bool = True) -> WeightGrid:
    scales = np.asarray(scales, np.float64)
    return WeightGrid(scales, np.zeros(len(scales), np.int64), -127, 127, per_channel, 8)


def _on_lattice(scales: np.ndarray, unit: float) -> bool:
    exponents = np.log2(np.asarray(scales) / unit)
    return bool(np.all(np.abs(exponents - np.rint(exponents)) <= 1e-9))


def _ulps(x: float, n: int) -> float:
    """`x` moved by `n` units in the last place."""
    for _ in range(abs(n)):
        x = float(np.nextafter(x, np.inf if n > 0 else 0.0))
    return x


_SCALES = st.floats(1e-7, 1e3, allow_nan=False, allow_infinity=False)
_UNITS = st.floats(1e-5, 1e5, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(
    scales=st.lists(_SCALES, min_size=1, max_size=8),
    unit=_UNITS,
    exact=st.lists(st.integers(-30, 30), max_size=4),
    near=st.lists(st.tuples(st.integers(-30, 30), st.integers(-3, 3).filter(bool)), max_size=4),
)
def test_on_lattice_raises_each_scale_by_less_than_2x(scales, unit, exact, near):
    """`WeightGrid.on_lattice(unit)`: every scale goes to the next
    `unit * 2^e`: not smaller, less than twice as large, on the lattice; a
    scale already on it stays, and applying it twice is applying it once.
    Scales a few ulps off a lattice point test the rounding of log2."""
    on = [unit * 2.0**e for e in exact]
    off = [_ulps(unit * 2.0**e, n) for e, n in near]
    old = np.array(scales + on + off)
    grid = _grid(old)
    raised = grid.on_lattice(unit)
    new = raised.scales
    assert new.shape == old.shape
    assert np.all(new >= old)
    assert np.all(new < 2 * old)
    assert _on_lattice(new, unit)
    assert np.array_equal(new[len(scales) : len(scales) + len(on)], on)
    assert np.array_equal(raised.on_lattice(unit).scales, new)
    assert np.array_equal(raised.zero_points, grid.zero_points)
    assert (raised.qmin, raised.qmax, raised.per_channel, raised.bits) == (-127, 127, True, 8)


@settings(max_examples=200, deadline=None)
@given(
    scales=st.lists(_SCALES, min_size=1, max_size=6),
    floors=st.lists(st.floats(0.0, 1e3), min_size=6, max_size=6),
    unit=_UNITS,
    per_channel=st.booleans(),
)
def test_scale_constraint_floors_then_lattice(scales, floors, unit, per_channel):
    """`ScaleConstraint(floor, unit)`: at least the floor (the bias fits),
    then on the lattice, less than twice the floored scale; per tensor one
    scale for all rows."""
    old = np.array(scales)
    if not per_channel:
        old = np.full(old.shape, old.max())
    floor = np.array(floors[: len(old)])
    floored = np.maximum(old, floor)
    if not per_channel:
        floored = np.full(old.shape, floored.max())
    new = ScaleConstraint(floor, unit).apply(_grid(old, per_channel)).scales
    assert np.all(new >= floored) and np.all(new < 2 * floored)
    assert _on_lattice(new, unit)
    if not per_channel:
        assert np.all(new == new[0])
    assert np.array_equal(ScaleConstraint(floor).apply(_grid(old, per_channel)).scales, floored)


def _is_power_of_two(m: int) -> bool:
    return m > 0 and m & (m - 1) == 0


def layer_requantizations(module: ModuleOp) -> list[tuple[qnt.RequantizeOp, list[Fraction]]]:
    """Each requantization of a layer with constant weights (dense, conv2d,
    matmul, a batchnorm's depthwise conv2d) and its real multipliers
    `s_x * s_w[c] / s_y`, exact in the float scales."""
    found = []
    for req in qnt_ops(module, qnt.RequantizeOp):
        layer = req.input.owner
        if not isinstance(layer, qnt.DenseOp | qnt.Conv2dOp | qnt.MatmulOp):
            continue
        x, w = layer.operands[0], layer.operands[1]
        if not isinstance(w.owner, qnt.ConstantOp):
            continue
        s_x, s_y = Fraction(quantized_type_of(x).scale), Fraction(quantized_type_of(req.result).scale)
        found.append((req, [s_x * Fraction(s) / s_y for s in quantized_type_of(w).scales]))
    return found


def assert_power_of_two_requantizations(module: ModuleOp, layers: int) -> None:
    """Every layer's multipliers are powers of two, and `M / 2^s` is its real
    multiplier up to the float rounding of the scales."""
    found = layer_requantizations(module)
    assert len(found) == layers
    for req, reals in found:
        multipliers, shifts = ints(req.multipliers), ints(req.shifts)
        assert len(multipliers) == len(reals) == len(shifts)
        for m, s, real in zip(multipliers, shifts, reals):
            assert _is_power_of_two(m), (req, m)
            assert abs(Fraction(m, 2**s) / real - 1) <= Fraction(1, 10**12), (req, m, s, float(real))


def weight_scales(module: ModuleOp) -> list[np.ndarray]:
    """The weight scale of each output channel of every dense layer."""
    scales = []
    for op in qnt_ops(module, qnt.DenseOp):
        rows = op.weight.type.get_shape()[0]
        scales.append(np.broadcast_to(np.asarray(quantized_type_of(op.weight).scales), (rows,)))
    return scales


@DENSE_CHAIN_SETTINGS
@DENSE_CHAIN_CASES
def test_shift_requantization_is_a_power_of_two(tmp_path, seed, depth, weight_bits, act_bits, per_channel, signed):
    """requantize=shift on a random calibrated dense chain: every layer's
    requantization is `M = 2^e` and a shift, exactly its real multiplier;
    each weight scale is the one of requantize=multiply raised by a factor
    in [1, 2); the activation types do not change; and the output tracks
    the float model within the bound of `test_tracks_float_model`."""
    layers, x, module = random_calibrated_chain(tmp_path, seed, depth)
    reference = module.clone()
    options = {"weight_bits": weight_bits, "act_bits": act_bits, "per_channel": per_channel, "act_signed": signed}
    quantized(module, requantize="shift", **options)
    quantized(reference, requantize="multiply", **options)
    assert_power_of_two_requantizations(module, depth)
    for ours, theirs in zip(weight_scales(module), weight_scales(reference), strict=True):
        assert np.all(ours >= theirs) and np.all(ours < 2 * theirs)
    for ours, theirs in zip(qnt_ops(module, qnt.RequantizeOp), qnt_ops(reference, qnt.RequantizeOp), strict=True):
        assert ours.result.type == theirs.result.type
    assert_tracks_float_model(module, layers, x)


def shift_cnn(rng) -> ModuleOp:
    """conv (bias) -> batchnorm -> maxpool -> relu (not fused) -> flatten ->
    two dense branches -> add -> relu -> dense: layers whose input type is
    the one of ops that keep their input's type, and an add."""
    w = (rng.standard_normal((4, 2, 3, 3)) / 3).astype(np.float32)
    b = (0.1 * rng.standard_normal(4)).astype(np.float32)
    gamma, beta = rng.uniform(0.5, 2, 4).astype(np.float32), (0.1 * rng.standard_normal(4)).astype(np.float32)
    mean, var = (0.1 * rng.standard_normal(4)).astype(np.float32), rng.uniform(0.5, 2, 4).astype(np.float32)
    f1, f2 = (rng.standard_normal((2, 6, 16)) / 4).astype(np.float32)
    f3 = (rng.standard_normal((3, 6)) / 2).astype(np.float32)
    x, y, p, v = (1, 2, 4, 4), (1, 4, 4, 4), (1, 4, 2, 2), (4,)
    return parse(f"""
func.func @main(%x: {ty(x)}) -> {ty((1, 3))} {{
  %w = nn.constant "conv.weight" dense<{literal(w)}> : {ty(w.shape)}
  %b = nn.constant "conv.bias" dense<{literal(b)}> : {ty(v)}
  %c = nn.conv2d %x, %w, %b pads [1, 1, 1, 1] : ({ty(x)}, {ty(w.shape)}, {ty(v)}) -> {ty(y)}
  %g = nn.constant "bn.scale" dense<{literal(gamma)}> : {ty(v)}
  %be = nn.constant "bn.bias" dense<{literal(beta)}> : {ty(v)}
  %m = nn.constant "bn.mean" dense<{literal(mean)}> : {ty(v)}
  %va = nn.constant "bn.var" dense<{literal(var)}> : {ty(v)}
  %bn = nn.batchnorm %c, %g, %be, %m, %va : ({ty(y)}, {ty(v)}, {ty(v)}, {ty(v)}, {ty(v)}) -> {ty(y)}
  %p = nn.maxpool2d %bn kernel [2, 2] strides [2, 2] : ({ty(y)}) -> {ty(p)}
  %pr = nn.relu %p : {ty(p)}
  %f = nn.flatten %pr : ({ty(p)}) -> {ty((1, 16))}
  %f1 = nn.constant "fc1.weight" dense<{literal(f1)}> : {ty(f1.shape)}
  %h1 = nn.dense %f, %f1 : ({ty((1, 16))}, {ty(f1.shape)}) -> {ty((1, 6))}
  %f2 = nn.constant "fc2.weight" dense<{literal(f2)}> : {ty(f2.shape)}
  %h2 = nn.dense %f, %f2 : ({ty((1, 16))}, {ty(f2.shape)}) -> {ty((1, 6))}
  %s = nn.add %h1, %h2 : {ty((1, 6))}
  %r = nn.relu %s : {ty((1, 6))}
  %f3 = nn.constant "fc3.weight" dense<{literal(f3)}> : {ty(f3.shape)}
  %o = nn.dense %r, %f3 : ({ty((1, 6))}, {ty(f3.shape)}) -> {ty((1, 3))}
  func.return %o : {ty((1, 3))}
}}
""")


@pytest.mark.parametrize("rounding", ["nearest", "gptq"])
def test_shift_cnn_layers_requantize_by_powers_of_two(tmp_path, rounding):
    """A conv, a batchnorm, and dense layers after max pooling, an unfused
    ReLU and flatten (whose input type is the batchnorm's, not their own
    calibration range's): all requantize by powers of two, also with GPTQ
    (the same scales: the constraints do not depend on the rounding); the
    add keeps its 31-bit multipliers; the output is within a few output
    steps of the float model, about as close as with requantize=multiply."""
    rng = np.random.default_rng(13)
    x = rng.uniform(-1, 1, (64, 2, 4, 4)).astype(np.float32)

    def weight_types(module: ModuleOp) -> list:
        return [req.input.owner.operands[1].type for req, _ in layer_requantizations(module)]

    outputs = {}
    for mode in ("multiply", "shift"):
        module = shift_cnn(np.random.default_rng(14))
        want = output(module, x)
        path = calibrated(module, tmp_path, x)
        options = {"data": path} if rounding == "gptq" else {}
        quantized(module, rounding=rounding, requantize=mode, **options)
        if mode == "shift":
            assert_power_of_two_requantizations(module, 5)
            (add,) = qnt_ops(module, qnt.AddOp)
            assert all(m >= 2**30 for m in ints(add.multipliers))
            if rounding == "gptq":
                nearest = shift_cnn(np.random.default_rng(14))
                calibrated(nearest, tmp_path, x)
                quantized(nearest, requantize="shift")
                assert weight_types(module) == weight_types(nearest)
        s_y = quantized_type_of(qnt_ops(module, qnt.DequantizeOp)[0].input).scale
        outputs[mode] = np.max(np.abs(output(module, x) - want)) / s_y
    # measured (seeds 13, 14): multiply 3.96 / 3.24 steps, shift 3.39 / 3.29
    assert outputs["shift"] <= min(6, outputs["multiply"] + 2), outputs


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
        ({"requantize": "bogus"}, "requantize=bogus is not supported; expected one of multiply, shift"),
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
