"""Bit widths and activation types: what `quantize` and `choose-bits` read
from the IR.

Per-op widths (mixed precision). Two discardable attributes on nn ops (and
`quant.act_bits` also as an argument attribute of the entry function)
override the pass's global widths:

    %h = nn.dense %x, %w, %b {quant.weight_bits = 4, quant.act_bits = 8} : ...
    func.func @main(%x: tensor<1x64xf32> {quant.act_bits = 8}) ...

- `quant.weight_bits = N` on `nn.conv2d`, `nn.dense`, `nn.matmul` (constant
  right operand), `nn.batchnorm` and a per-channel `nn.mul` (both become a
  depthwise 1x1 convolution): the width of that op's weights.
- `quant.act_bits = N` on any op with a float result, or on an argument: the
  width of that value once quantized. A ReLU or clip fused into the
  requantization of a layer gives the width of the fused result.

`N` is an integer from 2 to 16 (`4`, or `4 : i64`). `choose-bits` writes
`quant.weight_bits` and, beside it, what it measured: `quant.candidates =
array<i64: 2, 4, 8>` and `quant.sensitivity = array<f64: ...>` (one relative
output error per candidate). Any other `quant.*` attribute is an error, so
that a misspelt width is not silently ignored.

Activation types. A value's `calibration.range` `[lo, hi]` (stored by
`calibrate`) is cut into the grid of `asic.passes.quantization.ranges` for its
scheme (`[0, T]`: unsigned, `2^b - 1` steps of `T / (2^b - 1)` from 0;
`[-T, T]` with a `symmetric` scheme: `2^(b-1) - 1` steps of
`T / (2^(b-1) - 1)` each side of 0; any other `[lo, hi]`: `2^b - 1` steps
of `(hi - lo) / (2^b - 1)` and the zero point `rint(-lo / s)`), so that
a range searched for that grid (`calibrate{method=mse bits=b}`) is used
exactly as it was chosen. The storage is `u<b>` or `i<b>` (`act-signed`):
`auto` takes unsigned storage for a range `[0, T]` (zero point 0) and signed
storage otherwise; `true` and `false` force one, shifting the zero point
by `2^(b-1)`. A range of width 0 (a tensor that is 0 on every calibration
input) gets scale 1.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseArrayBase,
    DictionaryAttr,
    IntegerAttr,
    IntegerType,
    TensorType,
    f64,
    i64,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue

from asic.diagnostics import UserError
from asic.dialects.qnt import MAX_STORAGE_BITS, MIN_STORAGE_BITS, UniformQuantizedType
from asic.interp.runner import input_names
from asic.passes.calibrate import Calibration, calibration_of
from asic.passes.quantization.ranges import steps

PREFIX = "quant."
WEIGHT_BITS = "quant.weight_bits"
ACT_BITS = "quant.act_bits"
CANDIDATES = "quant.candidates"
SENSITIVITY = "quant.sensitivity"
ATTRIBUTES = (WEIGHT_BITS, ACT_BITS, CANDIDATES, SENSITIVITY)


def describe(value: SSAValue) -> str:
    """`input 'x'` or `the result %h of nn.dense`, for messages."""
    if isinstance(value, BlockArgument):
        function = value.block.parent_op()
        if isinstance(function, func.FuncOp):
            return f"input '{input_names(function)[value.index]}'"
        return f"argument {value.index}"
    owner = value.owner
    assert isinstance(owner, Operation)
    hint = f" %{value.name_hint}" if value.name_hint else ""
    return f"the result{hint} of {owner.name}"


def describe_op(op: Operation) -> str:
    """`nn.dense %h`, for messages."""
    if op.results and op.results[0].name_hint:
        return f"{op.name} %{op.results[0].name_hint}"
    return op.name


def argument_attributes(value: BlockArgument) -> Mapping[str, Attribute]:
    function = value.block.parent_op()
    if not isinstance(function, func.FuncOp) or function.arg_attrs is None:
        return {}
    return function.arg_attrs.data[value.index].data


def attributes_of(value: SSAValue) -> Mapping[str, Attribute]:
    """The attributes that describe `value`: its argument attributes, or the
    attributes of its single-result owner."""
    if isinstance(value, BlockArgument):
        return argument_attributes(value)
    owner = value.owner
    assert isinstance(owner, Operation)
    return owner.attributes


def bits_attribute(attributes: Mapping[str, Attribute], name: str, where: str) -> int | None:
    """The width stored under `name`, None when absent; anything but an
    integer from 2 to 16 is a `UserError` naming `where`."""
    attr = attributes.get(name)
    if attr is None:
        return None
    if not isinstance(attr, IntegerAttr) or not isinstance(attr.type, IntegerType):
        raise UserError(f"quantize: {name} of {where} must be an integer from 2 to 16, got {attr}")
    bits = attr.value.data
    if not MIN_STORAGE_BITS <= bits <= MAX_STORAGE_BITS:
        raise UserError(
            f"quantize: {name} of {where} must be from {MIN_STORAGE_BITS} to "
            f"{MAX_STORAGE_BITS} bits, got {bits}"
        )
    return bits


def check_attributes(function: func.FuncOp) -> None:
    """Every `quant.*` attribute of the function's ops and arguments is known
    and every width is valid."""
    places: list[tuple[Mapping[str, Attribute], str]] = []
    for arg in function.body.block.args:
        places.append((argument_attributes(arg), describe(arg)))
    for op in function.body.walk():
        places.append((op.attributes, describe_op(op)))
    for attributes, where in places:
        for name in attributes:
            if name.startswith(PREFIX) and name not in ATTRIBUTES:
                raise UserError(
                    f"quantize: unknown attribute {name} on {where}; the per-layer widths are "
                    f"{WEIGHT_BITS} and {ACT_BITS}"
                )
        for name in (WEIGHT_BITS, ACT_BITS):
            bits_attribute(attributes, name, where)


def set_bits(op: Operation, name: str, bits: int) -> None:
    op.attributes[name] = IntegerAttr(bits, i64)


def set_sensitivity(op: Operation, candidates: list[int], errors: list[float]) -> None:
    op.attributes[CANDIDATES] = DenseArrayBase.from_list(i64, candidates)
    op.attributes[SENSITIVITY] = DenseArrayBase.from_list(f64, [float(e) for e in errors])


def clear_quant_arguments(function: func.FuncOp) -> None:
    """Remove the `quant.*` argument attributes (used once the arguments are
    quantized)."""
    if function.arg_attrs is None:
        return
    dicts = [
        {k: v for k, v in d.data.items() if not k.startswith(PREFIX)} for d in function.arg_attrs.data
    ]
    function.arg_attrs = ArrayAttr([DictionaryAttr(d) for d in dicts]) if any(dicts) else None


def set_argument_attribute(value: BlockArgument, name: str, attr: Attribute) -> None:
    function = value.block.parent_op()
    assert isinstance(function, func.FuncOp)
    count = len(function.body.block.args)
    dicts = (
        [dict(d.data) for d in function.arg_attrs.data]
        if function.arg_attrs is not None
        else [{} for _ in range(count)]
    )
    dicts[value.index][name] = attr
    function.arg_attrs = ArrayAttr([DictionaryAttr(d) for d in dicts])


# --------------------------------------------------------------------------
# Activation types
# --------------------------------------------------------------------------


def calibration_or_error(value: SSAValue) -> Calibration:
    calibration = calibration_of(value)
    if calibration is None:
        raise UserError(
            f"quantize: {describe(value)} has no calibration.range: run calibrate first "
            '(calibrate{data="calib.npz"}) to give every activation a range'
        )
    return calibration


def grid_of(low: float, high: float, scheme: str, bits: int) -> tuple[str, float, int]:
    """The scheme actually used for `[low, high]`, its scale and its zero
    point in the unsigned frame (stored value minus the lowest one)."""
    low, high = min(float(low), 0.0), max(float(high), 0.0)
    if low == 0.0:
        scheme, lo_frame = "unsigned", 0
    elif scheme == "symmetric" and low == -high:
        lo_frame = 2 ** (bits - 1)  # zero in the middle of the unsigned frame
    else:
        scheme = "asymmetric"
    n = steps(bits, scheme)
    if scheme == "asymmetric":
        scale = (high - low) / n
        zero = int(np.rint(-low / scale)) if scale > 0 else 2 ** (bits - 1)
        zero = min(max(zero, 0), 2**bits - 1)
    else:
        scale = high / n
        zero = lo_frame
    return scheme, (scale if scale > 0 else 1.0), zero


def activation_type(
    value: SSAValue, bits: int, signed: str, calibration: Calibration | None = None
) -> UniformQuantizedType:
    """The `!qnt.uniform` of `value` (see the module documentation);
    `signed` is `auto`, `true` or `false`."""
    calibration = calibration or calibration_or_error(value)
    scheme, scale, zero = grid_of(calibration.low, calibration.high, calibration.scheme, bits)
    is_signed = scheme != "unsigned" if signed == "auto" else signed == "true"
    if is_signed:
        zero -= 2 ** (bits - 1)
    expressed = value.type.get_element_type() if isinstance(value.type, TensorType) else None
    storage = f"{'i' if is_signed else 'u'}{bits}"
    if expressed is None:
        return UniformQuantizedType(storage, scale, zero)
    return UniformQuantizedType(storage, scale, zero, expressed=expressed)


def constant_type(
    array: np.ndarray, bits: int, signed: str, expressed: Attribute
) -> UniformQuantizedType:
    """The type of a constant used as data (an addend, a concat input):
    its own `[min, max]` widened to contain 0, asymmetric grid."""
    low, high = float(np.min(array, initial=0.0)), float(np.max(array, initial=0.0))
    scheme, scale, zero = grid_of(low, high, "asymmetric", bits)
    is_signed = scheme != "unsigned" if signed == "auto" else signed == "true"
    if is_signed:
        zero -= 2 ** (bits - 1)
    return UniformQuantizedType(
        f"{'i' if is_signed else 'u'}{bits}", scale, zero, expressed=expressed
    )
