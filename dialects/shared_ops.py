"""Bases of the ops nn and qnt share: `Conv2dGeometryOp` and
`Pool2dGeometryOp` hold the geometry properties of convolution and
pooling (`strides`, `pads`, ...) with their defaults; `ArgmaxIndexOp` the
properties, syntax and i64 result of argmax."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntegerAttr,
)
from xdsl.irdl import (
    prop_def,
    result_def,
    traits_def,
)
from xdsl.traits import Pure

if TYPE_CHECKING:
    pass

from asic.dialects.attributes import I64Tensor, bool_attr, i64_array, i64_attr, ints, shape_of
from asic.dialects.shapes import argmax_result_shape, conv2d_result_shape, pool2d_result_shape
from asic.dialects.syntax import BOOL, INT, INTS, PropertyKind, PropertySyntaxOp


class ArgmaxIndexOp(PropertySyntaxOp):
    """Base of `nn.argmax` and `qnt.argmax`: the properties `axis`,
    `keepdims`, `select_last_index` with their defaults and their `SYNTAX`,
    and the i64 index result. The subclasses define the operand `input`;
    `index_result_shape` checks its shape and returns the expected result
    shape (`argmax_result_shape`)."""

    axis = prop_def(IntegerAttr, default_value=i64_attr(0))
    keepdims = prop_def(IntegerAttr, default_value=bool_attr(True))
    select_last_index = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "axis": INT,
        "keepdims": BOOL,
        "select_last_index": BOOL,
    }
    result = result_def(I64Tensor)
    traits = traits_def(Pure())

    def index_result_shape(self) -> tuple[int, ...]:
        return argmax_result_shape(
            shape_of(getattr(self, "input")), self.axis.value.data, bool(self.keepdims.value.data)
        )


_STRIDES = i64_array([1, 1])


_PADS = i64_array([0, 0, 0, 0])


_DILATIONS = i64_array([1, 1])


class Conv2dGeometryOp(PropertySyntaxOp):
    """Base of `nn.conv2d` and `qnt.conv2d`: the geometry properties
    (`strides`, `pads`, `dilations`, `groups`) with their defaults and their
    `SYNTAX`. The subclasses define the operands `input`, `weight`, optional
    `bias` and the result; `conv_result_shape` checks the shapes and the
    geometry (`conv2d_result_shape`) and returns the expected result shape."""

    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    dilations = prop_def(DenseArrayBase, default_value=_DILATIONS)
    groups = prop_def(IntegerAttr, default_value=i64_attr(1))

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "strides": INTS,
        "pads": INTS,
        "dilations": INTS,
        "groups": INT,
    }

    def conv_result_shape(self) -> tuple[int, int, int, int]:
        bias = getattr(self, "bias")
        return conv2d_result_shape(
            shape_of(getattr(self, "input")),
            shape_of(getattr(self, "weight")),
            shape_of(bias) if bias is not None else None,
            ints(self.strides),
            ints(self.pads),
            ints(self.dilations),
            self.groups.value.data,
        )


class Pool2dGeometryOp(PropertySyntaxOp):
    """Base of the 2-D window pools of nn and qnt: the properties `kernel`,
    `strides`, `pads`, `dilations`, `ceil_mode` and their `SYNTAX` (a
    subclass with more properties extends it). The subclasses define the
    operand `input` and the result; `pool_result_shape` checks the input
    shape and the geometry (`pool2d_result_shape`) and returns the expected
    result shape."""

    kernel = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    dilations = prop_def(DenseArrayBase, default_value=_DILATIONS)
    ceil_mode = prop_def(IntegerAttr, default_value=bool_attr(False))

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "kernel": INTS,
        "strides": INTS,
        "pads": INTS,
        "dilations": INTS,
        "ceil_mode": BOOL,
    }

    def window_dilations(self) -> tuple[int, ...]:
        """Dilations of the window."""
        return ints(self.dilations)

    def pool_result_shape(self) -> tuple[int, ...]:
        return pool2d_result_shape(
            shape_of(getattr(self, "input")),
            ints(self.kernel),
            ints(self.strides),
            ints(self.pads),
            self.window_dilations(),
            bool(self.ceil_mode.value.data),
        )

