"""QDQ import: ONNX models quantized in onnxruntime's QDQ format, to qnt.

`onnxruntime.quantization.quantize_static(..., quant_format=QuantFormat.QDQ)`
writes a float graph in which every quantized tensor passes through a
`QuantizeLinear` (Q) / `DequantizeLinear` (DQ) pair, weights are integer
initializers read by a DQ (per tensor, or per output channel with
`per_channel=True`) and biases are int32 initializers read by a DQ of scale
`scale_x * scale_w`. `asic.lowering.onnx.importer.import_onnx` hands a model
with Q/DQ nodes to `QdqImporter`, the ONNX frontend with these additions:

- a Q output is a qnt value of type `!qnt.uniform<storage:f32, scale:zp>`
  with the Q's own scale and zero point (UINT8, INT8, UINT16, INT16, UINT4,
  INT4 storage); a Q of a float graph value is `qnt.quantize`, a Q of a float
  initializer is quantized at import time (by `asic.dialects.qnt_kernels.quantize`);
- a DQ output stands for the dequantized value of its input (a Q output,
  or an integer initializer: a quantized constant, INT32 for biases). It is
  not materialized: the integer patterns below read the stored integers
  behind it, and only a float consumer gets a `qnt.dequantize` (or, for a
  constant, the dequantized float constant);
- with `qdq="integer"` (the default), a node one of whose inputs is a DQ
  output is matched against the integer patterns, `DQ... -> op -> [Relu |
  Clip]* -> Q...`, and becomes integer qnt ops whose result type is that of
  the Q; requantization multipliers come from the scales (`from_scales` /
  `from_types` of the qnt ops, `encode_multiplier`):

  - Conv (2-D) -> `qnt.conv2d` + `qnt.requantize` (per output channel for
    per-channel weights, axis 0 of OIHW);
  - Gemm (`alpha = beta = 1`, no `transA`) and MatMul with a constant 2-D
    right operand -> `qnt.dense` + `qnt.requantize` (the [K, N] weight
    transposed to [N, K], per-channel along N); MatMul of a higher-rank
    input -> `qnt.matmul` with the constant right operand; MatMul of two
    quantized activations -> `qnt.matmul`;
  - the bias: Conv's or Gemm's third input, or the constant operand of an
    `Add` right after a MatMul or a Gemm without bias, a DQ of an INT32
    initializer with zero point 0 and scale `scale_x * scale_w` (checked,
    to a relative 1e-5: onnxruntime multiplies in float32), or a float
    constant, quantized at import to that scale -> a signless `qnt.constant`
    just wide enough for its values;
  - Relu and Clip between the op and its Q fold into the requantization's
    `min` / `max` (`q = clamp(..., zy + round(lo / s), zy + round(hi / s))`
    with round half away from zero, the exact image of the float clamp under
    the Q); standalone (DQ -> Relu -> Q) they are `qnt.clamp`, or a
    `qnt.requantize` when the Q changes the scale;
  - Add of two quantized tensors (constants too) -> `qnt.add`;
  - MaxPool -> `qnt.maxpool2d`, AveragePool -> `qnt.avgpool2d`,
    GlobalAveragePool -> `qnt.global_avgpool2d`, Concat -> `qnt.concat`;
    the other elementwise functions of the frontend (`ELEMENTWISE` of
    `asic.lowering.onnx.ops`: Sigmoid, Tanh, LeakyRelu) -> `qnt.lut`, the
    table of the nn op's `float_function`; ArgMax -> `qnt.argmax`;
  - Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Identity, Dropout on a
    DQ output -> `qnt.reshape` / `qnt.flatten` / `qnt.transpose` of the
    stored integers (the frontend's own converters compute the shapes), and
    a DQ -> Q pair is the identity when both have the same parameters, else
    a `qnt.requantize` of the quantized tensor.

  A node of one of these op types with a quantized input that does not fit
  its pattern (a float or per-axis activation, a weight that is not a
  constant integer initializer or is per axis along another axis, a bias of
  another scale, an output that is not quantized, ...) is a diagnostic that
  names the node, says what does not fit and what is supported. Op types
  that have no integer form in qnt (Softmax, Mul, Sub, Div, LRN, Pad, ...)
  keep the model's own semantics as a float island: nn ops between
  `qnt.dequantize` and `qnt.quantize`, as `quantize` leaves float-only ops.
- with `qdq="fake-quant"` (`asic-opt --keep-qdq`), no pattern applies: every
  Q is a `qnt.quantize`, every DQ a `qnt.dequantize` and every other node
  the float nn op of the frontend: the QDQ model's float semantics.

QOperator models (QLinearConv, QLinearMatMul, MatMulInteger, ConvInteger,
DynamicQuantizeLinear, or com.microsoft ops) are a diagnostic: quantize with
`quant_format=QuantFormat.QDQ`.

Where the integers differ from onnxruntime's. onnxruntime runs a QDQ model
by fusing DQ -> op -> Q into its QLinear kernels (QLinearConv, QGemm,
QLinearMatMul, QLinearAdd, QLinearAveragePool, QLinearSigmoid, ...) or,
where no fusion applies or graph optimizations are off, in float between
DQ and Q. Its integer accumulations are exact, like ours; its roundings
are not those of the qnt specification:

1. QuantizeLinear divides `x / scale` in float32 and rounds half to even;
   `qnt.quantize` divides in f64 and rounds half away from zero. They differ
   where the two quotients fall on different sides of a half-way point, or
   on an exact tie.
2. Requantization: onnxruntime computes `acc * (scale_x * scale_w /
   scale_y)` in float32 (the multiplier rounded to 24 bits, the product
   rounded again) and rounds half to even; `qnt.requantize` multiplies by a
   31-bit integer multiplier and rounds once, half away from zero. Results
   within about 2^-24 (relative) of a half-way point can round either way.
   Add, the poolings, Concat and the lookup tables differ the same way.
3. AveragePool averages integers, so its results land on exact ties: a
   border window of `n = 4` or `6` taps whose sum `S` makes `S / n = k +
   1/2`. onnxruntime rounds them by the sign of its float32 error, else to
   even; `qnt.avgpool2d` by the sign of its multiplier's encoding error (the
   31-bit `M / 2^s` closest to `1 / n` lies below `1/6`, so `S/6` ties round
   down) and exactly on the tie (n = 4) away from zero. About half of the
   ties differ by one step: on random inputs 96% of a 3x3 pad-1 average
   pooling's results are identical.
4. Float islands: onnxruntime's QLinearSoftmax multiplies by
   `floor(1 / y_scale)` (254 for a scale of 1/255) rather than dividing by
   the scale, a bias of 0.4% that moves about 10% of the probabilities of
   the digits MLP by one step. Against onnxruntime's float run of the
   same model (which divides) our softmax output is identical.

Measured (`tests/test_qdq_import.py`, the held-out digits, onnxruntime
1.31): the digits MLP (u8 activations, per tensor and per channel) and the
digits CNN (u8 and i8 activations, per tensor and per channel) are 100%
identical to onnxruntime at every quantized tensor, with its QLinear
kernels and in float, except the MLP's softmax output (90% identical to
QLinearSoftmax, one step at most; 100% to the float run). On random normal
inputs, a model with every pattern above is at least 99.998% identical at
every quantized tensor (one step at most), except its AveragePool (96%,
ties, one step at most).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NoReturn

import numpy as np
import onnx
from onnx import TensorProto
from xdsl.dialects.builtin import IntegerType, TensorType
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.utils.exceptions import VerifyException

from asic.dialects import nn, qnt, qnt_kernels
from asic.dialects.attributes import element_type_for, numpy_dtype
from asic.dialects.qnt import (
    MAX_PRODUCT_BITS,
    MULTIPLIER_BITS,
    UniformQuantizedType,
    integer_width,
    quantized_type_of,
    range_of_storage,
    round_half_away,
)
from asic.lowering.onnx.checks import check_finite
from asic.lowering.onnx.graph import (
    DEFAULT_DOMAINS,
    FLOAT_ELEMENT_TYPES,
    Const,
    GraphImporter,
    Node,
    Tensor,
    name_hint,
    shape_of,
)
from asic.lowering.onnx.ops import ELEMENTWISE, window_geometry

__all__ = ["QDQ_OP_TYPES", "QdqImporter", "uses_qdq"]

QDQ_OP_TYPES = ("QuantizeLinear", "DequantizeLinear")

QOPERATOR_OP_TYPES = (
    "QLinearConv",
    "QLinearMatMul",
    "MatMulInteger",
    "ConvInteger",
    "DynamicQuantizeLinear",
)

_STORAGE: dict[int, str] = {
    TensorProto.UINT8: "u8",
    TensorProto.INT8: "i8",
    TensorProto.UINT16: "u16",
    TensorProto.INT16: "i16",
    TensorProto.UINT4: "u4",
    TensorProto.INT4: "i4",
    TensorProto.INT32: "i32",
}
"""ONNX element types of quantized tensors: qnt storage (INT32 only for the
constant biases)."""

_ONNX_TYPES = {storage: onnx_type for onnx_type, storage in _STORAGE.items()}

_NUMPY_STORAGE = {"uint8": "u8", "int8": "i8", "uint16": "u16", "int16": "i16", "int32": "i32"}

_INTEGER_TYPES = "UINT8, INT8, UINT16, INT16, UINT4 or INT4"
_SUPPORTED_STORAGE = f"{_INTEGER_TYPES} (INT32 for constant biases)"

_FAKE_QUANT_HINT = " (or import with --keep-qdq to keep the QDQ model as float fake quantization)"


def uses_qdq(model: onnx.ModelProto) -> bool:
    """Whether the model's graph has QuantizeLinear or DequantizeLinear nodes."""
    return any(n.op_type in QDQ_OP_TYPES and n.domain in DEFAULT_DOMAINS for n in model.graph.node)


# --------------------------------------------------------------------------
# What Q and DQ outputs stand for during import
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuantParams:
    """The scale and zero point of a Q or DQ node."""

    storage: str
    """`u8`, `i8`, ..., `i32`."""
    scales: tuple[float, ...]
    zero_points: tuple[int, ...]
    axis: int | None
    """The quantization axis (normalized), None per tensor."""
    expressed: Attribute

    @property
    def per_axis(self) -> bool:
        return self.axis is not None

    def qtype(self, narrow: bool = False) -> UniformQuantizedType:
        """The `!qnt.uniform` of these parameters; `narrow` drops the lowest
        value of a signed storage (symmetric weights)."""
        return UniformQuantizedType(
            self.storage,
            self.scales if self.per_axis else self.scales[0],
            list(self.zero_points) if self.per_axis else self.zero_points[0],
            axis=self.axis,
            expressed=self.expressed,
            storage_range=range_of_storage(self.storage, narrow=True) if narrow else None,
        )

    def broadcast(self, ndim: int) -> tuple[np.ndarray, np.ndarray]:
        """Scales (f64) and zero points (int64) shaped to broadcast against
        a tensor of `ndim` dimensions."""
        scales = np.asarray(self.scales, np.float64)
        zero_points = np.asarray(self.zero_points, np.int64)
        if self.axis is None:
            return scales.reshape(()), zero_points.reshape(())
        shape = [1] * ndim
        shape[self.axis] = scales.size
        return scales.reshape(shape), zero_points.reshape(shape)

    def matches(self, qtype: UniformQuantizedType) -> bool:
        return (
            self.storage == qtype.storage
            and self.scales == qtype.scales
            and self.zero_points == qtype.zero_points
            and self.axis == qtype.axis
            and self.expressed == qtype.expressed_type
        )


@dataclass(eq=False)
class QConst:
    """A quantized constant: stored integers (int64) and their parameters,
    named after the initializer."""

    array: np.ndarray
    params: QuantParams
    name: str

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape)

    @property
    def is_bias(self) -> bool:
        return self.params.storage == "i32"

    def qtype(self) -> UniformQuantizedType:
        """Its type; a signed constant with zero points 0 that does not use
        the lowest stored value gets the narrowed (symmetric) range."""
        lo, _ = range_of_storage(self.params.storage)
        narrow = (
            lo < 0
            and not any(self.params.zero_points)
            and (self.array.size == 0 or int(self.array.min()) > lo)
        )
        return self.params.qtype(narrow)

    def transposed(self, perm: Sequence[int]) -> QConst:
        axis = self.params.axis
        params = self.params
        if axis is not None:
            params = QuantParams(
                params.storage, params.scales, params.zero_points, list(perm).index(axis),
                params.expressed,
            )
        return QConst(np.ascontiguousarray(self.array.transpose(perm)), params, self.name)

    def dequantized(self) -> np.ndarray:
        """`scale * (q - zero_point)` in f64, rounded to the expressed type."""
        scales, zero_points = self.params.broadcast(self.array.ndim)
        return qnt_kernels.dequantize(self.array, scales, zero_points, numpy_dtype(self.params.expressed))


@dataclass(eq=False)
class Dequantized:
    """The float output of a DequantizeLinear: the real value of `source`
    (a qnt value or a quantized constant), materialized only for a float
    consumer."""

    source: SSAValue | QConst
    name: str


def _fraction(x: float) -> Fraction:
    return Fraction(float(x))


@dataclass
class _Quantizer:
    """A Q node at the end of a quantized op's output chain."""

    proto: onnx.NodeProto
    qtype: UniformQuantizedType
    bounds: tuple[int | None, int | None]
    """`min` / `max` of the result's storage from the fused Relu / Clip
    (None: the storage bound)."""


@dataclass
class _Output:
    """Where a quantized op's float result goes."""

    quantizers: list[_Quantizer]
    bias: object | None
    """The constant operand of an Add fused as a bias."""
    bias_name: str | None


# --------------------------------------------------------------------------
# The importer
# --------------------------------------------------------------------------


class QdqImporter(GraphImporter):
    """The ONNX frontend for QDQ models (see the module docstring)."""

    def __init__(self, *args: Any, mode: str = "integer", **kwargs: Any):
        """`GraphImporter`'s arguments, and the import `mode` ("integer" or
        "fake-quant", `QDQ_MODES` of `asic.lowering.onnx.importer`)."""
        super().__init__(*args, **kwargs)
        self.integer = mode == "integer"
        self._absorbed: set[int] = set()
        self._consumers: dict[str, list[onnx.NodeProto]] | None = None
        self._stored_view = False
        self._dequantize_ops: dict[SSAValue, SSAValue] = {}
        self._float_consts: dict[QConst, Const] = {}
        self._derived_q: dict[tuple[QConst, tuple], QConst] = {}

    # -- tensors ---------------------------------------------------------------

    def raw(self, name: str) -> object:
        """What `name` stands for: an SSA value, a `Const`, a `QConst` or a
        `Dequantized`."""
        return super().lookup(name)

    def lookup(self, name: str) -> Tensor:
        """`name` as the float converters see it: a DQ output is its float
        value (a `qnt.dequantize`, or the dequantized constant), except for
        a layout op on the stored integers."""
        t = super().lookup(name)
        if isinstance(t, Dequantized):
            if self._stored_view and isinstance(t.source, SSAValue):
                return t.source
            return self.realize(t)
        return t  # type: ignore[return-value]

    def realize(self, d: Dequantized) -> SSAValue | Const:
        """The float value of a DQ output."""
        if isinstance(d.source, QConst):
            const = self._float_consts.get(d.source)
            if const is None:
                const = Const(d.source.dequantized(), d.source.name)
                self._float_consts[d.source] = const
            return const
        value = self._dequantize_ops.get(d.source)
        if value is None:
            op = qnt.DequantizeOp(d.source)
            base = _base_name(d.name)
            op.result.name_hint = name_hint(d.name if base == d.name else f"{base}_dq")
            self.block.add_op(op)
            value = self._dequantize_ops[d.source] = op.result
        return value

    def materialize(self, const: Const, node: Node | None) -> SSAValue:
        if not isinstance(const, QConst):
            return super().materialize(const, node)
        value = self._materialized.get(const)  # type: ignore[arg-type]
        if value is not None:
            return value
        if const.is_bias:
            lo, hi = (int(const.array.min()), int(const.array.max())) if const.array.size else (0, 0)
            element: Attribute = IntegerType(max(2, integer_width(lo, hi)))
        else:
            element = const.qtype()
        op = qnt.ConstantOp.from_array(self.constant_names.fresh(const.name), const.array, element)
        op.result.name_hint = name_hint(const.name)
        self.block.add_op(op)
        self._materialized[const] = op.result  # type: ignore[index]
        return op.result

    def derive_q(self, const: QConst, key: tuple, compute: Callable[[QConst], QConst]) -> QConst:
        """A quantized constant in another layout, computed once per key."""
        derived = self._derived_q.get((const, key))
        if derived is None:
            derived = self._derived_q[(const, key)] = compute(const)
        return derived

    # -- nodes -----------------------------------------------------------------

    def supported_op_types(self) -> list[str]:
        return sorted([*super().supported_op_types(), *QDQ_OP_TYPES])

    @property
    def consumers(self) -> dict[str, list[onnx.NodeProto]]:
        """The imported nodes reading each tensor, each once."""
        if self._consumers is None:
            readers: dict[str, list[int]] = {}
            for index in self.order:
                for name in dict.fromkeys(n for n in self.graph.node[index].input if n):
                    readers.setdefault(name, []).append(index)
            self._consumers = {
                name: [self.graph.node[i] for i in indices] for name, indices in readers.items()
            }
        return self._consumers

    def index_of(self, proto: onnx.NodeProto) -> int:
        return self.producers[next(o for o in proto.output if o)]

    def convert_node(self, proto: onnx.NodeProto) -> None:
        if any(proto.output) and self.index_of(proto) in self._absorbed:
            return
        if proto.domain in DEFAULT_DOMAINS:
            if proto.op_type in QOPERATOR_OP_TYPES:
                self.node(proto).fail(
                    "QOperator-format models are not supported; asic-opt imports QDQ "
                    "models (quantize_static with quant_format=QuantFormat.QDQ)"
                )
            if proto.op_type == "QuantizeLinear":
                self._quantize_linear(self.node(proto))
                return
            if proto.op_type == "DequantizeLinear":
                self._dequantize_linear(self.node(proto))
                return
        for name in proto.input:
            if name and _holds_stored_integers(self.raw(name)):
                self.node(proto).fail(
                    f"input '{name}' holds the stored integers of a QuantizeLinear; they are "
                    "supported as the input of DequantizeLinear only"
                )
        if self.integer and any(
            isinstance(self.raw(n), Dequantized) for n in proto.input if n
        ):
            if proto.op_type in LAYOUT_OP_TYPES and isinstance(self.raw(proto.input[0]), Dequantized):
                self._layout(proto)
                return
            pattern = PATTERNS.get(proto.op_type)
            if pattern is not None:
                pattern(self, self.node(proto))
                return
        super().convert_node(proto)

    def stored_ops(self) -> Mapping[type[Operation], type[Operation]]:
        return _LAYOUT_OPS if self._stored_view else {}

    def _layout(self, proto: onnx.NodeProto) -> None:
        """A layout op on a DQ output: the frontend's converter on the stored
        integers (its nn layout ops become qnt's), the result a DQ output."""
        self._stored_view = True
        try:
            super().convert_node(proto)
        finally:
            self._stored_view = False
        for name in proto.output:
            t = self.env.get(name)
            if isinstance(t, SSAValue) and _is_quantized(t):
                self.env[name] = Dequantized(t, name)

    def build(self, node: Node, make: Callable[[], Operation], hint: str | None = None) -> SSAValue:
        """Create (`make`), verify and add an op for `node`; an op that cannot
        be built (shapes, a multiplier that does not fit, a verifier error)
        is a diagnostic about the node."""
        try:
            op = make()
            op.verify()
        except (VerifyException, ValueError) as error:
            node.fail(f"cannot be expressed in qnt: {error}")
        if hint is not None:
            op.results[0].name_hint = name_hint(hint)
        self.block.add_op(op)
        return op.results[0]

    # -- QuantizeLinear / DequantizeLinear ------------------------------------------

    def params(self, node: Node, rank: int | None) -> QuantParams:
        """The parameters of a Q or DQ node, for an input of rank `rank`
        (None: not known yet, a constant's)."""
        if node.attr("block_size", 0):
            node.fail("blocked quantization (block_size) is not supported; quantize per tensor or per axis")
        scale = node.const(1, "the scale")
        if scale.dtype.kind != "f":
            node.fail(f"the scale must be a float tensor, got {scale.dtype}")
        if scale.ndim > 1:
            node.fail(f"the scale must be a scalar or 1-D, got shape {list(scale.shape)}")
        # Opset 25 DequantizeLinear `output_dtype`, QuantizeLinear `precision`
        # (both default to the scale's type, the only one supported).
        attribute = "output_dtype" if node.op_type == "DequantizeLinear" else "precision"
        if wanted := int(node.attr(attribute, 0)):
            if onnx.helper.tensor_dtype_to_np_dtype(wanted) != scale.dtype:
                node.fail(f"{attribute} other than the scale's type ({scale.dtype}) is not supported")
        flat_scales = [float(s) for s in scale.reshape(-1)]
        if not flat_scales:
            node.fail("the scale is empty")
        for s in flat_scales:
            if not (math.isfinite(s) and s > 0):
                node.fail(f"scale {s} is not supported; scales must be positive and finite")
        storage = self._storage(node)
        if node.has_input(2):
            zp = node.const(2, "the zero point").astype(np.int64).reshape(-1)
            if zp.size not in (1, len(flat_scales)):
                node.fail(f"the zero point has {zp.size} values, the scale {len(flat_scales)}")
            zero_points = [int(z) for z in np.broadcast_to(zp, (len(flat_scales),))]
        else:
            zero_points = [0] * len(flat_scales)
        axis = None
        if scale.ndim == 1 and len(flat_scales) > 1:
            axis = int(node.attr("axis", 1))
            if rank is not None:
                if not -rank <= axis < rank:
                    node.fail(f"axis {axis} is out of range for a tensor of rank {rank}")
                axis %= rank
        else:
            flat_scales, zero_points = flat_scales[:1], zero_points[:1]
        return QuantParams(
            storage, tuple(flat_scales), tuple(zero_points), axis, element_type_for(scale.dtype)
        )

    def _storage(self, node: Node) -> str:
        """The storage of the quantized side of a Q or DQ: the zero point's
        type, else Q's `output_dtype` (default UINT8) or DQ's input type."""
        onnx_type: int | None = None
        if node.has_input(2):
            onnx_type = self._onnx_type(node.input_name(2))
        elif node.op_type == "QuantizeLinear":
            onnx_type = int(node.attr("output_dtype", 0)) or TensorProto.UINT8
        else:
            onnx_type = self._onnx_type(node.input_name(0))
        storage = _STORAGE.get(onnx_type) if onnx_type is not None else None
        if storage is None or (storage == "i32" and node.op_type == "QuantizeLinear"):
            what = TensorProto.DataType.Name(onnx_type) if onnx_type in TensorProto.DataType.values() else "?"
            node.fail(f"quantized type {what} is not supported; supported types are {_SUPPORTED_STORAGE}")
        return storage

    def _onnx_type(self, name: str) -> int | None:
        """The ONNX element type of an initializer, a graph input or an
        integer import-time tensor."""
        if name in self.initializers:
            return self.initializers[name].data_type
        for v in self.graph.input:
            if v.name == name:
                return v.type.tensor_type.elem_type
        t = self.raw(name)
        if isinstance(t, Const) and t.array.dtype.name in _NUMPY_STORAGE:
            return _ONNX_TYPES[_NUMPY_STORAGE[t.array.dtype.name]]
        if isinstance(t, SSAValue) and _is_quantized(t):
            return _ONNX_TYPES.get(quantized_type_of(t).storage)
        return None

    def _quantize_linear(self, node: Node) -> None:
        name = node.input_name(0)
        x = self.raw(name)
        if _holds_stored_integers(x):
            node.fail(f"input '{name}' is not a float tensor; QuantizeLinear quantizes float tensors")
        params = self.params(node, len(shape_of_any(x)))
        out = node.proto.output[0]
        if isinstance(x, Dequantized) and self.integer:
            # DQ -> Q: the stored integers in another type.
            qtype = self._activation_type(node, params, name)
            value = self.stored(node, x, f"input '{name}'")
            self.env[out] = self.rescale(node, value, qtype, (None, None), hint=_base_name(out))
            return
        t = self.lookup(name)
        if isinstance(t, Const):
            if t.array.dtype.kind != "f":
                node.fail(f"input '{name}' is an integer constant; QuantizeLinear quantizes float tensors")
            scales, zero_points = params.broadcast(t.array.ndim)
            qtype = params.qtype()
            check_finite(node, t.array, f"the float constant '{name}'")
            array = qnt_kernels.quantize(t.array, scales, zero_points, qtype.qmin, qtype.qmax)
            self.env[out] = QConst(array, params, t.name)
            return
        if not _is_float(t):
            node.fail(f"input '{name}' is not a float tensor; QuantizeLinear quantizes float tensors")
        qtype = self._activation_type(node, params, name)
        self.env[out] = self.build(node, lambda: qnt.QuantizeOp(t, qtype), f"{name}_q")

    def _activation_type(self, node: Node, params: QuantParams, name: str) -> UniformQuantizedType:
        if params.per_axis:
            node.fail(
                f"'{name}' is quantized per axis; qnt quantizes activations per tensor "
                "(only constant weights may be quantized per axis)"
            )
        return params.qtype()

    def _dequantize_linear(self, node: Node) -> None:
        name = node.input_name(0)
        x = self.raw(name)
        out = node.proto.output[0]
        if isinstance(x, Const) and x.array.dtype.kind in "iuV":  # V: ml_dtypes' int4
            params = self.params(node, x.array.ndim)
            array = x.array.astype(np.int64)
            self.env[out] = Dequantized(QConst(array, params, x.name), out)
            return
        if isinstance(x, QConst):
            params = self.params(node, x.array.ndim)
            if params != x.params:
                self._mismatch(node, name, params, x.params.qtype())
            self.env[out] = Dequantized(x, out)
            return
        if isinstance(x, SSAValue) and _is_quantized(x):
            qtype = quantized_type_of(x)
            params = self.params(node, len(shape_of(x)))
            if not params.matches(qtype):
                self._mismatch(node, name, params, qtype)
            self.env[out] = Dequantized(x, out)
            return
        if isinstance(x, SSAValue) and x in self.block.args and not _is_float(x):
            node.fail(
                f"input '{name}' is an integer graph input; DequantizeLinear is supported "
                "on the output of a QuantizeLinear or on an integer initializer (give the "
                "model float inputs and quantize them in the graph)"
            )
        node.fail(
            f"input '{name}' is not quantized; DequantizeLinear is supported on the output "
            "of a QuantizeLinear or on an integer initializer"
        )

    def _mismatch(self, node: Node, name: str, params: QuantParams, qtype: UniformQuantizedType) -> NoReturn:
        node.fail(
            f"reads '{name}' with {params.qtype()} but it holds {qtype}; a DequantizeLinear "
            "must use the scale and zero point its input was quantized with"
        )

    # -- what the patterns use -------------------------------------------------------

    def dequantized(self, node: Node, i: int) -> Dequantized | None:
        t = self.raw(node.input_name(i)) if node.has_input(i) else None
        return t if isinstance(t, Dequantized) else None

    def stored(self, node: Node, d: Dequantized, what: str) -> SSAValue:
        """The stored integers behind a DQ output, a per-tensor quantized qnt
        value (a quantized constant is materialized)."""
        if isinstance(d.source, QConst):
            if d.source.is_bias:
                node.fail(f"{what} is an INT32 constant; INT32 is supported for the bias of Conv, Gemm and MatMul only")
            return self.materialize(d.source, node)  # type: ignore[arg-type]
        return d.source

    def activation(self, node: Node, i: int, what: str) -> SSAValue:
        """Input `i`, which must be a DQ output quantized per tensor."""
        d = self.dequantized(node, i)
        name = node.input_name(i) if node.has_input(i) else ""
        if d is None:
            node.fail(
                f"{what} '{name}' is not quantized (it is not the output of a "
                f"DequantizeLinear); {node.op_type} on quantized tensors needs every "
                f"data input quantized" + _FAKE_QUANT_HINT
            )
        value = self.stored(node, d, f"{what} '{name}'")
        if quantized_type_of(value).is_per_axis:
            node.fail(
                f"{what} '{name}' is quantized per axis; {node.op_type} needs it quantized "
                "per tensor" + _FAKE_QUANT_HINT
            )
        return value

    def weight(self, node: Node, i: int, channel_axis: int, what: str = "the weight") -> QConst:
        """Input `i`: a DQ of a constant integer initializer, per tensor or
        per axis along `channel_axis`."""
        d = self.dequantized(node, i)
        name = node.input_name(i)
        if d is None or not isinstance(d.source, QConst) or d.source.is_bias:
            node.fail(
                f"{what} '{name}' is not a quantized constant; a quantized {node.op_type} "
                "needs its weight from a DequantizeLinear of a constant integer initializer "
                f"({_INTEGER_TYPES})" + _FAKE_QUANT_HINT
            )
        w = d.source
        axis = w.params.axis
        if axis is not None and axis != channel_axis % w.array.ndim:
            node.fail(
                f"{what} '{name}' is quantized per axis along axis {axis}; per-axis "
                f"weights of {node.op_type} are supported along the output channels "
                f"(axis {channel_axis % w.array.ndim})"
            )
        return w

    def bias(
        self, node: Node, t: object, name: str, x: SSAValue, w: QConst, channels: int
    ) -> SSAValue:
        """The bias `t` at the accumulator scale `scale_x * scale_w[o]`: a DQ of
        an INT32 constant with that scale and zero point 0, or a float
        constant quantized here. A signless constant just wide enough."""
        sx = quantized_type_of(x).scale
        sw = np.broadcast_to(np.asarray(w.params.scales, np.float64), (channels,))
        acc_scales = sx * sw
        if isinstance(t, Dequantized) and isinstance(t.source, QConst) and t.source.is_bias:
            b = t.source
            row = _row(b.array, channels)
            if row is None:
                node.fail(f"the bias '{name}' has shape {list(b.shape)}; a bias of [{channels}] or [1, {channels}] is supported")
            if any(b.params.zero_points):
                node.fail(f"the bias '{name}' has a nonzero zero point; INT32 biases must have zero point 0")
            scales = np.broadcast_to(np.asarray(b.params.scales, np.float64), (channels,))
            if not np.allclose(scales, acc_scales, rtol=1e-5, atol=0):
                worst = int(np.argmax(np.abs(scales - acc_scales) / acc_scales))
                node.fail(
                    f"the bias '{name}' has scale {scales[worst]:.9g} (channel {worst}) but the "
                    f"accumulator has scale {acc_scales[worst]:.9g} = input scale x weight scale; "
                    "an INT32 bias must be quantized to the accumulator's scale"
                )
            const = self.derive_q(b, ("row", channels), lambda c: QConst(row, c.params, c.name))
        elif isinstance(t, Const) and t.array.dtype.kind == "f":
            row = _row(t.array, channels)
            if row is None:
                node.fail(f"the bias '{name}' has shape {list(t.shape)}; a bias of [{channels}] or [1, {channels}] is supported")
            lo, hi = -(2**31), 2**31 - 1
            check_finite(node, row, f"the float bias '{name}'")
            q = qnt_kernels.quantize(row, acc_scales, 0, lo, hi)
            params = QuantParams("i32", tuple(float(s) for s in acc_scales), (0,) * channels, 0, element_type_for(t.array.dtype))
            const = QConst(q, params, t.name)
        else:
            node.fail(
                f"the bias '{name}' is neither a DequantizeLinear of an INT32 initializer nor a "
                "float constant; the bias of a quantized op must be constant" + _FAKE_QUANT_HINT
            )
        return self.materialize(const, node)  # type: ignore[arg-type]

    def follow(self, node: Node, *, bias: bool = False) -> _Output:
        """The chain from a quantized op's float output to its Q nodes:
        Relu / Clip nodes (and, with `bias`, first an Add of a constant)."""
        name = node.proto.output[0]
        lo, hi = activation_bounds(node) if node.op_type in ("Relu", "Clip") else (None, None)
        absorbed: list[int] = []
        fused_bias, bias_name = None, None
        while True:
            users = self.consumers.get(name, [])
            if name in self.result_names:
                node.fail(
                    f"its output '{name}' is a graph output; the result of a quantized "
                    f"{node.op_type} must go to QuantizeLinear nodes, directly or through "
                    "Relu or Clip" + _FAKE_QUANT_HINT
                )
            if users and all(u.op_type == "QuantizeLinear" for u in users):
                break
            if len(users) == 1 and users[0].op_type in ("Relu", "Clip"):
                user = self.node(users[0])
                a, b = activation_bounds(user)
                lo = a if lo is None else (lo if a is None else max(lo, a))
                hi = b if hi is None else (hi if b is None else min(hi, b))
            elif bias and fused_bias is None and lo is None and hi is None and len(users) == 1 and users[0].op_type == "Add":
                user = self.node(users[0])
                operands = [user.input_name(0), user.input_name(1)]
                if operands.count(name) != 1:
                    node.fail(f"its output '{name}' is added to itself; a quantized {node.op_type} is supported with an Add of a constant bias")
                bias_name = operands[1 - operands.index(name)]
                fused_bias = self.raw(bias_name)
                if not (isinstance(fused_bias, Const) or (isinstance(fused_bias, Dequantized) and isinstance(fused_bias.source, QConst))):
                    user.fail(
                        f"adds '{bias_name}', which is not a constant, to the unquantized "
                        f"result of {node.label()}; the result of a quantized {node.op_type} "
                        "must be quantized before it is added to another tensor, or have a "
                        "constant bias added" + _FAKE_QUANT_HINT
                    )
            else:
                readers = ", ".join(self.node(u).label() for u in users)
                node.fail(
                    f"its output '{name}' is used by {readers}; the result of a quantized "
                    f"{node.op_type} must go to QuantizeLinear nodes, directly or through "
                    "Relu or Clip" + (" (and an Add of a constant bias)" if bias else "")
                    + _FAKE_QUANT_HINT
                )
            absorbed.append(self.producers[users[0].output[0]])
            name = users[0].output[0]
        if lo is not None and hi is not None and lo > hi:
            node.fail(f"its output is clipped to an empty range [{lo}, {hi}]")
        quantizers = []
        for q in users:
            qnode = self.node(q)
            params = self.params(qnode, None)
            qtype = self._activation_type(qnode, params, name)
            quantizers.append(_Quantizer(q, qtype, storage_bounds(qtype, lo, hi)))
        self._absorbed.update(absorbed)
        return _Output(quantizers, fused_bias, bias_name)

    def bind(self, q: _Quantizer, value: SSAValue) -> None:
        """`value` is the output of the Q node `q`."""
        self._absorbed.add(self.index_of(q.proto))
        self.env[q.proto.output[0]] = value

    def requantize(
        self,
        node: Node,
        acc: SSAValue,
        q: _Quantizer,
        reals: Sequence[Fraction],
        axis: int,
        hint: str,
    ) -> SSAValue:
        """`qnt.requantize` of `acc` by the real multipliers, into Q's type."""
        bits = min(MULTIPLIER_BITS, MAX_PRODUCT_BITS - _value_width(acc))
        lo, hi = q.bounds
        return self.build(
            node,
            lambda: qnt.RequantizeOp.from_scales(acc, q.qtype, reals, axis=axis, min=lo, max=hi, bits=bits),
            hint,
        )

    def rescale(
        self,
        node: Node,
        value: SSAValue,
        qtype: UniformQuantizedType,
        bounds: tuple[int | None, int | None],
        hint: str,
    ) -> SSAValue:
        """`value` (quantized per tensor) in `qtype` and clamped to `bounds`:
        itself, a `qnt.clamp`, or a `qnt.requantize`."""
        src = quantized_type_of(value)
        lo, hi = bounds
        if src == qtype:
            if lo is None and hi is None:
                return value
            return self.build(node, lambda: qnt.ClampOp(value, min=lo, max=hi), hint)
        q = _Quantizer(node.proto, qtype, bounds)
        return self.requantize(node, value, q, [_fraction(src.scale) / _fraction(qtype.scale)], 1, hint)

    def finish(self, node: Node, q: _Quantizer, value: SSAValue, hint: str) -> None:
        """Bind Q's output to `value` (already of Q's type) clamped to the
        fused Relu / Clip bounds."""
        lo, hi = q.bounds
        if lo is not None or hi is not None:
            value = self.build(node, lambda: qnt.ClampOp(value, min=lo, max=hi), hint)
        self.bind(q, value)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _is_quantized(value: SSAValue) -> bool:
    return isinstance(value.type, TensorType) and isinstance(
        value.type.get_element_type(), UniformQuantizedType
    )


def _is_float(value: SSAValue) -> bool:
    return isinstance(value.type, TensorType) and isinstance(
        value.type.get_element_type(), FLOAT_ELEMENT_TYPES
    )


def _holds_stored_integers(t: object) -> bool:
    """A Q output: a quantized constant or a qnt value."""
    return isinstance(t, QConst) or (isinstance(t, SSAValue) and _is_quantized(t))


def shape_of_any(t: object) -> tuple[int, ...]:
    if isinstance(t, Dequantized):
        return shape_of_any(t.source)
    if isinstance(t, QConst):
        return t.shape
    return shape_of(t)  # type: ignore[arg-type]


def _value_width(value: SSAValue) -> int:
    """Bits of what requantize multiplies: the accumulator, or `q - zq`."""
    assert isinstance(value.type, TensorType)
    element = value.type.get_element_type()
    if isinstance(element, UniformQuantizedType):
        return integer_width(element.qmin - element.zero_point, element.qmax - element.zero_point)
    assert isinstance(element, IntegerType)
    return element.width.data


def _row(array: np.ndarray, n: int) -> np.ndarray | None:
    """`array` as an [n] bias, if it is [n], [1, n] or a scalar."""
    if array.ndim == 0 or (array.ndim <= 2 and all(d == 1 for d in array.shape[:-1])):
        flat = array.reshape(-1)
        if flat.size in (1, n):
            return np.ascontiguousarray(np.broadcast_to(flat, (n,)))
    return None


def _base_name(dq_output: str) -> str:
    """A readable name for a quantized tensor from its DQ output's name."""
    for suffix in ("_DequantizeLinear_Output", "_QuantizeLinear_Output"):
        if dq_output.endswith(suffix):
            return dq_output[: -len(suffix)]
    return dq_output


def activation_bounds(node: Node) -> tuple[float | None, float | None]:
    """The real clamp `[lo, hi]` of a Relu or Clip node (None: unbounded)."""
    if node.op_type == "Relu":
        return 0.0, None
    if node.version < 11:
        lo, hi = node.attr("min"), node.attr("max")
        return (None if lo is None else float(lo)), (None if hi is None else float(hi))
    bounds: list[float | None] = []
    for i, what in ((1, "min"), (2, "max")):
        if node.has_input(i):
            value = node.const(i, f"the {what} bound")
            if value.size != 1:
                node.fail(f"the {what} bound must be a scalar, got shape {list(value.shape)}")
            bounds.append(float(value.reshape(-1)[0]))
        else:
            bounds.append(None)
    return bounds[0], bounds[1]


def storage_bounds(
    qtype: UniformQuantizedType, lo: float | None, hi: float | None
) -> tuple[int | None, int | None]:
    """The stored `[min, max]` that quantizing `clamp(v, lo, hi)` amounts to:
    `zy + round_half_away(bound / scale)` inside the storage range; None
    where it is the storage bound."""

    def bound(real: float | None, default: int) -> int | None:
        if real is None:
            return None
        if math.isinf(real):
            value = qtype.qmax if real > 0 else qtype.qmin
        else:
            value = qtype.zero_point + round_half_away(_fraction(real) / _fraction(qtype.scale))
        value = min(max(value, qtype.qmin), qtype.qmax)
        return None if value == default else value

    return bound(lo, qtype.qmin), bound(hi, qtype.qmax)


# --------------------------------------------------------------------------
# The integer patterns
# --------------------------------------------------------------------------

PATTERNS: dict[str, Callable[[QdqImporter, Node], None]] = {}


def pattern(*op_types: str) -> Callable[[Callable[[QdqImporter, Node], None]], Callable[[QdqImporter, Node], None]]:
    def register(function: Callable[[QdqImporter, Node], None]) -> Callable[[QdqImporter, Node], None]:
        for op_type in op_types:
            PATTERNS[op_type] = function
        return function

    return register


LAYOUT_OP_TYPES = ("Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Identity", "Dropout")

_LAYOUT_OPS: dict[type[Operation], type[Operation]] = {
    nn.ReshapeOp: qnt.ReshapeOp,
    nn.FlattenOp: qnt.FlattenOp,
    nn.TransposeOp: qnt.TransposeOp,
}


def _requantize_all(
    imp: QdqImporter,
    node: Node,
    out: _Output,
    acc: SSAValue,
    sx: float,
    sw: Sequence[float],
    axis: int,
) -> None:
    """Bind every Q of `out` to a requantization of `acc` by `sx * sw / sy`
    (named after the tensor the Q quantizes)."""
    for q in out.quantizers:
        sy = _fraction(q.qtype.scale)
        reals = [_fraction(sx) * _fraction(s) / sy for s in sw]
        imp.bind(q, imp.requantize(node, acc, q, reals, axis, q.proto.input[0]))


def _spatial_2d(node: Node, rank: int, what: str) -> None:
    if rank != 4:
        node.fail(
            f"a quantized {what} is supported on 2-D inputs (rank 4, NCHW), got rank {rank}"
            + _FAKE_QUANT_HINT
        )


@pattern("Conv")
def _conv(imp: QdqImporter, node: Node) -> None:
    x = imp.activation(node, 0, "the input")
    _spatial_2d(node, len(shape_of(x)), "Conv")
    w = imp.weight(node, 1, 0)
    if w.array.ndim != 4:
        node.fail(f"the weight has rank {w.array.ndim}, the input rank 4")
    kernel = list(w.shape[2:])
    declared = node.ints_attr("kernel_shape")
    if declared is not None and list(declared) != kernel:
        node.fail(f"kernel_shape {declared} does not match the weight's shape {list(w.shape)}")
    strides, pads, dilations = window_geometry(node, shape_of(x)[2:], kernel)
    out = imp.follow(node)
    weight = imp.materialize(w, node)  # type: ignore[arg-type]
    bias = None
    if node.has_input(2):
        bias = imp.bias(node, imp.raw(node.input_name(2)), node.input_name(2), x, w, w.shape[0])
    name = node.proto.output[0]
    groups = int(node.attr("group", 1))
    acc = imp.build(
        node,
        lambda: qnt.Conv2dOp(x, weight, bias, strides=strides, pads=pads, dilations=dilations, groups=groups),
        f"{name}_acc",
    )
    _requantize_all(imp, node, out, acc, quantized_type_of(x).scale, w.params.scales, 1)


def _dense_weight(imp: QdqImporter, node: Node, w: QConst, layout: str) -> QConst:
    """The [N, K] dense weight of a [K, N] (`kn`) or [N, K] weight."""
    if layout == "nk":
        return w
    return imp.derive_q(w, ("transpose", (1, 0)), lambda c: c.transposed((1, 0)))


def _dense(imp: QdqImporter, node: Node, x: SSAValue, w: QConst, bias_input: int | None) -> None:
    """`qnt.dense` of `x` [M, K] and the [N, K] weight `w`, with the bias
    of input `bias_input` or a fused Add."""
    out = imp.follow(node, bias=bias_input is None)
    n = w.shape[0]
    weight = imp.materialize(w, node)  # type: ignore[arg-type]
    bias = None
    if bias_input is not None and node.has_input(bias_input):
        bias = imp.bias(node, imp.raw(node.input_name(bias_input)), node.input_name(bias_input), x, w, n)
    elif out.bias is not None:
        assert out.bias_name is not None
        bias = imp.bias(node, out.bias, out.bias_name, x, w, n)
    name = node.proto.output[0]
    acc = imp.build(node, lambda: qnt.DenseOp(x, weight, bias), f"{name}_acc")
    _requantize_all(imp, node, out, acc, quantized_type_of(x).scale, w.params.scales, 1)


@pattern("Gemm")
def _gemm(imp: QdqImporter, node: Node) -> None:
    if float(node.attr("alpha", 1.0)) != 1.0 or float(node.attr("beta", 1.0)) != 1.0:
        node.fail("a quantized Gemm is supported with alpha = beta = 1" + _FAKE_QUANT_HINT)
    if node.attr("transA", 0):
        node.fail("a quantized Gemm is supported without transA" + _FAKE_QUANT_HINT)
    x = imp.activation(node, 0, "the input")
    if len(shape_of(x)) != 2:
        node.fail("Gemm is supported on 2-D A and B")
    trans_b = bool(node.attr("transB", 0))
    w = imp.weight(node, 1, 0 if trans_b else 1)
    if w.array.ndim != 2:
        node.fail("Gemm is supported on 2-D A and B")
    _dense(imp, node, x, _dense_weight(imp, node, w, "nk" if trans_b else "kn"), 2)


@pattern("MatMul")
def _matmul(imp: QdqImporter, node: Node) -> None:
    a = imp.activation(node, 0, "the left operand")
    sa = shape_of(a)
    rhs = imp.dequantized(node, 1)
    if rhs is not None and isinstance(rhs.source, QConst):
        w = imp.weight(node, 1, -1)
        if w.array.ndim != 2 or len(sa) < 2:
            node.fail(
                f"a quantized MatMul with a constant right operand is supported for an "
                f"input of rank >= 2 and a 2-D weight, got {list(sa)} @ {list(w.shape)}"
            )
        if len(sa) == 2:
            _dense(imp, node, a, _dense_weight(imp, node, w, "kn"), None)
            return
        rhs_value = imp.materialize(w, node)  # type: ignore[arg-type]
        scales = w.params.scales
    else:
        rhs_value = imp.activation(node, 1, "the right operand")
        scales = (quantized_type_of(rhs_value).scale,)
    if len(sa) < 2 or len(shape_of(rhs_value)) < 2:
        node.fail("a quantized MatMul is supported on operands of rank >= 2")
    out = imp.follow(node)
    name = node.proto.output[0]
    acc = imp.build(node, lambda: qnt.MatmulOp(a, rhs_value), f"{name}_acc")
    _requantize_all(imp, node, out, acc, quantized_type_of(a).scale, scales, -1)


@pattern("Add")
def _add(imp: QdqImporter, node: Node) -> None:
    a = imp.activation(node, 0, "input")
    b = imp.activation(node, 1, "input")
    out = imp.follow(node)
    name = node.proto.output[0]
    for q in out.quantizers:
        lo, hi = q.bounds
        imp.bind(q, imp.build(node, lambda: qnt.AddOp.from_types(a, b, q.qtype, min=lo, max=hi), q.proto.input[0]))


_CLAMP_OP_TYPES = ("Relu", "Clip")


@pattern(*_CLAMP_OP_TYPES)
def _clamp(imp: QdqImporter, node: Node) -> None:
    x = imp.activation(node, 0, "the input")
    out = imp.follow(node)
    for q in out.quantizers:
        imp.bind(q, imp.rescale(node, x, q.qtype, q.bounds, q.proto.input[0]))


@pattern("MaxPool", "AveragePool")
def _pool(imp: QdqImporter, node: Node) -> None:
    x = imp.activation(node, 0, "the input")
    xs = shape_of(x)
    _spatial_2d(node, len(xs), node.op_type)
    kernel = node.ints_attr("kernel_shape")
    if kernel is None or len(kernel) != 2:
        node.fail("kernel_shape must have 2 values, one per spatial axis")
    strides, pads, dilations = window_geometry(node, xs[2:], kernel)
    ceil_mode = bool(node.attr("ceil_mode", 0))
    if node.op_type == "MaxPool" and node.output_used(1):
        node.fail("the Indices output is not supported; MaxPool is supported with one output")
    out = imp.follow(node)
    name = node.proto.output[0]
    if node.op_type == "MaxPool":
        pooled = imp.build(
            node,
            lambda: qnt.Maxpool2dOp(x, kernel, strides=strides, pads=pads, dilations=dilations, ceil_mode=ceil_mode),
            name,
        )
        for q in out.quantizers:
            imp.bind(q, imp.rescale(node, pooled, q.qtype, q.bounds, q.proto.input[0]))
        return
    count_include_pad = bool(node.attr("count_include_pad", 0))
    for q in out.quantizers:
        pooled = imp.build(
            node,
            lambda: qnt.Avgpool2dOp.from_types(
                x, q.qtype, kernel, strides=strides, pads=pads, dilations=dilations, ceil_mode=ceil_mode,
                count_include_pad=count_include_pad,
            ),
            name,
        )
        imp.finish(node, q, pooled, name)


@pattern("GlobalAveragePool")
def _global_avgpool(imp: QdqImporter, node: Node) -> None:
    x = imp.activation(node, 0, "the input")
    _spatial_2d(node, len(shape_of(x)), "GlobalAveragePool")
    out = imp.follow(node)
    name = node.proto.output[0]
    for q in out.quantizers:
        imp.finish(node, q, imp.build(node, lambda: qnt.GlobalAvgpool2dOp.from_types(x, q.qtype), name), name)


@pattern("Concat")
def _concat(imp: QdqImporter, node: Node) -> None:
    parts = [imp.activation(node, i, f"input {i}") for i in range(node.num_inputs) if node.has_input(i)]
    rank = len(shape_of(parts[0]))
    axis = int(node.attr("axis", 1))
    if not -rank <= axis < rank:
        node.fail(f"axis {axis} is out of range for a tensor of rank {rank}")
    out = imp.follow(node)
    name = node.proto.output[0]
    for q in out.quantizers:
        imp.finish(node, q, imp.build(node, lambda: qnt.ConcatOp.from_types(parts, q.qtype, axis % rank), name), name)


@pattern(*(op_type for op_type in ELEMENTWISE if op_type not in _CLAMP_OP_TYPES))
def _lut(imp: QdqImporter, node: Node) -> None:
    x = imp.activation(node, 0, "the input")
    function = ELEMENTWISE[node.op_type].function(node)
    out = imp.follow(node)
    name = node.proto.output[0]
    for q in out.quantizers:
        with np.errstate(over="ignore"):
            table = imp.build(node, lambda: qnt.LutOp.from_function(x, q.qtype, function), name)
        imp.finish(node, q, table, name)


@pattern("ArgMax")
def _argmax(imp: QdqImporter, node: Node) -> None:
    x = imp.activation(node, 0, "the input")
    rank = len(shape_of(x))
    axis = int(node.attr("axis", 0))
    if not -rank <= axis < rank:
        node.fail(f"axis {axis} is out of range for a tensor of rank {rank}")
    keepdims = bool(node.attr("keepdims", 1))
    last = bool(node.attr("select_last_index", 0))
    node.set_output(
        0, imp.build(node, lambda: qnt.ArgmaxOp(x, axis % rank, keepdims=keepdims, select_last_index=last))
    )
