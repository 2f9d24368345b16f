"""Conversions between numpy arrays and the dense tensor attributes that hold
weights and constants in the IR.

The attribute stores the raw little-endian bytes of the elements, so both
directions are a copy of a buffer, never a Python loop over elements.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import (
    BytesAttr,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    TensorType,
)
from xdsl.ir import Attribute

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
        for size in (8, 16, 32, 64):
            if width <= size:
                return np.dtype(f"<i{size // 8}")
    raise ValueError(f"element type {element_type} has no numpy equivalent")


def element_type_for(dtype: np.dtype) -> Attribute:
    """The IR element type of a numpy float or integer dtype."""
    dtype = np.dtype(dtype)
    for ty, dt in _FLOAT_DTYPES.items():
        if dt == dtype.newbyteorder("<"):
            return ty()
    if dtype.kind in "iu":
        return IntegerType(dtype.itemsize * 8)
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
