"""`low-rank{rank=R | energy=E}`: factorize conv2d/dense layers by SVD.

A dense layer `y = x W^T + b` (`W: [N, K]`) becomes two dense layers,
`h = x A^T` (`A: [r, K]`, no bias) then `y = h B^T + b` (`B: [N, r]`), with
`B A` the best rank-`r` approximation of `W`. A convolution with
`groups = 1` and weight `[O, C, kh, kw]` becomes a `kh x kw` convolution with
`r` filters (same strides, pads, dilations; no bias) followed by a `1 x 1`
convolution `[O, r, 1, 1]` with the bias: the same SVD, of the weight seen as
the matrix `[O, C*kh*kw]`.

The rank is `rank=R` (capped at `min(N, K)`), or with `energy=E` the smallest
rank whose singular values keep a fraction `E` of the sum of their squares.
A layer is left alone, with a remark, when the factorization would not
reduce its multiply-accumulates: `r * (N + K) >= N * K` for dense,
`r * (C*kh*kw + O) >= O * C*kh*kw` per output pixel for a convolution.
Grouped convolutions are left alone too.

Data-aware variant (`data="calib.npz"`): with `H = X^T X` the Gram of the
layer's calibration inputs (im2col rows for a convolution), the factorization
minimises the change of the layer's *outputs* on that data instead of the
change of its weights: with `H = L L^T` and the SVD `W L = U S V^T`, the
factors are `B = U_r S_r^{1/2}` and `A = S_r^{-1/2} U_r^T W` (so that
`B A = U_r U_r^T W`); `energy` is then measured on the singular values of
`W L`. Without data, `B = U_r S_r^{1/2}`, `A = S_r^{1/2} V_r^T` from the SVD
of `W` itself (both factors of balanced range).

New weights are named `<weight>.lr_in` (`A`) and `<weight>.lr_out` (`B`);
`exclude=` and `report=true` work as for `prune`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from asic.dialects import nn
from asic.dialects.nn import element_type_of, shape_of
from asic.interp.calibration import Gram, collect, load_calibration_inputs
from asic.pass_options import OptionsPass
from asic.passes.common.constants import ConstantNames, constant_of, make_constant
from asic.passes.common.layers import Layer, cost_of
from asic.passes.compression.level import layers_to_compress
from asic.passes.compression.report import CompressionReport, remark
from asic.passes.compression.sparsity import damped


def choose_rank(singular: np.ndarray, rank: int | None, energy: float | None) -> int:
    if rank is not None:
        return max(1, min(rank, singular.size))
    squares = singular.astype(np.float64) ** 2
    total = squares.sum()
    if total == 0:
        return 1
    kept = np.cumsum(squares) / total
    return int(min(np.searchsorted(kept, energy - 1e-12) + 1, singular.size))


def factors(
    w: np.ndarray, h: np.ndarray | None, rank: int | None, energy: float | None
) -> tuple[np.ndarray, np.ndarray]:
    """`(A [r, K], B [N, r])` with `B A` approximating `w [N, K]` (see the
    module documentation); `h` is the Gram of the inputs or None."""
    w = np.asarray(w, dtype=np.float64)
    if h is None:
        u, s, vt = np.linalg.svd(w, full_matrices=False)
        r = choose_rank(s, rank, energy)
        root = np.sqrt(s[:r])
        return root[:, None] * vt[:r], u[:, :r] * root
    lower = np.linalg.cholesky(damped(h))
    u, s, _ = np.linalg.svd(w @ lower, full_matrices=False)
    r = choose_rank(s, rank, energy)
    root = np.sqrt(np.maximum(s[:r], np.finfo(np.float64).tiny))
    return (u[:, :r].T @ w) / root[:, None], u[:, :r] * root


def factorized_macs(layer: Layer, r: int) -> tuple[int, int]:
    """MACs per output pixel before and after factorizing at rank `r`."""
    n, *rest = shape_of(layer.op.weight)
    k = int(np.prod(rest))
    return n * k, r * (n + k)


def factorize(
    layer: Layer,
    h: np.ndarray | None,
    rank: int | None,
    energy: float | None,
    names: ConstantNames,
    force: bool = False,
) -> str | tuple[nn.Conv2dOp | nn.DenseOp, nn.Conv2dOp | nn.DenseOp]:
    """Replace `layer` by its two factors and return them, or return why it
    was left alone. `force` factorizes even without a MAC reduction."""
    op = layer.op
    if layer.groups != 1:
        return "it is a grouped convolution"
    weight = layer.weight()
    w = layer.to_matrices(weight)[0]  # reduction order
    a, b = factors(w, h, rank, energy)
    r = a.shape[0]
    before, after = factorized_macs(layer, r)
    if after >= before and not force:
        return f"rank {r} would not reduce its MACs ({after} >= {before} per output)"
    element_type = element_type_of(op.weight)
    old = constant_of(op.weight)
    assert old is not None
    base = old.sym_name.data
    if isinstance(op, nn.Conv2dOp):
        _, c, kh, kw = weight.shape
        a_weight = a.reshape(r, kh, kw, c).transpose(0, 3, 1, 2)
        b_weight = b.reshape(b.shape[0], r, 1, 1)
    else:
        a_weight, b_weight = a, b
    a_const = make_constant(a_weight, element_type, names.fresh(base + ".lr_in"))
    b_const = make_constant(b_weight, element_type, names.fresh(base + ".lr_out"))
    Rewriter.insert_op([a_const, b_const], InsertPoint.before(old))
    hint = op.weight.name_hint or "w"
    a_const.result.name_hint, b_const.result.name_hint = hint + "_lr_in", hint + "_lr_out"
    result_ty = op.result.type
    assert isinstance(result_ty, TensorType)
    mid_shape = list(result_ty.get_shape())
    mid_shape[1] = r
    mid_ty = TensorType(result_ty.get_element_type(), mid_shape)
    if isinstance(op, nn.Conv2dOp):
        first = nn.Conv2dOp.create(
            operands=[op.input, a_const.result],
            result_types=[mid_ty],
            properties={k: v for k, v in op.properties.items() if k != "groups"},
        )
        second = nn.Conv2dOp.create(
            operands=[first.result, b_const.result, *([op.bias] if op.bias else [])],
            result_types=[result_ty],
        )
    else:
        first = nn.DenseOp.create(operands=[op.input, a_const.result], result_types=[mid_ty])
        second = nn.DenseOp.create(
            operands=[first.result, b_const.result, *([op.bias] if op.bias else [])],
            result_types=[result_ty],
        )
    if op.result.name_hint:
        first.result.name_hint = op.result.name_hint + "_lr"
    old_operands: list[SSAValue] = list(op.operands)
    Rewriter.replace_op(op, [first, second])
    for value in old_operands:
        owner = constant_of(value)
        if owner is not None and owner.parent is not None and not owner.result.uses:
            Rewriter.erase_op(owner)
    return first, second


@dataclass(frozen=True)
class LowRankPass(OptionsPass):
    """Factorize every conv2d/dense layer into two smaller ones by SVD."""

    name = "low-rank"

    rank: int | None = None
    """The rank of every factorization, at least 1 (give this or `energy`)."""
    energy: float | int | None = None
    """The fraction of the squared singular values to keep, in (0, 1]: the
    smallest rank that does (give this or `rank`)."""
    exclude: tuple[str, ...] = ()
    """fnmatch patterns of weight constant names whose layers are left
    alone."""
    data: str | None = None
    """An .npz of calibration inputs: factorize to change the layers'
    outputs on them least, instead of their weights."""
    batch_size: int = 256
    """Calibration samples run through the interpreter at a time."""
    report: bool = False
    """Print the table of parameters and MACs before and after to stderr."""

    def __post_init__(self) -> None:
        if (self.rank is None) == (self.energy is None):
            raise ValueError("low-rank: give exactly one of rank= (an integer >= 1) and energy= (in (0, 1])")
        if self.rank is not None and self.rank < 1:
            raise ValueError(f"low-rank: rank must be >= 1, got {self.rank}")
        if self.energy is not None and not 0 < self.energy <= 1:
            raise ValueError(f"low-rank: energy must be in (0, 1], got {self.energy}")
        if self.batch_size < 1:
            raise ValueError(f"low-rank: batch-size must be >= 1, got {self.batch_size}")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        layers = layers_to_compress(op, "low-rank", self.exclude, "low-rank factorizes finite weights")
        inputs = load_calibration_inputs(self.data, op) if self.data is not None else None
        what = f"rank={self.rank}" if self.rank is not None else f"energy={self.energy:g}"
        summary = CompressionReport(
            f"low-rank report ({what}{' data-aware' if inputs is not None else ''})"
        )
        names = ConstantNames(op)
        grams: list[np.ndarray | None] = [None] * len(layers)
        if inputs is not None:
            stats = [Gram(rows=layer.rows) for layer in layers]
            watch: dict = {}
            for layer, stat in zip(layers, stats):
                watch.setdefault(layer.op.input, []).append(stat)
            collect(op, inputs, watch, self.batch_size)
            grams = [stat.result()[0] for stat in stats]
        for layer, h in zip(layers, grams):
            name, kind = layer.name, layer.op.name.removeprefix("nn.")
            summary.add(name, kind, cost_of(layer.op))
            done = factorize(layer, h, self.rank, self.energy, names)
            if isinstance(done, str):
                remark("low-rank", f"layer '{name}' left alone: {done}")
                summary.notes[name] = "left alone: " + done
            else:
                summary.after[name] = cost_of(done[0]) + cost_of(done[1])
        if self.report:
            summary.print()
