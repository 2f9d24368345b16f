"""Batch rules of the indexing, reduction and comparison ops
(`asic.interp.runner._BATCH_RULES`): for shapes, axes and constant indices
drawn by hypothesis, a batch gives, sample by sample, what each sample
gives alone; the function runs vectorized exactly when the op leaves dim 0
to the batch (its axis is another one), else once per sample."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    BytesAttr,
    DenseIntOrFPElementsAttr,
    ModuleOp,
    StringAttr,
    TensorType,
    f32,
    i1,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from asic.dialects import nn
from asic.dialects.attributes import element_type_for
from support.batching import check_batch_equals_samples

BATCH = 3

Build = Callable[[Block, SSAValue], tuple[list[Operation], bool]]
"""The ops of a function on its argument, and whether it is vectorized."""


def _constant(array: np.ndarray, name: str) -> nn.ConstantOp:
    array = np.ascontiguousarray(array)
    ty = TensorType(element_type_for(array.dtype), array.shape)
    return nn.ConstantOp(DenseIntOrFPElementsAttr(ty, BytesAttr(array.tobytes())), name)


def _op(
    op_type: type[Operation], operands: Sequence[SSAValue], shape: Sequence[int],
    element: Attribute = f32, **properties: Attribute,
) -> Operation:
    return op_type.create(
        operands=list(operands), result_types=[TensorType(element, list(shape))], properties=properties,
    )


def _function(shape: Sequence[int], build: Build) -> tuple[ModuleOp, bool]:
    block = Block(arg_types=[TensorType(f32, list(shape))])
    ops, vectorized = build(block, block.args[0])
    block.add_ops([*ops, func.ReturnOp(ops[-1].results[0])])
    result_type = ops[-1].results[0].type
    module = ModuleOp([func.FuncOp("main", ([block.args[0].type], [result_type]), Region(block))])
    module.verify()
    return module, vectorized


def check_batch(module: ModuleOp, vectorized: bool, seed: int) -> None:
    check_batch_equals_samples(module, vectorized, BATCH, seed)


@st.composite
def shapes(draw: st.DrawFn, min_rank: int = 2) -> tuple[int, ...]:
    """A sample's shape: dim 0 of 1, then 1 to 3 axes of 1 to 4."""
    rank = draw(st.integers(min_rank, 4))
    return (1, *draw(st.lists(st.integers(1, 4), min_size=rank - 1, max_size=rank - 1)))


SETTINGS = settings(max_examples=25, deadline=None)


@SETTINGS
@given(shapes(), st.data(), st.integers(0, 2**16))
def test_gather_elements(shape: tuple[int, ...], data: st.DataObject, seed: int) -> None:
    """Constant indices, possibly shorter than the input on other axes."""
    axis = data.draw(st.integers(0, len(shape) - 1))
    index_shape = [data.draw(st.integers(1, n)) if a != axis else data.draw(st.integers(1, 4)) for a, n in enumerate(shape)]
    indices = np.random.default_rng(seed).integers(-shape[axis], shape[axis], index_shape)

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        i = _constant(indices, "indices")
        return [i, _op(nn.GatherElementsOp, [x, i.result], index_shape, axis=nn.i64_attr(axis))], axis != 0

    check_batch(*_function(shape, build), seed)


@SETTINGS
@given(shapes(), st.data(), st.sampled_from(["none", "add", "max"]), st.booleans(), st.integers(0, 2**16))
def test_scatter_elements(
    shape: tuple[int, ...], data: st.DataObject, reduction: str, computed: bool, seed: int
) -> None:
    """Constant indices; updates computed from the input or constant."""
    axis = data.draw(st.integers(0, len(shape) - 1))
    index_shape = [data.draw(st.integers(1, n)) for n in shape]
    rng = np.random.default_rng(seed)
    if reduction == "none":  # distinct positions along the axis: no write order to depend on
        order = rng.permuted(np.broadcast_to(np.arange(shape[axis]).reshape([-1 if a == axis else 1 for a in range(len(shape))]), shape), axis=axis)
        indices = order[tuple(slice(0, n) for n in index_shape)]
    else:
        indices = rng.integers(0, shape[axis], index_shape)
    constant_updates = rng.standard_normal(index_shape).astype(np.float32)

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        i = _constant(indices, "indices")
        scale = _constant(np.full(index_shape, 2.0, np.float32), "scale")
        starts = [0] * len(shape)
        u = _op(nn.SliceOp, [x], index_shape, starts=nn.i64_array(starts), steps=nn.i64_array([1] * len(shape)))
        twice = _op(nn.MulOp, [u.results[0], scale.result], index_shape)
        updates = [u, twice] if computed else [_constant(constant_updates, "updates")]
        scatter = _op(
            nn.ScatterElementsOp, [x, i.result, updates[-1].results[0]], shape,
            axis=nn.i64_attr(axis), reduction=StringAttr(reduction),
        )
        return [i, scale, *updates, scatter], axis != 0

    check_batch(*_function(shape, build), seed)


@SETTINGS
@given(shapes(), st.data(), st.integers(0, 2**16))
def test_top_k_and_cumulative(shape: tuple[int, ...], data: st.DataObject, seed: int) -> None:
    axis = data.draw(st.integers(0, len(shape) - 1))
    k = data.draw(st.integers(1, shape[axis]))
    cumulative = data.draw(st.sampled_from([nn.CumsumOp, nn.CumprodOp]))
    flags = {name: nn.bool_attr(data.draw(st.booleans())) for name in ("exclusive", "reverse")}
    top_shape = [k if a == axis else n for a, n in enumerate(shape)]

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        running = _op(cumulative, [x], shape, axis=nn.i64_attr(axis), **flags)
        top = _op(nn.TopKOp, [running.results[0]], top_shape, i64, axis=nn.i64_attr(axis), k=nn.i64_attr(k),
                  largest=nn.bool_attr(data.draw(st.booleans())))
        return [running, top], axis != 0

    check_batch(*_function(shape, build), seed)


@SETTINGS
@given(shapes(), st.data(), st.integers(0, 2**16))
def test_reductions(shape: tuple[int, ...], data: st.DataObject, seed: int) -> None:
    axes = data.draw(st.lists(st.integers(0, len(shape) - 1), min_size=1, max_size=len(shape), unique=True))
    keepdims = data.draw(st.booleans())
    op_type = data.draw(st.sampled_from([nn.ReduceSumOp, nn.ReduceMaxOp, nn.ReduceL2Op, nn.ReduceLogSumExpOp]))
    result = [1 if a in axes else n for a, n in enumerate(shape)] if keepdims else [n for a, n in enumerate(shape) if a not in axes]

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        op = _op(op_type, [x], result, axes=nn.i64_array(axes), keepdims=nn.bool_attr(keepdims))
        return [op], 0 not in axes

    check_batch(*_function(shape, build), seed)


@SETTINGS
@given(shapes(), st.integers(-2, 2), st.booleans(), st.integers(0, 2**16))
def test_trilu_and_det(shape: tuple[int, ...], k: int, upper: bool, seed: int) -> None:
    """On the last two axes: vectorized when dim 0 is not one of them."""
    side = min(shape[-2:])
    square = (*shape[:-2], side, side)

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        trilu = _op(nn.TriluOp, [x], shape, k=nn.i64_attr(k), upper=nn.bool_attr(upper))
        ops: list[Operation] = [trilu]
        if len(shape) >= 3:
            cut = _op(nn.SliceOp, [trilu.results[0]], square, starts=nn.i64_array([0] * len(shape)),
                      steps=nn.i64_array([1] * len(shape)))
            ops += [cut, _op(nn.DetOp, [cut.results[0]], square[:-2])]
        return ops, len(shape) >= 3

    check_batch(*_function(shape, build), seed)


@SETTINGS
@given(shapes(min_rank=3), st.data(), st.integers(0, 2**16))
def test_gather_nd(shape: tuple[int, ...], data: st.DataObject, seed: int) -> None:
    """With batch dims, dim 0 among them; without, the indices address it."""
    batch_dims = data.draw(st.integers(0, 1))
    depth = data.draw(st.integers(1, len(shape) - batch_dims - 1))
    count = data.draw(st.integers(1, 3))
    addressed = shape[batch_dims : batch_dims + depth]
    rng = np.random.default_rng(seed)
    indices = np.stack([rng.integers(0, n, (*shape[:batch_dims], count)) for n in addressed], axis=-1)
    result = [*shape[:batch_dims], count, *shape[batch_dims + depth :]]

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        i = _constant(indices, "indices")
        return [i, _op(nn.GatherNdOp, [x, i.result], result, batch_dims=nn.i64_attr(batch_dims))], batch_dims == 1

    check_batch(*_function(shape, build), seed)


def test_gather_slice_and_where() -> None:
    """Gather along another axis with constant indices, a slice keeping dim
    0, a comparison and a where against a constant: one vectorized run."""
    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        i = _constant(np.array([2, 0], np.int64), "indices")
        picked = _op(nn.GatherOp, [x, i.result], [1, 2, 3], axis=nn.i64_attr(1))
        part = _op(nn.SliceOp, [picked.results[0]], [1, 2, 2], starts=nn.i64_array([0, 0, 1]), steps=nn.i64_array([1, 1, 1]))
        zero = _constant(np.zeros((2, 2), np.float32), "zero")
        positive = _op(nn.CompareOp, [part.results[0], zero.result], [1, 2, 2], i1, predicate=StringAttr("greater"))
        kept = _op(nn.WhereOp, [positive.results[0], part.results[0], zero.result], [1, 2, 2])
        return [i, picked, part, zero, positive, kept], True

    check_batch(*_function((1, 4, 3), build), 0)


def test_gather_with_batched_indices_runs_per_sample() -> None:
    """Indices computed from the input would move the batch: one run per sample."""
    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        top = _op(nn.TopKOp, [x], [1, 2], i64, axis=nn.i64_attr(1), k=nn.i64_attr(2))
        picked = _op(nn.GatherOp, [x, top.results[0]], [1, 1, 2], axis=nn.i64_attr(1))
        return [top, picked], False

    check_batch(*_function((1, 4), build), 0)


@SETTINGS
@given(st.booleans(), st.integers(0, 2**16))
def test_grid_sample_dft_and_conv_transpose(grid_from_input: bool, seed: int) -> None:
    """A grid computed once (constant) or from the input, a DFT along a
    signal axis and a transposed convolution of constant weights: one
    vectorized run."""
    rng = np.random.default_rng(seed)

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        w = _constant(rng.standard_normal((2, 3, 2, 2)).astype(np.float32), "w")
        up = _op(nn.ConvTranspose2dOp, [x, w.result], [1, 3, 4, 4])
        if grid_from_input:
            part = _op(nn.SliceOp, [up.results[0]], [1, 1, 4, 4], starts=nn.i64_array([0, 0, 0, 0]),
                       steps=nn.i64_array([1, 1, 1, 1]))
            tanh = _op(nn.TanhOp, [part.results[0]], [1, 1, 4, 4])
            grid = [part, tanh, _op(nn.ReshapeOp, [tanh.results[0]], [1, 4, 2, 2])]
        else:
            grid = [_constant(rng.uniform(-1.2, 1.2, (1, 4, 2, 2)).astype(np.float32), "grid")]
        sampled = _op(nn.GridSampleOp, [up.results[0], grid[-1].results[0]], [1, 3, 4, 2])
        signal = _op(nn.ReshapeOp, [sampled.results[0]], [1, 3, 8, 1])
        spectrum = _op(nn.DftOp, [signal.results[0]], [1, 3, 8, 2], axis=nn.i64_attr(2), length=nn.i64_attr(8),
                       inverse=nn.bool_attr(False), onesided=nn.bool_attr(False))
        return [w, up, *grid, sampled, signal, spectrum], True

    check_batch(*_function((1, 2, 3, 3), build), seed)


@pytest.mark.parametrize(
    ("equation", "weight_shape", "vectorized"),
    [
        ("bij,jk->bik", (3, 2), True),  # a weight computed once
        ("bij,bjk->bik", (1, 3, 2), True),  # its size-1 batch letter broadcasts
        ("bij,kj->bki", (2, 3), True),
        ("bij,jk->ikb", (3, 2), False),  # the batch letter moves
        ("bij,jk->ik", (3, 2), False),  # the batch letter is summed
        ("bbj,bjk->bk", (1, 3, 2), False),  # a diagonal of dim 0
    ],
)
def test_einsum(equation: str, weight_shape: tuple[int, ...], vectorized: bool) -> None:
    rng = np.random.default_rng(0)
    terms, output = equation.split("->")
    sizes = dict(zip(terms.split(",")[0], (1, 1 if equation.startswith("bb") else 4, 3)))
    sizes.update(zip(terms.split(",")[1], weight_shape))
    x_shape = [sizes[c] for c in terms.split(",")[0]]

    def build(block: Block, x: SSAValue) -> tuple[list[Operation], bool]:
        w = _constant(rng.standard_normal(weight_shape).astype(np.float32), "w")
        result = [sizes[c] for c in output]
        return [w, _op(nn.EinsumOp, [x, w.result], result, equation=StringAttr(equation))], vectorized

    check_batch(*_function(x_shape, build), 0)
