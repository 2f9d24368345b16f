"""The ONNX frontend op by op: small models built here, imported, run by the
nn interpreter and compared with onnxruntime on random inputs (including the
opset-dependent semantics), plus the API's contract and its diagnostics.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects import func

from asic.dialects import nn
from asic.dialects.attributes import array_from_dense
from asic.lowering.onnx.importer import OnnxImportError, import_onnx, name_hint

F = TensorProto.FLOAT
INPUTS = os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "filecheck", "lowering", "onnx", "importer", "inputs"
)


def _init(name: str, array) -> TensorProto:
    return numpy_helper.from_array(np.asarray(array), name)


def _model(nodes, inputs, outputs, inits=(), opset=13) -> onnx.ModelProto:
    """`inputs`: (name, shape[, elem]); `outputs`: names or (name, elem)."""
    ins = [helper.make_tensor_value_info(i[0], i[2] if len(i) > 2 else F, i[1]) for i in inputs]
    outs = [
        helper.make_tensor_value_info(*(o if isinstance(o, tuple) else (o, F)), None)
        for o in outputs
    ]
    graph = helper.make_graph(nodes, "g", ins, outs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8 if opset >= 11 else 4
    return model


def _random_inputs(model: onnx.ModelProto, batch: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    weights = {t.name for t in model.graph.initializer}
    inputs = {}
    for v in model.graph.input:
        if v.name in weights:
            continue
        tt = v.type.tensor_type
        shape = [d.dim_value if d.dim_value > 0 else batch for d in tt.shape.dim]
        dtype = onnx.helper.tensor_dtype_to_np_dtype(tt.elem_type)
        inputs[v.name] = rng.standard_normal(shape).astype(dtype)
    return inputs


def check(
    model: onnx.ModelProto,
    batch: int = 1,
    rtol: float = 1e-5,
    atol: float = 1e-6,
    reference: Callable[..., list[np.ndarray]] | None = None,
):
    """Import `model`, run it on random inputs, compare every output with
    onnxruntime (or with `reference(**inputs)` for the opset-6 ops
    onnxruntime no longer implements); return the module."""
    from asic.interp.runner import run_function

    module = import_onnx(model.SerializeToString(), batch_size=batch)
    module.verify()
    inputs = _random_inputs(model, batch)
    names = [o.name for o in model.graph.output]
    if reference is not None:
        expected = reference(**inputs)
    else:
        session = ort.InferenceSession(
            model.SerializeToString(), providers=["CPUExecutionProvider"]
        )
        expected = session.run(names, inputs)
    actual = run_function(module, inputs)
    for name, want in zip(names, expected):
        got = actual[name]
        assert got.shape == want.shape, (name, got.shape, want.shape)
        assert got.dtype == want.dtype, (name, got.dtype, want.dtype)
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=name)
    return module


def ops_of(module) -> list[str]:
    return [op.name for op in module.walk() if op.name.startswith("nn.")]


# --------------------------------------------------------------------------
# The committed lit inputs, numerically
# --------------------------------------------------------------------------

LIT_MODELS = [
    "conv_net", "gemm", "matmul", "conv_variants", "legacy_opset6", "legacy_opset9",
    "shape_subgraph", "elementwise", "external_ok",
]


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _legacy_opset6_reference(x: np.ndarray) -> list[np.ndarray]:
    """legacy_opset6.onnx in numpy (onnxruntime has no Add-6 any more)."""
    model = onnx.load(os.path.join(INPUTS, "legacy_opset6.onnx"))
    w = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    y = x + w["bias"][:, None, None]  # broadcast=1, axis=1
    y = (y - w["m"][:, None, None]) / np.sqrt(w["v"][:, None, None] + 1e-5)
    y = y * w["s"][:, None, None] + w["b"][:, None, None]
    y = np.clip(y, 0.0, 6.0).reshape(2, 3, 8)
    return [_softmax(y.reshape(2, 24), axis=1).reshape(2, 3, 8)]  # coerced to 2-D


@pytest.mark.parametrize("name", LIT_MODELS)
def test_lit_inputs_against_onnxruntime(name: str) -> None:
    path = os.path.join(INPUTS, f"{name}.onnx")
    model = onnx.load(path, load_external_data=False)
    if name == "external_ok":
        onnx.load_external_data_for_model(model, INPUTS)
        module = import_onnx(open(path, "rb").read(), path=path)
        assert any(isinstance(op, nn.ConstantOp) for op in module.walk())
    reference = _legacy_opset6_reference if name == "legacy_opset6" else None
    batch = 3 if name in ("conv_net", "shape_subgraph") else 1
    check(model, batch=batch, rtol=1e-4, atol=1e-5, reference=reference)


# --------------------------------------------------------------------------
# Gemm and MatMul
# --------------------------------------------------------------------------


@pytest.mark.parametrize("trans_a", [0, 1])
@pytest.mark.parametrize("trans_b", [0, 1])
@pytest.mark.parametrize("c_shape", [None, (), (5,), (1, 5), (3, 1), (3, 5)])
@pytest.mark.parametrize("const_b", [True, False])
def test_gemm(trans_a, trans_b, c_shape, const_b) -> None:
    rng = np.random.default_rng(1)
    a_shape = (4, 3) if trans_a else (3, 4)
    b_shape = (5, 4) if trans_b else (4, 5)
    inits, inputs = [], [("a", list(a_shape))]
    if const_b:
        inits.append(_init("b", rng.standard_normal(b_shape).astype(np.float32)))
    else:
        inputs.append(("b", list(b_shape)))
    operands = ["a", "b"]
    if c_shape is not None:
        inits.append(_init("c", rng.standard_normal(c_shape).astype(np.float32)))
        operands.append("c")
    node = helper.make_node(
        "Gemm", operands, ["y"], alpha=0.75, beta=1.5, transA=trans_a, transB=trans_b
    )
    module = check(_model([node], inputs, ["y"], inits))
    ops = ops_of(module)
    assert ("nn.dense" in ops) == const_b and ("nn.matmul" in ops) != const_b
    if const_b and c_shape in ((), (5,), (1, 5)):
        assert "nn.add" not in ops  # a row-uniform C is the dense bias


def test_gemm_shared_weight_is_one_constant() -> None:
    w = _init("w", np.ones((4, 3), np.float32))
    nodes = [
        helper.make_node("Gemm", ["x", "w"], ["y1"], name="g1"),
        helper.make_node("Gemm", ["x", "w"], ["y2"], name="g2"),
    ]
    module = check(_model(nodes, [("x", [2, 4])], ["y1", "y2"], [w]))
    constants = [op for op in module.walk() if isinstance(op, nn.ConstantOp)]
    assert [c.sym_name.data for c in constants] == ["w"]


@pytest.mark.parametrize(
    "a_shape, b_shape, const_b",
    [
        ((2, 3), (3, 4), True),
        ((2, 3), (3, 4), False),
        ((3,), (3, 4), True),
        ((2, 3), (3,), False),
        ((3,), (3,), False),
        ((5, 2, 3), (3, 4), True),
        ((5, 2, 3), (1, 3, 4), False),
        ((2, 1, 2, 3), (5, 3, 4), False),
    ],
)
def test_matmul(a_shape, b_shape, const_b) -> None:
    rng = np.random.default_rng(2)
    inputs = [("a", list(a_shape))]
    inits = []
    if const_b:
        inits.append(_init("b", rng.standard_normal(b_shape).astype(np.float32)))
    else:
        inputs.append(("b", list(b_shape)))
    module = check(_model([helper.make_node("MatMul", ["a", "b"], ["y"])], inputs, ["y"], inits))
    assert ("nn.dense" in ops_of(module)) == (const_b and len(a_shape) == 2 and len(b_shape) == 2)


# --------------------------------------------------------------------------
# Convolution and pooling
# --------------------------------------------------------------------------


@pytest.mark.parametrize("auto_pad", ["NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"])
@pytest.mark.parametrize("rank", [3, 4])
def test_conv_auto_pad(auto_pad, rank) -> None:
    rng = np.random.default_rng(3)
    spatial = [7] * (rank - 2)
    kernel = [2] * (rank - 2) if rank == 4 else [3]
    attrs = {"auto_pad": auto_pad, "strides": [2] * (rank - 2)}
    if auto_pad == "NOTSET":
        attrs["pads"] = [1] * (2 * (rank - 2))
        attrs["dilations"] = [2] * (rank - 2)
    w = _init("w", rng.standard_normal([6, 2, *kernel]).astype(np.float32))
    b = _init("b", rng.standard_normal([6]).astype(np.float32))
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], group=2, **attrs)
    check(_model([node], [("x", [2, 4, *spatial])], ["y"], [w, b]), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("op_type", ["MaxPool", "AveragePool"])
@pytest.mark.parametrize("ceil_mode", [0, 1])
@pytest.mark.parametrize("rank", [3, 4])
def test_pool(op_type, ceil_mode, rank) -> None:
    n = rank - 2
    attrs = {"kernel_shape": [3] * n, "strides": [2] * n, "pads": [1] * n + [0] * n,
             "ceil_mode": ceil_mode}
    if op_type == "AveragePool":
        attrs["count_include_pad"] = 1
    else:
        attrs["dilations"] = [1] * n
    node = helper.make_node(op_type, ["x"], ["y"], **attrs)
    check(_model([node], [("x", [1, 2, *[8] * n])], ["y"], opset=12))
    attrs["dilations"] = [2] * n  # AveragePool's dilations since opset 19
    node = helper.make_node(op_type, ["x"], ["y"], **attrs)
    check(_model([node], [("x", [1, 2, *[8] * n])], ["y"], opset=19))


@pytest.mark.parametrize("op_type", ["MaxPool", "AveragePool"])
def test_pool_same_upper(op_type) -> None:
    node = helper.make_node(op_type, ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2],
                            auto_pad="SAME_UPPER")
    check(_model([node], [("x", [1, 2, 7, 6])], ["y"]))


def test_global_average_pool_1d() -> None:
    check(_model([helper.make_node("GlobalAveragePool", ["x"], ["y"])], [("x", [2, 3, 5])], ["y"]))


# --------------------------------------------------------------------------
# Elementwise and activations
# --------------------------------------------------------------------------


@pytest.mark.parametrize("op_type", ["Add", "Sub", "Mul", "Div"])
@pytest.mark.parametrize("b_shape", [(4,), (3, 1), (1,), (2, 3, 4)])
def test_binary_broadcast(op_type, b_shape) -> None:
    node = helper.make_node(op_type, ["a", "b"], ["y"])
    check(_model([node], [("a", [2, 3, 4]), ("b", list(b_shape))], ["y"]))


def test_legacy_broadcast_axis() -> None:
    b = _init("b", np.arange(3, dtype=np.float32))
    node = helper.make_node("Mul", ["a", "b"], ["y"], broadcast=1, axis=1)
    model = _model([node], [("a", [2, 3, 4, 5])], ["y"], [b], opset=6)
    check(model, reference=lambda a: [a * np.arange(3, dtype=np.float32)[:, None, None]])


def test_sum_and_activations() -> None:
    nodes = [
        helper.make_node("Sum", ["a", "b", "c"], ["s"]),
        helper.make_node("LeakyRelu", ["s"], ["l"]),
        helper.make_node("Sigmoid", ["l"], ["g"]),
        helper.make_node("Tanh", ["s"], ["t"]),
        helper.make_node("Relu", ["t"], ["r"]),
    ]
    model = _model(nodes, [("a", [2, 3]), ("b", [3]), ("c", [2, 1])], ["g", "r"])
    check(model)


@pytest.mark.parametrize("opset, bounds", [(6, {"min": -0.5, "max": 0.5}), (6, {"max": 0.1}),
                                           (11, (-0.5, 0.5)), (13, (None, 0.25)), (13, (0.0, None))])
def test_clip(opset, bounds) -> None:
    inits = []
    if isinstance(bounds, dict):
        node = helper.make_node("Clip", ["x"], ["y"], **bounds)
    else:
        names = []
        for name, value in zip(("lo", "hi"), bounds):
            if value is None:
                names.append("")
            else:
                names.append(name)
                inits.append(_init(name, np.array(value, np.float32)))
        node = helper.make_node("Clip", ["x", *names], ["y"])
    check(_model([node], [("x", [3, 4])], ["y"], inits, opset=opset))


@pytest.mark.parametrize("opset", [11, 13])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_semantics_change_at_13(opset, axis) -> None:
    node = helper.make_node("Softmax", ["x"], ["y"], axis=axis)
    check(_model([node], [("x", [2, 3, 4])], ["y"], opset=opset))


def test_lrn_and_batchnorm_opset15() -> None:
    rng = np.random.default_rng(4)
    params = [_init(n, rng.uniform(0.5, 1.5, 3).astype(np.float32)) for n in "sbmv"]
    nodes = [
        helper.make_node("LRN", ["x"], ["l"], size=3, alpha=0.01, beta=0.5, bias=2.0),
        helper.make_node("BatchNormalization", ["l", "s", "b", "m", "v"], ["y"],
                         epsilon=1e-3),
    ]
    check(_model(nodes, [("x", [2, 3, 4, 4])], ["y"], params, opset=15))


def test_argmax_select_last_index() -> None:
    nodes = [
        helper.make_node("Relu", ["x"], ["r"]),  # ties at 0
        helper.make_node("ArgMax", ["r"], ["first"], axis=1),
        helper.make_node("ArgMax", ["r"], ["last"], axis=-1, keepdims=0, select_last_index=1),
    ]
    model = _model(nodes, [("x", [3, 4])], [("first", TensorProto.INT64),
                                            ("last", TensorProto.INT64)])
    check(model)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int64])
@pytest.mark.parametrize("last", [0, 1])
def test_argmin_of_integers(dtype: type, last: int) -> None:
    """ArgMin of integers, the type's extremes and ties included (negation
    would wrap at the minimum of a signed type)."""
    from asic.interp.runner import run_function

    info = np.iinfo(dtype)
    x = np.array([[info.max, info.min, 0, info.min], [1, info.max, info.max - 1, info.max - 1]], dtype)
    elem = onnx.helper.np_dtype_to_tensor_dtype(np.dtype(dtype))
    node = helper.make_node("ArgMin", ["x"], ["y"], axis=1, select_last_index=last)
    model = _model([node], [("x", [2, 4], elem)], [("y", TensorProto.INT64)])
    (actual,) = run_function(import_onnx(model.SerializeToString()), {"x": x}).values()
    flipped = x[:, ::-1].argmin(axis=1, keepdims=True)
    expected = x.shape[1] - 1 - flipped if last else x.argmin(axis=1, keepdims=True)
    np.testing.assert_array_equal(actual, expected)


def test_cast_between_float_types_and_f64_inputs() -> None:
    nodes = [
        helper.make_node("Cast", ["x"], ["h"], to=TensorProto.FLOAT16),
        helper.make_node("Cast", ["h"], ["d"], to=TensorProto.DOUBLE),
        helper.make_node("Add", ["d", "z"], ["y"]),
        helper.make_node("Cast", ["y"], ["same"], to=TensorProto.DOUBLE),
    ]
    model = _model(nodes, [("x", [2, 3]), ("z", [2, 3], TensorProto.DOUBLE)],
                   [("same", TensorProto.DOUBLE)])
    module = check(model)
    assert ops_of(module).count("nn.cast") == 2


# --------------------------------------------------------------------------
# Shapes and layout
# --------------------------------------------------------------------------


@pytest.mark.parametrize("opset", [11, 13])
def test_squeeze_unsqueeze_axes(opset) -> None:
    if opset < 13:
        nodes = [helper.make_node("Unsqueeze", ["x"], ["u"], axes=[0, -1]),
                 helper.make_node("Squeeze", ["u"], ["y"], axes=[0]),
                 helper.make_node("Squeeze", ["u"], ["z"])]
        inits = []
    else:
        nodes = [helper.make_node("Unsqueeze", ["x", "ax2"], ["u"]),
                 helper.make_node("Squeeze", ["u", "ax0"], ["y"]),
                 helper.make_node("Squeeze", ["u"], ["z"])]
        inits = [_init("ax2", np.array([0, -1], np.int64)), _init("ax0", np.array([0], np.int64))]
    module = check(_model(nodes, [("x", [2, 1, 3])], ["y", "z"], inits, opset=opset))
    assert set(ops_of(module)) == {"nn.reshape"}


@pytest.mark.parametrize("shape", [[0, -1], [-1], [3, 0, 2, 2], [6, 2, -1]])
def test_reshape_zero_and_minus_one(shape) -> None:
    node = helper.make_node("Reshape", ["x", "s"], ["y"])
    check(_model([node], [("x", [3, 2, 4])], ["y"], [_init("s", np.array(shape, np.int64))]))


@pytest.mark.parametrize("axis", [0, 2, -1, 3])
def test_flatten(axis) -> None:
    check(_model([helper.make_node("Flatten", ["x"], ["y"], axis=axis)], [("x", [2, 3, 4])], ["y"]))


def test_transpose_default_perm_and_concat_negative_axis() -> None:
    nodes = [helper.make_node("Transpose", ["x"], ["t"]),
             helper.make_node("Concat", ["t", "t"], ["y"], axis=-2)]
    check(_model(nodes, [("x", [2, 3, 4])], ["y"]))


@pytest.mark.parametrize("mode", ["constant", "reflect", "edge"])
@pytest.mark.parametrize("opset", [2, 11, 18])
def test_pad(mode, opset) -> None:
    pads = [0, 1, 2, 0, 2, 1]
    if opset == 2:
        node = helper.make_node("Pad", ["x"], ["y"], mode=mode, pads=pads, value=1.5)
        inits = []
    elif opset == 11:
        node = helper.make_node("Pad", ["x", "p", "v"], ["y"], mode=mode)
        inits = [_init("p", np.array(pads, np.int64)), _init("v", np.array(1.5, np.float32))]
    else:  # axes input: pad the last two axes only
        node = helper.make_node("Pad", ["x", "p", "v", "axes"], ["y"], mode=mode)
        inits = [_init("p", np.array([1, 2, 2, 1], np.int64)),
                 _init("v", np.array(1.5, np.float32)),
                 _init("axes", np.array([-2, -1], np.int64))]
    model = _model([node], [("x", [2, 3, 4])], ["y"], inits, opset=max(opset, 6))
    if opset == 2:
        model.opset_import[0].version = 6
    check(model)


def test_shape_subgraph_with_slice_and_start_end() -> None:
    nodes = [
        helper.make_node("Shape", ["x"], ["s"], start=1),  # opset 15: [3, 4, 5]
        helper.make_node("Slice", ["s", "st", "en"], ["hw"]),  # [4, 5]
        helper.make_node("ReduceProd", ["hw"], ["p"], keepdims=1),
    ]
    model = _model(nodes, [("x", [2, 3, 4, 5])], [("p", TensorProto.INT64)], [
        _init("st", np.array([1], np.int64)), _init("en", np.array([3], np.int64))], opset=15)
    (constant,) = [op for op in import_onnx(model).walk() if isinstance(op, nn.ConstantOp)]
    assert array_from_dense(constant.value).tolist() == [20]  # folded at import
    nodes = [
        helper.make_node("Shape", ["x"], ["s"], start=1),
        helper.make_node("Slice", ["s", "st", "en"], ["hw"]),
        helper.make_node("Concat", ["minus1", "hw"], ["target"], axis=0),
        helper.make_node("Reshape", ["x", "target"], ["y"]),
        helper.make_node("Mul", ["hw", "two"], ["hw2"]),
        helper.make_node("ConstantOfShape", ["hw2"], ["zeros"]),
        helper.make_node("Add", ["zeros", "zeros"], ["z"]),
    ]
    inits = [_init("st", np.array([1], np.int64)), _init("en", np.array([3], np.int64)),
             _init("minus1", np.array([-1], np.int64)), _init("two", np.array(2, np.int64))]
    module = check(_model(nodes, [("x", [2, 3, 4, 5])], ["y", "z"], inits, opset=15))
    assert ops_of(module).count("nn.reshape") == 1


def test_dropout_versions() -> None:
    nodes = [helper.make_node("Dropout", ["x", "ratio"], ["y", "mask"]),
             helper.make_node("Relu", ["y"], ["r"])]
    model = _model(nodes, [("x", [2, 3])], ["r"],
                   [_init("ratio", np.array(0.3, np.float32))], opset=13)
    module = check(model)
    assert ops_of(module) == ["nn.relu"]  # y is x, the unused mask is dropped
    model.graph.output.append(helper.make_tensor_value_info("mask", TensorProto.BOOL, None))
    assert "the mask output is not supported" in _error(model)
    model = _model([helper.make_node("Dropout", ["x"], ["y"], is_test=1, ratio=0.2)],
                   [("x", [2, 3])], ["y"], opset=6)
    check(model, reference=lambda x: [x])


# --------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------


def test_module_contract() -> None:
    w = _init("layer/w", np.ones((4, 3), np.float32))
    nodes = [helper.make_node("MatMul", ["input:0", "layer/w"], ["layer/out_1"], name="mm")]
    model = _model(nodes, [("input:0", ["batch", 4]), ("layer/w", [4, 3])], ["layer/out_1"], [w])
    module = import_onnx(model, batch_size=5)
    (function,) = module.ops
    assert isinstance(function, func.FuncOp) and function.sym_name.data == "main"
    # The weight listed among the inputs is not an argument.
    assert [a.type.get_shape() for a in function.args] == [(5, 4)]
    assert function.arg_attrs.data[0].data["nn.name"].data == "input:0"
    assert function.res_attrs.data[0].data["nn.name"].data == "layer/out_1"
    (constant,) = [op for op in module.walk() if isinstance(op, nn.ConstantOp)]
    assert constant.sym_name.data == "layer/w"
    assert constant.result.name_hint == "layer_w"
    text = str(module)
    assert "%input.0" in text and "%layer_out.1" in text and "%layer_w" in text


def test_name_hints() -> None:
    assert name_hint("gpu_0/conv1_1") == "gpu_0_conv1.1"
    assert name_hint("/features/Conv_output_0") == "features_Conv_output.0"
    assert name_hint("0") is None
    assert name_hint("x.y-z$") == "x.y-z$"


def test_constant_of_shape_is_a_splat() -> None:
    nodes = [
        helper.make_node("ConstantOfShape", ["shape"], ["w"],
                         value=helper.make_tensor("v", F, [1], [0.5])),
        helper.make_node("Add", ["x", "w"], ["y"]),
    ]
    model = _model(nodes, [("x", [64, 64])], ["y"], [_init("shape", np.array([64, 64], np.int64))])
    module = check(model)
    (constant,) = [op for op in module.walk() if isinstance(op, nn.ConstantOp)]
    assert len(constant.value.data.data) == 4  # one f32
    assert np.array_equal(array_from_dense(constant.value), np.full((64, 64), 0.5, np.float32))


def test_outputs_cut_and_graph_outputs_that_are_inputs_or_weights() -> None:
    nodes = [helper.make_node("Relu", ["x"], ["r"]), helper.make_node("Unique", ["r"], ["e"])]
    model = _model(nodes, [("x", [2])], ["e"], [_init("w", np.ones(2, np.float32))])
    with pytest.raises(OnnxImportError, match="Unique"):
        import_onnx(model)
    module = import_onnx(model, outputs=["r", "x", "w"])
    function = module.ops.first
    assert [a.data["nn.name"].data for a in function.res_attrs.data] == ["r", "x", "w"]
    assert ops_of(module) == ["nn.relu", "nn.constant"]


def test_unsorted_graph_is_sorted() -> None:
    nodes = [helper.make_node("Sigmoid", ["r"], ["y"]), helper.make_node("Relu", ["x"], ["r"])]
    model = _model(nodes, [("x", [2])], ["y"])
    assert ops_of(import_onnx(model)) == ["nn.relu", "nn.sigmoid"]


# --------------------------------------------------------------------------
# Diagnostics
# --------------------------------------------------------------------------


def _error(model_or_bytes, **kwargs) -> str:
    with pytest.raises(OnnxImportError) as error:
        import_onnx(model_or_bytes, **kwargs)
    return str(error.value)


def test_invalid_bytes() -> None:
    message = _error(b"\x08\x07garbage", path="m.onnx")
    assert message.startswith("m.onnx: the file is not a valid ONNX model")
    assert "no graph" in _error(b"")


def test_missing_external_data_without_path() -> None:
    data = open(os.path.join(INPUTS, "missing_external.onnx"), "rb").read()
    assert "no model path was given" in _error(data)


def test_unsupported_uses() -> None:
    def one(node, inputs=(("x", [1, 2, 4, 4]),), inits=(), opset=13, outputs=("y",)):
        return _error(_model([node], list(inputs), list(outputs), list(inits), opset=opset))

    assert "the Indices output is not supported" in one(
        helper.make_node("MaxPool", ["x"], ["y", "i"], kernel_shape=[2, 2]),
        outputs=("y", ("i", TensorProto.INT64)))
    params = [_init(n, np.ones(2, np.float32)) for n in "sbmv"]
    assert "training_mode=1 is not supported" in one(
        helper.make_node("BatchNormalization", ["x", *"sbmv"], ["y"], training_mode=1),
        inits=params, opset=15)
    assert "only the first output is supported" in one(
        helper.make_node("BatchNormalization", ["x", *"sbmv"], ["y", "m2", "v2"]),
        inits=params, outputs=("y", "m2"), opset=9)
    assert "the shape (input 's') must be a constant" in one(
        helper.make_node("Reshape", ["x", "s"], ["y"]),
        inputs=(("x", [1, 2, 4, 4]), ("s", [2], TensorProto.INT64)))
    assert "the min bound (input 'lo') must be a constant" in one(
        helper.make_node("Clip", ["x", "lo"], ["y"]), inputs=(("x", [2]), ("lo", [])))
    assert "negative pads [0, -1, 0, 0] (cropping) are not supported" in one(
        helper.make_node("Pad", ["x", "p"], ["y"]),
        inputs=(("x", [2, 3]),), inits=[_init("p", np.array([0, -1, 0, 0], np.int64))])
    assert "a cast to INT4 is not supported" in one(
        helper.make_node("Cast", ["x"], ["y"], to=TensorProto.INT4))
    assert "training_mode=true is not supported" in one(
        helper.make_node("Dropout", ["x", "", "t"], ["y"]),
        inits=[_init("t", np.array(True))])
    message = one(helper.make_node("Conv", ["x", "w"], ["y"], name="c1", kernel_shape=[3, 3]),
                  inits=[_init("w", np.ones((1, 2, 2, 2), np.float32))])
    assert message.startswith("Conv node 'c1': kernel_shape [3, 3] does not match")


def test_unknown_output_and_batch_size() -> None:
    model = _model([helper.make_node("Relu", ["x"], ["y"])], [("x", [2])], ["y"])
    assert "unknown output 'z'" in _error(model, outputs=["z"])
    assert "batch size must be >= 1" in _error(model, batch_size=0)


def test_verifier_errors_become_diagnostics() -> None:
    # A pooling pad as large as the window: valid ONNX syntax, invalid nn.
    node = helper.make_node("MaxPool", ["x"], ["y"], name="p", kernel_shape=[2, 2],
                            pads=[2, 2, 2, 2])
    message = _error(_model([node], [("x", [1, 1, 4, 4])], ["y"]))
    assert message.startswith("MaxPool node 'p': cannot be expressed as nn.maxpool2d:")


def test_breadth_diagnostics() -> None:
    """The converters of the integer, positional and signal ops name what
    they support."""
    I64 = TensorProto.INT64

    def one(node, inputs, inits=(), opset=18, outputs=("y",)):
        return _error(_model([node], list(inputs), list(outputs), list(inits), opset=opset))

    assert "reduction 'max' is not supported; supported are none, sum, mean" in one(
        helper.make_node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"], reduction="max"),
        [("x", [2, 3]), ("t", [2], I64)])
    assert "the target's shape [3] must be the input's [2, 3] without axis 1" in one(
        helper.make_node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"]),
        [("x", [2, 3]), ("t", [3], I64)])
    assert "k 4 must lie in [0, 3] (the size of axis 1)" in one(
        helper.make_node("TopK", ["x", "k"], ["y", "i"]),
        [("x", [2, 3])], [_init("k", np.array([4], np.int64))], outputs=("y", ("i", I64)))
    assert "depth must be one number >= 1, got [0]" in one(
        helper.make_node("OneHot", ["t", "d", "v"], ["y"]),
        [("t", [2], I64)], [_init("d", np.array([0], np.int64)), _init("v", np.array([0.0, 1.0], np.float32))])
    assert "axis 2 is the parts' axis; the signal axis is another" in one(
        helper.make_node("DFT", ["x", "", "a"], ["y"]),
        [("x", [1, 4, 2])], [_init("a", np.array(2, np.int64))], opset=20)
    assert "mode 'area' is not supported" in one(
        helper.make_node("GridSample", ["x", "g"], ["y"], mode="area"),
        [("x", [1, 1, 3, 3]), ("g", [1, 2, 2, 2])], opset=16)
    assert "direction 'UP' is not supported; BitShift supports LEFT and RIGHT" in one(
        helper.make_node("BitShift", ["a", "a"], ["y"], direction="UP"),
        [("a", [2], TensorProto.UINT8)], outputs=(("y", TensorProto.UINT8),))
    assert "a bit cast to STRING is not supported" in one(
        helper.make_node("BitCast", ["x"], ["y"], to=TensorProto.STRING), [("x", [2])], opset=26)
    assert "ceil_mode=1 is not supported" in one(
        helper.make_node("LpPool", ["x"], ["y"], kernel_shape=[2, 2], ceil_mode=1), [("x", [1, 1, 3, 3])])
    assert "num_groups 3 must divide the 4 channels" in one(
        helper.make_node("GroupNormalization", ["x", "s", "b"], ["y"], num_groups=3),
        [("x", [1, 4, 2, 2])], [_init(n, np.ones(4, np.float32)) for n in "sb"], opset=21)
    assert "sequence_lens [3, 1] must hold one length in [0, 2] per batch element" in one(
        helper.make_node("ReverseSequence", ["x", "l"], ["y"]),
        [("x", [2, 2])], [_init("l", np.array([3, 1], np.int64))])
