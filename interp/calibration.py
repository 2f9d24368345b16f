"""Calibration: run a model on sample inputs and gather what a pass needs.

One mechanism shared by every pass that looks at data (`prune` and
`low-rank` with a `data=` option, `calibrate` for quantization):

- `load_calibration_inputs(path, module)` reads an `.npz` file and checks it
  against the entry function: one array per function input, named as the
  runner names inputs (`asic.interp.runner.input_names`), every array a
  batch of the same B samples in one of the runner's layouts: `[B, *declared]`
  or, when the declared dim 0 is 1, `[B, *declared[1:]]`. Anything else is a
  `UserError` that says what was expected.
- `collect(module, inputs, watch, batch_size)` runs the entry function over
  the whole calibration batch, `batch_size` samples at a time (vectorized by
  `asic.interp.runner.run_function`), and feeds the runtime value of every
  watched SSA value to its `Statistic`. An interpreter listener does the
  watching: an op result is seen when its op has run, a function argument
  when the first op using it runs.

A `Statistic` folds batches into a summary as they arrive, so memory is the
summary's size, not the calibration set's: `Concatenate` keeps everything
(only for small sets), `MinMax` the range (and how many values it saw),
`SumOfSquares` per-channel norms, `Gram` the matrix `X^T X` of the rows a
transform makes of each batch (the im2col patches of a convolution's input,
for instance), `Histogram` counts (with the sum and sum of squares of the
values) in fixed bins whose range an earlier `MinMax` pass found, `Extremes`
the `k` largest and `k` smallest values (exact tail percentiles). A pass
that needs something else subclasses `Statistic`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.interpreter import Interpreter
from xdsl.ir import BlockArgument, Operation, SSAValue

from asic.diagnostics import UserError
from asic.interp.inputs import read_arrays
from asic.progress import bar

# --------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------


class Statistic:
    """A summary of the values one SSA value takes over the calibration data,
    updated batch by batch (leading axis = samples)."""

    def update(self, batch: np.ndarray) -> None:
        raise NotImplementedError

    def result(self) -> Any:
        raise NotImplementedError


@dataclass
class Concatenate(Statistic):
    """Every value, concatenated along the batch axis (small data only)."""

    parts: list[np.ndarray] = field(default_factory=list)

    def update(self, batch: np.ndarray) -> None:
        self.parts.append(np.array(batch, copy=True))

    def result(self) -> np.ndarray:
        return np.concatenate(self.parts, axis=0)


@dataclass
class MinMax(Statistic):
    """Smallest and largest element, overall or per index of `axis`; `count`
    is the number of elements folded into each (NaN propagates)."""

    axis: int | None = None
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    count: int = 0

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(batch, dtype=np.float64)
        if x.size == 0:
            return
        if self.axis is None:
            lo, hi = np.min(x), np.max(x)
            self.count += x.size
        else:
            axes = tuple(a for a in range(x.ndim) if a != self.axis % x.ndim)
            lo, hi = np.min(x, axis=axes), np.max(x, axis=axes)
            self.count += x.size // x.shape[self.axis % x.ndim]
        self.low = lo if self.low is None else np.minimum(self.low, lo)
        self.high = hi if self.high is None else np.maximum(self.high, hi)

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        assert self.low is not None and self.high is not None
        return self.low, self.high


@dataclass
class SumOfSquares(Statistic):
    """Sum of squares per index of `axis` (the squared L2 norm of each channel
    over samples and positions) and the number of values summed."""

    axis: int = 1
    total: np.ndarray | None = None
    count: int = 0

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(batch, dtype=np.float64)
        axis = self.axis % x.ndim
        moved = np.moveaxis(x, axis, -1).reshape(-1, x.shape[axis])
        s = np.einsum("ij,ij->j", moved, moved)
        self.total = s if self.total is None else self.total + s
        self.count += moved.shape[0]

    def result(self) -> np.ndarray:
        assert self.total is not None
        return self.total


@dataclass
class Gram(Statistic):
    """`sum X^T X` over the rows `X = rows(batch)`; `rows` returns a matrix
    `[rows, K]` or a stack `[G, rows, K]` (one Gram per group), in float64.
    The result also counts the rows (`count`)."""

    rows: Callable[[np.ndarray], np.ndarray] = lambda batch: batch.reshape(batch.shape[0], -1)
    diagonal: bool = False
    """Only the diagonal (sum of squares of each column): `[K]` or `[G, K]`."""
    total: np.ndarray | None = None
    count: int = 0

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(self.rows(np.asarray(batch)), dtype=np.float64)
        if self.diagonal:
            g = np.einsum("...pk,...pk->...k", x, x)
        else:
            g = np.matmul(np.swapaxes(x, -1, -2), x)
        self.total = g if self.total is None else self.total + g
        self.count += x.shape[-2]

    def result(self) -> np.ndarray:
        assert self.total is not None
        return self.total


@dataclass
class Histogram(Statistic):
    """All elements (or their magnitudes, with `magnitude`) in `bins` equal
    bins over `[low, high]`: bin `j` holds `low + j*w <= x < low + (j+1)*w`
    (`w = (high - low) / bins`; the last bin is closed, and a value outside
    the range, which a range found by an earlier `MinMax` pass excludes,
    goes to the nearest end bin). Besides the `counts`, each bin keeps the
    `sums` and `squares` (sum of `x**2`) of its values, so that the integral
    of any function that is constant or affine on a bin is exact. With
    `low == high` every value falls into bin 0. All in float64."""

    low: float
    high: float
    bins: int = 2048
    magnitude: bool = False
    counts: np.ndarray = field(init=False)
    sums: np.ndarray = field(init=False)
    squares: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        if self.bins < 1 or not self.low <= self.high:
            raise ValueError(f"bad histogram: {self.bins} bins over [{self.low}, {self.high}]")
        self.counts = np.zeros(self.bins)
        self.sums = np.zeros(self.bins)
        self.squares = np.zeros(self.bins)

    @property
    def edges(self) -> np.ndarray:
        return np.linspace(self.low, self.high, self.bins + 1)

    def index(self, x: np.ndarray) -> np.ndarray:
        """The bin of each element of `x` (float64, already transformed)."""
        width = (self.high - self.low) / self.bins
        if width == 0:
            return np.zeros(x.shape, dtype=np.intp)
        return np.clip(np.floor((x - self.low) / width), 0, self.bins - 1).astype(np.intp)

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(batch, dtype=np.float64).reshape(-1)
        if self.magnitude:
            x = np.abs(x)
        j = self.index(x)
        self.counts += np.bincount(j, minlength=self.bins)
        self.sums += np.bincount(j, weights=x, minlength=self.bins)
        self.squares += np.bincount(j, weights=x * x, minlength=self.bins)

    def result(self) -> np.ndarray:
        return self.counts


@dataclass
class Extremes(Statistic):
    """The `k` largest and (with `lower`) the `k` smallest elements, or
    magnitudes with `magnitude`, each sorted ascending, and the number of
    elements seen: enough for an exact percentile in a tail when `k` exceeds
    the number of elements beyond it (`needed`). Memory is `2k` values."""

    k: int
    magnitude: bool = False
    lower: bool = True
    largest: np.ndarray = field(default_factory=lambda: np.zeros(0))
    smallest: np.ndarray = field(default_factory=lambda: np.zeros(0))
    count: int = 0

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(batch, dtype=np.float64).reshape(-1)
        if self.magnitude:
            x = np.abs(x)
        self.count += x.size
        top = np.concatenate([self.largest, x])
        if top.size > self.k:
            top = np.partition(top, top.size - self.k)[top.size - self.k :]
        self.largest = np.sort(top)
        if not self.lower:
            return
        bottom = np.concatenate([self.smallest, x])
        if bottom.size > self.k:
            bottom = np.partition(bottom, self.k - 1)[: self.k]
        self.smallest = np.sort(bottom)

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        return self.smallest, self.largest

    def percentile(self, q: float) -> float:
        """numpy's `percentile(values, q)` (linear interpolation between the
        two nearest ranks) over every value seen, exact when both ranks lie
        among the kept ones; `ValueError` otherwise."""
        n = self.count
        if n == 0:
            raise ValueError("no values seen")
        h = (n - 1) * (q / 100.0)
        below = int(np.floor(h))
        above = min(below + 1, n - 1)
        values = []
        for rank in (below, above):
            if rank < self.smallest.size:
                values.append(self.smallest[rank])
            elif rank >= n - self.largest.size:
                values.append(self.largest[rank - (n - self.largest.size)])
            else:
                raise ValueError(f"rank {rank} of {n} is not among the {self.k} kept extremes")
        low, high = values
        # numpy's lerp, so that the result is bit-identical to np.percentile
        t = h - below
        return float(low + (high - low) * t if t < 0.5 else high - (high - low) * (1 - t))

    @staticmethod
    def needed(count: int, q: float) -> int:
        """The `k` that makes `percentile(q)` and `percentile(100 - q)`
        exact over `count` values."""
        tail = min(q, 100.0 - q) / 100.0
        return min(count, int(np.ceil(count * tail)) + 2)


# --------------------------------------------------------------------------
# Reading calibration inputs
# --------------------------------------------------------------------------


def _declared_inputs(module: ModuleOp) -> dict[str, TensorType]:
    from asic.interp.runner import entry_function, input_names

    func = entry_function(module)
    types = {}
    for name, arg in zip(input_names(func), func.body.block.args):
        assert isinstance(arg.type, TensorType)
        types[name] = arg.type
    return types


def check_calibration_inputs(
    inputs: Mapping[str, np.ndarray], module: ModuleOp, source: str = "calibration data"
) -> dict[str, np.ndarray]:
    """`inputs` checked against the entry function's inputs: the same names,
    one shared leading batch axis of at least one sample, then the declared
    shape without its batch dimension. Returns the arrays in the declared
    element type; a mismatch is a `UserError`."""
    from asic.dialects.attributes import numpy_dtype

    declared = _declared_inputs(module)
    inputs = dict(inputs)
    missing = [n for n in declared if n not in inputs]
    extra = [n for n in inputs if n not in declared]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(f"'{n}'" for n in missing))
        if extra:
            parts.append("unexpected " + ", ".join(f"'{n}'" for n in extra))
        expected = ", ".join(f"'{n}'" for n in declared)
        raise UserError(
            f"{source}: {'; '.join(parts)}; the entry function's inputs are {expected}"
        )
    checked: dict[str, np.ndarray] = {}
    batch: int | None = None
    for name, ty in declared.items():
        array = np.asarray(inputs[name])
        shape = tuple(ty.get_shape())
        merged = shape[:1] == (1,) and array.shape[1:] == shape[1:] and array.ndim == len(shape)
        stacked = array.shape[1:] == shape and array.ndim == len(shape) + 1
        if not (merged or stacked):
            layouts = f"[B, {', '.join(str(d) for d in shape)}]"
            if shape[:1] == (1,):
                layouts = f"[B, {', '.join(str(d) for d in shape[1:])}] or " + layouts
            raise UserError(
                f"{source}: input '{name}' has shape {list(array.shape)}, expected "
                f"{layouts}: a batch of B samples of the declared shape {list(shape)}"
            )
        if array.dtype.kind not in "fiub":
            raise UserError(f"{source}: input '{name}' has dtype {array.dtype}, expected numbers")
        if batch is not None and array.shape[0] != batch:
            raise UserError(
                f"{source}: inputs have different batch sizes ({batch} and "
                f"{array.shape[0]} for '{name}')"
            )
        batch = array.shape[0]
        if batch == 0:
            raise UserError(f"{source}: input '{name}' has no samples")
        checked[name] = array.astype(numpy_dtype(ty.get_element_type()), copy=False)
    return checked


def load_calibration_inputs(path: str, module: ModuleOp) -> dict[str, np.ndarray]:
    """The arrays of the `.npz` file at `path`, checked by
    `check_calibration_inputs`. A missing or unreadable file, or one that is
    not an .npz archive (a zip file), is a `UserError`."""
    try:
        arrays = read_arrays(path, "calibration data", npy=False)
    except OSError as error:
        raise UserError(f"cannot read calibration data '{path}': {error.strerror or error}") from None
    assert isinstance(arrays, dict)
    return check_calibration_inputs(arrays, module, f"calibration data '{path}'")


# --------------------------------------------------------------------------
# Collecting values
# --------------------------------------------------------------------------


@dataclass
class _Watcher(Interpreter.Listener):
    """Feeds the runtime value of each watched SSA value to its statistics."""

    results: dict[Operation, list[tuple[int, list[Statistic]]]]
    arguments: dict[Operation, list[tuple[int, list[Statistic]]]]

    def will_interpret_op(self, op: Operation, args: Sequence[Any]) -> None:
        for index, stats in self.arguments.get(op, ()):
            for stat in stats:
                stat.update(np.asarray(args[index]))

    def did_interpret_op(self, op: Operation, results: Sequence[Any]) -> None:
        for index, stats in self.results.get(op, ()):
            for stat in stats:
                stat.update(np.asarray(results[index]))


def _watcher(watch: Mapping[SSAValue, Sequence[Statistic]]) -> _Watcher:
    results: dict[Operation, list[tuple[int, list[Statistic]]]] = {}
    arguments: dict[Operation, list[tuple[int, list[Statistic]]]] = {}
    for value, stats in watch.items():
        if isinstance(value, BlockArgument):
            # Seen as an operand of one of its users (each runs once per call).
            uses = sorted(value.uses, key=lambda u: _position(u.operation))
            if uses:
                arguments.setdefault(uses[0].operation, []).append((uses[0].index, list(stats)))
        else:
            owner = value.owner
            assert isinstance(owner, Operation)
            results.setdefault(owner, []).append((value.index, list(stats)))
    return _Watcher(results, arguments)


def _position(op: Operation) -> int:
    block = op.parent_block()
    return block.get_operation_index(op) if block is not None else 0


def batch_size_of(inputs: Mapping[str, np.ndarray]) -> int:
    return next(iter(inputs.values())).shape[0] if inputs else 0


def collect(
    module: ModuleOp,
    inputs: Mapping[str, np.ndarray],
    watch: Mapping[SSAValue, Sequence[Statistic]],
    batch_size: int = 256,
) -> None:
    """Run the entry function of `module` on `inputs` (leading batch axis),
    `batch_size` samples at a time, and update the statistics of every
    watched value of that module with each batch's runtime value."""
    from asic.interp.runner import run_function

    total = batch_size_of(inputs)
    if not watch or total == 0:
        return
    watcher = _watcher(watch)
    starts = range(0, total, batch_size)
    if len(starts) > 1:
        starts = bar(starts, f"running {total} samples", unit="batch")
    for start in starts:
        chunk = {k: v[start : start + batch_size] for k, v in inputs.items()}
        run_function(module, chunk, listeners=(watcher,))


def collect_values(
    module: ModuleOp,
    inputs: Mapping[str, np.ndarray],
    values: Sequence[SSAValue],
    batch_size: int = 256,
) -> list[np.ndarray]:
    """The runtime values of `values` over the whole batch (kept in memory)."""
    stats = {v: Concatenate() for v in values}
    collect(module, inputs, {v: [s] for v, s in stats.items()}, batch_size)
    return [stats[v].result() for v in values]


__all__ = [
    "Concatenate",
    "Extremes",
    "Gram",
    "Histogram",
    "MinMax",
    "Statistic",
    "SumOfSquares",
    "check_calibration_inputs",
    "collect",
    "collect_values",
    "load_calibration_inputs",
]
