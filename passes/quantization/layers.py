"""The layers whose weights `quantize` and `choose-bits` round, seen as
matrices, and the rounding of each (nearest, or GPTQ on calibration data).

A *weighted layer* is an `nn.conv2d` or `nn.dense` whose weight is an
`nn.constant`, or an `nn.matmul` whose right operand is one. Its weight is
viewed as a stack of matrices `[G, N/G, K]`, one row per output channel (the
quantization axis: axis 0 of a conv or dense weight, the last axis of a
matmul's right operand), through `WeightView`: conv and dense layers use
`asic.passes.common.layers.Layer` (reduction order, im2col rows of the inputs); a
matmul's right operand `[..., K, N]` is `[1, N, K]` (its rows for GPTQ are
the rows of the left operand; a batched right operand, rank 3 or more, is
rounded to nearest).

`sequential_gptq` runs GPTQ layer by layer in program order: each layer's
Gram matrix is gathered on a float copy of the model in which the layers
before it already hold their quantized (dequantized) weights, so that a
layer also compensates for the rounding of the ones before it (the schedule
of GPTQ's reference implementation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue

from asic.dialects import nn
from asic.dialects.nn import shape_of
from asic.interp.calibration import Gram, collect
from asic.interp.runner import entry_function
from asic.passes.common.constants import ConstantNames, constant_array, constant_of
from asic.passes.common.layers import Layer, replace_constant
from asic.passes.quantization.params import WEIGHT_BITS, bits_attribute, describe_op
from asic.passes.quantization.weights import WeightGrid, gptq, weight_grid

ROUNDINGS = ("nearest", "gptq")


@dataclass(frozen=True)
class WeightOptions:
    """How weights are rounded (the weight options of `quantize`)."""

    bits: int = 8
    per_channel: bool = True
    symmetric: bool = True
    range: str = "minmax"


@dataclass(frozen=True)
class QuantizedWeight:
    ints: np.ndarray
    """The stored integers in the weight's IR layout, int64."""
    grid: WeightGrid


@dataclass
class WeightView:
    """A weighted layer's weight as matrices `[G, N/G, K]`."""

    op: Operation
    operand: int
    """The index of the weight operand (1 for all three kinds)."""

    @property
    def weight(self) -> SSAValue:
        return self.op.operands[self.operand]

    @property
    def name(self) -> str:
        constant = constant_of(self.weight)
        assert constant is not None
        return constant.sym_name.data

    @property
    def channel_axis(self) -> int:
        """The quantization axis of the weight tensor."""
        return len(shape_of(self.weight)) - 1 if isinstance(self.op, nn.MatmulOp) else 0

    @property
    def supports_gptq(self) -> bool:
        return not isinstance(self.op, nn.MatmulOp) or len(shape_of(self.weight)) == 2

    def array(self) -> np.ndarray:
        values = constant_array(self.weight)
        assert values is not None
        return np.array(values, dtype=np.float64)

    def to_matrices(self, weight: np.ndarray) -> np.ndarray:
        if isinstance(self.op, nn.MatmulOp):
            n = weight.shape[-1]
            return np.moveaxis(weight, -1, 0).reshape(1, n, -1)
        return Layer(self.op).to_matrices(weight)  # pyright: ignore[reportArgumentType]

    def from_matrices(self, matrices: np.ndarray) -> np.ndarray:
        if isinstance(self.op, nn.MatmulOp):
            shape = shape_of(self.weight)
            return np.moveaxis(matrices[0].reshape(shape[-1], *shape[:-1]), 0, -1)
        return Layer(self.op).from_matrices(matrices)  # pyright: ignore[reportArgumentType]

    def rows(self, x: np.ndarray) -> np.ndarray:
        """Input rows `[G, P, K]` of a batch of layer inputs."""
        if isinstance(self.op, nn.MatmulOp):
            k = shape_of(self.weight)[0]
            return np.asarray(x).reshape(1, -1, k)
        return Layer(self.op).rows(x)  # pyright: ignore[reportArgumentType]

    def bias(self) -> np.ndarray | None:
        """The constant bias of a conv or dense layer, float64."""
        if isinstance(self.op, nn.MatmulOp) or self.op.bias is None:  # pyright: ignore
            return None
        values = constant_array(self.op.bias)  # pyright: ignore
        return None if values is None else np.array(values, dtype=np.float64)

    def bits(self, default: int) -> int:
        bits = bits_attribute(self.op.attributes, WEIGHT_BITS, describe_op(self.op))
        return default if bits is None else bits

    def params(self) -> int:
        return int(np.prod(shape_of(self.weight)))


def weight_view(op: Operation) -> WeightView | None:
    """The view of a weighted layer, None for any other op."""
    if isinstance(op, nn.Conv2dOp | nn.DenseOp | nn.MatmulOp):
        if constant_array(op.operands[1]) is not None:
            return WeightView(op, 1)
    return None


def weighted_layers(function: func.FuncOp) -> list[WeightView]:
    """The weighted layers of `function`, in program order."""
    return [v for op in function.body.block.ops if (v := weight_view(op)) is not None]


BIAS_BITS = 32
"""Biases are stored in at most this many bits at the accumulator scale."""


@dataclass(frozen=True)
class ScaleConstraint:
    """What a layer asks of its weight scales beyond its weights' range:
    at least `floor [N]` (`scale_floor`: its bias fits), and with `unit`
    set, on the lattice `unit * 2^e` (`WeightGrid.on_lattice`;
    `quantize{requantize=shift}` with `unit = s_y / s_x`)."""

    floor: np.ndarray | None = None
    unit: float | None = None

    def apply(self, grid: WeightGrid) -> WeightGrid:
        if self.floor is not None:
            grid = grid.with_min_scales(np.broadcast_to(self.floor, grid.scales.shape))
        if self.unit is not None:
            grid = grid.on_lattice(self.unit)
        return grid


def scale_floor(bias: np.ndarray | None, input_scale: float) -> np.ndarray | None:
    """The smallest weight scale of each output channel at which its bias,
    stored at `input_scale * s_w`, fits in `BIAS_BITS` bits."""
    if bias is None:
        return None
    return np.abs(np.asarray(bias, np.float64).reshape(-1)) / (input_scale * (2 ** (BIAS_BITS - 1) - 1))


def quantize_weight(
    view: WeightView,
    options: WeightOptions,
    bits: int,
    gram: np.ndarray | None = None,
    constraint: ScaleConstraint = ScaleConstraint(),
) -> QuantizedWeight:
    """The layer's weight on its grid: rounded to nearest, or by GPTQ given
    the Gram matrices `[G, K, K]` of its inputs; `constraint` raises the
    scales (`ScaleConstraint`)."""
    matrices = view.to_matrices(view.array())
    groups, n, k = matrices.shape
    grid = weight_grid(
        matrices.reshape(groups * n, k),
        bits,
        per_channel=options.per_channel,
        symmetric=options.symmetric,
        range=options.range,
    )
    grid = constraint.apply(grid)
    if gram is None:
        ints = grid.round(matrices.reshape(groups * n, k)).reshape(groups, n, k)
    else:
        ints = np.stack(
            [gptq(matrices[g], gram[g], grid.rows(g * n, (g + 1) * n)) for g in range(groups)]
        )
    return QuantizedWeight(view.from_matrices(ints).astype(np.int64), grid)


def dequantized(view: WeightView, weight: QuantizedWeight) -> np.ndarray:
    """The real values of a quantized weight, in its IR layout."""
    matrices = view.to_matrices(weight.ints)
    groups, n, k = matrices.shape
    real = weight.grid.dequantize(matrices.reshape(groups * n, k)).reshape(groups, n, k)
    return view.from_matrices(real)


def grams(
    module: ModuleOp,
    views: Sequence[WeightView],
    inputs: Mapping[str, np.ndarray],
    batch_size: int,
) -> list[np.ndarray]:
    """The Gram `[G, K, K]` of each layer's input rows on the calibration
    inputs, in `module` as it is."""
    stats = [Gram(rows=view.rows) for view in views]
    watch: dict = {}
    for view, stat in zip(views, stats):
        watch.setdefault(view.op.operands[0], []).append(stat)
    collect(module, inputs, watch, batch_size)
    return [stat.result() for stat in stats]


def sequential_gptq(
    module: ModuleOp,
    views: Sequence[WeightView],
    options: WeightOptions,
    inputs: Mapping[str, np.ndarray],
    batch_size: int,
    constraints: Callable[[WeightView], ScaleConstraint] = lambda view: ScaleConstraint(),
) -> dict[Operation, QuantizedWeight]:
    """GPTQ on every layer of `views` (ops of `module`'s entry function), in
    program order, on a float copy of `module` holding the already quantized
    weights (see the module documentation). Layers that GPTQ does not
    support are rounded to nearest. `constraints` gives each layer's
    `ScaleConstraint`."""
    copy = module.clone()
    originals = [op for op in entry_function(module).body.block.ops]
    copies = [op for op in entry_function(copy).body.block.ops]
    twin = dict(zip(originals, copies))
    names = ConstantNames(copy)
    result: dict[Operation, QuantizedWeight] = {}
    for view in views:
        bits = view.bits(options.bits)
        copy_view = WeightView(twin[view.op], view.operand)
        gram = grams(copy, [copy_view], inputs, batch_size)[0] if view.supports_gptq else None
        weight = quantize_weight(view, options, bits, gram, constraints(view))
        result[view.op] = weight
        replace_constant(copy_view.op, view.operand, dequantized(view, weight), names, ".gptq")
    return result
