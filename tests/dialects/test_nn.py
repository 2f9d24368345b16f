"""Property tests of the `nn` dialect (`asic.dialects.nn`).

- For random window geometries (shapes, kernel, strides, pads, dilations,
  groups, ceil_mode, bias, result shape), valid or not, `verify()` of
  `nn.conv2d`, `nn.maxpool2d` and `nn.avgpool2d` passes exactly when a
  reference written here, by enumerating windows and their taps, says the op
  is valid; the reference also gives the result shape.
- `pooled_size` agrees with an explicit enumeration of window start positions.
- For random valid ops of every kind, printing, parsing and printing again is
  a fixed point in both the custom and the generic syntax, and the two
  syntaxes describe the same op.
- Floats of the custom syntax (every finite double, ±inf, nan, -0.0) and
  the elements of `nn.constant` read back bit for bit, in the custom syntax
  also where xDSL's own printing of dense attributes (the generic form)
  loses values.
- Every property of every op is in its custom syntax (`SYNTAX`), also for
  the qnt and dataflow ops that share it.
"""

from __future__ import annotations

import itertools
import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import StringIO

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    BFloat16Type,
    Builtin,
    BytesAttr,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    ModuleOp,
    StringAttr,
    TensorType,
    f32,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.test_value import create_ssa_value

from asic.dialects import nn
from asic.dialects.dataflow import DATAFLOW
from asic.dialects.qnt import QNT
from asic.dialects.syntax import PropertySyntaxOp

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
ROUND_TRIP_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

FLOAT_TYPES = [Float16Type(), BFloat16Type(), Float32Type(), Float64Type()]


def tensor(shape: Sequence[int], element: Attribute = f32) -> TensorType:
    return TensorType(element, list(shape))


def verifies(op: Operation) -> bool:
    try:
        op.verify()
    except VerifyException:
        return False
    return True


# --------------------------------------------------------------------------
# Reference window geometry, by enumeration
# --------------------------------------------------------------------------


def window_starts(
    size: int,
    kernel: int,
    stride: int,
    pad_begin: int,
    pad_end: int,
    dilation: int,
    ceil_mode: bool,
) -> list[int]:
    """Start positions, in the padded input, of the windows along one axis.

    Windows start at 0, stride, 2*stride, ... over the padded input of
    length L and span E = dilation*(kernel-1)+1 positions. Without ceil mode
    a window must end inside the padded input. With ceil mode a window may
    run past the end by less than one stride (the previous window had not
    reached the end yet); then a last window that starts in the end padding
    is dropped, once (ONNX, PyTorch).
    """
    length = pad_begin + size + pad_end
    extent = dilation * (kernel - 1) + 1
    overhang = stride - 1 if ceil_mode else 0
    starts = []
    start = 0
    while start + extent - 1 <= length - 1 + overhang:
        starts.append(start)
        start += stride
    if ceil_mode and starts and starts[-1] >= pad_begin + size:
        starts.pop()
    return starts


def touches_input(start: int, size: int, kernel: int, dilation: int, pad_begin: int) -> bool:
    """Whether the window starting at `start` (padded coordinates) has a tap
    on an element of the input."""
    return any(0 <= start - pad_begin + u * dilation < size for u in range(kernel))


def test_pooled_size_counts_window_starts() -> None:
    """Every geometry of inputs up to 12 long, kernels up to 5, strides up to
    4, pads up to 4 and dilations up to 3, with and without ceil mode
    (39000 cases, a few hundredths of a second)."""
    for case in itertools.product(
        range(13), range(1, 6), range(1, 5), range(5), range(5), range(1, 4), (False, True)
    ):
        starts = window_starts(*case)
        got = nn.pooled_size(*case)
        if starts:
            assert got == len(starts), case
        else:
            assert got < 1, case


def test_pooled_size_examples() -> None:
    assert nn.pooled_size(7, 2, 2, 0, 0) == 3
    assert nn.pooled_size(7, 2, 2, 0, 0, ceil_mode=True) == 4
    # ceil mode would add a window starting at 4, in the end padding: dropped
    assert nn.pooled_size(4, 2, 2, 0, 1, ceil_mode=True) == 2
    # a window longer than the input still counts in ceil mode
    assert nn.pooled_size(2, 3, 2, 0, 0, ceil_mode=True) == 1
    assert nn.pooled_size(2, 3, 2, 0, 0) < 1
    assert nn.pooled_size(9, 3, 2, 1, 2, dilation=2) == 4


# --------------------------------------------------------------------------
# Random geometries: conv2d
# --------------------------------------------------------------------------


def _rarely(
    draw: st.DrawFn, mistakes: bool, usual: st.SearchStrategy, rare: st.SearchStrategy
) -> object:
    """A draw from `usual`, or, with `mistakes`, one time in twenty from
    `rare` (an invalid value), so that both valid and invalid ops are common."""
    if mistakes and draw(st.integers(0, 19)) == 0:
        return draw(rare)
    return draw(usual)


def _ints(
    draw: st.DrawFn, mistakes: bool, length: int, low: int, high: int, bad: int
) -> list[int]:
    """`length` values in [low, high], rarely `bad`, rarely of a wrong length."""
    n = _rarely(draw, mistakes, st.just(length), st.sampled_from([0, 1, length + 1]))
    return [_rarely(draw, mistakes, st.integers(low, high), st.just(bad)) for _ in range(n)]


@dataclass
class Geometry:
    """Parameters of a windowed op, a verdict and result shape by reference."""

    input_shape: list[int]
    properties: dict[str, Attribute]
    valid: bool
    result_shape: list[int]
    weight_shape: list[int] = field(default_factory=list)
    bias_shape: list[int] | None = None


def _spatial(
    x: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool,
    need_input_in_every_window: bool,
) -> list[int] | None:
    """Output H, W by enumeration, or None when the geometry is invalid."""
    if len(kernel) != 2 or len(strides) != 2 or len(pads) != 4 or len(dilations) != 2:
        return None
    if min(kernel) < 1 or min(strides) < 1 or min(dilations) < 1 or min(pads) < 0:
        return None
    out = []
    for axis in (0, 1):
        size, pb, pe = x[2 + axis], pads[axis], pads[2 + axis]
        k, s, d = kernel[axis], strides[axis], dilations[axis]
        starts = window_starts(size, k, s, pb, pe, d, ceil_mode)
        if not starts:
            return None
        if need_input_in_every_window and not all(
            touches_input(start, size, k, d, pb) for start in starts
        ):
            return None
        out.append(len(starts))
    return out


@st.composite
def conv_geometries(draw: st.DrawFn, mistakes: bool = True) -> Geometry:
    groups = _rarely(draw, mistakes, st.integers(1, 3), st.just(0))
    g = max(groups, 1)
    per_group_in = draw(st.integers(1, 3))
    per_group_out = draw(st.integers(1, 2))
    channels = g * per_group_in + _rarely(draw, mistakes, st.just(0), st.just(1))
    out_channels = g * per_group_out + _rarely(draw, mistakes, st.just(0), st.just(1))
    weight_in = per_group_in + _rarely(draw, mistakes, st.just(0), st.just(1))
    kernel = [_rarely(draw, mistakes, st.integers(1, 4), st.just(0)) for _ in range(2)]
    x = [draw(st.integers(1, 2)), channels, draw(st.integers(1, 12)), draw(st.integers(1, 12))]
    strides = _ints(draw, mistakes, 2, 1, 3, 0)
    pads = _ints(draw, mistakes, 4, 0, 3, -1)
    dilations = _ints(draw, mistakes, 2, 1, 2, 0)
    bias = draw(st.sampled_from([None, [out_channels]]))
    bias = _rarely(draw, mistakes, st.just(bias), st.just([out_channels + 1]))
    spatial = _spatial(x, kernel, strides, pads, dilations, False, False)
    valid = (
        spatial is not None
        and groups >= 1
        and channels % groups == 0
        and out_channels % groups == 0
        and weight_in * groups == channels
        and bias in (None, [out_channels])
    )
    result = [x[0], out_channels, *(spatial or [1, 1])]
    if _rarely(draw, mistakes, st.just(False), st.just(True)):  # a wrong result shape
        result[draw(st.integers(0, 3))] += 1
        valid = False
    return Geometry(
        input_shape=x,
        weight_shape=[out_channels, weight_in, *kernel],
        bias_shape=bias,
        properties={
            "strides": nn.i64_array(strides),
            "pads": nn.i64_array(pads),
            "dilations": nn.i64_array(dilations),
            "groups": nn.i64_attr(groups),
        },
        valid=valid,
        result_shape=result,
    )


def build_conv(geometry: Geometry, operands: Sequence[SSAValue]) -> nn.Conv2dOp:
    return nn.Conv2dOp.create(
        operands=list(operands),
        result_types=[tensor(geometry.result_shape)],
        properties=dict(geometry.properties),
    )


def conv_operand_types(geometry: Geometry) -> list[TensorType]:
    types = [tensor(geometry.input_shape), tensor(geometry.weight_shape)]
    if geometry.bias_shape is not None:
        types.append(tensor(geometry.bias_shape))
    return types


@given(conv_geometries())
@SETTINGS
def test_conv2d_verifies_exactly_the_valid_geometries(geometry: Geometry) -> None:
    event("valid" if geometry.valid else "invalid")
    operands = [create_ssa_value(t) for t in conv_operand_types(geometry)]
    assert verifies(build_conv(geometry, operands)) == geometry.valid


# --------------------------------------------------------------------------
# Random geometries: max and average pooling
# --------------------------------------------------------------------------


@st.composite
def pool_geometries(
    draw: st.DrawFn, op_type: type[nn.Pool2dOp], mistakes: bool = True
) -> Geometry:
    height = _rarely(draw, mistakes, st.integers(1, 12), st.just(0))
    x = [1, draw(st.integers(1, 3)), height, draw(st.integers(1, 12))]
    kernel, strides = _ints(draw, mistakes, 2, 1, 4, 0), _ints(draw, mistakes, 2, 1, 3, 0)
    # pads smaller than the kernel, often; any, sometimes (some of those
    # leave a window in the padding only, some do not)
    k = [*kernel, *kernel][:4] if len(kernel) == 2 else [4, 4, 4, 4]
    pads = _ints(draw, mistakes, 4, 0, 4, -1)
    if len(pads) == 4 and draw(st.integers(0, 2)):
        pads = [min(p, max(k[i] - 1, 0)) for i, p in enumerate(pads)]
    ceil_mode = draw(st.booleans())
    properties = {
        "kernel": nn.i64_array(kernel),
        "strides": nn.i64_array(strides),
        "pads": nn.i64_array(pads),
        "ceil_mode": nn.bool_attr(ceil_mode),
    }
    dilations = [1, 1]
    if op_type is nn.Maxpool2dOp:
        dilations = _ints(draw, mistakes, 2, 1, 2, 0)
        properties["dilations"] = nn.i64_array(dilations)
    else:
        properties["count_include_pad"] = nn.bool_attr(draw(st.booleans()))
    spatial = _spatial(x, kernel, strides, pads, dilations, ceil_mode, True)
    valid = spatial is not None
    result = [x[0], x[1], *(spatial or [1, 1])]
    if _rarely(draw, mistakes, st.just(False), st.just(True)):
        result[draw(st.integers(0, 3))] += 1
        valid = False
    return Geometry(input_shape=x, properties=properties, valid=valid, result_shape=result)


def build_pool(
    op_type: type[nn.Pool2dOp], geometry: Geometry, operands: Sequence[SSAValue]
) -> nn.Pool2dOp:
    return op_type.create(
        operands=list(operands),
        result_types=[tensor(geometry.result_shape)],
        properties=dict(geometry.properties),
    )


@pytest.mark.parametrize("op_type", [nn.Maxpool2dOp, nn.Avgpool2dOp])
@given(data=st.data())
@SETTINGS
def test_pools_verify_exactly_the_valid_geometries(
    op_type: type[nn.Pool2dOp], data: st.DataObject
) -> None:
    geometry = data.draw(pool_geometries(op_type))
    event("valid" if geometry.valid else "invalid")
    op = build_pool(op_type, geometry, [create_ssa_value(tensor(geometry.input_shape))])
    assert verifies(op) == geometry.valid


@pytest.mark.parametrize("op_type", [nn.Maxpool2dOp, nn.Avgpool2dOp])
@given(data=st.data())
@ROUND_TRIP_SETTINGS
def test_valid_pools_have_no_window_in_the_padding_only(
    op_type: type[nn.Pool2dOp], data: st.DataObject
) -> None:
    """The reduction of every window of a verified pool is over a non-empty
    set of input elements (what the interpreter relies on)."""
    geometry = data.draw(pool_geometries(op_type, mistakes=False))
    op = build_pool(op_type, geometry, [create_ssa_value(tensor(geometry.input_shape))])
    assume(verifies(op))
    k, s, p, d = nn.ints(op.kernel), nn.ints(op.strides), nn.ints(op.pads), op.window_dilations()
    x, y = geometry.input_shape, geometry.result_shape
    for axis in (0, 1):
        for j in range(y[2 + axis]):
            start = j * s[axis]
            assert touches_input(start, x[2 + axis], k[axis], d[axis], p[axis])


# --------------------------------------------------------------------------
# Print -> parse -> print, custom and generic
# --------------------------------------------------------------------------


def context() -> Context:
    ctx = Context()
    for dialect in (Builtin, func.Func, nn.NN):
        ctx.load_dialect(dialect)
    return ctx


def in_function(
    operand_types: Sequence[Attribute], build: Callable[[Sequence[SSAValue]], Operation]
) -> tuple[ModuleOp, Operation]:
    block = Block(arg_types=list(operand_types))
    op = build(block.args)
    block.add_ops([op, func.ReturnOp()])
    function = func.FuncOp("f", (list(operand_types), []), Region(block))
    return ModuleOp([function]), op


def print_module(module: ModuleOp, generic: bool) -> str:
    stream = StringIO()
    Printer(stream=stream, print_generic_format=generic).print_op(module)
    return stream.getvalue()


def parse_module(text: str) -> ModuleOp:
    return Parser(context(), text).parse_module()


def assert_round_trips(module: ModuleOp) -> None:
    custom = print_module(module, generic=False)
    generic = print_module(module, generic=True)
    from_custom = parse_module(custom)
    from_generic = parse_module(generic)
    assert print_module(from_custom, generic=False) == custom
    assert print_module(from_generic, generic=True) == generic
    # Both syntaxes hold the whole op (the order of the properties in the
    # generic form is the order they were created in, so compare the IR).
    assert from_custom.is_structurally_equivalent(module)
    assert from_generic.is_structurally_equivalent(module)
    assert print_module(from_generic, generic=False) == custom


@given(conv_geometries(mistakes=False))
@ROUND_TRIP_SETTINGS
def test_conv2d_round_trips(geometry: Geometry) -> None:
    assume(geometry.valid)
    module, op = in_function(conv_operand_types(geometry), lambda args: build_conv(geometry, args))
    op.verify()
    assert_round_trips(module)


@pytest.mark.parametrize("op_type", [nn.Maxpool2dOp, nn.Avgpool2dOp])
@given(data=st.data())
@ROUND_TRIP_SETTINGS
def test_pools_round_trip(op_type: type[nn.Pool2dOp], data: st.DataObject) -> None:
    geometry = data.draw(pool_geometries(op_type, mistakes=False))
    assume(geometry.valid)
    module, op = in_function(
        [tensor(geometry.input_shape)], lambda args: build_pool(op_type, geometry, args)
    )
    op.verify()
    assert_round_trips(module)


# Random valid ops of every other kind -----------------------------------


@dataclass
class OpCase:
    op_type: type[Operation]
    operand_types: list[TensorType]
    result_type: TensorType
    properties: dict[str, Attribute] = field(default_factory=dict)


shapes = st.lists(st.integers(1, 4), min_size=0, max_size=4)
elements = st.sampled_from(FLOAT_TYPES)
finite = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def op_cases(draw: st.DrawFn) -> OpCase:
    el = draw(elements)
    shape = draw(shapes)
    x = tensor(shape, el)
    rank = len(shape)
    kind = draw(
        st.sampled_from(
            [
                "binary", "unary", "leaky_relu", "clip", "softmax", "lrn", "cast",
                "batchnorm", "dense", "matmul", "global_avgpool2d", "flatten",
                "reshape", "transpose", "concat", "pad", "argmax",
            ]
        )
    )
    if kind == "binary":
        op_type = draw(st.sampled_from([nn.AddOp, nn.SubOp, nn.MulOp, nn.DivOp]))
        # the other operand: the same shape with some dimensions set to 1, or a suffix
        other = [d if draw(st.booleans()) else 1 for d in shape][draw(st.integers(0, rank)) :]
        if draw(st.booleans()):
            return OpCase(op_type, [x, tensor(other, el)], x)
        return OpCase(op_type, [tensor(other, el), x], x)
    if kind == "unary":
        op_type = draw(st.sampled_from([nn.ReluOp, nn.SigmoidOp, nn.TanhOp]))
        return OpCase(op_type, [x], x)
    if kind == "leaky_relu":
        props = {"alpha": nn.f64_attr(draw(finite))} if draw(st.booleans()) else {}
        return OpCase(nn.LeakyReluOp, [x], x, props)
    if kind == "clip":
        bounds = sorted(draw(st.lists(st.floats(allow_nan=False), min_size=2, max_size=2)))
        props = {}
        if draw(st.booleans()):
            props["min"] = nn.f64_attr(bounds[0])
        if draw(st.booleans()):
            props["max"] = nn.f64_attr(bounds[1])
        return OpCase(nn.ClipOp, [x], x, props)
    if kind == "softmax":
        assume(rank >= 1)
        axis = draw(st.integers(-rank, rank - 1))
        return OpCase(nn.SoftmaxOp, [x], x, {"axis": nn.i64_attr(axis)})
    if kind == "lrn":
        x4 = tensor(draw(st.lists(st.integers(1, 3), min_size=4, max_size=4)), el)
        props: dict[str, Attribute] = {"size": nn.i64_attr(draw(st.integers(1, 5)))}
        for name in ("alpha", "beta", "bias"):
            if draw(st.booleans()):
                props[name] = nn.f64_attr(draw(finite))
        return OpCase(nn.LrnOp, [x4], x4, props)
    if kind == "cast":
        return OpCase(nn.CastOp, [x], tensor(shape, draw(elements)))
    if kind == "batchnorm":
        xs = [draw(st.integers(1, 3)), draw(st.integers(1, 4)), *draw(shapes)]
        c = tensor([xs[1]], el)
        eps = draw(st.floats(0, 1)) if draw(st.booleans()) else 1e-5
        props = {"epsilon": nn.f64_attr(eps)}
        return OpCase(nn.BatchnormOp, [tensor(xs, el), c, c, c, c], tensor(xs, el), props)
    if kind == "dense":
        b, k, n = (draw(st.integers(1, 4)) for _ in range(3))
        operands = [tensor([b, k], el), tensor([n, k], el)]
        if draw(st.booleans()):
            operands.append(tensor([n], el))
        return OpCase(nn.DenseOp, operands, tensor([b, n], el))
    if kind == "matmul":
        m, k, n = (draw(st.integers(1, 4)) for _ in range(3))
        batch = draw(st.lists(st.integers(1, 3), max_size=2))
        rhs_batch = [d if draw(st.booleans()) else 1 for d in batch]
        return OpCase(
            nn.MatmulOp,
            [tensor([*batch, m, k], el), tensor([*rhs_batch, k, n], el)],
            tensor([*batch, m, n], el),
        )
    if kind == "global_avgpool2d":
        xs = draw(st.lists(st.integers(1, 4), min_size=4, max_size=4))
        return OpCase(nn.GlobalAvgpool2dOp, [tensor(xs, el)], tensor([xs[0], xs[1], 1, 1], el))
    if kind == "flatten":
        axis = draw(st.integers(-rank, rank))
        a = axis + rank if axis < 0 else axis
        result = [math.prod(shape[:a]), math.prod(shape[a:])]
        return OpCase(nn.FlattenOp, [x], tensor(result, el), {"axis": nn.i64_attr(axis)})
    if kind == "reshape":
        return OpCase(nn.ReshapeOp, [x], tensor(draw(st.permutations(shape)), el))
    if kind == "transpose":
        perm = draw(st.permutations(range(rank)))
        return OpCase(
            nn.TransposeOp, [x], tensor([shape[p] for p in perm], el), {"perm": nn.i64_array(perm)}
        )
    if kind == "concat":
        assume(rank >= 1)
        axis = draw(st.integers(-rank, rank - 1))
        sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
        inputs = [
            tensor([s if i == axis % rank else d for i, d in enumerate(shape)], el) for s in sizes
        ]
        result = [sum(sizes) if i == axis % rank else d for i, d in enumerate(shape)]
        return OpCase(nn.ConcatOp, inputs, tensor(result, el), {"axis": nn.i64_attr(axis)})
    if kind == "pad":
        mode = draw(st.sampled_from(nn.PAD_MODES))
        high = [max(d - 1, 0) if mode == "reflect" else 3 for d in shape]
        pads = [draw(st.integers(0, h)) for h in high] + [draw(st.integers(0, h)) for h in high]
        result = [d + pads[i] + pads[rank + i] for i, d in enumerate(shape)]
        props = {"pads": nn.i64_array(pads), "mode": StringAttr(mode)}
        if mode == "constant" and draw(st.booleans()):
            props["value"] = nn.f64_attr(draw(st.floats(allow_nan=False)))
        return OpCase(nn.PadOp, [x], tensor(result, el), props)
    assert kind == "argmax"
    assume(rank >= 1)
    axis = draw(st.integers(-rank, rank - 1))
    keepdims = draw(st.booleans())
    result = list(shape)
    if keepdims:
        result[axis] = 1
    else:
        del result[axis]
    props = {
        "axis": nn.i64_attr(axis),
        "keepdims": nn.bool_attr(keepdims),
        "select_last_index": nn.bool_attr(draw(st.booleans())),
    }
    return OpCase(nn.ArgmaxOp, [x], tensor(result, i64), props)


@given(op_cases(), st.dictionaries(st.sampled_from(["tag", "layer"]), st.just(StringAttr("x"))))
@ROUND_TRIP_SETTINGS
def test_every_op_round_trips(case: OpCase, attributes: dict[str, Attribute]) -> None:
    module, op = in_function(
        case.operand_types,
        lambda args: case.op_type.create(
            operands=list(args),
            result_types=[case.result_type],
            properties=dict(case.properties),
            attributes=dict(attributes),
        ),
    )
    op.verify()
    assert_round_trips(module)


NUMPY_FLOATS = {Float16Type(): np.float16, Float32Type(): np.float32, Float64Type(): np.float64}


def constant_module(values: np.ndarray, element: Attribute, name: str) -> ModuleOp:
    def build(_: Sequence[SSAValue]) -> Operation:
        data = np.ascontiguousarray(values, dtype=NUMPY_FLOATS[element]).tobytes()
        return nn.ConstantOp(
            DenseIntOrFPElementsAttr(tensor(values.shape, element), BytesAttr(data)), name
        )

    return in_function([], build)[0]


def constant_elements(module: ModuleOp) -> np.ndarray:
    op = next(o for o in module.walk() if isinstance(o, nn.ConstantOp))
    dtype = NUMPY_FLOATS[op.value.get_element_type()]
    flat = np.frombuffer(op.value.data.data, dtype=dtype)
    return np.broadcast_to(flat, tuple(op.value.get_shape())) if flat.size == 1 else flat.reshape(
        tuple(op.value.get_shape())
    )


names = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=12)
special_floats = st.sampled_from(
    [0.0, -0.0, 1e-5, 1000001.0, 123456789.0, 2.0**60, math.inf, -math.inf, math.nan]
)


@given(
    st.sampled_from(list(NUMPY_FLOATS)),
    st.lists(st.floats() | special_floats, min_size=1, max_size=6),
    st.booleans(),
    names,
)
@ROUND_TRIP_SETTINGS
def test_constants_read_back_bit_for_bit(
    element: Attribute, values: list[float], splat: bool, name: str
) -> None:
    """The custom syntax of nn.constant keeps every element, bit for bit,
    including integral values xDSL prints as hex, infinities and nan."""
    with np.errstate(over="ignore"):
        array = np.array(values[:1] * 3 if splat else values, dtype=NUMPY_FLOATS[element])
    module = constant_module(array, element, name)
    module.verify()
    text = print_module(module, generic=False)
    parsed = parse_module(text)
    assert constant_elements(parsed).tobytes() == array.tobytes()
    assert print_module(parsed, generic=False) == text
    assert next(o for o in parsed.walk() if isinstance(o, nn.ConstantOp)).sym_name.data == name


@given(
    st.sampled_from(list(NUMPY_FLOATS)),
    st.lists(st.floats(-6e4, 6e4) | st.floats(-1e-3, 1e-3), min_size=1, max_size=6),
    names,
)
@ROUND_TRIP_SETTINGS
def test_constants_round_trip(element: Attribute, values: list[float], name: str) -> None:
    # Values that xDSL's generic form keeps (see test_custom_syntax_keeps_what_the_generic_form_loses):
    # finite, no -0.0 next to 0.0, no integral value of more than six digits.
    with np.errstate(over="ignore"):
        array = np.array(values, dtype=NUMPY_FLOATS[element])
    wide = array.astype(np.float64)
    assume(np.all(np.isfinite(wide)))
    assume(not np.any((wide == np.trunc(wide)) & (np.abs(wide) >= 1e5)))
    array[array == 0] = 0.0
    assert_round_trips(constant_module(array, element, name))


@pytest.mark.parametrize("values", [[1000001.0, 2.0], [math.inf, 2.0], [0.0, -0.0]])
def test_custom_syntax_keeps_what_the_generic_form_loses(values: list[float]) -> None:
    """xDSL 0.74 prints 1000001.0, inf, nan in a dense attribute as hex bit
    patterns and reads them back as integers, and prints [0.0, -0.0] as the
    splat 0.0: the generic form of `nn.constant` loses these values, its
    custom syntax keeps them bit for bit. The second assertion pins xDSL's
    behaviour: when it fails, xDSL prints dense attributes faithfully and the
    generic form can join the round-trip property above."""
    array = np.array(values, dtype=np.float32)
    module = constant_module(array, Float32Type(), "c")
    custom = print_module(module, generic=False)
    assert constant_elements(parse_module(custom)).tobytes() == array.tobytes()
    generic = print_module(module, generic=True)
    assert constant_elements(parse_module(generic)).tobytes() != array.tobytes()


# --------------------------------------------------------------------------
# Floats of the custom syntax
# --------------------------------------------------------------------------


def _bits(value: float) -> bytes:
    return struct.pack("<d", value)


@given(st.floats() | st.sampled_from([-0.0, 5e-324, 1e-5, 1e300]))
@settings(max_examples=1000, deadline=None)
def test_floats_read_back_bit_for_bit(value: float) -> None:
    """The text of a float property parses back to the same double (any nan
    reads back as the canonical nan, which is the only one the printer makes
    visible)."""
    module, op = in_function(
        [tensor([2])],
        lambda args: nn.LeakyReluOp.create(
            operands=[args[0]], result_types=[tensor([2])], properties={"alpha": nn.f64_attr(value)}
        ),
    )
    text = print_module(module, generic=False)
    parsed = parse_module(text)
    alpha = next(o for o in parsed.walk() if isinstance(o, nn.LeakyReluOp)).alpha.value.data
    if math.isnan(value):
        assert math.isnan(alpha)
    else:
        assert _bits(alpha) == _bits(value)
    assert print_module(parsed, generic=False) == text


@pytest.mark.parametrize(
    "value, text",
    [(1e-5, "1.0e-05"), (0.01, "0.01"), (2.0, "2.0"), (-2.5e20, "-2.5e+20"), (1e16, "1.0e+16"),
     (math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan"), (-0.0, "-0.0")],
)
def test_format_float(value: float, text: str) -> None:
    assert nn.format_float(value) == text


# --------------------------------------------------------------------------
# Invariants of the definitions
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "op_type",
    [
        op
        for dialect in (nn.NN, QNT, DATAFLOW)
        for op in dialect.operations
        if issubclass(op, PropertySyntaxOp)
    ],
    ids=lambda op: op.name,
)
def test_syntax_lists_every_property(op_type: type[PropertySyntaxOp]) -> None:
    """The custom syntax (of nn, and of the qnt and dataflow ops that share
    it) prints every property: SYNTAX and the IRDL definition name the same
    properties, and each default has its kind."""
    definition = op_type.get_irdl_definition()
    assert set(op_type.SYNTAX) == set(definition.properties)
    for name, kind in op_type.SYNTAX.items():
        default = definition.properties[name].default_value
        assert default is None or kind.matches(default)


def test_constant_element_count_is_checked() -> None:
    value = DenseIntOrFPElementsAttr(tensor([3]), BytesAttr(struct.pack("<2f", 1.0, 2.0)))
    with pytest.raises(VerifyException) as error:
        nn.ConstantOp(value, "c").verify()
    assert str(error.value) == "value does not have as many elements as its shape"


def test_constant_names_are_ascii() -> None:
    value = DenseIntOrFPElementsAttr(tensor([1]), BytesAttr(struct.pack("<f", 1.0)))
    with pytest.raises(VerifyException) as error:
        nn.ConstantOp(value, "poids_\u00e9").verify()
    assert str(error.value) == "constant name must be ASCII, got 'poids_\u00e9'"


def test_verify_messages_name_the_problem() -> None:
    x = create_ssa_value(tensor([1, 1, 4, 4]))
    op = nn.Maxpool2dOp.create(
        operands=[x],
        result_types=[tensor([1, 1, 1, 4])],
        properties={
            "kernel": nn.i64_array([2, 1]),
            "pads": nn.i64_array([1, 0, 1, 0]),
            "dilations": nn.i64_array([5, 1]),
        },
    )
    with pytest.raises(VerifyException) as error:
        op.verify()
    assert str(error.value) == (
        "window 0 along H lies entirely in the padding (it starts at -1, the input "
        "has size 4); every window must contain an input element"
    )


def test_docstring_examples_are_printed_forms() -> None:
    """The IR examples of the module docstring parse, verify, and are
    exactly what the printer writes for them."""
    examples = [line.strip() for line in nn.__doc__.splitlines() if line.startswith("    %")]
    assert len(examples) == 3
    text = (
        "func.func @doc(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) {\n"
        + "".join(f"  {line}\n" for line in examples)
        + "  func.return\n}\n"
    )
    module = parse_module(text)
    module.verify()
    printed = [line.strip() for line in print_module(module, generic=False).splitlines()]
    assert printed[2 : 2 + len(examples)] == examples
