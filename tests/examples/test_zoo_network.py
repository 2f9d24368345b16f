"""A zoo network's state and the on-disk cache of trained weights."""

from __future__ import annotations

import numpy as np

from asic.examples.zoo import build, trained


def test_trained_weights_are_kept_and_read_back(tmp_path):
    model = trained("conv1d", tmp_path)
    (stored,) = tmp_path.glob("conv1d-*.npz")
    fresh = build("conv1d")
    x = model.data.x_test[:16]
    assert not np.allclose(fresh.forward(x), model.network.forward(x))
    with np.load(stored) as state:
        fresh.load_state(dict(state))
    np.testing.assert_array_equal(fresh.forward(x), model.network.forward(x))
    assert set(model.network.state()) == {
        "conv1.weight",
        "conv1.bias",
        "conv2.weight",
        "conv2.bias",
        "fc.weight",
        "fc.bias",
    }
    assert trained("conv1d", tmp_path) is model
