"""Numerics of the reconstruct criterion (`asic.passes.compression.sparsity`)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from asic.passes.compression.sparsity import least_squares


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), rows=st.integers(1, 6), cols=st.integers(1, 12))
def test_full_mask_returns_the_weights(seed: int, rows: int, cols: int) -> None:
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(rows, cols))
    x = rng.normal(size=(3, cols))  # fewer samples than inputs: H is singular
    x[:, 0] = 0.0  # an input the calibration data never exercises
    out = least_squares(w, x.T @ x, np.ones_like(w, dtype=bool))
    np.testing.assert_allclose(out, w, rtol=1e-6, atol=1e-9)


def test_dead_input_keeps_its_weight_and_pruned_weights_are_zero() -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(size=(2, 4))
    x = rng.normal(size=(64, 4))
    x[:, 3] = 0.0
    mask = np.array([[True, False, True, True], [False, True, True, True]])
    out = least_squares(w, x.T @ x, mask)
    np.testing.assert_allclose(out[:, 3], w[:, 3], rtol=1e-6)
    assert out[0, 1] == 0.0 and out[1, 0] == 0.0
    # The kept weights compensate: the output error is below plain masking's.
    masked = np.where(mask, w, 0.0)
    assert np.linalg.norm(x @ (out - w).T) < np.linalg.norm(x @ (masked - w).T)
