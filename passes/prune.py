"""`prune{...}`: zero or remove weights of every conv2d/dense layer.

Options:

- `mode=unstructured` (default): zero the lowest-scoring `sparsity` fraction
  of the weights, per layer (`scope=layer`, the default: exactly
  `round(sparsity * size)` weights of each layer) or over all layers together
  (`scope=global`: one ranking of every weight of every layer, the same
  total count).
- `mode="n:m"` with `n=N m=M`, or `mode="N:M"` (e.g. `mode="2:4"`; the
  colon needs quotes in a pipeline): in every group of M consecutive weights
  along the reduction axis, keep the N best (see `asic.passes.common.layers` for
  the axis: K of a dense layer, the input channels of a convolution at each
  kernel position). A layer whose reduction axis does not split into groups
  of M is left alone with a remark. `sparsity` and `scope` do not apply.
- `mode=channel`: remove the lowest-scoring `sparsity` fraction of the output
  channels of a convolution (neurons of a dense layer), and the matching
  inputs of every consumer; see `asic.passes.compression.channels`.

Criteria (scores of weights, or of output channels in channel mode):

- `magnitude` (default): `|w|`; for a channel, the L2 norm of its weights.
- `activation`: `|w_jk| * ||x_k||`, the magnitude times the L2 norm of the
  input it multiplies over the calibration data (Wanda); for a channel, the
  L2 norm of its output `||X w_j||` over the calibration data.
- `reconstruct`: the SparseGPT sweep picks the mask (OBS saliency with error
  compensation, `asic.passes.compression.sparsity.sparsegpt`), then the kept weights of
  each row are re-solved by least squares on the calibration inputs so that
  the layer's output on them changes as little as possible. Layers are
  pruned in program order, each calibrated on the already pruned model (the
  SparseGPT schedule), so a layer also compensates for the ones before it.
  With `scope=global`, the per-layer counts come from one ranking of the
  saliencies `w^2 / [H^-1]_jj` of the unpruned model. In channel mode,
  channels are chosen by the activation score and the consumers' weights are
  then re-solved by least squares on their calibration inputs.

The data criteria need `data="calib.npz"` (see `asic.interp.calibration`;
`batch-size` samples run at a time). `exclude=a,b*` leaves alone the layers
whose weight constant name matches one of the fnmatch patterns; a pattern
matching no layer is an error. `report=true` prints the cost table of
`asic.passes.compression.report` to stderr.

A pruned weight keeps its constant's name when the constant has no other
user; a shared constant is copied under `<name>.pruned`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.interp.calibration import load_calibration_inputs
from asic.pass_options import OptionsPass
from asic.passes.common.constants import ConstantNames
from asic.passes.common.layers import Layer, cost_of, find_layers
from asic.passes.compression.channels import prune_channels
from asic.passes.compression.level import layers_to_compress
from asic.passes.compression.pruner import PruneRun
from asic.passes.compression.report import CompressionReport
from asic.passes.compression.sparsity import damped, least_squares, lowest_mask, nm_mask, sparsegpt

MODES = ("unstructured", "channel", "n:m")
CRITERIA = ("magnitude", "activation", "reconstruct")
SCOPES = ("layer", "global")
_NM = re.compile(r"^(\d+):(\d+)$")


def _check_choice(option: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(
            f"prune: {option}={value} is not supported; expected one of {', '.join(choices)}"
        )


@dataclass(frozen=True)
class PrunePass(OptionsPass):
    """Prune the weights or output channels of every conv2d/dense layer."""

    name = "prune"

    sparsity: float | int | None = None
    """Fraction of weights (channels, in channel mode) to remove, in [0, 1)."""
    mode: str = "unstructured"
    """What is removed: `unstructured` (single weights), `channel` (output
    channels and the matching consumer inputs) or `n:m` (N of every M
    weights kept; also written `mode="2:4"`)."""
    criterion: str = "magnitude"
    """How weights are scored: `magnitude`, `activation` (Wanda) or
    `reconstruct` (SparseGPT, then least squares on the kept weights)."""
    scope: str = "layer"
    """`layer` prunes `sparsity` of each layer, `global` ranks all layers'
    weights together."""
    exclude: tuple[str, ...] = ()
    """fnmatch patterns of weight constant names whose layers are left
    alone."""
    data: str | None = None
    """An .npz of calibration inputs (criteria activation and reconstruct)."""
    n: int | None = None
    """`mode="n:m"`: the weights kept in every group of `m`."""
    m: int | None = None
    """`mode="n:m"`: the size of a group along the reduction axis."""
    batch_size: int = 256
    """Calibration samples run through the interpreter at a time."""
    report: bool = False
    """Print the table of parameters, nonzeros and MACs before and after to
    stderr."""

    def __post_init__(self) -> None:
        nm = _NM.match(self.mode)
        if nm is not None:
            if self.n is not None or self.m is not None:
                raise ValueError(f'prune: mode="{self.mode}" already sets n and m; drop n= and m=')
            object.__setattr__(self, "n", int(nm.group(1)))
            object.__setattr__(self, "m", int(nm.group(2)))
            object.__setattr__(self, "mode", "n:m")
        _check_choice("mode", self.mode, MODES)
        _check_choice("criterion", self.criterion, CRITERIA)
        _check_choice("scope", self.scope, SCOPES)
        if self.mode == "n:m":
            if self.n is None or self.m is None:
                raise ValueError('prune: mode="n:m" needs n= and m= (e.g. n=2 m=4), or mode="2:4"')
            if not 1 <= self.n <= self.m:
                raise ValueError(f"prune: n:m needs 1 <= n <= m, got n={self.n} m={self.m}")
            if self.sparsity is not None:
                raise ValueError('prune: sparsity does not apply to mode="n:m" (it is 1 - n/m)')
            if self.scope != "layer":
                raise ValueError('prune: scope=global does not apply to mode="n:m"')
        else:
            if self.n is not None or self.m is not None:
                raise ValueError(f'prune: n= and m= apply only to mode="n:m", not mode={self.mode}')
            if self.sparsity is None:
                raise ValueError(f"prune: mode={self.mode} needs sparsity= (a fraction in [0, 1))")
            if not 0 <= self.sparsity < 1:
                raise ValueError(f"prune: sparsity must be in [0, 1), got {self.sparsity}")
        if self.criterion == "magnitude" and self.data is not None:
            raise ValueError(
                "prune: data= is used only by criterion=activation and criterion=reconstruct"
            )
        if self.criterion != "magnitude" and self.data is None:
            raise ValueError(
                f"prune: criterion={self.criterion} needs calibration inputs: data=\"file.npz\""
            )
        if self.batch_size < 1:
            raise ValueError(f"prune: batch-size must be >= 1, got {self.batch_size}")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        layers = layers_to_compress(op, "prune", self.exclude, "prune ranks and refits finite weights")
        inputs = load_calibration_inputs(self.data, op) if self.data is not None else None
        summary = CompressionReport(f"prune report ({self._describe()})")
        for layer in layers:
            summary.add(layer.name, layer.op.name.removeprefix("nn."), cost_of(layer.op))
        names = ConstantNames(op)
        if self.mode == "channel":
            run = PruneRun(op, inputs, names, summary, self.batch_size)
            assert self.sparsity is not None
            prune_channels(run, layers, self.criterion, float(self.sparsity), self.scope)
        else:
            _WeightPruner(op, inputs, names, summary, self.batch_size, self).prune_weights(layers)
        if self.report:
            for layer in find_layers(op):
                if layer.name in summary.before:
                    summary.after[layer.name] = cost_of(layer.op)
            summary.print()

    def _describe(self) -> str:
        if self.mode == "n:m":
            what = f"mode={self.n}:{self.m}"
        else:
            what = f"mode={self.mode} sparsity={self.sparsity:g} scope={self.scope}"
        return f"{what} criterion={self.criterion}"


@dataclass
class _WeightPruner(PruneRun):
    """Unstructured and N:M pruning of the weights of layers."""

    options: PrunePass

    # -- unstructured and N:M ------------------------------------------------

    def prune_weights(self, layers: list[Layer]) -> None:
        o = self.options
        if o.mode == "n:m":
            layers = [layer for layer in layers if self._nm_applies(layer)]
        if not layers:
            return
        if o.criterion == "reconstruct":
            self._reconstruct(layers)
            return
        scores = [np.abs(layer.to_matrices(layer.weight())) for layer in layers]
        if o.criterion == "activation":
            for i, diag in enumerate(self.grams(layers, diagonal=True)):
                scores[i] = scores[i] * np.sqrt(diag)[:, None, :]
        if o.mode == "n:m":
            masks = [nm_mask(s, o.n, o.m) for s in scores]
        else:
            masks = [lowest_mask(s, k) for s, k in zip(scores, self._counts(scores))]
        for layer, mask in zip(layers, masks):
            self.write_weight(layer, np.where(mask, layer.to_matrices(layer.weight()), 0.0))

    def _nm_applies(self, layer: Layer) -> bool:
        m = self.options.m
        if layer.is_conv:
            channels = layer.to_matrices(layer.weight()).shape[-1] // int(
                np.prod(layer.weight().shape[2:])
            )
            if channels % m:
                self.note(layer, f"its {channels} input channels per group do not split into groups of {m}")
                return False
            return True
        k = layer.weight().shape[1]
        if k % m:
            self.note(layer, f"its {k} inputs do not split into groups of {m}")
            return False
        return True

    def _counts(self, scores: Sequence[np.ndarray]) -> list[int]:
        """How many weights to prune in each layer."""
        s = float(self.options.sparsity)
        if self.options.scope == "layer":
            return [int(round(s * x.size)) for x in scores]
        flat = np.concatenate([x.reshape(-1) for x in scores])
        mask = lowest_mask(flat, int(round(s * flat.size)))
        counts, start = [], 0
        for x in scores:
            counts.append(int(x.size - np.count_nonzero(mask[start : start + x.size])))
            start += x.size
        return counts

    def _reconstruct(self, layers: list[Layer]) -> None:
        o = self.options
        counts: list[int] | None = None
        if o.mode == "unstructured":
            if o.scope == "global":
                saliency = []
                for layer, h in zip(layers, self.grams(layers)):
                    w = layer.to_matrices(layer.weight())
                    hinv = np.stack([np.diag(np.linalg.inv(damped(hg))) for hg in h])
                    saliency.append(w**2 / hinv[:, None, :])
                counts = self._counts(saliency)
            else:
                counts = [int(round(float(o.sparsity) * layer.weight().size)) for layer in layers]
        for i, layer in enumerate(layers):
            (h,) = self.grams([layer])
            w = layer.to_matrices(layer.weight())
            out = np.zeros_like(w)
            groups = w.shape[0]
            per_group = _split(counts[i], groups) if counts is not None else [0] * groups
            for g in range(groups):
                if o.mode == "n:m":
                    mask = sparsegpt(w[g], h[g], n=o.n, m=o.m)
                else:
                    mask = sparsegpt(w[g], h[g], prune=per_group[g])
                out[g] = least_squares(w[g], h[g], mask)
            self.write_weight(layer, out)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
