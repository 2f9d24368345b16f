"""A qnt function under construction with the qnt dialect's Python API,
layer by layer, with seeded random types, weights and requantizations: what
the random MLPs (`support.dataflow_models.qnt_mlp`) and the random
convolutional networks (`support.conv_nets.qnt_conv_net`) are made of.

`QntBuilder(input_shape, seed)` starts a function `main` of one f32 input
quantized to a random type (`quantize`); its methods append ops and return
their results:

- `activation(storage)`: a random per-tensor type of that storage (scale
  in [0.005, 0.1], the zero point random, or 0, or the storage minimum);
- `weights(name, shape, storage, ...)`: a `qnt.constant` of random weights
  quantized per tensor or per output channel (axis 0), signed storages
  symmetric and narrowed, a fraction `sparsity` set to the zero point;
- `layer(acc, x_type, w_type, k, y_storage, ...)`: the requantization of
  an accumulator of `k` products, its multipliers chosen so that typical
  sums span about half the output range whatever the scales say, by
  multipliers or by powers of two (`requantize="shift"`), with ReLU or
  ReLU6 bounds;
- `clamp(y, y_type, name)`: a `qnt.clamp` to random bounds;
- `finish(out)`: the verified module returning `out`.

The order in which the builder draws from its generator is part of what a
seed means: a test that names a seed gets the same model as before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import Float32Type, IntegerType, ModuleOp, TensorType
from xdsl.ir import Block, Operation, Region, SSAValue

from asic.dialects import qnt
from asic.dialects.qnt import UniformQuantizedType as U


@dataclass
class Weights:
    """A weight constant, its type and the scales it was quantized with."""

    value: SSAValue
    type: U
    scales: list[float]
    per_channel: bool


class QntBuilder:
    def __init__(self, input_shape: Sequence[int], seed: int):
        self.rng = np.random.default_rng(seed)
        self.block = Block(arg_types=[TensorType(Float32Type(), list(input_shape))])
        self.ops: list[Operation] = []

    def add(self, op: Operation, name: str | None = None) -> SSAValue:
        self.ops.append(op)
        if name:
            op.results[0].name_hint = name
        return op.results[0]

    def activation(self, storage: str) -> U:
        lo, hi = qnt.range_of_storage(storage)
        rng = self.rng
        zero = int(rng.integers(lo, hi + 1)) if rng.random() < 0.5 else (0 if lo <= 0 <= hi else lo)
        return U(storage, float(rng.uniform(0.005, 0.1)), zero)

    def quantize(self, storage: str, name: str = "q") -> tuple[SSAValue, U]:
        x_type = self.activation(storage)
        return self.add(qnt.QuantizeOp(self.block.args[0], x_type), name), x_type

    def weights(
        self, name: str, shape: Sequence[int], storage: str, per_channel: bool | None = None, sparsity: float = 0.0
    ) -> Weights:
        """Random weights `shape` (the output channels first); `per_channel`
        drawn when None."""
        rng = self.rng
        n = shape[0]
        wlo, whi = qnt.range_of_storage(storage, narrow=storage.startswith("i"))
        if per_channel is None:
            per_channel = bool(rng.random() < 0.5)
        if per_channel:
            scales = [float(s) for s in rng.uniform(0.001, 0.05, n)]
            zero_points = [0] * n if storage.startswith("i") else [int(z) for z in rng.integers(wlo, whi + 1, n)]
            w_type = U(storage, scales, zero_points, axis=0, storage_range=(wlo, whi))
        else:
            scales = [float(rng.uniform(0.001, 0.05))]
            zp = 0 if storage.startswith("i") else int(rng.integers(wlo, whi + 1))
            w_type = U(storage, scales[0], zp, storage_range=(wlo, whi))
        values = rng.integers(wlo, whi + 1, tuple(shape))
        if sparsity:
            pruned = rng.random(tuple(shape)) < sparsity
            zero = np.asarray(w_type.zero_points).reshape(-1, *[1] * (len(shape) - 1))
            values = np.where(pruned, zero, values)
        value = self.add(qnt.ConstantOp.from_array(name, values, w_type))
        return Weights(value, w_type, scales, per_channel)

    def bias(self, name: str, n: int, present: bool | None = None) -> SSAValue | None:
        """A random i16 bias of `n` values (present with probability 0.7 when
        `present` is None), or None."""
        if present is None:
            present = bool(self.rng.random() < 0.7)
        if not present:
            return None
        return self.add(qnt.ConstantOp.from_array(name, self.rng.integers(-3000, 3000, n), IntegerType(16)))

    def layer(
        self,
        acc: SSAValue,
        x_type: U,
        w: Weights,
        k: int,
        y_type: U,
        *,
        name: str,
        relu: bool | None = None,
        relu6: bool = False,
        requantize: str = "multiply",
    ) -> SSAValue:
        """The requantization of `acc` (sums of `k` products of `x_type` by
        `w`) to `y_type`: ReLU drawn when `relu` is None; `relu6` also bounds
        it by 6 (real)."""
        rng = self.rng
        wlo, whi = w.type.qmin, w.type.qmax
        signed = w.type.signed
        # Scales are metadata: choose the multipliers so that typical sums
        # (about sqrt(K) * |x - zx| * |w - zw|) span about half the output
        # range, whatever the scales say.
        x_span = max(x_type.qmax - x_type.zero_point, x_type.zero_point - x_type.qmin)
        w_span = max(whi, -wlo) + (whi - wlo if not signed else 0) // 2
        out_span = (y_type.qmax - y_type.qmin) / 2
        typical = max(1.0, np.sqrt(k) * x_span * w_span / 3)
        channels = w.scales if w.per_channel and rng.random() < 0.7 else w.scales[:1]
        reals = [Fraction(float(out_span / typical * rng.uniform(0.5, 2.0))) for _ in channels]
        if relu is None:
            relu = bool(rng.random() < 0.5)
        lo = y_type.zero_point if relu or relu6 else None
        hi = min(y_type.qmax, y_type.zero_point + qnt.round_half_away(Fraction(6) / Fraction(y_type.scale))) if relu6 else None
        width = acc.type.get_element_type().width.data  # pyright: ignore
        bits: int | list[int] = min(qnt.MULTIPLIER_BITS, qnt.MAX_PRODUCT_BITS - width)
        if requantize == "shift":  # powers of two: M = 1 and a shift, or M = 2^e
            reals = [Fraction(2) ** round(math.log2(r)) for r in reals]
            bits = [max(1, int(math.log2(r)) + 1) for r in reals]
        return self.add(qnt.RequantizeOp.from_scales(acc, y_type, reals, min=lo, max=hi, bits=bits), name)

    def clamp(self, y: SSAValue, y_type: U, name: str) -> SSAValue:
        """A `qnt.clamp` of `y` to random bounds: the lower one at most the
        zero point, the upper one in the upper half of the range."""
        lo = int(self.rng.integers(y_type.qmin, y_type.zero_point + 1))
        hi = int(self.rng.integers(max(lo, (y_type.zero_point + y_type.qmax) // 2), y_type.qmax + 1))
        return self.add(qnt.ClampOp(y, min=lo, max=hi), name)

    def finish(self, out: SSAValue) -> ModuleOp:
        self.ops.append(func.ReturnOp(out))
        self.block.add_ops(self.ops)
        function = func.FuncOp("main", ([self.block.args[0].type], [out.type]), Region(self.block))
        module = ModuleOp([function])
        module.verify()
        return module
