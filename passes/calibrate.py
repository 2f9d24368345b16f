"""`calibrate{data="calib.npz" method=...}`: the range of every activation on
calibration data, stored in the IR for `quantize`.

The pass runs the entry function with the nn interpreter over the inputs of
`data` (`asic.interp.calibration`: `batch-size` samples at a time, values
watched by an interpreter listener) and stores a range on:

- every argument of the entry function of float tensor type that some op
  uses (an unused argument has no values to observe), as argument
  attributes;
- the result of every op of the entry function but `nn.constant`
  (weights are ranged by `quantize` itself) whose result is a float tensor
  (`nn.argmax` returns indices), as discardable op attributes. This includes
  ops that compute on constants only; `fold-constants` first removes them.

The entry function must be at nn level: nn ops and `func.return` only.
Other functions are not run and get no ranges.

Attributes (the names are `RANGE`, `OBSERVED`, `METHOD`; read them with
`calibration_of(value)`, which returns a `Calibration`):

    %h = nn.dense %x, %w, %b {calibration.range = array<f64: -2.5, 3.75>, calibration.observed = array<f64: -2.5, 3.75>, calibration.method = "minmax scheme=asymmetric"} : ...
    func.func @main(%x: tensor<1x4xf32> {calibration.range = array<f64: 0.0, 1.0>, ...})

- `calibration.range = array<f64: lo, hi>`: the clipping range the quantizer
  should use. It always contains 0 (`lo <= 0 <= hi`), so that zero is
  exactly representable, and has the shape of its scheme: `[0, T]`
  (unsigned), `[-T, T]` (symmetric) or any `[lo, hi]` (asymmetric). A tensor
  that is 0 everywhere gets `[0, 0]`.
- `calibration.observed = array<f64: min, max>`: the smallest and largest
  value seen, raw (neither clipped nor widened to 0).
- `calibration.method = "<method> key=value ..."`: the method and the
  parameters the range depends on, always ending with `scheme=<scheme>`:
  `"minmax scheme=unsigned"`, `"percentile percentile=99.99
  scheme=asymmetric"`, `"mse bits=8 bins=2048 scheme=symmetric"`,
  `"entropy bits=8 bins=2048 scheme=unsigned"`.

Running the pass again first removes every `calibration.*` attribute of the
entry function, so ranges are replaced, never duplicated.

Schemes (see `asic.passes.quantization.ranges` for the exact grids): a tensor whose
observed minimum is >= 0 is `unsigned` (range `[0, T]`, `2^bits` levels);
any other is `symmetric` (`[-T, T]`, `2^bits - 1` levels) with
`symmetric=true`, else `asymmetric` (`[lo, hi]` with a zero point,
`2^bits` levels). The `entropy` method is defined on magnitudes, so it
makes every signed tensor symmetric.

Methods:

- `minmax` (default): the observed range widened to contain 0; symmetric:
  `T = max |x|`.
- `percentile` (`percentile=99.99`, in `(50, 100]`): clips each tail at
  that percentile of the values, numpy's definition (`np.percentile`,
  linear interpolation): unsigned `[0, P_p(x)]`; asymmetric
  `[P_(100-p)(x), P_p(x)]` widened to contain 0 (each tail loses
  `100 - p` percent); symmetric `T = P_p(|x|)`.
- `mse` (`bits=8`, `bins=2048`): the range whose `bits`-bit grid (of the
  tensor's scheme) minimizes the squared quantization error. The search
  grid: unsigned and symmetric, `T = M * i / bins` for `i = 1 .. bins`
  (`M` the largest value or magnitude); asymmetric, each end shrunk to
  `j / 64` of its observed value, `j = 1 .. 64`, independently. Every
  candidate's error is estimated from a histogram (`bins` bins, with the sum
  and sum of squares of each bin); the `SHORTLIST` best and the whole
  observed range are then measured exactly in a further run over the data,
  and the best of those wins (ties: the widest). So the chosen range is
  never worse than minmax's on the calibration data.
- `entropy` (`bits=8`, `bins=2048`): TensorRT's KL-divergence calibration:
  a histogram of `bins` bins of the values (unsigned) or of the magnitudes
  (signed) over `[0, M]`, candidate thresholds at the bin edges from
  `2^bits` (unsigned) or `2^(bits-1)` (signed) bins up to all of them, each
  candidate distribution quantized to that many levels, the threshold of
  least `KL(P || Q)` (`asic.passes.quantization.ranges.entropy_bins`; the count of
  the first bin, where the exact zeros of a ReLU output pile up, is taken to
  be that of the second, as NVIDIA's pytorch-quantization does, and an
  empty last bin that receives the outliers is smoothed). The smallest
  threshold is `levels` bins, `M * levels / bins`: with far outliers, more
  `bins` resolve a tighter one.

Statistics stream over the batches: a first run gathers min, max and count
of every value (`MinMax`); `percentile` then keeps only the tail beyond the
percentile (`Extremes`: about `(100 - p)% ` of the values, exact), or, for a
tail of more than `MAX_EXTREMES` values, a histogram of `bins` bins (within
one bin of the exact value); `mse` and `entropy` fill histograms whose
range the first run fixed. Nothing else of the activations is kept.

Options: `data` (required), `method`, `percentile` (percentile only), `bits`
(mse, entropy), `bins` (percentile's fallback, mse, entropy; entropy needs
`bins >= 2^bits`), `symmetric`, `batch-size=256`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseArrayBase,
    DictionaryAttr,
    Float64Type,
    ModuleOp,
    StringAttr,
    TensorType,
    f64,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue

from asic.diagnostics import UserError
from asic.dialects import nn
from asic.dialects.nn import FLOAT_TYPES
from asic.interp.calibration import (
    Extremes,
    Histogram,
    MinMax,
    Statistic,
    collect,
    load_calibration_inputs,
)
from asic.interp.runner import entry_function, input_names
from asic.pass_options import OptionsPass
from asic.passes.quantization import ranges as range_search
from asic.passes.quantization.ranges import fake_quantize

PREFIX = "calibration."
RANGE = "calibration.range"
OBSERVED = "calibration.observed"
METHOD = "calibration.method"

METHODS = ("minmax", "percentile", "mse", "entropy")
DEFAULT_PERCENTILE = 99.99
DEFAULT_BITS = 8
DEFAULT_BINS = 2048

SHORTLIST = 8
"""How many of the best estimated `mse` candidates are measured exactly."""

MAX_EXTREMES = 1 << 22
"""The largest tail `percentile` keeps exactly, per value (32 MiB)."""


# --------------------------------------------------------------------------
# The attributes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """What `calibrate` stored for one value."""

    low: float
    high: float
    observed_low: float
    observed_high: float
    method: str
    """`minmax`, `percentile`, `mse` or `entropy`."""
    parameters: Mapping[str, str] = field(default_factory=dict)
    """The `key=value` words of the method attribute (`scheme`, `bits`, ...)."""

    @property
    def scheme(self) -> str:
        return self.parameters.get("scheme", "asymmetric")

    @property
    def bits(self) -> int | None:
        """The bit width the range was optimized for (mse, entropy)."""
        bits = self.parameters.get("bits")
        return int(bits) if bits is not None else None

    def method_text(self) -> str:
        return " ".join([self.method, *(f"{k}={v}" for k, v in self.parameters.items())])

    def attributes(self) -> dict[str, Attribute]:
        return {
            RANGE: DenseArrayBase.from_list(f64, [self.low, self.high]),
            OBSERVED: DenseArrayBase.from_list(f64, [self.observed_low, self.observed_high]),
            METHOD: StringAttr(self.method_text()),
        }

    @staticmethod
    def from_attributes(attributes: Mapping[str, Attribute]) -> Calibration | None:
        """The calibration in `attributes`, None when there is none; a
        malformed one is a `UserError`."""
        if RANGE not in attributes:
            return None
        pairs = []
        for name in (RANGE, OBSERVED):
            attr = attributes.get(name)
            if not (
                isinstance(attr, DenseArrayBase)
                and isinstance(attr.elt_type, Float64Type)
                and len(attr.get_values()) == 2
            ):
                raise UserError(f"{name} must be an array<f64: low, high>, got {attr}")
            pairs.append(tuple(float(v) for v in attr.get_values()))
        method = attributes.get(METHOD)
        if not isinstance(method, StringAttr) or not method.data.split():
            raise UserError(f'{METHOD} must be a string like "minmax scheme=unsigned", got {method}')
        name, *words = method.data.split()
        parameters = dict(word.partition("=")[::2] for word in words)
        (low, high), (observed_low, observed_high) = pairs
        return Calibration(low, high, observed_low, observed_high, name, parameters)


def _owner_function(argument: BlockArgument) -> func.FuncOp:
    function = argument.block.parent_op()
    assert isinstance(function, func.FuncOp)
    return function


def _arg_dicts(function: func.FuncOp) -> list[dict[str, Attribute]]:
    count = len(function.body.block.args)
    if function.arg_attrs is None:
        return [{} for _ in range(count)]
    return [dict(d.data) for d in function.arg_attrs.data]


def _set_arg_dicts(function: func.FuncOp, dicts: Sequence[dict[str, Attribute]]) -> None:
    if all(not d for d in dicts):
        function.arg_attrs = None
    else:
        function.arg_attrs = ArrayAttr([DictionaryAttr(d) for d in dicts])


def calibration_of(value: SSAValue) -> Calibration | None:
    """The calibration stored on `value` (a function argument or the result
    of a single-result op), or None."""
    if isinstance(value, BlockArgument):
        function = value.block.parent_op()
        if not isinstance(function, func.FuncOp):
            return None
        return Calibration.from_attributes(_arg_dicts(function)[value.index])
    owner = value.owner
    assert isinstance(owner, Operation)
    if len(owner.results) != 1:
        return None
    return Calibration.from_attributes(owner.attributes)


def set_calibration(value: SSAValue, calibration: Calibration) -> None:
    """Store `calibration` on `value`, replacing any calibration attribute."""
    attributes = calibration.attributes()
    if isinstance(value, BlockArgument):
        function = _owner_function(value)
        dicts = _arg_dicts(function)
        dicts[value.index] = _without_calibration(dicts[value.index]) | attributes
        _set_arg_dicts(function, dicts)
        return
    owner = value.owner
    assert isinstance(owner, Operation) and len(owner.results) == 1
    for name in [n for n in owner.attributes if n.startswith(PREFIX)]:
        del owner.attributes[name]
    owner.attributes.update(attributes)


def _without_calibration(attributes: Mapping[str, Attribute]) -> dict[str, Attribute]:
    return {k: v for k, v in attributes.items() if not k.startswith(PREFIX)}


def clear_calibration(function: func.FuncOp) -> None:
    """Remove every `calibration.*` attribute of `function`'s ops and
    arguments."""
    _set_arg_dicts(function, [_without_calibration(d) for d in _arg_dicts(function)])
    for op in function.body.walk():
        for name in [n for n in op.attributes if n.startswith(PREFIX)]:
            del op.attributes[name]


def calibrated_values(function: func.FuncOp) -> list[SSAValue]:
    """The values `calibrate` ranges (see the module documentation), in
    program order: used float arguments, then op results."""
    values: list[SSAValue] = [
        arg for arg in function.body.block.args if _is_float_tensor(arg) and arg.uses
    ]
    for op in function.body.block.ops:
        if isinstance(op, nn.ConstantOp) or len(op.results) != 1:
            continue
        if op.name.startswith("nn.") and _is_float_tensor(op.results[0]):
            values.append(op.results[0])
    return values


def _is_float_tensor(value: SSAValue) -> bool:
    return isinstance(value.type, TensorType) and value.type.get_element_type() in FLOAT_TYPES


# --------------------------------------------------------------------------
# The pass
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibratePass(OptionsPass):
    """Store the range of every activation on calibration data, for
    `quantize`."""

    name = "calibrate"

    data: str | None = None
    """An .npz of calibration inputs (`asic.interp.calibration`)."""
    method: str = "minmax"
    """How a range is chosen from the values: `minmax`, `percentile`, `mse`
    or `entropy`."""
    percentile: float | int | None = None
    """`method=percentile`: the percentile each tail is clipped at, in
    (50, 100]; none means 99.99."""
    bits: int | None = None
    """`method=mse` and `entropy`: the width of the grid the range is chosen
    for, 2 to 16; none means 8."""
    bins: int | None = None
    """Histogram bins (`mse`, `entropy`, and `percentile` for a long tail),
    at least 2 (entropy: at least `2^bits`); none means 2048."""
    symmetric: bool = False
    """Make the range of a signed tensor symmetric, `[-T, T]`."""
    batch_size: int = 256
    """Calibration samples run through the interpreter at a time."""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(
                f"calibrate: method={self.method} is not supported; expected one of "
                + ", ".join(METHODS)
            )
        if self.data is None:
            raise ValueError('calibrate: needs calibration inputs: data="file.npz"')
        if self.percentile is not None:
            if self.method != "percentile":
                raise ValueError("calibrate: percentile= applies only to method=percentile")
            if not 50 < self.percentile <= 100:
                raise ValueError(
                    f"calibrate: percentile must be in (50, 100], got {self.percentile:g}"
                )
        if self.bits is not None:
            if self.method not in ("mse", "entropy"):
                raise ValueError("calibrate: bits= applies only to method=mse and method=entropy")
            if not 2 <= self.bits <= 16:
                raise ValueError(f"calibrate: bits must be in [2, 16], got {self.bits}")
        if self.bins is not None:
            if self.method == "minmax":
                raise ValueError("calibrate: bins= does not apply to method=minmax")
            if self.bins < 2:
                raise ValueError(f"calibrate: bins must be >= 2, got {self.bins}")
        if self.method == "entropy" and self.histogram_bins < 2**self.bit_width:
            raise ValueError(
                f"calibrate: method=entropy with bits={self.bit_width} needs bins >= "
                f"{2**self.bit_width} (a bin per quantization level at least), "
                f"got {self.histogram_bins}"
            )
        if self.batch_size < 1:
            raise ValueError(f"calibrate: batch-size must be >= 1, got {self.batch_size}")

    @property
    def bit_width(self) -> int:
        return DEFAULT_BITS if self.bits is None else self.bits

    @property
    def histogram_bins(self) -> int:
        return DEFAULT_BINS if self.bins is None else self.bins

    @property
    def percentile_value(self) -> float:
        return float(DEFAULT_PERCENTILE if self.percentile is None else self.percentile)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        function = entry_function(op)
        check_nn_level(function)
        assert self.data is not None
        inputs = load_calibration_inputs(self.data, op)
        clear_calibration(function)
        values = calibrated_values(function)
        _Calibrator(self, op, function, inputs).run(values)


def check_nn_level(function: func.FuncOp) -> None:
    """A `UserError` unless `function` holds only nn ops and `func.return`."""
    for op in function.body.walk():
        if op.name.startswith("nn.") or isinstance(op, func.ReturnOp):
            continue
        raise UserError(
            f"calibrate: function '{function.sym_name.data}' is not at nn level: "
            f"it contains '{op.name}'; calibrate runs on float nn IR, before quantize"
        )


@dataclass
class _Observed:
    low: float
    high: float
    count: int
    scheme: str

    @property
    def magnitude(self) -> float:
        return max(abs(self.low), abs(self.high))


@dataclass
class _Calibrator:
    options: CalibratePass
    module: ModuleOp
    function: func.FuncOp
    inputs: Mapping[str, np.ndarray]

    def collect(self, stats: Mapping[SSAValue, Statistic]) -> None:
        collect(
            self.module,
            self.inputs,
            {v: [s] for v, s in stats.items()},
            self.options.batch_size,
        )

    def run(self, values: Sequence[SSAValue]) -> None:
        o = self.options
        minmax = {v: MinMax() for v in values}
        self.collect(minmax)
        observed: dict[SSAValue, _Observed] = {}
        for value, stat in minmax.items():
            if stat.count == 0:
                continue  # never computed (no use of an argument ran)
            low, high = float(stat.low), float(stat.high)
            if not (np.isfinite(low) and np.isfinite(high)):
                raise UserError(
                    f"calibrate: {self.describe(value)} is not finite on the calibration "
                    "data (inf or nan), so it has no range to quantize"
                )
            if low >= 0:
                scheme = "unsigned"
            elif o.symmetric or o.method == "entropy":
                scheme = "symmetric"
            else:
                scheme = "asymmetric"
            observed[value] = _Observed(low, high, stat.count, scheme)
        method = {
            "minmax": self.minmax,
            "percentile": self.percentile,
            "mse": self.mse,
            "entropy": self.entropy,
        }[o.method]
        ranges = method(observed)
        for value, obs in observed.items():
            low, high = ranges[value]
            set_calibration(
                value,
                Calibration(
                    low, high, obs.low, obs.high, o.method, self.parameters(obs.scheme)
                ),
            )

    def parameters(self, scheme: str) -> dict[str, str]:
        o = self.options
        if o.method == "percentile":
            return {"percentile": f"{o.percentile_value:g}", "scheme": scheme}
        if o.method in ("mse", "entropy"):
            return {"bits": str(o.bit_width), "bins": str(o.histogram_bins), "scheme": scheme}
        return {"scheme": scheme}

    def describe(self, value: SSAValue) -> str:
        if isinstance(value, BlockArgument):
            return f"input '{input_names(self.function)[value.index]}'"
        owner = value.owner
        assert isinstance(owner, Operation)
        hint = f" %{value.name_hint}" if value.name_hint else ""
        return f"the result{hint} of {owner.name}"

    # -- methods: each returns the range of every observed value -------------

    def minmax(self, observed: Mapping[SSAValue, _Observed]) -> dict[SSAValue, tuple[float, float]]:
        return {v: _range(obs.low, obs.high, obs.scheme) for v, obs in observed.items()}

    def percentile(
        self, observed: Mapping[SSAValue, _Observed]
    ) -> dict[SSAValue, tuple[float, float]]:
        p = self.options.percentile_value
        stats: dict[SSAValue, Statistic] = {}
        for value, obs in observed.items():
            k = Extremes.needed(obs.count, p)
            if k <= MAX_EXTREMES:
                stats[value] = Extremes(
                    k, magnitude=obs.scheme == "symmetric", lower=obs.scheme == "asymmetric"
                )
            else:
                stats[value] = self.histogram(obs)
        self.collect(stats)
        ranges = {}
        for value, obs in observed.items():
            stat = stats[value]
            if isinstance(stat, Extremes):
                high = stat.percentile(p)
                low = stat.percentile(100 - p) if obs.scheme == "asymmetric" else 0.0
            else:
                assert isinstance(stat, Histogram)
                edges = stat.edges
                high = range_search.histogram_percentile(stat.counts, edges, p)
                low = (
                    range_search.histogram_percentile(stat.counts, edges, 100 - p)
                    if obs.scheme == "asymmetric"
                    else 0.0
                )
            ranges[value] = _range(low, high, obs.scheme)
        return ranges

    def histogram(self, obs: _Observed) -> Histogram:
        """Bins over `[min(lo, 0), max(hi, 0)]`, or over `[0, M]` for the
        magnitudes of a symmetric tensor."""
        bins = self.options.histogram_bins
        if obs.scheme == "symmetric":
            return Histogram(0.0, obs.magnitude, bins, magnitude=True)
        return Histogram(min(obs.low, 0.0), max(obs.high, 0.0), bins)

    def mse(self, observed: Mapping[SSAValue, _Observed]) -> dict[SSAValue, tuple[float, float]]:
        bits = self.options.bit_width
        ranges = self.minmax(observed)
        live = {v: obs for v, obs in observed.items() if ranges[v] != (0.0, 0.0)}
        histograms = {v: self.histogram(obs) for v, obs in live.items()}
        self.collect(histograms)
        shortlisted: dict[SSAValue, _SquaredError] = {}
        for value, obs in live.items():
            h = histograms[value]
            lo, hi = ranges[value]
            lows, highs = range_search.mse_shortlist(
                h.counts, h.sums, h.squares, lo, hi,
                self.options.histogram_bins, bits, obs.scheme, SHORTLIST,
            )
            shortlisted[value] = _SquaredError(lows, highs, bits, obs.scheme)
        self.collect(shortlisted)
        for value, stat in shortlisted.items():
            best = range_search.best_candidate(stat.total, stat.lows, stat.highs)
            ranges[value] = (float(stat.lows[best]), float(stat.highs[best]))
        return ranges

    def entropy(
        self, observed: Mapping[SSAValue, _Observed]
    ) -> dict[SSAValue, tuple[float, float]]:
        bits = self.options.bit_width
        ranges = self.minmax(observed)
        live = {v: obs for v, obs in observed.items() if ranges[v] != (0.0, 0.0)}
        histograms = {v: self.histogram(obs) for v, obs in live.items()}
        self.collect(histograms)
        for value, obs in live.items():
            h = histograms[value]
            levels = 2 ** (bits - 1) if obs.scheme == "symmetric" else 2**bits
            kept = range_search.entropy_bins(h.counts, levels)
            t = float(h.edges[kept])
            ranges[value] = (-t, t) if obs.scheme == "symmetric" else (0.0, t)
        return ranges


def _range(low: float, high: float, scheme: str) -> tuple[float, float]:
    """`[low, high]` as a range of `scheme`, containing 0."""
    if scheme == "unsigned":
        return 0.0, max(high, 0.0)
    if scheme == "symmetric":
        t = max(abs(low), abs(high))
        return -t, t
    return min(low, 0.0), max(high, 0.0)


@dataclass
class _SquaredError(Statistic):
    """The exact squared quantization error of each candidate range."""

    lows: np.ndarray
    highs: np.ndarray
    bits: int
    scheme: str
    total: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.total = np.zeros(self.lows.size)

    def update(self, batch: np.ndarray) -> None:
        x = np.asarray(batch, dtype=np.float64).reshape(-1)
        for k, (lo, hi) in enumerate(zip(self.lows, self.highs)):
            self.total[k] += np.sum((x - fake_quantize(x, lo, hi, self.bits, self.scheme)) ** 2)

    def result(self) -> np.ndarray:
        return self.total
