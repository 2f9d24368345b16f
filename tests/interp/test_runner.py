"""`asic.interp.runner`: entry function, names, input validation, batching
(vectorized when the function is batch-polymorphic, else a loop over the
samples; both must give the per-sample answers), random inputs, evaluate_op."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from asic.diagnostics import UserError
from asic.interp.runner import (
    entry_function,
    evaluate_op,
    input_names,
    is_batch_polymorphic,
    make_interpreter,
    output_names,
    random_inputs,
    run_function,
)
from support.batching import OpCounter, check_batch_equals_samples
from support.compression_models import parse

CNN = parse(
    """
func.func @main(%x: tensor<1x2x6x6xf32> {nn.name = "image"}) -> (tensor<1x3xf32> {nn.name = "logits"}, tensor<1x4x3x3xf32>) {
  %w = nn.constant "conv.weight" dense<[[[[0.5, -1.0], [0.25, 2.0]], [[1.0, 0.0], [-0.5, 0.75]]], [[[0.1, 0.2], [0.3, 0.4]], [[-0.1, -0.2], [-0.3, -0.4]]], [[[1.0, 1.0], [1.0, 1.0]], [[0.0, 0.0], [0.0, 0.0]]], [[[-1.0, 0.5], [0.5, -1.0]], [[2.0, 0.0], [0.0, 2.0]]]]> : tensor<4x2x2x2xf32>
  %b = nn.constant "conv.bias" dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xf32>
  %c = nn.conv2d %x, %w, %b strides [2, 2] pads [0, 0, 1, 1] : (tensor<1x2x6x6xf32>, tensor<4x2x2x2xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %r = nn.relu %c : tensor<1x4x3x3xf32>
  %p = nn.maxpool2d %r kernel [2, 2] strides [2, 2] pads [1, 1, 0, 0] : (tensor<1x4x3x3xf32>) -> tensor<1x4x2x2xf32>
  %f = nn.flatten %p : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32>
  %dw = nn.constant "fc.weight" dense<0.125> : tensor<3x16xf32>
  %d = nn.dense %f, %dw : (tensor<1x16xf32>, tensor<3x16xf32>) -> tensor<1x3xf32>
  %s = nn.softmax %d : tensor<1x3xf32>
  func.return %s, %r : tensor<1x3xf32>, tensor<1x4x3x3xf32>
}
"""
)


def _function(body: str, args: str, results: str) -> ModuleOp:
    return parse(f"func.func @main({args}) -> ({results}) {{\n{body}\n}}")


# name -> (module, batch-polymorphic?)
EXAMPLES: dict[str, tuple[ModuleOp, bool]] = {
    "cnn": (CNN, True),
    "transpose-keeps-0": (_function(
        "%y = nn.transpose %x perm [0, 2, 1] : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>\n"
        "func.return %y : tensor<1x3x2xf32>", "%x: tensor<1x2x3xf32>", "tensor<1x3x2xf32>"), True),
    "transpose-moves-0": (_function(
        "%y = nn.transpose %x perm [1, 0] : (tensor<1x3xf32>) -> tensor<3x1xf32>\n"
        "func.return %y : tensor<3x1xf32>", "%x: tensor<1x3xf32>", "tensor<3x1xf32>"), False),
    "transpose-swaps-0": (_function(
        "%t = nn.transpose %x perm [1, 0, 2] : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>\n"
        "%y = nn.softmax %t axis 1 : tensor<1x1x3xf32>\n"
        "func.return %y : tensor<1x1x3xf32>", "%x: tensor<1x1x3xf32>", "tensor<1x1x3xf32>"), False),
    "softmax-axis-0": (_function(
        "%y = nn.softmax %x axis -2 : tensor<1x3xf32>\n"
        "func.return %y : tensor<1x3xf32>", "%x: tensor<1x3xf32>", "tensor<1x3xf32>"), False),
    "argmax-axis-1": (_function(
        "%y = nn.argmax %x axis 1 keepdims false : (tensor<1x5xf32>) -> tensor<1xi64>\n"
        "func.return %y : tensor<1xi64>", "%x: tensor<1x5xf32>", "tensor<1xi64>"), True),
    "argmax-axis-0": (_function(
        "%y = nn.argmax %x : (tensor<1x5xf32>) -> tensor<1x5xi64>\n"
        "func.return %y : tensor<1x5xi64>", "%x: tensor<1x5xf32>", "tensor<1x5xi64>"), False),
    "flatten-axis-0": (_function(
        "%y = nn.flatten %x axis 0 : (tensor<1x2x3xf32>) -> tensor<1x6xf32>\n"
        "func.return %y : tensor<1x6xf32>", "%x: tensor<1x2x3xf32>", "tensor<1x6xf32>"), False),
    "reshape-keeps-0": (_function(
        "%y = nn.reshape %x : (tensor<1x2x3xf32>) -> tensor<1x3x2xf32>\n"
        "func.return %y : tensor<1x3x2xf32>", "%x: tensor<1x2x3xf32>", "tensor<1x3x2xf32>"), True),
    "reshape-moves-0": (_function(
        "%y = nn.reshape %x : (tensor<1x6xf32>) -> tensor<3x2xf32>\n"
        "func.return %y : tensor<3x2xf32>", "%x: tensor<1x6xf32>", "tensor<3x2xf32>"), False),
    "concat-with-constant": (_function(
        '%c = nn.constant "c" dense<[[7.0, 8.0]]> : tensor<1x2xf32>\n'
        "%y = nn.concat %x, %c axis 1 : (tensor<1x3xf32>, tensor<1x2xf32>) -> tensor<1x5xf32>\n"
        "func.return %y : tensor<1x5xf32>", "%x: tensor<1x3xf32>", "tensor<1x5xf32>"), True),
    "concat-axis-0": (_function(
        "%y = nn.concat %x, %x axis 0 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>\n"
        "func.return %y : tensor<2x3xf32>", "%x: tensor<1x3xf32>", "tensor<2x3xf32>"), False),
    "matmul-lhs": (_function(
        '%w = nn.constant "w" dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>\n'
        "%y = nn.matmul %x, %w : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>\n"
        "func.return %y : tensor<1x2xf32>", "%x: tensor<1x3xf32>", "tensor<1x2xf32>"), True),
    "matmul-rank2-rhs": (_function(
        '%w = nn.constant "w" dense<[[1.0], [2.0]]> : tensor<2x1xf32>\n'
        "%y = nn.matmul %w, %x : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>\n"
        "func.return %y : tensor<2x3xf32>", "%x: tensor<1x3xf32>", "tensor<2x3xf32>"), False),
    "matmul-rank2-rhs-result-dim0-1": (_function(
        '%w = nn.constant "w" dense<[[2.0]]> : tensor<1x1xf32>\n'
        "%y = nn.matmul %w, %x : (tensor<1x1xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>\n"
        "func.return %y : tensor<1x3xf32>", "%x: tensor<1x3xf32>", "tensor<1x3xf32>"), False),
    "matmul-both-rank3": (_function(
        "%y = nn.matmul %x, %z : (tensor<1x2x3xf32>, tensor<1x3x2xf32>) -> tensor<1x2x2xf32>\n"
        "func.return %y : tensor<1x2x2xf32>", "%x: tensor<1x2x3xf32>, %z: tensor<1x3x2xf32>", "tensor<1x2x2xf32>"), True),
    "add-lower-rank-batched": (_function(
        '%c = nn.constant "c" dense<[[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]> : tensor<2x1x3xf32>\n'
        "%y = nn.add %x, %c : (tensor<1x3xf32>, tensor<2x1x3xf32>) -> tensor<2x1x3xf32>\n"
        "func.return %y : tensor<2x1x3xf32>", "%x: tensor<1x3xf32>", "tensor<2x1x3xf32>"), False),
    "add-lower-rank-batched-result-dim0-1": (_function(
        '%c = nn.constant "c" dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>\n'
        "%a = nn.add %x, %c : (tensor<1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>\n"
        "%y = nn.softmax %a axis 1 : tensor<1x1x3xf32>\n"
        "func.return %y : tensor<1x1x3xf32>", "%x: tensor<1x3xf32>", "tensor<1x1x3xf32>"), False),
    "add-broadcast-constant": (_function(
        '%c = nn.constant "c" dense<[1.0, 2.0, 3.0]> : tensor<3xf32>\n'
        "%y = nn.add %x, %c : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>\n"
        "func.return %y : tensor<1x3xf32>", "%x: tensor<1x3xf32>", "tensor<1x3xf32>"), True),
    "pad-batch-axis": (_function(
        "%y = nn.pad %x pads [1, 0, 0, 0] : (tensor<1x3xf32>) -> tensor<2x3xf32>\n"
        "func.return %y : tensor<2x3xf32>", "%x: tensor<1x3xf32>", "tensor<2x3xf32>"), False),
    "pad-features": (_function(
        "%y = nn.pad %x pads [0, 1, 0, 2] mode \"edge\" : (tensor<1x3xf32>) -> tensor<1x6xf32>\n"
        "func.return %y : tensor<1x6xf32>", "%x: tensor<1x3xf32>", "tensor<1x6xf32>"), True),
    "batchnorm-and-constant-output": (_function(
        '%s = nn.constant "s" dense<[2.0, 0.5]> : tensor<2xf32>\n'
        '%z = nn.constant "z" dense<[0.0, 1.0]> : tensor<2xf32>\n'
        "%y = nn.batchnorm %x, %s, %z, %z, %s : (tensor<1x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>\n"
        "func.return %y, %s : tensor<1x2x2xf32>, tensor<2xf32>", "%x: tensor<1x2x2xf32>", "tensor<1x2x2xf32>, tensor<2xf32>"), True),
    "conv-weight-argument": (_function(
        "%y = nn.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>\n"
        "func.return %y : tensor<1x1x2x2xf32>", "%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x2x2xf32>", "tensor<1x1x2x2xf32>"), False),
    "argument-dim0-not-1": (_function(
        "%y = nn.relu %x : tensor<2x3xf32>\n"
        "func.return %y : tensor<2x3xf32>", "%x: tensor<2x3xf32>", "tensor<2x3xf32>"), False),
}


def _samples(module: ModuleOp, batch: int, seed: int = 0) -> list[dict[str, np.ndarray]]:
    function = entry_function(module)
    return [random_inputs(function, seed=seed + i) for i in range(batch)]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_batch_polymorphism_analysis(name: str) -> None:
    module, polymorphic = EXAMPLES[name]
    assert is_batch_polymorphic(entry_function(module)) is polymorphic


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_batch_equals_samples(name: str) -> None:
    """A stacked batch gives, sample by sample, what each sample gives alone;
    a batch-polymorphic function runs every op once for the whole batch, any
    other once per sample."""
    module, polymorphic = EXAMPLES[name]
    check_batch_equals_samples(module, polymorphic, 5)


def test_merged_batch_layout() -> None:
    """Inputs (B,) + declared[1:] give outputs (B,) + declared[1:]."""
    samples = _samples(CNN, 4)
    alone = [run_function(CNN, s) for s in samples]
    merged = {"image": np.concatenate([s["image"] for s in samples])}
    assert merged["image"].shape == (4, 2, 6, 6)
    out = run_function(CNN, merged)
    assert out["logits"].shape == (4, 3) and out["result1"].shape == (4, 4, 3, 3)
    np.testing.assert_allclose(out["logits"], np.concatenate([a["logits"] for a in alone]), rtol=1e-6)


def test_merged_layout_of_a_result_whose_dim0_is_not_1() -> None:
    module, _ = EXAMPLES["transpose-moves-0"]
    x = np.arange(12, dtype=np.float32).reshape(4, 3)  # 4 samples of (1, 3)
    (y,) = run_function(module, [x]).values()
    assert y.shape == (4, 3, 1)  # (B,) + declared: dim 0 of 3 cannot merge
    np.testing.assert_array_equal(y[2, :, 0], x[2])


def test_one_sample_keeps_declared_shapes() -> None:
    (inputs,) = _samples(CNN, 1)
    out = run_function(CNN, inputs)
    assert out["logits"].shape == (1, 3)
    np.testing.assert_allclose(out["logits"].sum(), 1.0, rtol=1e-6)


def test_vectorized_and_loop_agree_on_values() -> None:
    """The concat example broadcasts its constant over the batch."""
    module, _ = EXAMPLES["concat-with-constant"]
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    (y,) = run_function(module, {"arg0": x}).values()
    np.testing.assert_array_equal(y, [[0, 1, 2, 7, 8], [3, 4, 5, 7, 8]])


# --------------------------------------------------------------------------
# Entry function, names, matching
# --------------------------------------------------------------------------

TWO_FUNCTIONS = """
func.func @first(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  func.return %x : tensor<1x2xf32>
}
func.func @second(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %y = nn.relu %x : tensor<1x2xf32>
  func.return %y : tensor<1x2xf32>
}
"""


def test_entry_function() -> None:
    two = parse(TWO_FUNCTIONS)
    assert entry_function(two, "second").sym_name.data == "second"
    with pytest.raises(UserError, match="several functions .'first', 'second'. and none is named 'main'"):
        entry_function(two)
    with pytest.raises(UserError, match="no function named 'third' in the module .functions: 'first', 'second'."):
        entry_function(two, "third")
    main = parse(TWO_FUNCTIONS.replace("@second", "@main"))
    assert entry_function(main).sym_name.data == "main"
    only = parse(TWO_FUNCTIONS.split("func.func @second")[0])
    assert entry_function(only).sym_name.data == "first"
    with pytest.raises(UserError, match="no function to run"):
        entry_function(parse("builtin.module {}"))
    declaration = parse("func.func private @main(tensor<1xf32>) -> tensor<1xf32>")
    with pytest.raises(UserError, match="declaration without a body"):
        entry_function(declaration)
    x = np.array([[-1.0, 2.0]], np.float32)
    np.testing.assert_array_equal(run_function(two, [x], entry="second")["result0"], [[0.0, 2.0]])


def test_names() -> None:
    function = entry_function(CNN)
    assert input_names(function) == ["image"]
    assert output_names(function) == ["logits", "result1"]
    two_inputs = EXAMPLES["matmul-both-rank3"][0]
    assert input_names(entry_function(two_inputs)) == ["arg0", "arg1"]


def test_inputs_by_name_position_and_single_key() -> None:
    module = EXAMPLES["matmul-both-rank3"][0]
    x = np.ones((1, 2, 3), np.float32)
    z = np.arange(6, dtype=np.float32).reshape(1, 3, 2)
    by_name = run_function(module, {"arg1": z, "arg0": x})["result0"]
    by_position = run_function(module, [x, z])["result0"]
    np.testing.assert_array_equal(by_name, x @ z)
    np.testing.assert_array_equal(by_position, x @ z)
    (inputs,) = _samples(CNN, 1)
    np.testing.assert_array_equal(
        run_function(CNN, {"anything": inputs["image"]})["logits"],
        run_function(CNN, inputs)["logits"],
    )


def test_input_errors() -> None:
    module = EXAMPLES["matmul-both-rank3"][0]
    x, z = np.ones((1, 2, 3), np.float32), np.ones((1, 3, 2), np.float32)
    with pytest.raises(UserError, match=r"unknown input 'y' \(the function's inputs are 'arg0', 'arg1'\)"):
        run_function(module, {"arg0": x, "y": z})
    with pytest.raises(UserError, match="missing input 'arg1'"):
        run_function(module, {"arg0": x})
    with pytest.raises(UserError, match=r"expected 2 inputs \('arg0', 'arg1'\), got 1"):
        run_function(module, [x])
    with pytest.raises(
        UserError,
        match=r"input 'arg1' has shape \(3, 2\), expected \(1, 3, 2\) for one sample, "
        r"or \(B, 1, 3, 2\) or \(B, 3, 2\) for a batch of B",
    ):
        run_function(module, [x, z[0]])
    with pytest.raises(UserError, match="input 'arg0' has dtype complex64, expected f32"):
        run_function(module, [x.astype(np.complex64), z])


def test_input_dtype_conversion() -> None:
    module = EXAMPLES["add-broadcast-constant"][0]
    out64 = run_function(module, [np.array([[0.1, 0.2, 0.3]])])["result0"]
    assert out64.dtype == np.float32
    np.testing.assert_array_equal(out64, np.array([[0.1, 0.2, 0.3]], np.float32) + np.float32([1, 2, 3]))
    out_int = run_function(module, [np.array([[1, 2, 3]])])["result0"]
    np.testing.assert_array_equal(out_int, [[2.0, 4.0, 6.0]])


def test_batch_errors() -> None:
    module = EXAMPLES["matmul-both-rank3"][0]
    x, z = np.ones((1, 2, 3), np.float32), np.ones((1, 3, 2), np.float32)
    with pytest.raises(UserError, match=r"inputs 'arg0' and 'arg1' hold batches of different sizes \(3 and 2\)"):
        run_function(module, [np.stack([x] * 3), np.stack([z] * 2)])
    with pytest.raises(UserError, match="input 'arg1' holds one sample but input 'arg0' holds a batch of 3"):
        run_function(module, [np.stack([x] * 3), z])
    with pytest.raises(UserError, match="inputs mix the two batch layouts"):
        run_function(module, [np.stack([x] * 3), np.concatenate([z] * 3)])
    with pytest.raises(UserError, match="empty batch"):
        run_function(module, [np.zeros((0, 1, 2, 3), np.float32), np.zeros((0, 1, 3, 2), np.float32)])


def test_bf16_input_is_a_user_error() -> None:
    module = parse(
        "func.func @main(%x: tensor<1x2xbf16>) -> tensor<1x2xbf16> {\n"
        "  func.return %x : tensor<1x2xbf16>\n}"
    )
    with pytest.raises(UserError, match="input 'arg0' has element type bf16"):
        run_function(module, [np.zeros((1, 2), np.float32)])


# --------------------------------------------------------------------------
# random_inputs, evaluate_op, make_interpreter
# --------------------------------------------------------------------------


def test_random_inputs() -> None:
    function = entry_function(EXAMPLES["matmul-both-rank3"][0])
    a, b, c = random_inputs(function), random_inputs(function), random_inputs(function, seed=1)
    assert list(a) == ["arg0", "arg1"]
    assert a["arg0"].shape == (1, 2, 3) and a["arg1"].dtype == np.float32
    np.testing.assert_array_equal(a["arg0"], b["arg0"])
    assert not np.array_equal(a["arg0"], c["arg0"])
    big = parse(
        "func.func @main(%x: tensor<1x10000xf64>) -> tensor<1x10000xf64> {\n"
        "  func.return %x : tensor<1x10000xf64>\n}"
    )
    sample = random_inputs(entry_function(big))["arg0"]
    assert sample.dtype == np.float64
    assert abs(sample.mean()) < 0.05 and abs(sample.std() - 1) < 0.05


def test_evaluate_op() -> None:
    ops = list(entry_function(EXAMPLES["add-broadcast-constant"][0]).body.block.ops)
    add = ops[1]
    (y,) = evaluate_op(add, [np.zeros((1, 3), np.float32), np.array([1, 2, 3], np.float32)])
    np.testing.assert_array_equal(y, [[1, 2, 3]])
    (c,) = evaluate_op(ops[0], [])
    np.testing.assert_array_equal(c, [1, 2, 3])


def test_make_interpreter_reports_to_listeners() -> None:
    counter = OpCounter()
    interpreter = make_interpreter(CNN, [counter])
    (inputs,) = _samples(CNN, 1)
    interpreter.call_op("main", (inputs["image"],))
    assert counter.counts["nn.conv2d"] == 1 and counter.counts["nn.constant"] == 3
