"""`prune{mode=channel}`: physically remove output channels and rewire.

Removing output channel `j` of a layer (a row of a dense weight, a filter of
a convolution with `groups = 1`) removes index `j` of axis 1 of its result.
The pass follows that axis through the result's users and keeps every user
consistent:

- ops that act on each channel on its own keep the axis and get the new type:
  the elementwise functions (`nn.ElementwiseFunctionOp`: relu, sigmoid,
  ...), `cast`, max/avg pooling, global average pooling;
- `batchnorm`: its four parameter vectors lose the same entries;
- `add`/`sub`/`mul`/`div` with a *constant* other operand: the constant
  loses the entries along the same axis when it is not broadcast there;
- `flatten` (axis 1) of `[N, C, H, W]`, or a `reshape` to `[N, C*H*W]`:
  channel `c` becomes features `c*H*W ... c*H*W + H*W - 1`, which the
  consumers downstream lose instead;
- `concat` along axis 1: the other inputs keep their channels, the removed
  ones are shifted by the input's offset;
- a `dense` (as input) loses the matching columns of its weight, a `conv2d`
  with `groups = 1` the matching input channels: there the rewiring stops.

A layer whose result reaches anything else (the function's results, an add or
concat with another computed value on the channel axis, a grouped
convolution, a matmul, a reshape that mixes channels, ...) is left alone with
a remark naming the op. Pruning both sides of a residual add consistently
would need the channels chosen jointly; this pass does not do that.

At least one channel of every layer is kept. With `criterion=reconstruct`,
after the channels of a layer are removed, each dense/conv2d consumer's
remaining weights, and its bias when it has one (so that the mean of what
was removed moves into the bias), are re-solved by least squares on its
calibration inputs (`asic.passes.compression.sparsity.least_squares`) so that it best
reproduces what it computed with all channels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from asic.dialects import nn
from asic.dialects.nn import shape_of
from asic.passes.common.constants import constant_array
from asic.passes.common.layers import Layer, replace_constant
from asic.passes.compression.pruner import PruneRun
from asic.passes.compression.sparsity import least_squares, lowest_mask

_CHANNELWISE = (nn.ElementwiseFunctionOp, nn.CastOp, nn.Maxpool2dOp, nn.Avgpool2dOp,
                nn.GlobalAvgpool2dOp)


class _Unsupported(Exception):
    pass


@dataclass
class _Plan:
    """What removing channels of one layer touches: the traced values with
    the map from their old axis-1 indices to channels, in program order."""

    # op -> operand index that carries the channel axis
    through: list[tuple[Operation, int]] = field(default_factory=list)
    consumers: list[tuple[nn.Conv2dOp | nn.DenseOp, int]] = field(default_factory=list)
    # value -> for each index of its axis 1, the layer channel (or -1 = kept always)
    origin: dict[SSAValue, np.ndarray] = field(default_factory=dict)


def _describe(op: Operation) -> str:
    return f"'{op.name}'"


def plan(layer: Layer) -> _Plan:
    """Trace the channel axis of `layer`'s result; `_Unsupported` names why
    it cannot be pruned."""
    if layer.groups != 1:
        raise _Unsupported("it is a grouped convolution")
    result = layer.op.result
    p = _Plan()
    p.origin[result] = np.arange(shape_of(result)[1])
    pending = [result]
    while pending:
        value = pending.pop()
        for use in sorted(value.uses, key=lambda u: _position(u.operation)):
            user, index = use.operation, use.index
            if any(user is op for op, _ in p.through) or any(user is op for op, _ in p.consumers):
                raise _Unsupported(f"its channels reach {_describe(user)} twice")
            origin = p.origin[value]
            if isinstance(user, func.ReturnOp):
                raise _Unsupported("its channels are a result of the function")
            if isinstance(user, nn.DenseOp | nn.Conv2dOp) and index == 0:
                if isinstance(user, nn.Conv2dOp) and user.groups.value.data != 1:
                    raise _Unsupported("its channels feed a grouped convolution")
                if constant_array(user.weight) is None:
                    raise _Unsupported(f"its channels feed {_describe(user)} with a non-constant weight")
                if isinstance(user, nn.DenseOp) and len(shape_of(value)) != 2:
                    raise _Unsupported("its channels feed a dense layer through a rank change")
                p.consumers.append((user, index))
                continue
            new_origin = _follow(user, index, value, origin)
            p.through.append((user, index))
            p.origin[user.results[0]] = new_origin
            pending.append(user.results[0])
    p.through.sort(key=lambda e: _position(e[0]))
    return p


def _position(op: Operation) -> int:
    block = op.parent_block()
    return block.get_operation_index(op) if block is not None else 0


def _follow(user: Operation, index: int, value: SSAValue, origin: np.ndarray) -> np.ndarray:
    """The channel map of `user`'s result, given operand `index` carries
    `origin` on axis 1."""
    if isinstance(user, _CHANNELWISE):
        return origin
    if isinstance(user, nn.BatchnormOp) and index == 0:
        if any(constant_array(v) is None for v in user.operands[1:]):
            raise _Unsupported("its channels feed a batchnorm with non-constant parameters")
        return origin
    if isinstance(user, nn.BinaryElementwiseOp):
        other = user.operands[1 - index]
        if constant_array(other) is None:
            raise _Unsupported(
                f"its channels meet another computed value at {_describe(user)}"
            )
        if shape_of(user.result) != shape_of(value):
            raise _Unsupported(f"{_describe(user)} broadcasts its channels")
        return origin
    shape = shape_of(value)
    if (isinstance(user, nn.FlattenOp) and user.axis.value.data == 1) or (
        isinstance(user, nn.ReshapeOp)
        and len(shape) >= 2
        and shape_of(user.result) == (shape[0], int(np.prod(shape[1:])))
    ):
        inner = int(np.prod(shape[2:]))
        return np.repeat(origin, inner)
    if isinstance(user, nn.ConcatOp) and user.axis.value.data % len(shape) == 1:
        parts = []
        for i, operand in enumerate(user.inputs):
            if i == index:
                parts.append(origin)
            elif operand is value:
                raise _Unsupported(f"its channels reach {_describe(user)} twice")
            else:
                parts.append(np.full(shape_of(operand)[1], -1))
        return np.concatenate(parts)
    raise _Unsupported(f"its channels feed {_describe(user)}, which this pass cannot rewire")


def _keep_along(array: np.ndarray, axis: int, keep: np.ndarray) -> np.ndarray:
    return np.take(array, np.flatnonzero(keep), axis=axis)


def apply_plan(layer: Layer, p: _Plan, kept_channels: np.ndarray, run: PruneRun,
               grams: Sequence[np.ndarray] | None) -> None:
    """Remove the channels of `layer` not in `kept_channels` (a bool mask)."""
    names = run.names
    keep = lambda value: np.where(p.origin[value] < 0, True, kept_channels[np.maximum(p.origin[value], 0)])  # noqa: E731
    op = layer.op
    replace_constant(op, 1, _keep_along(layer.weight(), 0, kept_channels), names, ".pruned")
    if op.bias is not None:
        replace_constant(op, 2, _keep_along(layer.bias(), 0, kept_channels), names, ".pruned")
    new_values: dict[SSAValue, SSAValue] = {}
    _retype(op, 0, int(kept_channels.sum()), new_values, names)

    for user, index in p.through:
        old_value = user.operands[index]
        mask = keep(_old(new_values, old_value))
        if isinstance(user, nn.BatchnormOp):
            for i in range(1, 5):
                replace_constant(user, i, _keep_along(constant_array(user.operands[i]), 0, mask), names, ".pruned")
        elif isinstance(user, nn.BinaryElementwiseOp):
            other = 1 - index
            const = np.asarray(constant_array(user.operands[other]))
            rank = len(shape_of(user.result))
            axis = 1 - (rank - const.ndim)
            if axis >= 0 and const.shape[axis] > 1:
                replace_constant(user, other, _keep_along(const, axis, mask), names, ".pruned")
        out_mask = keep(user.results[0])
        _retype(user, 0, int(out_mask.sum()), new_values, names)

    for consumer_index, (consumer, _) in enumerate(p.consumers):
        value = _old(new_values, consumer.input)
        mask = keep(value)
        w = np.array(constant_array(consumer.weight), dtype=np.float64)
        if grams is not None:
            c_layer = Layer(consumer)
            h = grams[consumer_index][0]
            wm = c_layer.to_matrices(w)[0]
            cols = np.tile(mask, wm.shape[1] // mask.size)
            bias = c_layer.bias()
            if bias is not None:  # re-solve the bias too: a constant input column
                wm = np.concatenate([wm, bias[:, None]], axis=1)
                cols = np.append(cols, True)
            else:
                h = h[:-1, :-1]
            solved = least_squares(wm, h, np.broadcast_to(cols, wm.shape))
            if bias is not None:
                replace_constant(consumer, 2, solved[:, -1], names, ".pruned")
                solved = solved[:, :-1]
            w = c_layer.from_matrices(solved[None])
        replace_constant(consumer, 1, _keep_along(w, 1, mask), names, ".pruned")


def _old(new_values: dict[SSAValue, SSAValue], value: SSAValue) -> SSAValue:
    for old, new in new_values.items():
        if new is value:
            return old
    return value


def _retype(op: Operation, result_index: int, size: int, new_values: dict[SSAValue, SSAValue], names) -> None:
    """Give `op`'s result a new axis-1 size (or, for a flatten/reshape to
    rank 2, axis-1 size `size`) by re-creating `op`."""
    result = op.results[result_index]
    ty = result.type
    assert isinstance(ty, TensorType)
    shape = list(ty.get_shape())
    shape[1] = size
    new_type = TensorType(ty.get_element_type(), shape)
    new = type(op).create(
        operands=list(op.operands),
        result_types=[new_type],
        properties=dict(op.properties),
        attributes=dict(op.attributes),
    )
    Rewriter.insert_op(new, InsertPoint.before(op))
    new.results[0].name_hint = result.name_hint
    result.replace_all_uses_with(new.results[0])
    new_values[result] = new.results[0]
    # Keep the origin map reachable under the old value (looked up via _old).
    Rewriter.erase_op(op, safe_erase=False)


def prune_channels(
    run: PruneRun, layers: list[Layer], criterion: str, sparsity: float, scope: str
) -> None:
    """Remove the lowest-scoring `sparsity` fraction of the output channels
    of `layers` (per layer or over all of them, by `scope`), scored by
    `criterion` (see `asic.passes.prune`)."""
    plans: list[tuple[Layer, _Plan]] = []
    for layer in layers:
        try:
            plans.append((layer, plan(layer)))
        except _Unsupported as why:
            run.note(layer, str(why))
    if not plans:
        return
    # Scores of output channels.
    scores = []
    if criterion == "magnitude":
        for layer, _ in plans:
            w = layer.weight()
            scores.append(np.sqrt((w.reshape(w.shape[0], -1) ** 2).sum(1)))
    else:
        for (layer, _), h in zip(plans, run.grams([l for l, _ in plans])):
            wm = layer.to_matrices(layer.weight())[0]
            scores.append(np.sqrt(np.maximum(np.einsum("nk,kl,nl->n", wm, h[0], wm), 0)))
    s = sparsity
    if scope == "layer":
        counts = [min(int(round(s * x.size)), x.size - 1) for x in scores]
    else:
        flat = np.concatenate(scores)
        mask = lowest_mask(flat, int(round(s * flat.size)))
        counts, start = [], 0
        for x in scores:
            counts.append(min(int(x.size - mask[start : start + x.size].sum()), x.size - 1))
            start += x.size
    for (layer, _), score, count in zip(plans, scores, counts):
        if count == 0:
            continue
        p = plan(layer)  # re-trace: earlier rewrites re-created ops
        grams = None
        if criterion == "reconstruct":
            consumers = [Layer(c) for c, _ in p.consumers]
            grams = run.grams(consumers, with_bias=True)
        apply_plan(layer, p, lowest_mask(score, count), run, grams)
