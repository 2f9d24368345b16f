"""Numerics of pruning, on weight matrices `W [N, K]` (rows = outputs, columns
in reduction order) and Gram matrices `H = X^T X [K, K]` of the layer's
calibration inputs. A mask is a boolean array of W's shape, True = kept.

- `lowest_mask(scores, k)`: prune the `k` lowest scores (ties broken by
  position, so the count is exact).
- `nm_mask(scores, n, m)`: keep the `n` highest scores of every group of `m`
  consecutive columns.
- `sparsegpt(W, H, ...)`: the SparseGPT sweep (Frantar & Alistarh, 2023):
  columns left to right, the mask of a block chosen by the OBS saliency
  `w^2 / [H^-1]_jj` of the already updated weights, each pruned weight's
  error spread over the columns not yet visited through the Cholesky factor
  of `H^-1`. Returns the mask.
- `least_squares(W, H, mask)`: for that mask, the kept weights of each row
  that minimise `||X w - X w_kept||^2 + sum_j D_j (w_kept_j - w_j)^2`, i.e.
  `(H + D)_SS w_S = (H w + D w)_S`: the best the layer can do with that mask
  on the calibration data, pulled towards the original weights (not towards
  zero) by the small damping `D`. So an input the calibration data never
  exercises keeps its weight, and a full mask returns `W` unchanged.
The sweep adds `0.01 * mean(diag H)` to the diagonal, as SparseGPT does;
the least-squares solve scales the diagonal by `1 + 1e-4` (scale-free per
input, so an input of small range, like the constant column that stands for a
bias, is not swamped), so that a rank-deficient H (few samples, dead inputs)
still has a unique solution.
"""

from __future__ import annotations

import numpy as np

DAMP = 0.01
LS_DAMP = 1e-4


def lowest_mask(scores: np.ndarray, k: int) -> np.ndarray:
    """Keep all but the `k` lowest `scores`."""
    flat = scores.reshape(-1)
    mask = np.ones(flat.shape, dtype=bool)
    if k > 0:
        mask[np.argsort(flat, kind="stable")[:k]] = False
    return mask.reshape(scores.shape)


def nm_mask(scores: np.ndarray, n: int, m: int) -> np.ndarray:
    """Keep the `n` highest of each group of `m` along the last axis."""
    groups = scores.reshape(*scores.shape[:-1], -1, m)
    order = np.argsort(-groups, axis=-1, kind="stable")
    mask = np.zeros(groups.shape, dtype=bool)
    np.put_along_axis(mask, order[..., :n], True, axis=-1)
    return mask.reshape(scores.shape)


def damped(h: np.ndarray, damp: float = DAMP, relative: bool = False) -> np.ndarray:
    """`h` plus `damp` times the mean of its diagonal on the diagonal (or,
    `relative`, times each diagonal element: scale-free per input); an
    input that is always zero gets a diagonal of 1."""
    h = np.array(h, dtype=np.float64)
    diag = np.diag(h)
    dead = diag <= 0
    h[dead, dead] = 1.0
    if relative:
        h[np.diag_indices_from(h)] *= 1.0 + damp
    else:
        mean = float(np.mean(np.diag(h)))
        h[np.diag_indices_from(h)] += damp * (mean if mean > 0 else 1.0)
    return h


def _block_counts(total: int, sizes: list[int]) -> list[int]:
    """Split `total` over blocks in proportion to `sizes` (largest remainder)."""
    whole = sum(sizes)
    raw = [total * s / whole for s in sizes]
    counts = [int(np.floor(r)) for r in raw]
    for i in np.argsort([-(r - c) for r, c in zip(raw, counts)], kind="stable")[: total - sum(counts)]:
        counts[i] += 1
    return counts


def sparsegpt(
    w: np.ndarray,
    h: np.ndarray,
    *,
    prune: int = 0,
    n: int | None = None,
    m: int | None = None,
    block: int = 128,
) -> np.ndarray:
    """The mask the SparseGPT sweep chooses: `prune` weights in all
    (unstructured) or `n` of every `m` columns kept (N:M)."""
    w = np.array(w, dtype=np.float64)
    rows, k = w.shape
    hd = damped(h)
    w[:, np.diag(h) <= 0] = 0.0
    hinv = np.linalg.cholesky(np.linalg.inv(hd)).T  # upper: H^-1 = U^T U
    mask = np.ones_like(w, dtype=bool)
    starts = list(range(0, k, block))
    sizes = [min(block, k - s) for s in starts]
    counts = _block_counts(prune, [rows * s for s in sizes]) if n is None else [0] * len(starts)
    for start, size, count in zip(starts, sizes, counts):
        end = start + size
        w1 = w[:, start:end].copy()
        err = np.zeros_like(w1)
        h1 = hinv[start:end, start:end]
        d = np.diag(h1)
        keep1 = np.ones_like(w1, dtype=bool)
        if n is None:
            keep1 = lowest_mask(w1**2 / d**2, count)
        for i in range(size):
            if n is not None and i % m == 0:
                keep1[:, i : i + m] = nm_mask(w1[:, i : i + m] ** 2 / d[i : i + m] ** 2, n, m)
            col = w1[:, i]
            q = np.where(keep1[:, i], col, 0.0)
            e = (col - q) / d[i]
            w1[:, i:] -= np.outer(e, h1[i, i:])
            err[:, i] = e
        mask[:, start:end] = keep1
        w[:, end:] -= err @ hinv[start:end, end:]
    return mask


def least_squares(w: np.ndarray, h: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per row, the kept weights minimising the change of the row's output on
    the calibration inputs; pruned weights are 0."""
    w = np.asarray(w, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    hd = damped(h, LS_DAMP, relative=True)
    # Rows of (H w + D w)^T with D = hd - H (diagonal): ridge towards W.
    target = w @ h + w * (np.diag(hd) - np.diag(h))
    out = np.zeros_like(w)
    # Rows sharing a mask share one factorization.
    patterns, inverse = np.unique(mask, axis=0, return_inverse=True)
    for p, pattern in enumerate(patterns):
        kept = np.flatnonzero(pattern)
        if kept.size == 0:
            continue
        rows = np.flatnonzero(inverse.reshape(-1) == p)
        sub = hd[np.ix_(kept, kept)]
        out[np.ix_(rows, kept)] = np.linalg.solve(sub, target[np.ix_(rows, kept)].T).T
    return out
