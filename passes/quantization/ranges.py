"""The numerics of `calibrate`: quantization grids, and the searches for a
clipping range that the `mse` and `entropy` methods run on a histogram.

Pure numpy, no IR: `asic.passes.calibrate` collects the statistics
(`asic.interp.calibration.Histogram`, `Extremes`) and calls these.

Grids. A *scheme* says how a range `[lo, hi]` (with `lo <= 0 <= hi`) is cut
into `bits`-bit levels, as the quantizer will cut it:

- `unsigned`: `[0, T]`, zero point 0, `L = 2^bits - 1` steps of `T / L`:
  values `k * T / L` for `k = 0 .. L` (a tensor that is never negative:
  after ReLU, sigmoid, or an input of pixels).
- `symmetric`: `[-T, T]`, zero point 0, the narrow signed range
  `k = -(2^(bits-1) - 1) .. 2^(bits-1) - 1` in steps of
  `T / (2^(bits-1) - 1)`.
- `asymmetric`: `[lo, hi]` with an integer zero point, `L = 2^bits - 1`
  steps of `s = (hi - lo) / L`: `z = round(-lo / s)`, values
  `s * (k - z)` for `k = 0 .. L` (so the grid holds 0 exactly and may sit
  up to half a step away from `lo` and `hi`).

`fake_quantize(x, lo, hi, bits, scheme)` rounds to the nearest level
(`np.rint`, half to even: ties have measure zero in an error estimate) and
saturates at the ends; a range of width zero maps everything to 0.
"""

from __future__ import annotations

import numpy as np

SCHEMES = ("unsigned", "symmetric", "asymmetric")

ASYMMETRIC_STEPS = 64
"""The resolution of the `mse` search for an asymmetric range (see
`mse_shortlist`): two grids of 64 x 64 candidate pairs."""

_CHUNK = 256
"""Candidates evaluated at once (memory `_CHUNK x nonempty bins`)."""


def steps(bits: int, scheme: str) -> int:
    """Number of quantization steps of the grid: the largest level index."""
    return 2 ** (bits - 1) - 1 if scheme == "symmetric" else 2**bits - 1


def fake_quantize(
    x: np.ndarray, lo: np.ndarray | float, hi: np.ndarray | float, bits: int, scheme: str
) -> np.ndarray:
    """`x` rounded to the `bits`-bit grid of `scheme` over `[lo, hi]`
    (broadcasting `x` against `lo` and `hi`), in float64."""
    x = np.asarray(x, dtype=np.float64)
    lo = np.asarray(lo, dtype=np.float64)
    hi = np.asarray(hi, dtype=np.float64)
    n = steps(bits, scheme)
    scale = (hi - lo if scheme == "asymmetric" else hi) / n
    safe = np.where(scale > 0, scale, 1.0)
    if scheme == "symmetric":
        q = np.clip(np.rint(x / safe), -n, n)
        out = q * scale
    elif scheme == "unsigned":
        q = np.clip(np.rint(x / safe), 0, n)
        out = q * scale
    else:
        zero = np.rint(-lo / safe)
        q = np.clip(np.rint(x / safe) + zero, 0, n)
        out = (q - zero) * scale
    return np.where(scale > 0, out, 0.0)


def squared_error(x: np.ndarray, lo: float, hi: float, bits: int, scheme: str) -> float:
    """Sum of `(x - fake_quantize(x))^2` over the elements of `x`."""
    x = np.asarray(x, dtype=np.float64)
    return float(np.sum((x - fake_quantize(x, lo, hi, bits, scheme)) ** 2))


# --------------------------------------------------------------------------
# mse
# --------------------------------------------------------------------------


def mse_shortlist(
    counts: np.ndarray,
    sums: np.ndarray,
    squares: np.ndarray,
    low: float,
    high: float,
    bins: int,
    bits: int,
    scheme: str,
    size: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The candidate ranges `(lows, highs)` that the `mse` search measures
    exactly: the `size` best by the histogram estimate (`estimated_errors`)
    and, last, the whole observed range `[low, high]` (`low <= 0 <= high`;
    for the symmetric scheme `high` is the largest magnitude and the
    histogram one of magnitudes).

    The search grid. Unsigned and symmetric: the threshold `T` runs over the
    upper bin edges of the histogram, `T = high * i / bins` for
    `i = 1 .. bins`. Asymmetric: each end shrinks independently to
    `j / ASYMMETRIC_STEPS` of its observed value (`j = 1 ..
    ASYMMETRIC_STEPS`), then a second grid of the same size spans one step
    of the first around the best pair, so each end is resolved to
    `1 / ASYMMETRIC_STEPS^2` of its observed value."""
    if scheme == "asymmetric":
        fractions = np.arange(1, ASYMMETRIC_STEPS + 1) / ASYMMETRIC_STEPS
        lows, highs = _pairs(low * fractions, high * fractions)
        first = estimated_errors(counts, sums, squares, lows, highs, bits, scheme)
        best = int(np.argmin(first))
        fine = np.linspace(-1.0, 1.0, ASYMMETRIC_STEPS) / ASYMMETRIC_STEPS
        fine_lows = np.clip(lows[best] + low * fine, low, 0.0)
        fine_highs = np.clip(highs[best] + high * fine, 0.0, high)
        lows2, highs2 = _pairs(fine_lows, fine_highs)
        second = estimated_errors(counts, sums, squares, lows2, highs2, bits, scheme)
        lows, highs = np.concatenate([lows, lows2]), np.concatenate([highs, highs2])
        estimates = np.concatenate([first, second])
    else:
        t = high * np.arange(1, bins + 1) / bins
        lows = -t if scheme == "symmetric" else np.zeros_like(t)
        highs = t
        estimates = estimated_errors(counts, sums, squares, lows, highs, bits, scheme)
    order = np.argsort(estimates, kind="stable")[:size]
    whole = -high if scheme == "symmetric" else low
    return np.append(lows[order], whole), np.append(highs[order], high)


def _pairs(lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.meshgrid(lows, highs, indexing="ij")
    return a.reshape(-1), b.reshape(-1)


def estimated_errors(
    counts: np.ndarray,
    sums: np.ndarray,
    squares: np.ndarray,
    lows: np.ndarray,
    highs: np.ndarray,
    bits: int,
    scheme: str,
) -> np.ndarray:
    """The squared quantization error of each candidate range, estimated
    from a histogram with per-bin count, sum and sum of squares: the values
    of a bin are taken to round to the level of the bin's mean `m`, which
    makes the estimate `squares - 2 q sums + count q^2` (`q = Q(m)`) exact
    for every bin that no rounding boundary or range end crosses."""
    used = counts > 0
    n, s1, s2 = counts[used], sums[used], squares[used]
    means = s1 / n
    out = np.empty(lows.size)
    for start in range(0, lows.size, _CHUNK):
        lo = lows[start : start + _CHUNK, None]
        hi = highs[start : start + _CHUNK, None]
        q = fake_quantize(means[None, :], lo, hi, bits, scheme)
        out[start : start + _CHUNK] = np.sum(s2 - 2 * q * s1 + n * q * q, axis=1)
    return out


def best_candidate(errors: np.ndarray, lows: np.ndarray, highs: np.ndarray) -> int:
    """The index of the smallest error; among equal errors the widest range
    (the one that clips least)."""
    widths = highs - lows
    return int(np.lexsort((-widths, errors))[0])


# --------------------------------------------------------------------------
# entropy
# --------------------------------------------------------------------------


SMOOTHING = 1e-4
"""The probability `entropy_bins` gives an empty last bin of `Q`."""


def entropy_bins(counts: np.ndarray, levels: int) -> int:
    """TensorRT's KL-divergence calibration on a histogram of magnitudes
    (or of a non-negative tensor) with `B = counts.size` bins over
    `[0, max]`: the number of bins `i` (`levels <= i <= B`) to keep, so that
    the threshold is the upper edge of bin `i - 1`.

    For each `i`: the reference distribution `P` is `counts[:i]` with every
    count beyond (the outliers) added to its last bin; the candidate `Q`
    merges `counts[:i]` into `levels` groups (bin `j` in group
    `j * levels // i`) and spreads each group's total evenly over its
    non-empty bins (empty bins stay empty). Both are normalized, and `i`
    minimizes `KL(P || Q) = sum P log(P / Q)`; among equal divergences the
    largest `i`.

    Two refinements of the published algorithm, as in the public
    implementations. `Q` is 0 exactly on the empty bins, where `P` is 0 too,
    except for the last bin when it is empty but receives the outliers: the
    divergence would then be infinite, and every threshold that does not
    fall on an occupied bin excluded, so that a sparse tail of outliers
    could only be kept; that bin of `Q` gets probability `SMOOTHING` instead
    (MXNet and onnxruntime smooth the same way). And, as in NVIDIA's
    pytorch-quantization, the count of bin 0 is first replaced by that of
    bin 1: the exact zeros of a ReLU output (or of zero padding) are one
    spike there that would otherwise dominate both distributions and pull
    the threshold far down."""
    counts = np.array(counts, dtype=np.float64)
    if counts.size > 1:
        counts[0] = counts[1]
    total_bins = counts.size
    beyond = np.concatenate([np.cumsum(counts[::-1])[::-1], [0.0]])
    best_i, best = total_bins, np.inf
    for i in range(levels, total_bins + 1):
        kept = counts[:i]
        p = kept.copy()
        p[-1] += beyond[i]
        group = (np.arange(i) * levels) // i
        nonempty = kept > 0
        totals = np.bincount(group, weights=kept, minlength=levels)
        members = np.bincount(group, weights=nonempty, minlength=levels)
        q = np.where(nonempty, totals[group] / np.maximum(members[group], 1), 0.0)
        p_sum, q_sum = p.sum(), q.sum()
        if p_sum == 0 or q_sum == 0:
            continue
        p, q = p / p_sum, q / q_sum
        if q[-1] == 0 and p[-1] > 0:
            q[-1] = SMOOTHING
            q /= q.sum()
        support = p > 0
        divergence = float(np.sum(p[support] * np.log(p[support] / q[support])))
        if divergence <= best:
            best, best_i = divergence, i
    return best_i


# --------------------------------------------------------------------------
# percentile from a histogram (when the exact tail is too large to keep)
# --------------------------------------------------------------------------


def histogram_percentile(counts: np.ndarray, edges: np.ndarray, q: float) -> float:
    """An estimate of `np.percentile(values, q)` from their histogram, by
    numpy's rule (linear interpolation between the values of ranks
    `floor(h)` and `floor(h) + 1`, `h = (n - 1) * q / 100`), where the value
    of rank `k` is estimated inside its bin (the `c` values of a bin taken
    at `lo + (i + 0.5) * w / c`, `i = 0 .. c - 1`). Each rank's estimate is
    in the same bin as the true value, so the result is within one bin
    width of the exact percentile."""
    counts = np.asarray(counts, dtype=np.float64)
    cumulative = np.cumsum(counts)
    n = int(round(cumulative[-1]))
    h = (n - 1) * q / 100.0
    below = int(np.floor(h))
    above = min(below + 1, n - 1)

    def value(rank: int) -> float:
        j = min(int(np.searchsorted(cumulative, rank, side="right")), counts.size - 1)
        before = cumulative[j] - counts[j]
        inside = (rank - before + 0.5) / counts[j] if counts[j] > 0 else 0.5
        return float(edges[j] + (edges[j + 1] - edges[j]) * min(max(inside, 0.0), 1.0))

    low, high = value(below), value(above)
    return low + (high - low) * (h - below)
