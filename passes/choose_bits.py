"""`choose-bits{...}`: per-layer weight widths under a budget of total weight
bits, from each layer's sensitivity on calibration data (mixed precision).

    asic-opt m.mlir -p 'calibrate{data="c.npz"},choose-bits{data="c.npz" average-bits=4},quantize'

Why a pass of its own rather than a mode of `quantize`: the choice is an
analysis of data, and like calibration ranges it is stored in the IR
(`quant.weight_bits` on each layer, what `quantize` reads), where it can be
read, checked by FileCheck, edited by hand, and quantized several ways
without measuring again. `quantize` stays one mapping from nn to qnt.

Layers: the weighted layers of `quantize` (conv2d, dense, matmul with a
constant right operand; `asic.passes.quantization.layers`). A layer that
already has a `quant.weight_bits` the user set (one without
`quant.candidates` beside it) keeps it: its bits count against the budget
and it is not chosen. A layer that `choose-bits` chose before is chosen
again.

Sensitivity of layer `l` at width `b`: the calibration inputs run through
the float model with only that layer's weights rounded to `b` bits (the
grid and rounding of `quantize`'s options: `per-channel`, `symmetric`,
`weight-range`, `rounding=nearest|gptq`, GPTQ with the float model's Gram
matrices); the sensitivity is the relative squared error of the model's
outputs, `sum ||y_b - y||^2 / sum ||y||^2` over all float outputs and
samples (for an integer output, an argmax, the fraction of its elements that
change). Activations stay float: it measures what the weights of that layer
cost.

Choice: the widths `b_l` among `candidates` minimizing `sum_l sens_l(b_l)`
subject to `sum_l params_l * b_l <= budget` (weights only; biases are
sized by the accumulator). Treating the layers' errors as additive is the
usual first-order model (HAWQ, and the per-layer measurements of most
mixed-precision searches); with it the problem is a multiple-choice
knapsack, solved exactly by dynamic programming over the layers on the
Pareto frontier of (bits, error) of the partial choices. The result: on
each chosen layer `quant.weight_bits = b`, `quant.candidates = array<i64:
...>` and `quant.sensitivity = array<f64: ...>` (one per candidate), and a
table on stderr (layer, op, params, sensitivity per width, chosen width,
its weight bits; totals against the budget).

Without `data=`, the sensitivities stored by an earlier run are used (the
candidates must match): a new budget is solved without running the model.

Options: `data`, `budget` (total weight bits) or `average-bits` (bits per
weight: the budget is `floor(average-bits * total params)`), exactly one;
`candidates=2,4,8`, `per-channel=true`, `symmetric=true`,
`weight-range=minmax|mse`, `rounding=nearest|gptq`, `batch-size=256`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import DenseArrayBase, ModuleOp

from asic.diagnostics import UserError
from asic.interp.calibration import load_calibration_inputs
from asic.interp.runner import entry_function, run_function
from asic.pass_options import OptionsPass
from asic.passes.common.constants import ConstantNames
from asic.passes.common.finite import FINITE_TO_QUANTIZE, check_finite_constants
from asic.passes.common.layers import replace_constant
from asic.passes.quantization.layers import (
    ROUNDINGS,
    WeightOptions,
    WeightView,
    dequantized,
    grams,
    quantize_weight,
    weighted_layers,
)
from asic.passes.quantization.params import (
    CANDIDATES,
    SENSITIVITY,
    WEIGHT_BITS,
    bits_attribute,
    check_attributes,
    describe_op,
    set_bits,
    set_sensitivity,
)
from asic.passes.quantization.weights import RANGES
from asic.passes.quantize import check_choice, check_nn_level, check_width


@dataclass(frozen=True)
class Choice:
    bits: tuple[int, ...]
    total: int
    error: float


def solve(
    params: Sequence[int], errors: Sequence[Mapping[int, float]], budget: int
) -> Choice | None:
    """The widths (one key of `errors[l]` per layer) of least total error
    whose `sum params[l] * bits[l]` is at most `budget`; None when no choice
    fits. Ties: fewer bits, then the earlier candidates."""
    frontier: list[tuple[int, float, tuple[int, ...]]] = [(0, 0.0, ())]
    for p, options in zip(params, errors):
        grown = [
            (cost + p * b, error + e, chosen + (b,))
            for cost, error, chosen in frontier
            for b, e in options.items()
            if cost + p * b <= budget
        ]
        grown.sort(key=lambda s: (s[0], s[1]))
        frontier = []
        for state in grown:  # keep the states no cheaper state beats
            if not frontier or state[1] < frontier[-1][1]:
                frontier.append(state)
        if not frontier:
            return None
    cost, error, chosen = min(frontier, key=lambda s: (s[1], s[0]))
    return Choice(chosen, cost, error)


def output_error(reference: Mapping[str, np.ndarray], outputs: Mapping[str, np.ndarray]) -> float:
    """The relative squared error of the float outputs (plus the changed
    fraction of the integer ones)."""
    total = 0.0
    for name, ref in reference.items():
        out = outputs[name]
        if ref.dtype.kind == "f":
            ref64, out64 = ref.astype(np.float64), out.astype(np.float64)
            norm = float(np.sum(ref64 * ref64))
            total += float(np.sum((out64 - ref64) ** 2)) / (norm if norm > 0 else 1.0)
        else:
            total += float(np.mean(out != ref))
    return total


@dataclass(frozen=True)
class ChooseBitsPass(OptionsPass):
    """Choose per-layer weight widths under a budget of weight bits, from
    each layer's sensitivity on calibration data."""

    name = "choose-bits"

    data: str | None = None
    """An .npz of calibration inputs; none reuses the sensitivities stored by
    an earlier run."""
    budget: int | None = None
    """The total weight bits allowed (give this or `average-bits`)."""
    average_bits: float | int | None = None
    """The weight bits per weight allowed, on average (give this or
    `budget`)."""
    candidates: tuple[int, ...] = (2, 4, 8)
    """The widths a layer may get, 2 to 16 bits each."""
    per_channel: bool = True
    """Weight scales per output channel (as `quantize`'s option)."""
    symmetric: bool = True
    """Symmetric weights, zero point 0 (as `quantize`'s option)."""
    weight_range: str = "minmax"
    """`minmax` or `mse`, as `quantize`'s option."""
    rounding: str = "nearest"
    """`nearest` or `gptq`, as `quantize`'s option."""
    batch_size: int = 256
    """Calibration samples run through the interpreter at a time."""

    def __post_init__(self) -> None:
        if isinstance(self.candidates, int):
            object.__setattr__(self, "candidates", (self.candidates,))
        if (self.budget is None) == (self.average_bits is None):
            raise ValueError(
                "choose-bits: give the budget of weight bits: budget=<total bits> or "
                "average-bits=<bits per weight>, one of them"
            )
        if self.budget is not None and self.budget < 1:
            raise ValueError(f"choose-bits: budget must be >= 1 bit, got {self.budget}")
        if self.average_bits is not None and not self.average_bits > 0:
            raise ValueError(f"choose-bits: average-bits must be > 0, got {self.average_bits}")
        if not self.candidates:
            raise ValueError("choose-bits: candidates must list at least one width")
        for bits in self.candidates:
            check_width("choose-bits", "every candidate", bits)
        if len(set(self.candidates)) != len(self.candidates):
            raise ValueError(f"choose-bits: candidates repeat a width: {list(self.candidates)}")
        check_choice("choose-bits", "rounding", self.rounding, ROUNDINGS)
        check_choice("choose-bits", "weight-range", self.weight_range, RANGES)
        if self.batch_size < 1:
            raise ValueError(f"choose-bits: batch-size must be >= 1, got {self.batch_size}")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        function = entry_function(op)
        check_nn_level("choose-bits", function)
        check_attributes(function)
        layers = weighted_layers(function)
        check_finite_constants("choose-bits", (v.op for v in layers), FINITE_TO_QUANTIZE)
        if not layers:
            raise UserError("choose-bits: the function has no conv2d, dense or matmul with constant weights")
        candidates = sorted(self.candidates)
        fixed = {
            v.op: bits
            for v in layers
            if CANDIDATES not in v.op.attributes
            and (bits := bits_attribute(v.op.attributes, WEIGHT_BITS, describe_op(v.op))) is not None
        }
        chosen = [v for v in layers if v.op not in fixed]
        total_params = sum(v.params() for v in layers)
        budget = (
            self.budget
            if self.budget is not None
            else int(math.floor(float(self.average_bits) * total_params))  # pyright: ignore
        )
        if self.data is None:
            errors = [self.stored(v, candidates) for v in chosen]
        else:
            errors = self.measure(op, chosen, candidates)
        fixed_bits = sum(v.params() * fixed[v.op] for v in layers if v.op in fixed)
        choice = solve([v.params() for v in chosen], errors, budget - fixed_bits)
        if choice is None:
            smallest = fixed_bits + sum(v.params() * candidates[0] for v in chosen)
            raise UserError(
                f"choose-bits: the budget of {budget} weight bits is below the smallest choice, "
                f"{smallest} bits (every chosen layer at {candidates[0]} bits)"
            )
        for view, bits, errs in zip(chosen, choice.bits, errors):
            set_bits(view.op, WEIGHT_BITS, bits)
            set_sensitivity(view.op, candidates, [errs[b] for b in candidates])
        self.print_table(layers, fixed, dict(zip([v.op for v in chosen], zip(choice.bits, errors))), candidates, budget, total_params)

    def stored(self, view: WeightView, candidates: list[int]) -> dict[int, float]:
        attrs = view.op.attributes
        stored_candidates = attrs.get(CANDIDATES)
        sensitivity = attrs.get(SENSITIVITY)
        if not isinstance(stored_candidates, DenseArrayBase) or not isinstance(sensitivity, DenseArrayBase):
            raise UserError(
                f"choose-bits: layer '{view.name}' has no stored {SENSITIVITY}: give calibration "
                'inputs, data="calib.npz", to measure it'
            )
        widths = [int(b) for b in stored_candidates.get_values()]
        values = [float(e) for e in sensitivity.get_values()]
        if widths != candidates or len(values) != len(widths):
            raise UserError(
                f"choose-bits: layer '{view.name}' stores sensitivities for the candidates "
                f"{widths}, not {candidates}: give data= to measure them again"
            )
        return dict(zip(widths, values))

    def measure(
        self, module: ModuleOp, layers: Sequence[WeightView], candidates: Sequence[int]
    ) -> list[dict[int, float]]:
        assert self.data is not None
        inputs = load_calibration_inputs(self.data, module)
        options = WeightOptions(8, self.per_channel, self.symmetric, self.weight_range)
        reference = self.run(module, inputs)
        gram = (
            grams(module, [v for v in layers], inputs, self.batch_size)
            if self.rounding == "gptq"
            else [None] * len(layers)
        )
        errors = []
        for index, (view, h) in enumerate(zip(layers, gram)):
            per_width = {}
            for bits in candidates:
                weight = quantize_weight(view, options, bits, h if view.supports_gptq else None)
                copy = module.clone()
                copy_ops = list(entry_function(copy).body.block.ops)
                position = list(entry_function(module).body.block.ops).index(view.op)
                replace_constant(
                    copy_ops[position], view.operand, dequantized(view, weight), ConstantNames(copy), ".q"
                )
                per_width[bits] = output_error(reference, self.run(copy, inputs))
            errors.append(per_width)
        return errors

    def run(self, module: ModuleOp, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        size = next(iter(inputs.values())).shape[0]
        parts: list[dict[str, np.ndarray]] = []
        for start in range(0, size, self.batch_size):
            chunk = {k: v[start : start + self.batch_size] for k, v in inputs.items()}
            parts.append(run_function(module, chunk))
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    def print_table(
        self,
        layers: Sequence[WeightView],
        fixed: Mapping[object, int],
        chosen: Mapping[object, tuple[int, Mapping[int, float]]],
        candidates: Sequence[int],
        budget: int,
        total_params: int,
    ) -> None:
        rows = [["layer", "op", "params", *(f"sens@{b}" for b in candidates), "bits", "weight bits"]]
        total = 0
        for view in layers:
            if view.op in fixed:
                bits, sens, note = fixed[view.op], ["-"] * len(candidates), " (set)"
            else:
                bits, errs = chosen[view.op]
                sens, note = [f"{errs[b]:.3e}" for b in candidates], ""
            total += bits * view.params()
            rows.append(
                [view.name, view.op.name.removeprefix("nn."), str(view.params()), *sens,
                 f"{bits}{note}", str(bits * view.params())]
            )
        rows.append(["total", "", str(total_params), *[""] * len(candidates), f"{total / total_params:.2f}", str(total)])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [
            f"choose-bits: budget {budget} weight bits ({budget / total_params:.2f} per weight), "
            f"candidates {', '.join(map(str, candidates))}; sensitivity: relative output error "
            "with only that layer's weights rounded"
        ]
        for r in rows:
            cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
            lines.append("  ".join(cells).rstrip())
        lines.append(f"total weight bits {total} <= budget {budget}")
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()
