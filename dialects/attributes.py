"""Attributes and tensors the dialects share: the static tensor constraint,
the float element types, small attribute constructors and views (`i64_attr`,
`ints`, `shape_of`), and conversions between numpy arrays and the dense
tensor attributes that hold weights (`dense_from_array`, `array_from_dense`:
the attribute stores the raw little-endian bytes of the elements, so both
directions are a copy of a buffer, never a Python loop over elements)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    BytesAttr,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    AttrConstraint,
    VerificationContext,
)
from xdsl.utils.exceptions import VerifyException

if TYPE_CHECKING:
    pass



@dataclass(frozen=True)
class StaticTensorConstraint(AttrConstraint[TensorType]):
    """A statically shaped `tensor` whose element type is one of
    `element_types`; `description` names them in the error message."""

    element_types: tuple[Attribute, ...]
    description: str

    def verify(self, attr: Attribute, constraint_context: VerificationContext) -> None:
        if (
            not isinstance(attr, TensorType)
            or attr.get_element_type() not in self.element_types
            or any(d < 0 for d in attr.get_shape())
        ):
            raise VerifyException(
                f"expected a statically shaped tensor of {self.description}, got {attr}"
            )

    def get_bases(self) -> set[type[Attribute]] | None:
        return {TensorType}

    def mapping_type_vars(
        self, type_var_mapping: Mapping[TypeVar, object]
    ) -> StaticTensorConstraint:
        return self


FLOAT_TYPES = (Float16Type(), BFloat16Type(), Float32Type(), Float64Type())

INTEGER_TYPES = tuple(
    IntegerType(width, signedness)
    for signedness in (Signedness.SIGNLESS, Signedness.UNSIGNED)
    for width in (8, 16, 32, 64)
)
"""The integer element types of run-time tensors: i8 to i64 (two's
complement, ONNX's INT8 to INT64) and ui8 to ui64 (UINT8 to UINT64)."""


def element_kind(element_type: Attribute) -> str:
    """"float", "integer" (of `INTEGER_TYPES`), "boolean" (i1) or "other"."""
    if element_type in FLOAT_TYPES:
        return "float"
    if element_type in INTEGER_TYPES:
        return "integer"
    return "boolean" if element_type == i1 else "other"

MAX_CONSTANT_ELEMENTS = 1 << 28
"""The most elements a dense literal of the textual IR may have: parsers
expand a splat (`dense<1.0> : tensor<...>`) to all of its elements (xDSL's
builtin one, and qnt.constant's), so a larger type is refused before that."""


I64Tensor = StaticTensorConstraint((i64,), "i64")
"""Argmax indices."""


def i64_array(values: Sequence[int]) -> DenseArrayBase:
    """A `array<i64: ...>` property from Python ints."""
    return DenseArrayBase.from_list(i64, [int(v) for v in values])


def f64_attr(value: float) -> FloatAttr:
    return FloatAttr(float(value), Float64Type())


def i64_attr(value: int) -> IntegerAttr:
    return IntegerAttr(int(value), i64)


def bool_attr(value: bool) -> IntegerAttr:
    return IntegerAttr(1 if value else 0, i1)


def ints(attr: DenseArrayBase) -> tuple[int, ...]:
    """The Python ints of an `array<i64: ...>` property."""
    return tuple(int(v) for v in attr.get_values())


def shape_of(value: SSAValue | Attribute) -> tuple[int, ...]:
    """Static shape of a tensor value or tensor type."""
    ty = value.type if isinstance(value, SSAValue) else value
    assert isinstance(ty, TensorType)
    return tuple(ty.get_shape())


def element_type_of(value: SSAValue) -> Attribute:
    ty = value.type
    assert isinstance(ty, TensorType)
    return ty.get_element_type()


_FLOAT_DTYPES: dict[type, np.dtype] = {
    Float16Type: np.dtype("<f2"),
    Float32Type: np.dtype("<f4"),
    Float64Type: np.dtype("<f8"),
}


def numpy_dtype(element_type: Attribute) -> np.dtype:
    """The numpy dtype that holds elements of `element_type` exactly."""
    if type(element_type) in _FLOAT_DTYPES:
        return _FLOAT_DTYPES[type(element_type)]
    if isinstance(element_type, IntegerType):
        width = element_type.width.data
        kind = "u" if element_type.signedness.data == Signedness.UNSIGNED else "i"
        for size in (8, 16, 32, 64):
            if width <= size:
                return np.dtype(f"<{kind}{size // 8}")
    raise ValueError(f"element type {element_type} has no numpy equivalent")


def element_type_for(dtype: np.dtype) -> Attribute:
    """The IR element type of a numpy float or integer dtype."""
    dtype = np.dtype(dtype)
    for ty, dt in _FLOAT_DTYPES.items():
        if dt == dtype.newbyteorder("<"):
            return ty()
    if dtype.kind == "i":
        return IntegerType(dtype.itemsize * 8)
    if dtype.kind == "u":
        return IntegerType(dtype.itemsize * 8, Signedness.UNSIGNED)
    if dtype.kind == "b":
        return IntegerType(1)
    raise ValueError(f"numpy dtype {dtype} has no IR element type")


def dense_from_array(
    array: np.ndarray, element_type: Attribute | None = None
) -> DenseIntOrFPElementsAttr:
    """A dense attribute holding `array`, converted to `element_type` (by
    default the element type of the array's dtype)."""
    if element_type is None:
        element_type = element_type_for(array.dtype)
    data = np.ascontiguousarray(array, dtype=numpy_dtype(element_type))
    ty = TensorType(element_type, data.shape)
    return DenseIntOrFPElementsAttr(ty, BytesAttr(data.tobytes()))


def array_from_dense(attr: DenseIntOrFPElementsAttr) -> np.ndarray:
    """The elements of `attr` as a numpy array of its shape (a splat stored
    as one element is broadcast). The array is read-only: it views the IR."""
    dtype = numpy_dtype(attr.get_element_type())
    flat = np.frombuffer(attr.data.data, dtype=dtype)
    shape = tuple(attr.get_shape())
    if flat.size == 1 and flat.size != int(np.prod(shape)):
        return np.broadcast_to(flat.reshape(()), shape)
    return flat.reshape(shape)

def format_float(value: float) -> str:
    """A float as the custom syntax spells it: the shortest decimal that reads
    back exactly, always with a `.` (`1.0e-05`, not `1e-05`, which the MLIR
    lexer reads as the integer 1), or `inf`, `-inf`, `nan`."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    mantissa, e, exponent = repr(value).partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + e + exponent
