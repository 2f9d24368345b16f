"""Verification helpers: `fail` and the `expect_*` checks raise a
`VerifyException` with an exact message, so that an nn op and its qnt
counterpart say the same things."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from xdsl.irdl import (
    IRDLOperation,
)
from xdsl.utils.exceptions import VerifyException

if TYPE_CHECKING:
    pass

from asic.dialects.attributes import element_type_of, format_float, shape_of


def fail(message: str) -> None:
    raise VerifyException(message)


def expect_rank(what: str, shape: Sequence[int], rank: int) -> None:
    if len(shape) != rank:
        fail(f"expected {what} of rank {rank}, got rank {len(shape)}")


def expect_result_shape(op: IRDLOperation, expected: Sequence[int]) -> None:
    actual = shape_of(op.results[0])
    if tuple(actual) != tuple(expected):
        fail(f"expected result shape {list(expected)}, got {list(actual)}")


def expect_same_element_type(op: IRDLOperation) -> None:
    operand_types = [element_type_of(v) for v in op.operands]
    result_type = element_type_of(op.results[0])
    if any(t != result_type for t in operand_types):
        fail(
            "operands and result must have the same element type, got "
            f"({', '.join(str(t) for t in operand_types)}) -> {result_type}"
        )


def expect_at_least(name: str, values: Sequence[int], minimum: int) -> None:
    if any(v < minimum for v in values):
        fail(f"{name} must be >= {minimum}, got {list(values)}")


def expect_length(name: str, values: Sequence[int], length: int) -> None:
    if len(values) != length:
        fail(f"{name} must have {length} values, got {len(values)}")


def expect_finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        fail(f"{name} must be finite, got {format_float(value)}")


def normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        fail(f"axis {axis} is out of range for rank {rank}")
    return axis % rank
