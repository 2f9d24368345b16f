"""`nn.grid_sample`'s numpy semantics (ONNX GridSample, as onnx's reference
computes it, vectorized over the samples, channels and output positions).

The grid's last axis holds normalized coordinates in reverse axis order
(x, then y, ...), -1 and 1 being the centres of the corner elements with
`align_corners`, else their outer edges. A coordinate is denormalized; in
`nearest` mode rounded half to even; one outside the borders (`[0, n - 1]`
with `align_corners`, else `[-0.5, n - 0.5]`) is clamped into `[0, n - 1]`
(`border`) or reflected at the borders (`reflection`). The value is the
input at the nearest element, or the linear (two neighbours per axis) or
cubic (four, Keys' coefficients with a = -0.75) interpolation, computed in
f64; a neighbour outside the input reads 0 (`zeros`), the clamped element
(`border`) or the reflected one (`reflection`, truncated toward zero);
a coordinate that is nan or infinite reads nothing (its weight makes the
value nan or 0).
"""

from __future__ import annotations

import itertools

import numpy as np

CUBIC_A = -0.75


def _reflect(x: np.ndarray, low: float, high: float) -> np.ndarray:
    span = high - low
    below, above = x < low, x > high
    distance = np.where(below, low - x, x - high)
    with np.errstate(all="ignore"):
        turns = np.trunc(distance / span)
    rest = distance - turns * span
    even = turns % 2 == 0
    from_below = np.where(even, low + rest, high - rest)
    from_above = np.where(even, high - rest, low + rest)
    return np.where(below, from_below, np.where(above, from_above, x))


def _cubic(t: np.ndarray) -> list[np.ndarray]:
    a = CUBIC_A
    s = 1 - t
    return [
        ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
        ((a + 2) * t - (a + 3)) * t * t + 1,
        ((a + 2) * s - (a + 3)) * s * s + 1,
        ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a,
    ]


def _taps(c: np.ndarray, mode: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """(index, weight) pairs of one axis."""
    if mode == "nearest":
        return [(np.trunc(c), np.ones_like(c))]
    base = np.floor(c)
    t = c - base
    if mode == "linear":
        return [(base, 1 - t), (base + 1, t)]
    return [(base + k, w) for k, w in zip((-1, 0, 1, 2), _cubic(t))]


def grid_sample(x: np.ndarray, grid: np.ndarray, mode: str, padding: str, align_corners: bool) -> np.ndarray:
    """ONNX GridSample of `x` `[N, C, *spatial]` at `grid` `[N, *out, r]`."""
    spatial = x.shape[2:]
    dims = np.array(spatial, dtype=np.float64)
    coords = grid[..., ::-1].astype(np.float64)
    if align_corners:
        coords = (coords + 1) / 2 * (dims - 1)
        low, high = np.zeros_like(dims), dims - 1
    else:
        coords = ((coords + 1) * dims - 1) / 2
        low, high = np.full_like(dims, -0.5), dims - 0.5
    if mode == "nearest":
        coords = np.rint(coords)
    outside = (coords < low) | (coords > high)
    if padding == "border":
        coords = np.where(outside, np.clip(coords, 0, dims - 1), coords)
    elif padding == "reflection":
        coords = np.where(outside, _reflect(coords, low, high), coords)
    channels_last = np.moveaxis(x, 1, -1).astype(np.float64)  # [N, *spatial, C]
    samples = np.arange(x.shape[0]).reshape(-1, *[1] * (grid.ndim - 2))
    result = np.zeros((*grid.shape[:-1], x.shape[1]))
    per_axis = [_taps(coords[..., a], mode) for a in range(len(spatial))]
    for combination in itertools.product(*per_axis):
        weight = np.ones(grid.shape[:-1])
        indices, inside = [], np.ones(grid.shape[:-1], bool)
        for a, (index, w) in enumerate(combination):
            weight = weight * w
            n = spatial[a]
            finite = np.isfinite(index)  # a nan or infinite coordinate reads nothing
            inside &= finite
            if padding == "zeros":
                inside &= (index >= 0) & (index < n)
            elif padding == "reflection":
                index = np.trunc(_reflect(index, low[a], high[a]))
            index = np.clip(np.where(finite, index, 0), 0, n - 1)
            indices.append(index.astype(np.int64))
        values = channels_last[(samples, *indices)]
        result += np.where(inside[..., None], values, 0.0) * weight[..., None]
    return np.moveaxis(result, -1, 1)
