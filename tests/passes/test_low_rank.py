"""low-rank: full rank reproduces the layer, the factorization is the best of
its rank, data-aware beats plain SVD on the layer's outputs, and layers
without a MAC reduction are left alone."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context

from asic.dialects import nn
from asic.interp.runner import run_function
from asic.passes.common.constants import ConstantNames
from asic.passes.common.layers import find_layers
from asic.passes.low_rank import LowRankPass, choose_rank, factorize, factors
from support.compression_models import cnn, mlp


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), data_aware=st.booleans())
def test_full_rank_reproduces_every_layer(seed: int, data_aware: bool) -> None:
    rng = np.random.default_rng(seed)
    module = cnn(rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3), rng.standard_normal((4, 12)))
    x = rng.standard_normal((6, 2, 4, 4)).astype(np.float32)
    before = run_function(module, {"arg0": x})["result0"]
    names = ConstantNames(module)
    for layer in find_layers(module):
        h = None
        if data_aware:
            rows = layer.rows(rng.standard_normal((50, *layer.op.input.type.get_shape()[1:])))[0]
            h = rows.T @ rows
        n, k = layer.to_matrices(layer.weight())[0].shape
        assert not isinstance(factorize(layer, h, min(n, k), None, names, force=True), str)
    module.verify()
    assert sum(isinstance(op, nn.Conv2dOp) for op in module.walk()) == 2
    assert sum(isinstance(op, nn.DenseOp) for op in module.walk()) == 2
    after = run_function(module, {"arg0": x})["result0"]
    np.testing.assert_allclose(after, before, rtol=1e-4, atol=1e-4)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), r=st.integers(1, 6))
def test_rank_r_is_the_best_approximation(seed: int, r: int) -> None:
    w = np.random.default_rng(seed).standard_normal((7, 9))
    a, b = factors(w, None, r, None)
    assert a.shape == (r, 9) and b.shape == (7, r)
    s = np.linalg.svd(w, compute_uv=False)
    np.testing.assert_allclose(np.linalg.norm(w - b @ a), np.sqrt((s[r:] ** 2).sum()), atol=1e-9)


def test_data_aware_beats_plain_svd_on_outputs() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((300, 12)) * np.geomspace(10, 0.01, 12)  # uneven inputs
    w = rng.standard_normal((10, 12))
    h = x.T @ x
    error = lambda ab: np.linalg.norm(x @ (ab[1] @ ab[0] - w).T)  # noqa: E731
    assert error(factors(w, h, 3, None)) < 0.5 * error(factors(w, None, 3, None))


def test_energy_chooses_the_smallest_rank() -> None:
    s = np.array([3.0, 2.0, 1.0, 0.0])  # squares 9, 4, 1: 9/14 = 0.64, 13/14 = 0.93
    assert choose_rank(s, None, 0.6) == 1
    assert choose_rank(s, None, 0.9) == 2
    assert choose_rank(s, None, 1.0) == 3
    assert choose_rank(s, 10, None) == 4


def test_pass_skips_layers_without_mac_reduction() -> None:
    rng = np.random.default_rng(3)
    module = mlp(rng.standard_normal((3, 3)), np.zeros(3), rng.standard_normal((2, 3)))
    text = str(module)
    LowRankPass(rank=2).apply(Context(), module)
    assert str(module) == text


def test_data_aware_pass_keeps_outputs_close(tmp_path) -> None:
    rng = np.random.default_rng(4)
    u = rng.standard_normal((16, 2))
    w1 = u @ rng.standard_normal((2, 20)) + 0.01 * rng.standard_normal((16, 20))  # ~rank 2
    module = mlp(w1, rng.standard_normal(16), rng.standard_normal((3, 16)))
    x = rng.standard_normal((64, 20)).astype(np.float32)
    np.savez(tmp_path / "c.npz", arg0=x)
    before = run_function(module, {"arg0": x})["result0"]
    LowRankPass(energy=0.999, data=str(tmp_path / "c.npz")).apply(Context(), module)
    module.verify()
    names = {layer.name for layer in find_layers(module)}
    assert {"fc1.weight.lr_in", "fc1.weight.lr_out"} <= names
    after = run_function(module, {"arg0": x})["result0"]
    assert np.linalg.norm(after - before) < 0.05 * np.linalg.norm(before)
