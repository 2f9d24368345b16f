"""The op-by-op mapping of `quantize` from nn to qnt (see
`asic.passes.quantize` for what it produces and why).

`Lowering(function, settings, weights).run()` rewrites the entry function
in place, by the table `RULES`: one `Rule` per nn op kind it maps (how to
lower it, when an op of that kind has no integer form); `SUPPORTED` and
`no_integer_form` are read off it, and every elementwise function the nn
dialect defines besides relu and clip is in it as a lookup table.

1. `classify` splits the ops into the quantized region and the float tail:
   an op stays float when it has no integer form (`no_integer_form` says
   why) or when one of its operands comes from an op that stays float. A
   weighted layer or a batchnorm that would stay float is an error: the
   hardware computes those.
2. The ops of the quantized region are lowered in program order; each
   records the quantized value that stands for its float result
   (`quantized`). Operands are quantized on first use: a function argument
   by `qnt.quantize` (its `calibration.range`), an `nn.constant` used as data
   (an addend, a concat input) by a `qnt.constant` on its own range. A ReLU
   or clip that is the only user of a layer, an add, a batchnorm or a
   per-channel mul is fused into that op's requantization as `min`/`max`.
3. Float users (the float tail, `func.return`) of quantized values get a
   `qnt.dequantize`; then the lowered nn ops and the constants left without
   users are erased, and the `calibration.*` attributes, now used, removed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import FloatAttr, IntegerType, TensorType
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from asic.diagnostics import UserError
from asic.dialects import nn, qnt
from asic.dialects.attributes import element_kind
from asic.dialects.nn import element_type_of, ints, shape_of
from asic.dialects.qnt import (
    MAX_PRODUCT_BITS,
    MULTIPLIER_BITS,
    UniformQuantizedType,
    integer_width,
    quantized_type_of,
    round_half_away,
)
from asic.passes.calibrate import clear_calibration
from asic.passes.common.constants import constant_array, constant_of
from asic.passes.compression.report import remark
from asic.passes.fuse_bias import per_channel
from asic.passes.quantization.layers import (
    QuantizedWeight,
    ScaleConstraint,
    WeightOptions,
    WeightView,
    quantize_weight,
    scale_floor,
    weight_view,
)
from asic.passes.quantization.params import (
    ACT_BITS,
    WEIGHT_BITS,
    activation_type,
    attributes_of,
    bits_attribute,
    clear_quant_arguments,
    constant_type,
    describe,
    describe_op,
)
from asic.passes.quantization.weights import round_to_grid, weight_grid

_Op = TypeVar("_Op", bound=Operation)

@dataclass(frozen=True)
class Settings:
    """The options of `quantize` the lowering needs."""

    weights: WeightOptions
    act_bits: int
    act_signed: str  # "auto", "true", "false"
    multiplier_bits: int = MULTIPLIER_BITS
    requantize: str = "multiply"  # "multiply", "shift"

    @property
    def shift(self) -> bool:
        """Layers requantize by a power of two (their weight scales on the
        lattice `s_y / s_x * 2^e`)."""
        return self.requantize == "shift"


def _owner(value: SSAValue) -> Operation | None:
    owner = value.owner
    return owner if isinstance(owner, Operation) else None


def _channel_vector(op: nn.MulOp | nn.AddOp, result_shape: Sequence[int]) -> tuple[SSAValue, np.ndarray] | None:
    """`(data operand, per-channel vector)` when one operand of a mul or add
    is an `nn.constant` with one value per channel (axis 1) or a single
    value, and the other is not a constant."""
    for data, other in ((op.lhs, op.rhs), (op.rhs, op.lhs)):
        values = constant_array(other)
        if values is None or constant_array(data) is not None:
            continue
        if shape_of(data) != tuple(result_shape):
            continue
        vector = per_channel(np.asarray(values, np.float64), tuple(result_shape), 1)
        if vector is not None:
            return data, np.array(vector)
    return None


def _weights_problem(op: nn.Conv2dOp | nn.DenseOp) -> str | None:
    if constant_array(op.weight) is None:
        return "its weight is not an nn.constant (run fold-constants first)"
    if op.bias is not None and constant_array(op.bias) is None:
        return "its bias is not an nn.constant (run fold-constants first)"
    return None


def _batchnorm_problem(op: nn.BatchnormOp) -> str | None:
    if any(constant_array(v) is None for v in (op.scale, op.bias, op.mean, op.var)):
        return "its parameters are not nn.constants (run fold-constants first)"
    if len(shape_of(op.input)) not in (2, 4):
        return "only batchnorms of rank 2 or 4 map to a depthwise convolution"
    return None


def _mul_problem(op: nn.MulOp) -> str | None:
    if len(shape_of(op.result)) not in (2, 4) or _channel_vector(op, shape_of(op.result)) is None:
        return (
            "only a product by a constant with one value per channel (axis 1) of a rank 2 "
            "or 4 tensor has an integer form"
        )
    return None


def no_integer_form(op: Operation) -> str | None:
    """Why `op` cannot be lowered to qnt, None when it can."""
    rule = RULES.get(type(op))
    if rule is None:
        return "it has no integer form"
    skip = getattr(op, "NON_FLOAT_OPERANDS", ())
    for i, value in enumerate(op.operands):
        element = element_type_of(value)
        if i not in skip and element_kind(element) != "float":
            return (
                f"it computes on {element} tensors (integer or boolean data of the "
                "network itself): quantize maps float tensors"
            )
    return rule.problem(op) if rule.problem is not None else None


def bias_integers(
    values: np.ndarray, acc_scales: Sequence[Fraction]
) -> tuple[np.ndarray, IntegerType]:
    """A bias at the accumulator scale of each channel (round half away from
    zero, exactly), and the narrowest signless type holding it."""
    stored = [round_half_away(Fraction(float(v)) / s) for v, s in zip(values, acc_scales)]
    width = max(2, integer_width(min(stored), max(stored)))
    return np.array(stored, np.int64), IntegerType(width)


def _is_layer(op: Operation) -> bool:
    return isinstance(op, nn.Conv2dOp | nn.DenseOp | nn.MatmulOp | nn.BatchnormOp)


@dataclass
class _Fused:
    """The activation fused into a requantization: the value the fused op
    stands for, and its integer bounds for a result type."""

    value: SSAValue
    ops: list[Operation]
    bounds: Callable[[UniformQuantizedType], tuple[int | None, int | None]]


def _clamp_bounds(
    op: Operation, qtype: UniformQuantizedType
) -> tuple[int | None, int | None]:
    """Integer bounds of a ReLU (`min = zero point`) or a clip (each float
    bound rounded to the grid; an infinite bound that does not bound is
    absent) on stored values of `qtype`."""
    if isinstance(op, nn.ReluOp):
        return max(qtype.qmin, min(qtype.qmax, qtype.zero_point)), None
    assert isinstance(op, nn.ClipOp)
    return _bound(op.min, qtype, -math.inf), _bound(op.max, qtype, math.inf)


def _bound(attr: FloatAttr | None, qtype: UniformQuantizedType, unbounded: float) -> int | None:
    if attr is None or attr.value.data == unbounded:
        return None
    value = attr.value.data
    if math.isinf(value):
        return qtype.qmax if value > 0 else qtype.qmin
    q = round_half_away(Fraction(value) / Fraction(qtype.scale)) + qtype.zero_point
    return max(qtype.qmin, min(qtype.qmax, q))


@dataclass
class Lowering:
    function: func.FuncOp
    settings: Settings
    weights: Mapping[Operation, QuantizedWeight] = field(default_factory=dict)
    """Precomputed layer weights (GPTQ); others are rounded to nearest."""

    quantized: dict[SSAValue, SSAValue] = field(default_factory=dict)
    replaced: dict[SSAValue, SSAValue] = field(default_factory=dict)
    dequantized: dict[SSAValue, SSAValue] = field(default_factory=dict)
    lowered: list[Operation] = field(default_factory=list)
    current: Operation | None = None

    # -- driver ----------------------------------------------------------------

    def run(self, floating: set[Operation] | None = None) -> None:
        """Rewrite the function; `floating` is the result of `classify` when
        the caller already has it."""
        ops = list(self.function.body.block.ops)
        if floating is None:
            floating = self.classify(ops)
        done: set[Operation] = set()
        for op in ops:
            if op in floating or op in done or isinstance(op, nn.ConstantOp | func.ReturnOp):
                continue
            self.current = op
            before = len(self.lowered)
            self.lower(op)
            done.update(self.lowered[before:])
        lowered = set(self.lowered)
        for op in ops:
            if op in floating or isinstance(op, func.ReturnOp):
                for i, value in enumerate(op.operands):
                    if value in self.replaced:
                        op.operands[i] = self.replaced[value]
                    elif _owner(value) in lowered:  # arguments and constants stay float
                        op.operands[i] = self.float_of(value)
        for op in reversed(ops):
            if op in lowered or (isinstance(op, nn.ConstantOp) and not op.result.uses):
                Rewriter.erase_op(op)
        clear_calibration(self.function)
        clear_quant_arguments(self.function)

    def classify(self, ops: Sequence[Operation]) -> set[Operation]:
        """The ops that stay float (see the module documentation)."""
        floating: set[Operation] = set()
        cause: dict[Operation, Operation] = {}
        for op in ops:
            if isinstance(op, nn.ConstantOp | func.ReturnOp):
                continue
            reason = no_integer_form(op)
            after = next(
                (o for v in op.operands if (o := _owner(v)) is not None and o in floating), None
            )
            if reason is None and after is None:
                continue
            if _is_layer(op):
                if reason is not None:
                    raise UserError(f"quantize: {describe_op(op)} cannot be quantized: {reason}")
                first = cause[after]
                raise UserError(
                    f"quantize: {describe_op(op)} depends on {describe_op(first)}, which stays "
                    f"float: {no_integer_form(first)} (quantize maps {SUPPORTED}): only ops after the "
                    "last layer may stay float, like a final softmax"
                )
            floating.add(op)
            cause[op] = op if reason is not None else cause[after]
            if reason is not None:
                remark("quantize", f"{describe_op(op)} stays float: {reason}")
        return floating

    def insert(self, op: Operation, hint: str | None = None) -> Operation:
        assert self.current is not None
        Rewriter.insert_op(op, InsertPoint.before(self.current))
        if hint is not None and op.results:
            op.results[0].name_hint = hint
        return op

    def done(self, *ops: Operation) -> None:
        self.lowered.extend(ops)

    def encoded(self, build: Callable[[], _Op]) -> _Op:
        """`build()`, an op whose multipliers `encode_multiplier` computes;
        a real multiplier too large for `multiplier-bits` is a diagnostic."""
        try:
            return build()
        except ValueError as error:
            assert self.current is not None
            raise UserError(
                f"quantize: {describe_op(self.current)}: {error}; use a larger multiplier-bits "
                f"(it is {self.settings.multiplier_bits})"
            ) from None

    # -- values -----------------------------------------------------------------

    def act_bits(self, value: SSAValue) -> int:
        bits = bits_attribute(attributes_of(value), ACT_BITS, describe(value))
        return self.settings.act_bits if bits is None else bits

    def act_type(self, value: SSAValue) -> UniformQuantizedType:
        return activation_type(value, self.act_bits(value), self.settings.act_signed)

    def q(self, value: SSAValue) -> SSAValue:
        """The quantized value standing for the float `value`."""
        if value in self.quantized:
            return self.quantized[value]
        array = constant_array(value)
        if array is not None:
            constant = constant_of(value)
            assert constant is not None
            bits = bits_attribute(constant.attributes, ACT_BITS, describe_op(constant))
            qtype = constant_type(
                np.asarray(array, np.float64),
                self.settings.act_bits if bits is None else bits,
                self.settings.act_signed,
                element_type_of(value),
            )
            stored = round_to_grid(array, qtype.scale, qtype.zero_point, qtype.qmin, qtype.qmax)
            op = qnt.ConstantOp.from_array(constant.sym_name.data, stored, qtype)
        else:
            assert isinstance(value, BlockArgument), f"{describe(value)} was not lowered"
            op = qnt.QuantizeOp(value, self.act_type(value))
        self.insert(op, f"{value.name_hint}_q" if value.name_hint else None)
        self.quantized[value] = op.results[0]
        return op.results[0]

    def float_of(self, value: SSAValue) -> SSAValue:
        """A `qnt.dequantize` of the quantized counterpart of `value`."""
        if value not in self.dequantized:
            source = self.quantized[value]
            op = qnt.DequantizeOp(source)
            owner = _owner(source)
            assert owner is not None
            Rewriter.insert_op(op, InsertPoint.after(owner))
            op.result.name_hint = value.name_hint
            self.dequantized[value] = op.result
        return self.dequantized[value]

    def fused(self, value: SSAValue) -> _Fused:
        """The ReLU or clip fused after the op computing `value`, if any."""
        user = value.get_user_of_unique_use()
        if isinstance(user, nn.ReluOp | nn.ClipOp) and user not in self.lowered:
            return _Fused(user.result, [user], lambda t, u=user: _clamp_bounds(u, t))
        return _Fused(value, [], lambda t: (None, None))

    # -- the rules ---------------------------------------------------------------

    def lower(self, op: Operation) -> None:
        RULES[type(op)].lower(self, op)  # classify keeps the ops without a rule float

    def layer(self, op: nn.Conv2dOp | nn.DenseOp | nn.MatmulOp) -> None:
        view = weight_view(op)
        x = self.q(op.operands[0])
        if view is None:  # a matmul of two activations
            assert isinstance(op, nn.MatmulOp)
            rhs = self.q(op.rhs)
            acc = self.insert(qnt.MatmulOp(x, rhs), self._acc_hint(op))
            scale = Fraction(quantized_type_of(x).scale) * Fraction(quantized_type_of(rhs).scale)
            self.requantize(op, acc.results[0], [scale], len(shape_of(op.result)) - 1)
            return
        weight = self.weights.get(op)
        if weight is None:
            weight = quantize_weight(
                view, self.settings.weights, view.bits(self.settings.weights.bits), constraint=self.constraint(view)
            )
        w = self.weight_constant(
            view.name, weight, view.channel_axis, element_type_of(view.weight), view.weight.name_hint
        )
        s_x = Fraction(quantized_type_of(x).scale)
        acc_scales = [s_x * Fraction(float(s)) for s in weight.grid.scales]
        if isinstance(op, nn.MatmulOp):
            new: Operation = qnt.MatmulOp(x, w)
            axis = len(shape_of(op.result)) - 1
        else:
            bias = None
            if op.bias is not None:
                bias = self.bias_constant(op, op.bias, acc_scales)
            if isinstance(op, nn.DenseOp):
                new = qnt.DenseOp(x, w, bias)
            else:
                new = qnt.Conv2dOp(
                    x,
                    w,
                    bias,
                    strides=ints(op.strides),
                    pads=ints(op.pads),
                    dilations=ints(op.dilations),
                    groups=op.groups.value.data,
                )
            axis = 1
        acc = self.insert(new, self._acc_hint(op))
        self.requantize(
            op, acc.results[0], acc_scales if weight.grid.per_channel else acc_scales[:1], axis, shift=self.settings.shift
        )

    def constraint(self, view: WeightView) -> ScaleConstraint:
        """What a layer's weight scales must meet: its bias fits in 32 bits,
        and with `requantize=shift` the lattice of its requantization."""
        s_x = self.input_scale(view.op.operands[0])
        return self._constraint(scale_floor(view.bias(), s_x), s_x, view.op.results[0])

    def input_scale(self, value: SSAValue) -> float:
        """The scale of `q(value)`, also before `value` is lowered (GPTQ asks
        for the constraints first): maxpool2d, flatten, reshape, transpose
        and a ReLU or clip not fused into the op before it keep the type of
        their input, not the one of their own calibration range."""
        if value in self.quantized:
            return quantized_type_of(self.quantized[value]).scale
        owner = _owner(value)
        if isinstance(owner, nn.Maxpool2dOp | nn.FlattenOp | nn.ReshapeOp | nn.TransposeOp):
            return self.input_scale(owner.operands[0])
        if isinstance(owner, nn.ReluOp | nn.ClipOp):
            producer = _owner(owner.input)
            fusing = nn.Conv2dOp | nn.DenseOp | nn.MatmulOp | nn.BatchnormOp | nn.MulOp | nn.AddOp
            if not (isinstance(producer, fusing) and owner.input.get_user_of_unique_use() is owner):
                return self.input_scale(owner.input)
        return self.act_type(value).scale

    def _constraint(self, floor: np.ndarray | None, s_x: float, result: SSAValue) -> ScaleConstraint:
        if not self.settings.shift:
            return ScaleConstraint(floor)
        s_y = self.act_type(self.fused(result).value).scale
        return ScaleConstraint(floor, s_y / s_x)

    def _acc_hint(self, op: Operation) -> str | None:
        hint = op.results[0].name_hint
        return f"{hint}_acc" if hint else None

    def weight_constant(
        self,
        name: str,
        weight: QuantizedWeight,
        axis: int,
        expressed: Attribute,
        hint: str | None = None,
    ) -> SSAValue:
        """A `qnt.constant` of the weight, per axis `axis` or per tensor."""
        grid, shape = weight.grid, weight.ints.shape
        storage = f"i{grid.bits}"
        if grid.per_channel:
            qtype = UniformQuantizedType(
                storage,
                [float(s) for s in grid.scales],
                [int(z) for z in grid.zero_points],
                axis=axis,
                expressed=expressed,
                storage_range=(grid.qmin, grid.qmax),
            )
        else:
            qtype = UniformQuantizedType(
                storage,
                float(grid.scales[0]),
                int(grid.zero_points[0]),
                expressed=expressed,
                storage_range=(grid.qmin, grid.qmax),
            )
        op = qnt.ConstantOp.from_array(name, weight.ints, TensorType(qtype, list(shape)))
        return self.insert(op, hint).results[0]

    def bias_constant(
        self, layer: Operation, bias: SSAValue, acc_scales: Sequence[Fraction]
    ) -> SSAValue:
        """The bias at the accumulator scale of each channel, in the
        narrowest signless type holding it (at most 32 bits: the weight
        scales were floored for it)."""
        values = np.asarray(constant_array(bias), np.float64).reshape(-1)
        values = np.broadcast_to(values, (len(acc_scales),))
        constant = constant_of(bias)
        name = constant.sym_name.data if constant is not None else "bias"
        stored, element = bias_integers(values, acc_scales)
        op = qnt.ConstantOp.from_array(name, stored, element)
        return self.insert(op, bias.name_hint).results[0]

    def requantize(
        self,
        op: Operation,
        acc: SSAValue,
        acc_scales: Sequence[Fraction],
        axis: int,
        result: SSAValue | None = None,
        reshape: Sequence[int] | None = None,
        shift: bool = False,
    ) -> None:
        """Requantize `acc` to the type of the value `op` (or `result`)
        computes, fusing a following ReLU or clip; `reshape` gives the final
        shape (a rank-2 batchnorm computed as a convolution). With `shift`
        the real multipliers are powers of two (up to the float rounding of
        the scales), encoded exactly as `M = 2^max(e, 0)`, `s = max(-e, 0)`."""
        fused = self.fused(result if result is not None else op.results[0])
        ytype = self.act_type(fused.value)
        lo, hi = fused.bounds(ytype)
        width = element_type_of(acc).width.data  # pyright: ignore[reportAttributeAccessIssue]
        reals = [s / Fraction(ytype.scale) for s in acc_scales]
        bits: int | list[int]
        if shift:  # each channel in its own width: M = 1 below 1, else 2^e
            bits = [max(1, round_half_away(r).bit_length()) for r in reals]
        else:
            bits = max(1, min(self.settings.multiplier_bits, MAX_PRODUCT_BITS - width))
        req = self.encoded(
            lambda: qnt.RequantizeOp.from_scales(acc, ytype, reals, axis=axis, min=lo, max=hi, bits=bits)
        )
        out = self.insert(req, fused.value.name_hint if reshape is None else None).results[0]
        if reshape is not None:
            out = self.insert(qnt.ReshapeOp(out, reshape), fused.value.name_hint).results[0]
        self.quantized[fused.value] = out
        self.done(op, *fused.ops)

    def depthwise(
        self,
        op: Operation,
        data: SSAValue,
        scale: np.ndarray,
        shift: np.ndarray | None,
        result: SSAValue,
        constant: nn.ConstantOp,
        extra: Sequence[Operation] = (),
    ) -> None:
        """`y = scale[c] * x + shift[c]` as a depthwise 1x1 convolution (a
        batchnorm, a per-channel mul and add)."""
        x = self.q(data)
        shape = shape_of(data)
        channels = shape[1]
        if len(shape) == 2:
            hint = f"{data.name_hint}_4d" if data.name_hint else None
            x = self.insert(qnt.ReshapeOp(x, [shape[0], channels, 1, 1]), hint).results[0]
        name = constant.sym_name.data
        bits = bits_attribute(op.attributes, WEIGHT_BITS, describe_op(op))
        bits = self.settings.weights.bits if bits is None else bits
        rows = scale.reshape(channels, 1)
        options = self.settings.weights
        grid = weight_grid(rows, bits, per_channel=options.per_channel, symmetric=options.symmetric)
        x_scale = quantized_type_of(x).scale
        grid = self._constraint(scale_floor(shift, x_scale), x_scale, result).apply(grid)
        weight = QuantizedWeight(grid.round(rows).reshape(channels, 1, 1, 1), grid)
        w = self.weight_constant(name, weight, 0, element_type_of(data), constant.result.name_hint)
        acc_scales = [Fraction(x_scale) * Fraction(float(s)) for s in grid.scales]
        bias = None
        if shift is not None:
            stored, element = bias_integers(shift, acc_scales)
            bias_op = qnt.ConstantOp.from_array(f"{name}.shift", stored, element)
            hint = f"{constant.result.name_hint}_shift" if constant.result.name_hint else None
            bias = self.insert(bias_op, hint).results[0]
        acc = self.insert(qnt.Conv2dOp(x, w, bias, groups=channels), self._acc_hint(op)).results[0]
        self.done(*extra)
        self.requantize(
            op,
            acc,
            acc_scales if grid.per_channel else acc_scales[:1],
            1,
            result=result,
            reshape=shape_of(result) if len(shape) == 2 else None,
            shift=self.settings.shift,
        )

    def batchnorm(self, op: nn.BatchnormOp) -> None:
        def value(v: SSAValue) -> np.ndarray:
            return np.asarray(constant_array(v), np.float64).reshape(-1)

        a = value(op.scale) / np.sqrt(value(op.var) + op.epsilon.value.data)
        shift = value(op.bias) - a * value(op.mean)
        constant = constant_of(op.scale)
        assert constant is not None
        self.depthwise(op, op.input, a, shift, op.result, constant)

    def mul(self, op: nn.MulOp) -> None:
        found = _channel_vector(op, shape_of(op.result))
        assert found is not None
        data, scale = found
        constant = constant_of(op.rhs if data is op.lhs else op.lhs)
        assert constant is not None
        result, shift, extra = op.result, None, []
        user = op.result.get_user_of_unique_use()
        if isinstance(user, nn.AddOp) and user.result.type == op.result.type:
            addend = _channel_vector(user, shape_of(user.result))
            if addend is not None and addend[0] is op.result:
                result, shift, extra = user.result, addend[1], [user]
        self.depthwise(op, data, scale, shift, result, constant, extra)

    def add(self, op: nn.AddOp) -> None:
        lhs, rhs = self.q(op.lhs), self.q(op.rhs)
        fused = self.fused(op.result)
        ytype = self.act_type(fused.value)
        lo, hi = fused.bounds(ytype)
        bits = self.settings.multiplier_bits
        new = self.encoded(lambda: qnt.AddOp.from_types(lhs, rhs, ytype, min=lo, max=hi, bits=bits))
        self.quantized[fused.value] = self.insert(new, fused.value.name_hint).results[0]
        self.done(op, *fused.ops)

    def clamp(self, op: nn.ReluOp | nn.ClipOp) -> None:
        x = self.q(op.input)
        lo, hi = _clamp_bounds(op, quantized_type_of(x))
        self.same(op, qnt.ClampOp(x, min=lo, max=hi))

    def lut(self, op: nn.ElementwiseFunctionOp) -> None:
        x = self.q(op.input)
        self.same(op, qnt.LutOp.from_function(x, self.act_type(op.result), op.float_function))

    def maxpool(self, op: nn.Maxpool2dOp) -> None:
        new = qnt.Maxpool2dOp(
            self.q(op.input),
            ints(op.kernel),
            strides=ints(op.strides),
            pads=ints(op.pads),
            dilations=ints(op.dilations),
            ceil_mode=bool(op.ceil_mode.value.data),
        )
        self.same(op, new)

    def avgpool(self, op: nn.Avgpool2dOp) -> None:
        x, ytype = self.q(op.input), self.act_type(op.result)
        new = self.encoded(
            lambda: qnt.Avgpool2dOp.from_types(
                x,
                ytype,
                ints(op.kernel),
                strides=ints(op.strides),
                pads=ints(op.pads),
                dilations=ints(op.dilations),
                ceil_mode=bool(op.ceil_mode.value.data),
                count_include_pad=bool(op.count_include_pad.value.data),
                bits=self.settings.multiplier_bits,
            )
        )
        self.same(op, new)

    def global_avgpool(self, op: nn.GlobalAvgpool2dOp) -> None:
        x, ytype = self.q(op.input), self.act_type(op.result)
        bits = self.settings.multiplier_bits
        self.same(op, self.encoded(lambda: qnt.GlobalAvgpool2dOp.from_types(x, ytype, bits=bits)))

    def flatten(self, op: nn.FlattenOp) -> None:
        self.same(op, qnt.FlattenOp(self.q(op.input), op.axis.value.data))

    def reshape(self, op: nn.ReshapeOp) -> None:
        self.same(op, qnt.ReshapeOp(self.q(op.input), shape_of(op.result)))

    def transpose(self, op: nn.TransposeOp) -> None:
        self.same(op, qnt.TransposeOp(self.q(op.input), ints(op.perm)))

    def concat(self, op: nn.ConcatOp) -> None:
        inputs, ytype = [self.q(v) for v in op.inputs], self.act_type(op.result)
        bits, axis = self.settings.multiplier_bits, op.axis.value.data
        self.same(op, self.encoded(lambda: qnt.ConcatOp.from_types(inputs, ytype, axis, bits=bits)))

    def argmax(self, op: nn.ArgmaxOp) -> None:
        new = qnt.ArgmaxOp(
            self.q(op.input),
            op.axis.value.data,
            keepdims=bool(op.keepdims.value.data),
            select_last_index=bool(op.select_last_index.value.data),
        )
        self.replaced[op.result] = self.insert(new, op.result.name_hint).results[0]
        self.done(op)

    def same(self, op: Operation, new: Operation) -> None:
        """`new` computes the quantized result of `op`."""
        self.quantized[op.results[0]] = self.insert(new, op.results[0].name_hint).results[0]
        self.done(op)


@dataclass(frozen=True)
class Rule:
    """How `quantize` maps one nn op kind to qnt: `lower` (a method of
    `Lowering`) rewrites an op of that kind, `problem` says why a given one
    has no integer form (None: every op of the kind has one), `name` is how
    `SUPPORTED` lists the kind (by default its op name)."""

    lower: Callable[[Lowering, Any], None]
    problem: Callable[[Any], str | None] | None = None
    name: str | None = None


_CLAMPS = (nn.ReluOp, nn.ClipOp)

RULES: dict[type[Operation], Rule] = {
    nn.Conv2dOp: Rule(Lowering.layer, _weights_problem),
    nn.DenseOp: Rule(Lowering.layer, _weights_problem),
    nn.MatmulOp: Rule(Lowering.layer),
    nn.BatchnormOp: Rule(Lowering.batchnorm, _batchnorm_problem),
    nn.MulOp: Rule(Lowering.mul, _mul_problem, "mul by a per-channel constant"),
    nn.AddOp: Rule(Lowering.add),
    **{op: Rule(Lowering.clamp) for op in _CLAMPS},
    # every other elementwise function: a lookup table of its float function
    **{op: Rule(Lowering.lut) for op in nn.ELEMENTWISE_FUNCTIONS if op not in _CLAMPS},
    nn.Maxpool2dOp: Rule(Lowering.maxpool),
    nn.Avgpool2dOp: Rule(Lowering.avgpool),
    nn.GlobalAvgpool2dOp: Rule(Lowering.global_avgpool),
    nn.FlattenOp: Rule(Lowering.flatten),
    nn.ReshapeOp: Rule(Lowering.reshape),
    nn.TransposeOp: Rule(Lowering.transpose),
    nn.ConcatOp: Rule(Lowering.concat),
    nn.ArgmaxOp: Rule(Lowering.argmax),
}
"""The nn ops `quantize` maps, in the order `SUPPORTED` names them; any
other op has no integer form and stays float."""

SUPPORTED = ", ".join(
    rule.name if rule.name is not None else op.name.removeprefix("nn.")
    for op, rule in RULES.items()
)
"""The nn ops `quantize` maps, for diagnostics."""
