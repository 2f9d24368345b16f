"""Pieces shared by the interpreters of several levels.

- `reshape`, `flatten`, `concatenate`: the layout ops, which are the same
  at every level, written against the runtime dim 0 so that a batch passes
  through; `argmax` (ONNX ArgMax), the same on floats and stored integers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def reshape(x: np.ndarray, declared_in: Sequence[int], declared_out: Sequence[int]) -> np.ndarray:
    """`x` reshaped to `declared_out`; in a batch run (dim 0 of `x` is the
    batch, declared 1 -> 1), dim 0 is kept."""
    if x.shape == tuple(declared_in):
        return x.reshape(declared_out)
    return x.reshape((x.shape[0], *declared_out[1:]))


def flatten(x: np.ndarray, axis: int) -> np.ndarray:
    """ONNX Flatten: `[prod(shape[:axis]), prod(shape[axis:])]`."""
    if axis < 0:
        axis += x.ndim
    return x.reshape(math.prod(x.shape[:axis]), math.prod(x.shape[axis:]))


def concatenate(arrays: Sequence[np.ndarray], axis: int) -> np.ndarray:
    """`np.concatenate` along `axis` (negative counts from the end). Along
    another axis than 0, the arrays are first broadcast to the largest dim 0:
    in a batch run, constants (dim 0 of 1) meet batched values."""
    axis %= arrays[0].ndim
    if axis != 0:
        n = max(x.shape[0] for x in arrays)
        arrays = [np.broadcast_to(x, (n, *x.shape[1:])) for x in arrays]
    return np.concatenate(arrays, axis=axis)


def argmax(x: np.ndarray, axis: int, keepdims: bool, select_last_index: bool) -> np.ndarray:
    """ONNX ArgMax: the index of the first (or, with `select_last_index`, the
    last) maximum along `axis`, which `keepdims` keeps as a dimension of 1."""
    axis %= x.ndim
    if select_last_index:
        index = x.shape[axis] - 1 - np.argmax(np.flip(x, axis), axis=axis)
    else:
        index = np.argmax(x, axis=axis)
    if keepdims:
        index = np.expand_dims(index, axis)
    return index
