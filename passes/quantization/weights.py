"""The numerics of weight quantization: grids, round-to-nearest and GPTQ.

Pure numpy on weight matrices `W [N, K]` (one row per output channel, the
columns in any fixed order: `asic.passes.common.layers` gives the reduction order
of a convolution) and Gram matrices `H = X^T X [K, K]` of the layer's
calibration inputs in the same column order. `asic.passes.quantize` maps
layers to these matrices and back.

Grids (`WeightGrid`): one scale and zero point per row (`per_channel`) or one
for the whole matrix, and a storage range `[qmin, qmax]`:

- symmetric (the default): zero point 0 and the narrowed signed range
  `[-(2^(b-1) - 1), 2^(b-1) - 1]` (`b` bits; a 2-bit weight is ternary),
  scale `T / (2^(b-1) - 1)`, the grid of `asic.passes.quantization.ranges`'s
  `symmetric` scheme;
- asymmetric: the full signed range `[-2^(b-1), 2^(b-1) - 1]`, the range
  `[lo, hi]` (widened to contain 0) cut into `2^b - 1` steps, zero point
  `round(-lo / s) - 2^(b-1)`.

`T` (or `[lo, hi]`) is the row's largest magnitude (`range="minmax"`), or
with `range="mse"` the fraction `j / 100` of it (`j = 30 .. 100`) whose grid
rounds the row with the least squared error. A row of zeros gets the scale
of the largest other row (1 when the matrix is 0): its weights are 0 at any
scale, and the bias of that channel, which `quantize` stores at the scale
`s_x * s_w`, keeps a sensible resolution. `quantize` also raises the scale
of a row whose bias would not fit in 32 bits at `s_x * s_w`
(`WeightGrid.with_min_scales`): a row of tiny weights (a neuron that
training switched off) contributes nothing next to its bias. With
`requantize=shift`, `quantize` then raises each scale to the next value
`unit * 2^e` (e an integer; `WeightGrid.on_lattice`), by a factor in
`[1, 2)`: with `unit = s_y / s_x` the layer's requantization multiplier
`s_x * s_w / s_y` is a power of two, so the hardware requantizes by a
shift. The weights give up less than one bit of resolution (half a bit on
average) and their integers get smaller.

Rounding. `round_to_grid` is round half away from zero, then saturation,
the arithmetic of `qnt.quantize`. `gptq` is GPTQ (Frantar et al., 2023):
the columns are visited in order of decreasing `H_jj` ("act-order"); each
column is rounded to the grid, and its rounding error, divided by the
diagonal of the upper Cholesky factor `U` of `H^-1`, is spread over the
columns not yet visited through that row of `U`, so that the layer's output
`X W^T` on the calibration inputs changes as little as possible
(`||X (W - Q)^T||^2` is what each step minimizes greedily, the Optimal Brain
Quantizer update). Blocks of 128 columns defer the update of later columns
(the same result, fewer large products). `H` is damped by 1% of its mean
diagonal, and an input that is always 0 has its weights set to 0 first
(`asic.passes.compression.sparsity.damped`), as GPTQ's reference code does.
The greedy updates can overshoot the grid's range at low widths (an update
pushes a later column past `qmax`, where saturation undoes it), so GPTQ
does not always beat rounding to nearest; the output error is a sum over
the rows, `sum_n d_n^T H d_n`, so each row keeps whichever of GPTQ's and
round-to-nearest's integers changes its output less on the calibration
inputs (with the undamped `H`): never worse than nearest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from asic.passes.compression.sparsity import damped

RANGES = ("minmax", "mse")

MSE_FRACTIONS = np.arange(30, 101) / 100.0
"""The clipping fractions `weight-range=mse` tries for each row."""

GPTQ_BLOCK = 128


def round_half_away(x: np.ndarray) -> np.ndarray:
    """Round to the nearest integer, ties away from zero (float64 in, int64
    out)."""
    x = np.asarray(x, dtype=np.float64)
    return (np.sign(x) * np.floor(np.abs(x) + 0.5)).astype(np.int64)


def storage_range(bits: int, symmetric: bool) -> tuple[int, int]:
    """The stored values of a `bits`-bit weight: narrowed when symmetric."""
    half = 2 ** (bits - 1)
    return (-(half - 1), half - 1) if symmetric else (-half, half - 1)


@dataclass(frozen=True)
class WeightGrid:
    """Per-row (or one) scale and zero point, and the storage range."""

    scales: np.ndarray
    """float64 `[N]` (every row the same when per tensor)."""
    zero_points: np.ndarray
    """int64 `[N]`."""
    qmin: int
    qmax: int
    per_channel: bool
    bits: int

    def round(self, w: np.ndarray) -> np.ndarray:
        """`w [N, K]` rounded to the grid: stored integers, int64."""
        return round_to_grid(w, self.scales[:, None], self.zero_points[:, None], self.qmin, self.qmax)

    def dequantize(self, q: np.ndarray) -> np.ndarray:
        """The real values of stored integers `q [N, K]`."""
        return (np.asarray(q, np.int64) - self.zero_points[:, None]) * self.scales[:, None]

    def with_min_scales(self, floor: np.ndarray) -> WeightGrid:
        """The grid with every scale raised to at least `floor [N]` (one
        scale for all rows, the largest, when per tensor)."""
        scales = np.maximum(self.scales, floor)
        if not self.per_channel:
            scales = np.full(scales.shape, scales.max())
        return WeightGrid(scales, self.zero_points, self.qmin, self.qmax, self.per_channel, self.bits)

    def on_lattice(self, unit: float) -> WeightGrid:
        """The grid with every scale raised to the next `unit * 2^e`, `e`
        an integer (a factor in `[1, 2)`; a scale already on it stays)."""
        exponents = np.ceil(np.log2(self.scales / unit))
        scales = unit * np.exp2(exponents)
        # log2 is rounded: step up where the power fell just below the scale
        scales = np.where(scales < self.scales, scales * 2, scales)
        return WeightGrid(scales, self.zero_points, self.qmin, self.qmax, self.per_channel, self.bits)

    def rows(self, start: int, stop: int) -> WeightGrid:
        """The grid of rows `start:stop` (one group of a grouped layer)."""
        return WeightGrid(
            self.scales[start:stop],
            self.zero_points[start:stop],
            self.qmin,
            self.qmax,
            self.per_channel,
            self.bits,
        )


def round_to_grid(
    w: np.ndarray, scale: np.ndarray | float, zero_point: np.ndarray | int, qmin: int, qmax: int
) -> np.ndarray:
    """`clamp(round_half_away(w / scale) + zero_point, qmin, qmax)` (int64)."""
    q = round_half_away(np.asarray(w, np.float64) / scale) + zero_point
    return np.clip(q, qmin, qmax)


def _scale_and_zero(
    lo: np.ndarray, hi: np.ndarray, bits: int, symmetric: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Scales and zero points of ranges `[lo, hi]` (lo <= 0 <= hi); a zero
    range gets scale 0 (fixed by the caller)."""
    qmin, qmax = storage_range(bits, symmetric)
    if symmetric:
        return np.maximum(-lo, hi) / qmax, np.zeros(lo.shape, np.int64)
    scales = (hi - lo) / (qmax - qmin)
    safe = np.where(scales > 0, scales, 1.0)
    zero = np.clip(round_half_away(-lo / safe) + qmin, qmin, qmax)
    return scales, np.where(scales > 0, zero, 0)


def _squared_errors(
    w: np.ndarray, lo: np.ndarray, hi: np.ndarray, bits: int, symmetric: bool
) -> np.ndarray:
    """Squared rounding error of each row of `w [N, K]` for ranges `lo, hi`
    of shape `[N, J]` (J candidates): `[N, J]`."""
    scales, zeros = _scale_and_zero(lo, hi, bits, symmetric)
    safe = np.where(scales > 0, scales, 1.0)[..., None]
    qmin, qmax = storage_range(bits, symmetric)
    q = np.clip(round_half_away(w[:, None, :] / safe) + zeros[..., None], qmin, qmax)
    deq = (q - zeros[..., None]) * safe
    deq = np.where(scales[..., None] > 0, deq, 0.0)
    return np.sum((w[:, None, :] - deq) ** 2, axis=-1)


def weight_grid(
    w: np.ndarray,
    bits: int,
    *,
    per_channel: bool = True,
    symmetric: bool = True,
    range: str = "minmax",
) -> WeightGrid:
    """The grid of `w [N, K]` (see the module documentation)."""
    if range not in RANGES:
        raise ValueError(f"unknown weight range {range!r}")
    w = np.asarray(w, dtype=np.float64)
    rows = w if per_channel else w.reshape(1, -1)
    lo = np.minimum(rows.min(axis=1, initial=0.0), 0.0)
    hi = np.maximum(rows.max(axis=1, initial=0.0), 0.0)
    if range == "mse":
        lows, highs = lo[:, None] * MSE_FRACTIONS, hi[:, None] * MSE_FRACTIONS
        best = np.empty(rows.shape[0], dtype=np.intp)
        chunk = max(1, (1 << 22) // max(1, rows.shape[1] * MSE_FRACTIONS.size))
        for start in np.arange(0, rows.shape[0], chunk):
            part = slice(start, start + chunk)
            errors = _squared_errors(rows[part], lows[part], highs[part], bits, symmetric)
            # the widest range among equal errors: argmin of the reversed order
            best[part] = errors.shape[1] - 1 - np.argmin(errors[:, ::-1], axis=1)
        pick = np.arange(rows.shape[0])
        lo, hi = lows[pick, best], highs[pick, best]
    scales, zeros = _scale_and_zero(lo, hi, bits, symmetric)
    if np.any(scales <= 0):
        fallback = float(scales.max()) if np.any(scales > 0) else 1.0
        zeros = np.where(scales > 0, zeros, 0)
        scales = np.where(scales > 0, scales, fallback)
    if not per_channel:
        scales = np.full(w.shape[0], scales[0])
        zeros = np.full(w.shape[0], zeros[0], dtype=np.int64)
    qmin, qmax = storage_range(bits, symmetric)
    return WeightGrid(scales, zeros.astype(np.int64), qmin, qmax, per_channel, bits)


def gptq(
    w: np.ndarray,
    h: np.ndarray,
    grid: WeightGrid,
    *,
    block: int = GPTQ_BLOCK,
    act_order: bool = True,
) -> np.ndarray:
    """The stored integers GPTQ chooses for `w [N, K]` on the grid, given the
    Gram `h [K, K]` of the layer's inputs (see the module documentation)."""
    w_in = w
    w = np.array(w, dtype=np.float64)
    n, k = w.shape
    h = np.asarray(h, dtype=np.float64)
    dead = np.diag(h) <= 0
    w[:, dead] = 0.0
    order = np.argsort(-np.diag(h), kind="stable") if act_order else np.arange(k)
    w = w[:, order]
    hd = damped(h[np.ix_(order, order)])
    hinv = np.linalg.cholesky(np.linalg.inv(hd)).T  # upper: H^-1 = U^T U
    scale, zero = grid.scales[:, None], grid.zero_points[:, None]
    q = np.zeros((n, k), dtype=np.int64)
    for start in range(0, k, block):
        end = min(start + block, k)
        w1 = w[:, start:end].copy()
        err = np.zeros_like(w1)
        u = hinv[start:end, start:end]
        for i in range(end - start):
            column = w1[:, i : i + 1]
            qi = round_to_grid(column, scale, zero, grid.qmin, grid.qmax)
            q[:, start + i] = qi[:, 0]
            e = (column[:, 0] - ((qi - zero) * scale)[:, 0]) / u[i, i]
            w1[:, i:] -= np.outer(e, u[i, i:])
            err[:, i] = e
        w[:, end:] -= err @ hinv[start:end, end:]
    out = np.empty_like(q)
    out[:, order] = q
    original = np.asarray(w_in, dtype=np.float64)
    nearest = grid.round(original)
    worse = _row_errors(h, original, grid.dequantize(out)) > _row_errors(h, original, grid.dequantize(nearest))
    out[worse] = nearest[worse]
    return out


def _row_errors(h: np.ndarray, w: np.ndarray, w_hat: np.ndarray) -> np.ndarray:
    """Each row's share of `gram_error`: `d_n^T H d_n` with `d = W - W_hat`."""
    d = w - w_hat
    return np.einsum("nk,kl,nl->n", d, h, d)


def reconstruction_error(x: np.ndarray, w: np.ndarray, w_hat: np.ndarray) -> float:
    """`||X W^T - X W_hat^T||^2`, the error GPTQ minimizes."""
    d = np.asarray(x, np.float64) @ (np.asarray(w, np.float64) - np.asarray(w_hat, np.float64)).T
    return float(np.sum(d * d))


def gram_error(h: np.ndarray, w: np.ndarray, w_hat: np.ndarray) -> float:
    """The same error from the Gram `H = X^T X`: `sum_n d_n^T H d_n`."""
    d = np.asarray(w, np.float64) - np.asarray(w_hat, np.float64)
    return float(np.einsum("nk,kl,nl->", d, np.asarray(h, np.float64), d))
