"""The qnt interpreter: integer only, batched like the float one, and
consistent with its own builders.

A small network using every qnt op is built with the dialect's Python API
(constructors, `from_scales` / `from_types`, `LutOp.from_function`), printed
and parsed back, and run through `asic.interp.runner`:

- integer only, checked three ways: every op's results observed by an
  interpreter listener are int64 arrays (the float results of
  `qnt.dequantize` aside), the sources of `asic.interp.qnt` and of the kernels
  it runs (`asic.dialects.qnt_kernels`) have no float arithmetic outside
  `quantize` / `dequantize` (an AST scan), and a float
  result slipping into an integer op is an InterpretationError;
- batching: the function is batch-polymorphic and a batch gives, sample by
  sample, the results of running each sample alone;
- inputs of quantized type are integer arrays in the storage range.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import Builtin, Float32Type, IntegerType, ModuleOp, TensorType
from xdsl.interpreter import Interpreter
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.parser import Parser
from xdsl.utils.exceptions import InterpretationError

import asic.interp.qnt as interp_qnt
from asic.diagnostics import UserError
from asic.dialects import qnt, qnt_kernels
from asic.dialects.nn import NN
from asic.dialects.qnt import QNT, UniformQuantizedType
from asic.interp.runner import entry_function, is_batch_polymorphic, random_inputs, run_function

U = UniformQuantizedType


def _const(name: str, array: np.ndarray, element) -> qnt.ConstantOp:
    return qnt.ConstantOp.from_array(name, array, element)


def build_network() -> ModuleOp:
    """Every qnt op, in a function of one f32 input [1, 2, 6, 6]."""
    rng = np.random.default_rng(7)
    x_type = TensorType(Float32Type(), [1, 2, 6, 6])
    block = Block(arg_types=[x_type])
    ops: list[Operation] = []

    def add(op: Operation) -> SSAValue:
        ops.append(op)
        return op.results[0]

    q_in = U("u8", 0.02, 128)
    q = add(qnt.QuantizeOp(block.args[0], q_in))
    w_scales = [0.01, 0.02, 0.015, 0.03]
    w1 = add(_const("w1", rng.integers(-127, 128, (4, 2, 3, 3)), U("i8", w_scales, axis=0, storage_range=(-127, 127))))
    b1 = add(_const("b1", rng.integers(-2000, 2000, 4), IntegerType(16)))
    a1 = add(qnt.Conv2dOp(q, w1, b1, pads=[1, 1, 1, 1]))
    r1_type = U("i8", 0.05, -128)
    r1 = add(qnt.RequantizeOp.from_scales(a1, r1_type, [Fraction(0.02) * Fraction(s) / Fraction(0.05) for s in w_scales], min=-128))
    m1 = add(qnt.Maxpool2dOp(r1, [2, 2], strides=[2, 2]))
    p1 = add(qnt.Avgpool2dOp.from_types(r1, U("i8", 0.04, -100), [3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    s1 = add(qnt.AddOp.from_types(m1, p1, U("i8", 0.06, -20), min=-20))
    c1 = add(qnt.ClampOp(s1, min=-20, max=80))
    l1 = add(qnt.LutOp.from_function(c1, U("u8", 1 / 256), lambda v: 1 / (1 + np.exp(-v))))
    cc = add(qnt.ConcatOp.from_types([c1, l1], U("i8", 0.06, -20), 1))
    g = add(qnt.GlobalAvgpool2dOp.from_types(cc, U("i8", 0.03)))
    t = add(qnt.TransposeOp(cc, [0, 1, 3, 2]))
    f = add(qnt.FlattenOp(t))
    w2 = add(_const("w2", rng.integers(-128, 128, (5, 72)), U("i8", 0.01)))
    d = add(qnt.DenseOp(f, w2))
    r2 = add(qnt.RequantizeOp.from_scales(d, U("i8", 0.1), [Fraction(0.06) * Fraction(0.01) / Fraction(0.1)]))
    rs = add(qnt.ReshapeOp(g, [1, 8]))
    w3 = add(_const("w3", rng.integers(0, 16, (8, 5)), U("u4", [0.1, 0.2, 0.1, 0.2, 0.3], [8, 7, 8, 9, 8], axis=1)))
    mm = add(qnt.MatmulOp(rs, w3))
    r3 = add(
        qnt.RequantizeOp.from_scales(
            mm, U("i8", 0.05, 3), [Fraction(0.03) * Fraction(s) / Fraction(0.05) for s in (0.1, 0.2, 0.1, 0.2, 0.3)], axis=-1
        )
    )
    am = add(qnt.ArgmaxOp(r2, 1))
    out = add(qnt.DequantizeOp(r3))
    rescaled = add(qnt.RequantizeOp(r2, U("u8", 0.2, 128), [1 << 30], [31]))  # a quantized input
    block.add_ops(ops)
    results = [am, out, rescaled]
    block.add_op(func.ReturnOp(*results))
    function = func.FuncOp("main", ((x_type,), tuple(v.type for v in results)), Region(block))
    module = ModuleOp([function])
    module.verify()
    return module


def parse(text: str) -> ModuleOp:
    ctx = Context()
    for dialect in (Builtin, func.Func, NN, QNT):
        ctx.load_dialect(dialect)
    module = Parser(ctx, text).parse_module()
    module.verify()
    return module


@pytest.fixture(scope="module")
def network() -> ModuleOp:
    built = build_network()
    parsed = parse(str(built))  # the builders' ops print and parse back
    assert str(parsed) == str(built)
    return parsed


def test_the_network_uses_every_op(network: ModuleOp) -> None:
    used = {type(op) for op in network.walk()}
    assert set(QNT.operations) <= used


class _Recorder(Interpreter.Listener):
    def __init__(self) -> None:
        self.seen: list[tuple[Operation, list[np.ndarray], list[np.ndarray]]] = []
        self._args: list[np.ndarray] = []

    def will_interpret_op(self, op: Operation, args) -> None:
        self._args = [np.asarray(a) for a in args]

    def did_interpret_op(self, op: Operation, results) -> None:
        self.seen.append((op, self._args, [np.asarray(r) for r in results]))


def test_every_integer_value_is_int64(network: ModuleOp) -> None:
    recorder = _Recorder()
    inputs = {"arg0": np.random.default_rng(0).standard_normal((1, 2, 6, 6)).astype(np.float32)}
    outputs = run_function(network, inputs, listeners=[recorder])
    qnt_ops = [(op, args, res) for op, args, res in recorder.seen if op.dialect_name() == "qnt"]
    assert len(qnt_ops) == len([op for op in network.walk() if op.dialect_name() == "qnt"])
    for op, args, results in qnt_ops:
        if isinstance(op, qnt.DequantizeOp):
            assert [r.dtype for r in results] == [np.float32]
        else:
            assert [r.dtype for r in results] == [np.int64], op.name
        if isinstance(op, qnt.QuantizeOp):
            assert [a.dtype for a in args] == [np.float32]
        else:
            assert all(a.dtype == np.int64 for a in args), op.name
    assert outputs["result0"].dtype == np.int64
    assert outputs["result1"].dtype == np.float32
    assert outputs["result2"].dtype == np.int64


def test_every_value_lies_in_its_type(network: ModuleOp) -> None:
    recorder = _Recorder()
    run_function(network, {"arg0": 3 * np.random.default_rng(1).standard_normal((1, 2, 6, 6))}, listeners=[recorder])
    for op, _, results in recorder.seen:
        for value, array in zip(op.results, results):
            assert isinstance(value.type, TensorType)
            assert array.shape == value.type.get_shape()
            element = value.type.get_element_type()
            if isinstance(element, UniformQuantizedType):
                assert element.qmin <= array.min() and array.max() <= element.qmax, op.name
            elif isinstance(element, IntegerType):
                width = element.width.data
                assert -(2 ** (width - 1)) <= array.min() and array.max() < 2 ** (width - 1), op.name


#: Functions of asic.interp.qnt and asic.dialects.qnt_kernels allowed to compute with floats: the float boundary.
FLOAT_BOUNDARY = {"quantize", "dequantize", "quantization_params", "run_quantize", "run_dequantize"}
FLOAT_CALLS = {
    "float", "float16", "float32", "float64", "floating", "true_divide", "divide", "mean",
    "average", "round", "rint", "floor", "ceil", "sqrt", "exp", "log", "isnan", "isinf",
}


def test_no_float_arithmetic_outside_the_boundary() -> None:
    """An AST scan of asic.interp.qnt and its kernels: outside the functions
    of the float boundary, no float literal, no true division, no float dtype
    or float numpy function."""
    trees = [ast.parse(inspect.getsource(module)) for module in (interp_qnt, qnt_kernels)]
    checked = 0
    for node in (node for tree in trees for node in ast.walk(tree)):
        if not isinstance(node, ast.FunctionDef) or node.name in FLOAT_BOUNDARY:
            continue
        checked += 1
        for inner in ast.walk(node):
            where = f"{node.name}, line {getattr(inner, 'lineno', '?')}"
            assert not (isinstance(inner, ast.Constant) and isinstance(inner.value, float)), where
            assert not (isinstance(inner, (ast.BinOp, ast.AugAssign)) and isinstance(inner.op, ast.Div)), where
            name = inner.attr if isinstance(inner, ast.Attribute) else inner.id if isinstance(inner, ast.Name) else None
            assert name not in FLOAT_CALLS, where
    assert checked > 30  # every arithmetic helper and op implementation


def test_a_float_result_is_an_error(network: ModuleOp, monkeypatch: pytest.MonkeyPatch) -> None:
    def float_saturate(value, lo, hi):
        return np.clip(np.asarray(value, np.float64), lo, hi)

    monkeypatch.setattr(qnt_kernels, "saturate", float_saturate)
    with pytest.raises(InterpretationError, match="qnt.requantize: computed a float64 array, the integer interpreter must produce int64"):
        run_function(network, {"arg0": np.zeros((1, 2, 6, 6), np.float32)})


def test_batch_equals_samples(network: ModuleOp) -> None:
    function = entry_function(network)
    assert is_batch_polymorphic(function)
    x = 2 * np.random.default_rng(3).standard_normal((6, 2, 6, 6)).astype(np.float32)
    batched = run_function(network, {"arg0": x})  # merged layout: (B, 2, 6, 6)
    assert batched["result0"].shape == (6, 1)
    assert batched["result1"].shape == (6, 5)
    for i in range(6):
        alone = run_function(network, {"arg0": x[i : i + 1]})
        for name in alone:
            assert np.array_equal(batched[name][i], alone[name][0]), name
    stacked = run_function(network, {"arg0": x[:, None]})  # stacked layout: (B, 1, 2, 6, 6)
    assert all(np.array_equal(stacked[n][:, 0], batched[n]) for n in batched)


QUANTIZED_INPUT = """
func.func @main(%x: tensor<1x4x!qnt.uniform<u4:f32, 0.5:8>>, %a: tensor<1x4xi12>) -> (tensor<1x4x!qnt.uniform<i8:f32, 0.25>>, tensor<1x4x!qnt.uniform<i8:f32, 0.25>>) {
  %y = qnt.requantize %x multipliers [1] shifts [0] : (tensor<1x4x!qnt.uniform<u4:f32, 0.5:8>>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.25>>
  %z = qnt.requantize %a multipliers [3, 1, 1, 1] shifts [1, 0, 0, 2] : (tensor<1x4xi12>) -> tensor<1x4x!qnt.uniform<i8:f32, 0.25>>
  func.return %y, %z : tensor<1x4x!qnt.uniform<i8:f32, 0.25>>, tensor<1x4x!qnt.uniform<i8:f32, 0.25>>
}
"""


def test_quantized_inputs_are_stored_integers() -> None:
    module = parse(QUANTIZED_INPUT)
    out = run_function(module, [np.array([[0, 8, 15, 3]], np.uint8), np.array([[-3, 2047, -2048, 5]], np.int16)])
    assert out["result0"].tolist() == [[-8, 0, 7, -5]]
    # -3 * 3 / 2 = -4.5 -> -5; 2047 and -2048 saturate; 5 / 4 = 1.25 -> 1
    assert out["result1"].tolist() == [[-5, 127, -128, 1]]
    batch = run_function(module, [np.array([[0, 8, 15, 3], [1, 2, 3, 4]]), np.zeros((2, 4), np.int64)])
    assert batch["result0"].tolist() == [[-8, 0, 7, -5], [-7, -6, -5, -4]]
    with pytest.raises(UserError, match=r"input 'arg0' has values outside the range of !qnt.uniform<u4:f32, 0.5:8>"):
        run_function(module, [np.array([[0, 16, 0, 0]]), np.zeros((1, 4), np.int64)])
    with pytest.raises(UserError, match="input 'arg0' has dtype float32"):
        run_function(module, [np.zeros((1, 4), np.float32), np.zeros((1, 4), np.int64)])
    inputs = random_inputs(entry_function(module), seed=1)
    assert inputs["arg0"].dtype == np.int64 and 0 <= inputs["arg0"].min() and inputs["arg0"].max() <= 15


def test_runs_with_declared_batch_larger_than_one() -> None:
    """A function declared for 2 samples runs them at once; its results are
    those of two functions declared for one sample."""
    text = QUANTIZED_INPUT.replace("1x4", "2x4")
    module = parse(text)
    x = np.array([[0, 8, 15, 3], [1, 2, 3, 4]])
    a = np.array([[-3, 2047, -2048, 5], [10, -10, 7, -7]])
    out = run_function(module, [x, a])
    single = parse(QUANTIZED_INPUT)
    for i in range(2):
        alone = run_function(single, [x[i : i + 1], a[i : i + 1]])
        assert out["result0"][i].tolist() == alone["result0"][0].tolist()
        assert out["result1"][i].tolist() == alone["result1"][0].tolist()


def _dense_module(weights: np.ndarray, zero_points: Sequence[int]) -> ModuleOp:
    x_type = TensorType(U("i8", 0.1, 2), [1, weights.shape[1]])
    block = Block(arg_types=[x_type])
    w = qnt.ConstantOp.from_array("w", weights, U("u8", [0.1] * weights.shape[0], list(zero_points), axis=0))
    d = qnt.DenseOp(block.args[0], w.result)
    block.add_ops([w, d, func.ReturnOp(d.result)])
    function = func.FuncOp("main", ((x_type,), (d.result.type,)), Region(block))
    return ModuleOp([function])


def test_dense_with_per_channel_zero_points() -> None:
    weights = np.array([[0, 255, 128], [3, 3, 3]])
    module = _dense_module(weights, [128, 3])
    module.verify()
    x = np.array([[-128, 127, 2]])
    out = run_function(module, [x])["result0"]
    expected = [[sum((int(x[0, k]) - 2) * (int(weights[o, k]) - z) for k in range(3)) for o, z in enumerate([128, 3])]]
    assert out.tolist() == expected
    assert out.dtype == np.int64
