"""The calibration mechanism: reading and checking calibration inputs, and
collecting values and statistics over a batch, chunk by chunk."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.dialects.func import Func
from xdsl.parser import Parser

from asic.diagnostics import UserError
from asic.dialects import nn
from asic.interp.calibration import (
    Gram,
    MinMax,
    SumOfSquares,
    collect,
    collect_values,
    load_calibration_inputs,
)
from asic.interp.runner import entry_function

PROGRAM = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %w = nn.constant "fc.weight" dense<[[1.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]> : tensor<3x4xf32>
  %y = nn.dense %x, %w : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<1x3xf32>
  %r = nn.relu %y : tensor<1x3xf32>
  func.return %r : tensor<1x3xf32>
}
"""


def _module() -> ModuleOp:
    ctx = Context()
    for dialect in (Builtin, Func, nn.NN):
        ctx.load_dialect(dialect)
    return Parser(ctx, PROGRAM).parse_module()


def _values(module: ModuleOp):
    func = entry_function(module)
    x = func.body.block.args[0]
    dense = next(op for op in func.walk() if isinstance(op, nn.DenseOp))
    return x, dense.result


def test_collect_values_in_chunks_matches_one_run() -> None:
    module = _module()
    x_value, y_value = _values(module)
    x = np.random.default_rng(0).standard_normal((10, 4)).astype(np.float32)
    xs, ys = collect_values(module, {"arg0": x}, [x_value, y_value], batch_size=3)
    w = np.array([[1, 0, 0, 0], [0, 2, 0, 0], [1, 1, 1, 1]], dtype=np.float32)
    np.testing.assert_array_equal(xs, x)
    np.testing.assert_allclose(ys, x @ w.T, rtol=1e-6)


def test_statistics_reduce_without_keeping_values() -> None:
    module = _module()
    x_value, y_value = _values(module)
    x = np.random.default_rng(1).standard_normal((7, 4))
    gram, squares, minmax = Gram(), SumOfSquares(axis=1), MinMax(axis=1)
    collect(module, {"arg0": x}, {x_value: [gram, squares], y_value: [minmax]}, batch_size=2)
    x32 = x.astype(np.float32).astype(np.float64)
    np.testing.assert_allclose(gram.result(), x32.T @ x32, rtol=1e-10)
    np.testing.assert_allclose(squares.result(), (x32**2).sum(0), rtol=1e-10)
    assert gram.count == 7 and squares.count == 7
    low, high = minmax.result()
    assert low.shape == (3,) and np.all(low <= high)


def test_stacked_layout_is_accepted(tmp_path) -> None:
    module = _module()
    path = tmp_path / "calib.npz"
    np.savez(path, arg0=np.zeros((5, 1, 4), dtype=np.float64))
    inputs = load_calibration_inputs(str(path), module)
    assert inputs["arg0"].shape == (5, 1, 4) and inputs["arg0"].dtype == np.float32


@pytest.mark.parametrize(
    "arrays, message",
    [
        ({"x": np.zeros((5, 4))}, "missing 'arg0'; unexpected 'x'; the entry function's inputs are 'arg0'"),
        ({"arg0": np.zeros((5, 3))}, "input 'arg0' has shape [5, 3], expected [B, 4] or [B, 1, 4]"),
        ({"arg0": np.zeros((0, 4))}, "input 'arg0' has no samples"),
    ],
)
def test_mismatched_inputs_are_user_errors(tmp_path, arrays, message) -> None:
    path = tmp_path / "calib.npz"
    np.savez(path, **arrays)
    with pytest.raises(UserError) as info:
        load_calibration_inputs(str(path), _module())
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_is_a_user_error(tmp_path) -> None:
    with pytest.raises(UserError, match="cannot read calibration data"):
        load_calibration_inputs(str(tmp_path / "nope.npz"), _module())


def test_npy_file_is_a_user_error(tmp_path) -> None:
    path = tmp_path / "calib.npy"
    np.save(path, np.zeros((2, 4)))
    with pytest.raises(UserError, match="is not an .npz archive"):
        load_calibration_inputs(str(path), _module())
