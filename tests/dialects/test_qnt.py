"""The qnt dialect's Python API: the `!qnt.uniform` type, the op
constructors and the builders that compute multipliers from scales.

- the type prints and parses back to an equal type for any storage, range,
  scale (any positive finite float) and zero point, per tensor and per axis;
  its accessors and its construction errors;
- every op's constructor infers the result type it documents (the
  narrowest accumulator for conv2d, dense, matmul) and builds verifying IR;
- the builders (`from_scales`, `from_types`, `from_function`,
  `ConstantOp.from_array`) store what `encode_multiplier` and the types say
  (that the custom syntax lists every property of every op is tested with
  nn's, in test_nn_dialect.py).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    BFloat16Type,
    Builtin,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
)
from xdsl.ir import Block, Operation, Region
from xdsl.parser import Parser
from xdsl.utils.exceptions import VerifyException

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, ints, shape_of
from asic.dialects.qnt import QNT, UniformQuantizedType, encode_multiplier, range_of_storage

U = UniformQuantizedType


def _context() -> Context:
    ctx = Context()
    for dialect in (Builtin, func.Func, QNT):
        ctx.load_dialect(dialect)
    return ctx


def parse_type(text: str):
    return Parser(_context(), text).parse_type()


def round_trip(ops: list[Operation], block: Block) -> ModuleOp:
    """A function of `block`'s arguments holding `ops`; verified, printed
    and parsed back to the same text."""
    block.add_ops(ops)
    block.add_op(func.ReturnOp())
    function = func.FuncOp("f", (tuple(a.type for a in block.args), ()), Region(block))
    module = ModuleOp([function])
    module.verify()
    parsed = Parser(_context(), str(module)).parse_module()
    parsed.verify()
    assert str(parsed) == str(module)
    return parsed


# --------------------------------------------------------------------------
# The type
# --------------------------------------------------------------------------


@st.composite
def uniform_types(draw: st.DrawFn) -> UniformQuantizedType:
    bits = draw(st.integers(2, 16))
    storage = f"{draw(st.sampled_from('iu'))}{bits}"
    lo, hi = range_of_storage(storage)
    qmin = draw(st.integers(lo, hi - 1))
    qmax = draw(st.integers(qmin + 1, hi))
    expressed = draw(st.sampled_from([Float16Type(), BFloat16Type(), Float32Type(), Float64Type()]))
    scale = st.floats(min_value=5e-324, max_value=1.7e308, allow_nan=False, allow_infinity=False)
    if draw(st.booleans()):
        return U(storage, draw(scale), draw(st.integers(qmin, qmax)), expressed=expressed, storage_range=(qmin, qmax))
    n = draw(st.integers(1, 4))
    return U(
        storage,
        draw(st.lists(scale, min_size=n, max_size=n)),
        draw(st.lists(st.integers(qmin, qmax), min_size=n, max_size=n)),
        axis=draw(st.integers(0, 3)),
        expressed=expressed,
        storage_range=(qmin, qmax),
    )


@settings(max_examples=300, deadline=None)
@given(uniform_types())
def test_type_prints_and_parses_back(qtype: UniformQuantizedType) -> None:
    text = str(qtype)
    assert parse_type(text) == qtype
    assert str(parse_type(f"tensor<2x{text}>")) == f"tensor<2x{text}>"


def test_type_accessors() -> None:
    t = U("u8", 0.02, 128)
    assert (t.bits, t.signed, t.storage, t.qmin, t.qmax, t.scale, t.zero_point) == (8, False, "u8", 0, 255, 0.02, 128)
    assert t.axis is None and not t.is_per_axis and not t.is_narrowed
    assert t.expressed_type == Float32Type()
    assert t.storage_type == IntegerType(8, Signedness.UNSIGNED)
    assert str(t) == "!qnt.uniform<u8:f32, 0.02:128>"
    w = U("i8", [0.1, 0.2], axis=0, storage_range=range_of_storage("i8", narrow=True))
    assert (w.qmin, w.qmax, w.is_narrowed, w.axis, w.scales, w.zero_points) == (-127, 127, True, 0, (0.1, 0.2), (0, 0))
    assert str(w) == "!qnt.uniform<i8<-127:127>:f32:0, {0.1, 0.2}>"
    with pytest.raises(ValueError, match="one scale per index of axis 0"):
        _ = w.scale
    assert range_of_storage("u4", narrow=True) == (1, 15)
    assert U("i4", 1.0, expressed=Float64Type()) == parse_type("!qnt.uniform<i4:f64, 1.0>")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: U("i1", 0.1), "storage width must be 2 to 16 bits, got i1"),
        (lambda: U("u17", 0.1), "storage width must be 2 to 16 bits, got u17"),
        (lambda: U(IntegerType(8), 0.1), "storage type must be signed or unsigned, got signless i8"),
        (lambda: U("i8", 0.0), "scale must be positive and finite, got 0.0"),
        (lambda: U("i8", float("inf")), "scale must be positive and finite, got inf"),
        (lambda: U("i8", float("nan")), "scale must be positive and finite, got nan"),
        (lambda: U("i8", 0.1, 200), r"zero point 200 is outside the storage range \[-128, 127\]"),
        (lambda: U("i8", 0.1, storage_range=(0, 0)), r"storage range \[0, 0\] must be a range of at least two values"),
        (lambda: U("i8", 0.1, expressed=IntegerType(32)), "expressed type must be f16, bf16, f32 or f64, got i32"),
        (lambda: U("i8", [0.1, 0.2], [0], axis=0), "expected 2 zero points, got 1"),
        (lambda: U("i8", [], axis=0), "expected at least one scale"),
        (lambda: U("i8", [0.1], axis=-1), "quantization axis must be >= 0, got -1"),
    ],
)
def test_type_construction_errors(make, message: str) -> None:
    with pytest.raises(VerifyException, match=message):
        make()


def test_type_construction_api_errors() -> None:
    with pytest.raises(ValueError, match="storage must be like 'i8' or 'u4', got 'int8'"):
        U("int8", 0.1)
    with pytest.raises(ValueError, match="a per-tensor type takes one scale"):
        U("i8", [0.1, 0.2])


# --------------------------------------------------------------------------
# Op constructors and builders
# --------------------------------------------------------------------------


X = U("u8", 0.02, 128)
W = U("i8", [0.01, 0.02, 0.01, 0.03], axis=0, storage_range=(-127, 127))


def test_accumulating_ops_infer_the_narrowest_accumulator() -> None:
    block = Block(
        arg_types=[
            TensorType(X, [1, 3, 8, 8]),
            TensorType(W, [4, 3, 3, 3]),
            TensorType(IntegerType(20), [4]),
            TensorType(X, [2, 27]),
            TensorType(W, [4, 27]),
            TensorType(U("i8", [0.1] * 4, axis=1), [27, 4]),
        ]
    )
    x, w, b, xd, wd, wm = block.args
    conv = qnt.Conv2dOp(x, w, strides=[2, 2], pads=[1, 1, 1, 1])
    biased = qnt.Conv2dOp(x, w, b)
    dense = qnt.DenseOp(xd, wd)
    matmul = qnt.MatmulOp(xd, wm)
    assert conv.result.type == TensorType(IntegerType(20), [1, 4, 4, 4])  # 27 * 128 * 127 < 2^19
    assert biased.result.type == TensorType(IntegerType(21), [1, 4, 6, 6])
    assert dense.result.type == TensorType(IntegerType(20), [2, 4])
    # a full-range i8 rhs: 27 * 128 * 128 = 442368, still i20
    assert matmul.result.type == TensorType(IntegerType(20), [2, 4])
    round_trip([conv, biased, dense, matmul], block)


def test_requantize_from_scales() -> None:
    block = Block(arg_types=[TensorType(IntegerType(20), [1, 4, 2, 2])])
    reals = [Fraction(0.02) * Fraction(s) / Fraction(0.05) for s in W.scales]
    y = U("i8", 0.05, -128)
    op = qnt.RequantizeOp.from_scales(block.args[0], y, reals, min=-128, max=100)
    encoded = [encode_multiplier(r) for r in reals]
    assert list(ints(op.multipliers)) == [m for m, _ in encoded]
    assert list(ints(op.shifts)) == [s for _, s in encoded]
    assert op.result.type == TensorType(y, [1, 4, 2, 2])
    assert (op.min.value.data, op.max.value.data) == (-128, 100)
    narrow = qnt.RequantizeOp.from_scales(block.args[0], y, [0.5], bits=8)
    assert (ints(narrow.multipliers), ints(narrow.shifts)) == ((128,), (8,))
    round_trip([op, narrow], block)


def test_add_concat_pool_builders() -> None:
    a_t, b_t, y_t = U("i8", 0.1, -3), U("u8", 0.05, 128), U("i8", 0.2, 5)
    block = Block(arg_types=[TensorType(a_t, [1, 2, 4, 4]), TensorType(b_t, [1, 2, 4, 4])])
    a, b = block.args
    add = qnt.AddOp.from_types(a, b, y_t, min=5)
    # 0.1 / 0.2 = 1/2 and 0.05 / 0.2 = 1/4 exactly in binary: one common shift
    assert ints(add.multipliers) == (2**30, 2**29) and add.shift.value.data == 31
    concat = qnt.ConcatOp.from_types([a, b], a_t, 1)
    assert ints(concat.multipliers) == (1, 2**30) and ints(concat.shifts) == (0, 31)
    assert concat.result.type == TensorType(a_t, [1, 4, 4, 4])
    avg = qnt.Avgpool2dOp.from_types(a, y_t, [3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    assert ints(avg.counts) == (4, 6, 9)
    assert [Fraction(m, 2**s) for m, s in zip(ints(avg.multipliers), ints(avg.shifts))][0] == Fraction(1, 8)
    assert avg.result.type == TensorType(y_t, [1, 2, 2, 2])
    glob = qnt.GlobalAvgpool2dOp.from_types(a, y_t)
    assert (glob.multiplier.value.data, glob.shift.value.data) == encode_multiplier(Fraction(1, 32))
    maxp = qnt.Maxpool2dOp(a, [2, 2], strides=[2, 2], ceil_mode=True)
    assert maxp.result.type == TensorType(a_t, [1, 2, 2, 2])
    clamp = qnt.ClampOp(a, min=-3)
    # leaky ReLU with alpha 0.5 from scale 0.25 to scale 0.25, zero point -3:
    # q = -1 is -0.5 output steps, a tie, rounded away from zero to -1
    q = block.insert_arg(TensorType(U("i8", 0.25), [3]), 2)
    lut = qnt.LutOp.from_function(q, U("i8", 0.25, -3), lambda v: np.maximum(v, 0.5 * v))
    table = ints(lut.table)
    assert len(table) == 256
    assert [table[128 + q] for q in (10, 0, -1, -3, -128)] == [7, -3, -4, -5, -67]
    round_trip([add, concat, avg, glob, maxp, clamp, lut], block)


def test_shape_ops_and_boundary_infer_types() -> None:
    x_t = U("i8", 0.1, -3)
    block = Block(arg_types=[TensorType(x_t, [1, 2, 3, 4]), TensorType(Float32Type(), [1, 2, 3, 4])])
    x, f = block.args
    ops = [
        qnt.ReshapeOp(x, [1, 24]),
        qnt.FlattenOp(x, 2),
        qnt.TransposeOp(x, [0, 3, 1, 2]),
        qnt.ArgmaxOp(x, -1, keepdims=False),
        qnt.QuantizeOp(f, x_t),
        qnt.DequantizeOp(x),
    ]
    assert [shape_of(op.results[0]) for op in ops] == [(1, 24), (2, 12), (1, 4, 2, 3), (1, 2, 3), (1, 2, 3, 4), (1, 2, 3, 4)]
    assert ops[5].result.type == TensorType(Float32Type(), [1, 2, 3, 4])
    round_trip(ops, block)


def test_constant_from_array() -> None:
    values = np.array([[0, 255], [128, 7]])
    u8 = qnt.ConstantOp.from_array("w", values, U("u8", 0.1))
    assert u8.value.get_type() == TensorType(IntegerType(16), [2, 2])  # i16 holds 255
    bias = qnt.ConstantOp.from_array("b", np.array([-5, 524287]), IntegerType(20))
    big = qnt.ConstantOp.from_array("big", np.arange(-60, 60).reshape(4, 30), U("i8", [0.1] * 4, axis=0))
    u16 = qnt.ConstantOp.from_array("u16", np.array([65535, 0, 1]), U("u16", 1.0))
    assert u16.value.get_type() == TensorType(IntegerType(32), [3])
    parsed = round_trip([u8, bias, big, u16], Block())
    constants = [op for op in parsed.walk() if isinstance(op, qnt.ConstantOp)]
    assert "dense<\"0x" in str(constants[2])  # more than 100 elements: hex
    for op, expected in zip(constants, [values, [-5, 524287], np.arange(-60, 60).reshape(4, 30), [65535, 0, 1]]):
        assert array_from_dense(op.value).tolist() == np.asarray(expected).tolist()


def test_constant_element_count_is_checked() -> None:
    """Only IR built in Python can get this wrong (the parsers check it)."""
    from xdsl.dialects.builtin import BytesAttr, DenseIntOrFPElementsAttr

    value = DenseIntOrFPElementsAttr(TensorType(IntegerType(8), [3]), BytesAttr(b"\x01\x02"))
    op = qnt.ConstantOp(value, "c", TensorType(U("i8", 0.1), [3]))
    with pytest.raises(VerifyException, match="^value does not have as many elements as its shape\n"):
        op.verify()
