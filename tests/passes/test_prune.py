"""prune: invariants of the masks and of channel removal, and the quality
order of the criteria on calibration data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context

from asic.dialects import nn
from asic.interp.runner import run_function
from asic.passes.common.constants import constant_array
from asic.passes.common.layers import find_layers
from asic.passes.compression.sparsity import least_squares, sparsegpt
from asic.passes.prune import PrunePass
from support.compression_models import cnn, mlp


def _weights(module, name: str) -> np.ndarray:
    for layer in find_layers(module):
        if layer.name == name:
            return np.asarray(constant_array(layer.op.weight))
    raise KeyError(name)


def _npz(tmp_path, x: np.ndarray) -> str:
    path = str(tmp_path / "calib.npz")
    np.savez(path, arg0=x.astype(np.float32))
    return path


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    n1=st.integers(2, 8),
    dead=st.integers(1, 7),
)
def test_removing_zero_channels_keeps_outputs(seed: int, n1: int, dead: int) -> None:
    """Neurons whose weights and bias are zero contribute nothing: channel
    pruning removes exactly them and the outputs do not change."""
    dead = min(dead, n1 - 1)
    rng = np.random.default_rng(seed)
    w1 = rng.standard_normal((n1, 5)) + 0.1
    b1 = rng.standard_normal(n1)
    zero = rng.choice(n1, dead, replace=False)
    w1[zero] = 0.0
    b1[zero] = 0.0
    module = mlp(w1, b1, rng.standard_normal((3, n1)))
    x = rng.standard_normal((6, 5)).astype(np.float32)
    before = run_function(module, {"arg0": x})["result0"]
    PrunePass(sparsity=dead / n1 + 1e-9, mode="channel").apply(Context(), module)
    module.verify()
    assert _weights(module, "fc1.weight").shape == (n1 - dead, 5)
    after = run_function(module, {"arg0": x})["result0"]
    np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-5)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31), dead=st.integers(1, 3))
def test_removing_zero_conv_channels_rewires_flatten(seed: int, dead: int) -> None:
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((4, 2, 3, 3)) + 0.1
    b = rng.standard_normal(4)
    zero = rng.choice(4, dead, replace=False)
    w[zero], b[zero] = 0.0, 0.0
    module = cnn(w, b, rng.standard_normal((3, 16)))
    x = rng.standard_normal((5, 2, 4, 4)).astype(np.float32)
    before = run_function(module, {"arg0": x})["result0"]
    PrunePass(sparsity=dead / 4, mode="channel").apply(Context(), module)
    module.verify()
    assert _weights(module, "conv.weight").shape == (4 - dead, 2, 3, 3)
    assert _weights(module, "fc.weight").shape == (3, 4 * (4 - dead))
    np.testing.assert_allclose(run_function(module, {"arg0": x})["result0"], before, rtol=1e-5, atol=1e-5)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), nm=st.sampled_from([(1, 2), (2, 4), (1, 4), (3, 8)]),
       criterion=st.sampled_from(["magnitude", "activation", "reconstruct"]))
def test_nm_pattern_holds_in_every_group(tmp_path_factory, seed: int, nm, criterion: str) -> None:
    n, m = nm
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((4, m, 3, 3))
    # 2*m input channels; the dense layer's K = 16 splits into groups of m too.
    module = cnn(np.concatenate([w, w], axis=1), rng.standard_normal(4), rng.standard_normal((3, 16)))
    data = None
    if criterion != "magnitude":
        data = _npz(tmp_path_factory.mktemp("d"), rng.standard_normal((32, 2 * m, 4, 4)))
    PrunePass(mode=f"{n}:{m}", criterion=criterion, data=data).apply(Context(), module)
    conv = _weights(module, "conv.weight")  # [O, I, 3, 3]: groups along I
    groups = conv.transpose(0, 2, 3, 1).reshape(4, 3, 3, -1, m)
    assert np.all(np.count_nonzero(groups, axis=-1) <= n)
    fc = _weights(module, "fc.weight")
    assert np.all(np.count_nonzero(fc.reshape(3, -1, m), axis=-1) <= n)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), sparsity=st.floats(0.0, 0.95),
       criterion=st.sampled_from(["magnitude", "activation", "reconstruct"]),
       scope=st.sampled_from(["layer", "global"]))
def test_sparsity_achieved_equals_requested(tmp_path_factory, seed, sparsity, criterion, scope) -> None:
    rng = np.random.default_rng(seed)
    module = mlp(rng.standard_normal((8, 6)), rng.standard_normal(8), rng.standard_normal((4, 8)))
    data = None
    if criterion != "magnitude":
        data = _npz(tmp_path_factory.mktemp("d"), rng.standard_normal((40, 6)))
    PrunePass(sparsity=sparsity, criterion=criterion, scope=scope, data=data).apply(Context(), module)
    w1, w2 = _weights(module, "fc1.weight"), _weights(module, "fc2.weight")
    if scope == "layer":
        assert w1.size - np.count_nonzero(w1) == round(sparsity * w1.size)
        assert w2.size - np.count_nonzero(w2) == round(sparsity * w2.size)
    else:
        zeros = w1.size + w2.size - np.count_nonzero(w1) - np.count_nonzero(w2)
        assert zeros == round(sparsity * (w1.size + w2.size))


def test_reconstruct_beats_magnitude_on_layer_outputs() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 32)) @ rng.standard_normal((32, 32))  # correlated inputs
    w = rng.standard_normal((16, 32))
    h = x.T @ x
    k = 16 * 16
    magnitude = np.where(np.abs(w) > np.sort(np.abs(w).reshape(-1))[k - 1], w, 0.0)
    mask = sparsegpt(w, h, prune=k)
    assert mask.sum() == w.size - k
    reconstructed = least_squares(w, h, mask)
    error = lambda v: np.linalg.norm(x @ (v - w).T)  # noqa: E731
    assert error(reconstructed) < error(magnitude)
    # The least-squares step never makes the sweep's own weights worse.
    assert error(reconstructed) <= error(np.where(mask, w, 0.0))


def test_channel_reconstruct_reduces_consumer_error(tmp_path) -> None:
    rng = np.random.default_rng(1)
    w1 = rng.standard_normal((8, 6))
    module = mlp(w1, np.full(8, 0.5), rng.standard_normal((3, 8)))
    x = rng.standard_normal((100, 6)).astype(np.float32)
    data = _npz(tmp_path, x)
    reference = run_function(module, {"arg0": x})["result0"]
    errors = {}
    for criterion in ("activation", "reconstruct"):
        pruned = module.clone()
        PrunePass(sparsity=0.5, mode="channel", criterion=criterion, data=data).apply(Context(), pruned)
        errors[criterion] = np.linalg.norm(run_function(pruned, {"arg0": x})["result0"] - reference)
    assert errors["reconstruct"] < errors["activation"]


def test_option_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="needs sparsity="):
        PrunePass()
    with pytest.raises(ValueError, match='needs calibration inputs: data="file.npz"'):
        PrunePass(sparsity=0.5, criterion="reconstruct")
    assert PrunePass(mode="2:4").n == 2


def test_exclude_skips_the_layer() -> None:
    rng = np.random.default_rng(2)
    w1 = rng.standard_normal((4, 4))
    module = mlp(w1, np.zeros(4), rng.standard_normal((2, 4)))
    PrunePass(sparsity=0.5, exclude=("fc1*",)).apply(Context(), module)
    np.testing.assert_array_equal(_weights(module, "fc1.weight"), w1.astype(np.float32))
    assert np.count_nonzero(_weights(module, "fc2.weight")) == 4
    assert isinstance(module.body.block.first_op.body.block.first_op, nn.ConstantOp)
