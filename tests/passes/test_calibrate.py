"""calibrate: the stored ranges against numpy on the same values, streaming
statistics against whole-set ones, the mse and entropy searches, the
attribute format and idempotence."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.printer import Printer

from asic.dialects import nn
from asic.interp.calibration import Extremes, Histogram, collect_values
from asic.interp.runner import entry_function
from asic.passes import calibrate as calibrate_module
from asic.passes.calibrate import (
    METHOD,
    OBSERVED,
    RANGE,
    CalibratePass,
    Calibration,
    calibrated_values,
    calibration_of,
)
from asic.passes.quantization.ranges import (
    entropy_bins,
    fake_quantize,
    histogram_percentile,
    squared_error,
    steps,
)
from support.compression_models import literal, parse, ty

# --------------------------------------------------------------------------
# Models and helpers
# --------------------------------------------------------------------------


def elementwise(k: int, scale: np.ndarray, shift: np.ndarray):
    """x [1, k] -> x * scale + shift -> relu: every value is computed
    element by element, so chunking cannot change a single bit."""
    return parse(f"""
func.func @main(%x: {ty((1, k))}) -> {ty((1, k))} {{
  %s = nn.constant "scale" dense<{literal(scale)}> : {ty((k,))}
  %d = nn.constant "shift" dense<{literal(shift)}> : {ty((k,))}
  %m = nn.mul %x, %s : ({ty((1, k))}, {ty((k,))}) -> {ty((1, k))}
  %a = nn.add %m, %d : ({ty((1, k))}, {ty((k,))}) -> {ty((1, k))}
  %r = nn.relu %a : {ty((1, k))}
  func.return %r : {ty((1, k))}
}}
""")


def identity_relu(k: int):
    """x [1, k] -> relu(x): the argument's range is that of the data."""
    return parse(f"""
func.func @main(%x: {ty((1, k))}) -> {ty((1, k))} {{
  %r = nn.relu %x : {ty((1, k))}
  func.return %r : {ty((1, k))}
}}
""")


def _npz(tmp_path, name: str = "calib.npz", **arrays: np.ndarray) -> str:
    path = str(tmp_path / name)
    np.savez(path, **arrays)
    return path


def _run(module, path: str, **options) -> None:
    CalibratePass(data=path, **options).apply(Context(), module)
    module.verify()


def _ranges(module) -> list[Calibration]:
    values = calibrated_values(entry_function(module))
    found = [calibration_of(v) for v in values]
    assert all(c is not None for c in found)
    return found  # type: ignore[return-value]


def _text(module) -> str:
    out = StringIO()
    Printer(stream=out).print_op(module)
    return out.getvalue()


finite32 = st.floats(-1e4, 1e4, allow_nan=False, width=32)


def _data(draw, k: int) -> np.ndarray:
    n = draw(st.integers(1, 40))
    values = draw(st.lists(finite32, min_size=n * k, max_size=n * k))
    return np.array(values, dtype=np.float32).reshape(n, k)


# --------------------------------------------------------------------------
# minmax
# --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(data=st.data(), k=st.integers(1, 5), batch=st.integers(1, 50))
def test_minmax_is_numpy_min_max_whatever_the_chunking(tmp_path_factory, data, k, batch) -> None:
    x = _data(data.draw, k)
    scale = np.array(data.draw(st.lists(finite32, min_size=k, max_size=k)), dtype=np.float32)
    shift = np.array(data.draw(st.lists(finite32, min_size=k, max_size=k)), dtype=np.float32)
    module = elementwise(k, scale, shift)
    path = _npz(tmp_path_factory.mktemp("c"), arg0=x)
    _run(module, path, batch_size=batch)
    m = x * scale
    a = m + shift
    expected = [x, m, a, np.maximum(a, np.float32(0))]
    for calibration, values in zip(_ranges(module), expected, strict=True):
        lo, hi = float(values.min()), float(values.max())
        assert (calibration.observed_low, calibration.observed_high) == (lo, hi)
        if lo >= 0:
            assert calibration.scheme == "unsigned"
            assert (calibration.low, calibration.high) == (0.0, hi)
        else:
            assert calibration.scheme == "asymmetric"
            assert (calibration.low, calibration.high) == (lo, max(hi, 0.0))
        assert calibration.method == "minmax"


def test_minmax_of_a_dense_layer_matches_its_values(tmp_path) -> None:
    """Values that a matmul computes: the range is numpy's min/max of the
    interpreter's values over the whole set."""
    from support.compression_models import mlp

    rng = np.random.default_rng(3)
    module = mlp(rng.standard_normal((6, 5)), rng.standard_normal(6), rng.standard_normal((3, 6)))
    x = rng.standard_normal((37, 5)).astype(np.float32)
    _run(module, _npz(tmp_path, arg0=x), batch_size=8)
    values = calibrated_values(entry_function(module))
    observed = collect_values(module, {"arg0": x}, values, batch_size=8)
    for value, array in zip(values, observed, strict=True):
        c = calibration_of(value)
        assert c is not None
        assert (c.observed_low, c.observed_high) == (float(array.min()), float(array.max()))


def test_symmetric_minmax_uses_the_largest_magnitude(tmp_path) -> None:
    module = identity_relu(3)
    x = np.array([[-5.0, 1.0, 2.0], [0.5, 3.0, -1.0]], dtype=np.float32)
    _run(module, _npz(tmp_path, arg0=x), symmetric=True)
    arg, relu = _ranges(module)
    assert (arg.low, arg.high, arg.scheme) == (-5.0, 5.0, "symmetric")
    assert (relu.low, relu.high, relu.scheme) == (0.0, 3.0, "unsigned")


# --------------------------------------------------------------------------
# percentile
# --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    k=st.integers(1, 4),
    batch=st.integers(1, 30),
    p=st.floats(50.001, 100.0),
    symmetric=st.booleans(),
)
def test_percentile_is_numpy_percentile(tmp_path_factory, data, k, batch, p, symmetric) -> None:
    x = _data(data.draw, k)
    module = identity_relu(k)
    path = _npz(tmp_path_factory.mktemp("c"), arg0=x)
    _run(module, path, method="percentile", percentile=p, batch_size=batch, symmetric=symmetric)
    arg, relu = _ranges(module)
    values = x.astype(np.float64).reshape(-1)
    if values.min() >= 0:
        assert arg.scheme == "unsigned"
        assert (arg.low, arg.high) == (0.0, float(np.percentile(values, p)))
    elif symmetric:
        t = float(np.percentile(np.abs(values), p))
        assert (arg.low, arg.high, arg.scheme) == (-t, t, "symmetric")
    else:
        lo, hi = np.percentile(values, [100 - p, p])
        assert (arg.low, arg.high) == (min(float(lo), 0.0), max(float(hi), 0.0))
    r = np.maximum(values, 0)
    assert (relu.low, relu.high) == (0.0, float(np.percentile(r, p)))
    assert arg.parameters["percentile"] == f"{p:g}"


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300),
    chunk=st.integers(1, 50),
    q=st.floats(0.0, 100.0),
    magnitude=st.booleans(),
)
def test_extremes_give_exact_percentiles_in_both_tails(values, chunk, q, magnitude) -> None:
    x = np.array(values)
    stat = Extremes(Extremes.needed(x.size, q), magnitude=magnitude)
    for start in range(0, x.size, chunk):
        stat.update(x[start : start + chunk])
    seen = np.abs(x) if magnitude else x
    assert stat.count == x.size
    assert stat.percentile(q) == np.percentile(seen, q)
    assert stat.percentile(100 - q) == np.percentile(seen, 100 - q)


def test_extremes_refuse_a_rank_they_did_not_keep() -> None:
    stat = Extremes(2)
    stat.update(np.arange(100.0))
    with pytest.raises(ValueError, match="not among the 2 kept"):
        stat.percentile(50)


def test_percentile_falls_back_to_a_histogram_for_a_large_tail(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(calibrate_module, "MAX_EXTREMES", 3)
    x = np.random.default_rng(0).standard_normal((2000, 4)).astype(np.float32)
    module = identity_relu(4)
    _run(module, _npz(tmp_path, arg0=x), method="percentile", percentile=99, bins=1000)
    arg, _ = _ranges(module)
    values = x.astype(np.float64)
    width = (values.max() - values.min()) / 1000
    lo, hi = np.percentile(values, [1, 99])
    assert abs(arg.low - lo) <= width and abs(arg.high - hi) <= width


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=400),
    bins=st.integers(1, 64),
    q=st.floats(0.0, 100.0),
)
def test_histogram_percentile_is_within_one_bin(values, bins, q) -> None:
    x = np.array(values)
    assume(x.max() > x.min())
    h = Histogram(float(x.min()), float(x.max()), bins)
    h.update(x)
    width = (x.max() - x.min()) / bins
    assert abs(histogram_percentile(h.counts, h.edges, q) - np.percentile(x, q)) <= width * (1 + 1e-9)


# --------------------------------------------------------------------------
# Histograms and grids
# --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=200),
    bins=st.integers(1, 100),
    chunk=st.integers(1, 64),
    magnitude=st.booleans(),
)
def test_histogram_moments_add_up(values, bins, chunk, magnitude) -> None:
    x = np.array(values)
    seen = np.abs(x) if magnitude else x
    h = Histogram(float(seen.min()), float(seen.max()), bins, magnitude=magnitude)
    for start in range(0, x.size, chunk):
        h.update(x[start : start + chunk])
    assert h.counts.sum() == x.size
    np.testing.assert_allclose(h.sums.sum(), seen.sum(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(h.squares.sum(), (seen**2).sum(), rtol=1e-9)
    # Every value lies in its bin.
    j = h.index(seen)
    edges = h.edges
    assert np.all(seen >= edges[j] - 1e-9) and np.all(seen <= edges[j + 1] + 1e-9)


@settings(max_examples=60, deadline=None)
@given(
    bits=st.integers(2, 8),
    scheme=st.sampled_from(["unsigned", "symmetric", "asymmetric"]),
    lo=st.floats(-50, -0.01),
    hi=st.floats(0.01, 50),
)
def test_fake_quantize_grid(bits, scheme, lo, hi) -> None:
    if scheme == "unsigned":
        lo = 0.0
    elif scheme == "symmetric":
        lo = -hi
    x = np.linspace(lo - 5, hi + 5, 2001)
    y = fake_quantize(x, lo, hi, bits, scheme)
    levels = np.unique(np.round(y, 9))
    n = steps(bits, scheme)
    assert levels.size <= (2 * n + 1 if scheme == "symmetric" else n + 1)
    assert np.any(np.isclose(levels, 0.0))  # zero is on the grid
    step = (hi - lo if scheme == "asymmetric" else hi) / steps(bits, scheme)
    inside = (x >= lo) & (x <= hi)
    assert np.all(np.abs(x - y)[inside] <= step / 2 + 1e-9)
    assert fake_quantize(np.array([3.0]), 0.0, 0.0, bits, scheme)[0] == 0.0


# --------------------------------------------------------------------------
# mse
# --------------------------------------------------------------------------


def _distribution(draw, n: int) -> np.ndarray:
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    kind = draw(st.sampled_from(["normal", "uniform", "laplace", "relu", "outliers"]))
    if kind == "normal":
        x = rng.standard_normal(n) * draw(st.floats(0.01, 10))
    elif kind == "uniform":
        x = rng.uniform(draw(st.floats(-5, 0)), draw(st.floats(0.1, 5)), n)
    elif kind == "laplace":
        x = rng.laplace(draw(st.floats(-1, 1)), 1.0, n)
    elif kind == "relu":
        x = np.maximum(rng.standard_normal(n), 0)
    else:
        x = rng.standard_normal(n)
        x[rng.integers(0, n, 3)] = rng.choice([-1, 1], 3) * draw(st.floats(10, 200))
    return x.astype(np.float32)


@settings(max_examples=30, deadline=None)
@given(
    data=st.data(),
    bits=st.integers(2, 8),
    symmetric=st.booleans(),
    bins=st.sampled_from([64, 256, 2048]),
    batch=st.integers(50, 1000),
)
def test_mse_is_no_worse_than_minmax(tmp_path_factory, data, bits, symmetric, bins, batch) -> None:
    x = _distribution(data.draw, 2000).reshape(500, 4)
    module = identity_relu(4)
    _run(
        module,
        _npz(tmp_path_factory.mktemp("c"), arg0=x),
        method="mse",
        bits=bits,
        bins=bins,
        symmetric=symmetric,
        batch_size=batch,
    )
    for calibration, values in zip(_ranges(module), [x, np.maximum(x, 0)], strict=True):
        v = values.astype(np.float64)
        scheme = calibration.scheme
        assert scheme == ("unsigned" if v.min() >= 0 else "symmetric" if symmetric else "asymmetric")
        minmax = calibrate_module._range(float(v.min()), float(v.max()), scheme)
        chosen = squared_error(v, calibration.low, calibration.high, bits, scheme)
        assert chosen <= squared_error(v, *minmax, bits, scheme)
        # A range of the scheme's shape, inside the observed one.
        assert minmax[0] <= calibration.low <= 0 <= calibration.high <= minmax[1]
        if scheme == "symmetric":
            assert calibration.low == -calibration.high
        if scheme == "unsigned":
            assert calibration.low == 0


def test_mse_clips_outliers_at_low_bit_widths(tmp_path) -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5000, 4)).astype(np.float32)
    x[0, 0], x[1, 1] = 60.0, -45.0
    module = identity_relu(4)
    _run(module, _npz(tmp_path, arg0=x), method="mse", bits=4)
    arg, relu = _ranges(module)
    assert -6 < arg.low < -1 and 1 < arg.high < 6
    v = x.astype(np.float64)
    assert squared_error(v, arg.low, arg.high, 4, "asymmetric") < 0.5 * squared_error(
        v, -45.0, 60.0, 4, "asymmetric"
    )
    # Half the relu values are 0, so the one outlier at 60 weighs more: the
    # range stops about a fifth of the way, where a brute-force search over
    # 2000 thresholds finds the minimum too.
    r = np.maximum(v, 0)
    thresholds = np.linspace(0.5, 60, 2000)
    brute = min(squared_error(r, 0, t, 4, "unsigned") for t in thresholds)
    assert 5 < relu.high < 20
    assert squared_error(r, 0, relu.high, 4, "unsigned") <= brute * (1 + 1e-4)


# --------------------------------------------------------------------------
# entropy
# --------------------------------------------------------------------------


def test_entropy_clips_the_outliers_of_a_gaussian(tmp_path) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50000, 4)).astype(np.float32)
    x[0, 0], x[1, 1], x[2, 2] = 50.0, -40.0, 30.0
    module = identity_relu(4)
    _run(module, _npz(tmp_path, arg0=x), method="entropy")
    arg, relu = _ranges(module)
    assert arg.scheme == "symmetric" and arg.low == -arg.high
    assert 2.5 < arg.high < 6, arg.high  # not 50: the outliers are clipped
    assert (arg.observed_low, arg.observed_high) == (-40.0, 50.0)
    # Unsigned: 256 levels, so at least 256 of the 2048 bins over [0, 50]
    # are kept (6.25).
    assert relu.scheme == "unsigned" and relu.low == 0 and 6.25 <= relu.high < 8


def test_entropy_keeps_a_uniform_distribution_whole() -> None:
    """Nothing to clip: a flat histogram is best represented by all of it."""
    assert entropy_bins(np.full(1024, 100.0), 128) == 1024


def test_entropy_clips_a_far_outlier_of_a_decaying_bulk() -> None:
    j = np.arange(2048)
    counts = np.round(1e5 * np.exp(-0.5 * (j / 60.0) ** 2))  # half a Gaussian
    counts[2047] = 1.0  # one far outlier
    kept = entropy_bins(counts, 128)
    assert 128 <= kept < 400
    # Without the outlier nothing changes.
    counts[2047] = 0.0
    assert entropy_bins(counts, 128) == kept


def test_entropy_of_a_flat_bulk_keeps_the_outlier_it_merges_exactly() -> None:
    """A flat bulk and one outlier: with all bins kept, merging groups of 16
    bins reproduces P exactly (KL = 0), so nothing is clipped."""
    counts = np.zeros(2048)
    counts[:320] = 1000.0
    counts[2047] = 1.0
    assert entropy_bins(counts, 128) == 2048


# --------------------------------------------------------------------------
# The attributes
# --------------------------------------------------------------------------


def test_attributes_read_back_from_text(tmp_path) -> None:
    module = identity_relu(2)
    x = np.array([[-1.0, 2.0], [0.5, -0.25]], dtype=np.float32)
    _run(module, _npz(tmp_path, arg0=x), method="mse", bits=6, bins=128)
    reparsed = parse(_text(module))
    for before, after in zip(_ranges(module), _ranges(reparsed), strict=True):
        assert before == after
    arg = _ranges(reparsed)[0]
    assert arg.method == "mse" and arg.bits == 6 and arg.scheme == "asymmetric"
    assert arg.parameters == {"bits": "6", "bins": "128", "scheme": "asymmetric"}
    assert arg.method_text() == "mse bits=6 bins=128 scheme=asymmetric"


@pytest.mark.parametrize("first", ["minmax", "percentile", "mse", "entropy"])
def test_running_again_replaces_the_ranges(tmp_path, first) -> None:
    x = np.random.default_rng(2).standard_normal((300, 3)).astype(np.float32)
    path = _npz(tmp_path, arg0=x)
    once = identity_relu(3)
    _run(once, path)
    twice = identity_relu(3)
    _run(twice, path, method=first)
    _run(twice, path)
    assert _text(twice) == _text(once)
    _run(twice, path)
    assert _text(twice) == _text(once)
    text = _text(once)
    for name in (RANGE, OBSERVED, METHOD):
        assert text.count(name) == 2  # the argument and the relu, once each


def test_stale_calibration_attributes_are_removed(tmp_path) -> None:
    module = parse("""
func.func @main(%x: tensor<1x2xf32> {calibration.extra = 1 : i64}) -> tensor<1x2xf32> {
  %r = nn.relu %x {calibration.range = array<f64: -9.0, 9.0>, calibration.old = "x", other = 3 : i64} : tensor<1x2xf32>
  func.return %r : tensor<1x2xf32>
}
""")
    _run(module, _npz(tmp_path, arg0=np.ones((2, 2))))
    text = _text(module)
    assert "calibration.extra" not in text and "calibration.old" not in text
    assert "other = 3 : i64" in text
    assert "calibration.range = array<f64: 0.000000e+00, 1.000000e+00>" in text


def test_only_nn_results_and_used_arguments_are_calibrated() -> None:
    module = parse("""
func.func @main(%x: tensor<1x2xf32>, %unused: tensor<1x2xf32>) -> tensor<1xi64> {
  %c = nn.constant "c" dense<1.0> : tensor<1x2xf32>
  %t = nn.transpose %c perm [1, 0] : (tensor<1x2xf32>) -> tensor<2x1xf32>
  %a = nn.add %x, %c : tensor<1x2xf32>
  %i = nn.argmax %a axis 1 keepdims false : (tensor<1x2xf32>) -> tensor<1xi64>
  func.return %i : tensor<1xi64>
}
""")
    names = [v.name_hint for v in calibrated_values(entry_function(module))]
    assert names == ["x", "t", "a"]


def test_malformed_attributes_are_user_errors() -> None:
    from xdsl.dialects.builtin import StringAttr

    from asic.diagnostics import UserError

    with pytest.raises(UserError, match="calibration.range must be an array<f64: low, high>"):
        Calibration.from_attributes({RANGE: StringAttr("x")})
    assert Calibration.from_attributes({}) is None


# --------------------------------------------------------------------------
# A real model
# --------------------------------------------------------------------------


def test_digits_cnn_ranges(tmp_path) -> None:
    """The digits CNN: every activation ranged by every method; clipping
    methods stay inside minmax, and the relu and pooling outputs are
    unsigned."""
    from asic.examples.digits import digits_cnn_module, train_digits_cnn

    weights, data = train_digits_cnn(channels=4, epochs=2)
    x = data.x_train[:300].reshape(-1, 1, 8, 8)
    path = _npz(tmp_path, arg0=x)
    by_method = {}
    for method in ("minmax", "percentile", "mse", "entropy"):
        module = digits_cnn_module(weights)
        _run(module, path, method=method, batch_size=128)
        by_method[method] = _ranges(module)
    # image, conv, relu, maxpool, flatten, dense
    assert len(calibrated_values(entry_function(digits_cnn_module(weights)))) == 6
    minmax = by_method["minmax"]
    for method, ranges in by_method.items():
        for m, c in zip(minmax, ranges, strict=True):
            assert (c.observed_low, c.observed_high) == (m.observed_low, m.observed_high)
            whole = calibrate_module._range(m.observed_low, m.observed_high, c.scheme)
            assert whole[0] <= c.low <= 0 <= c.high <= whole[1], (method, c, m)
    schemes = [c.scheme for c in minmax]
    assert schemes[0] == "unsigned"  # pixels in [0, 1]
    assert schemes[2:5] == ["unsigned"] * 3  # relu, maxpool, flatten
