"""ONNX loss functions in the frontend, decomposed into nn ops.

- NegativeLogLikelihoodLoss(input [N, C, d...], target [N, d...] integer,
  weight [C] optional): `loss = -input[n, target, d...] * w[target]`
  (nn.gather_elements of the input along axis 1, nn.gather of the
  weights); a target equal to `ignore_index` reads class 0 and gets weight
  0 (nn.compare, nn.where). `reduction` none keeps `loss`, sum adds it up,
  mean divides that sum by the sum of the weights used (the count of
  targets not ignored without weights).
- SoftmaxCrossEntropyLoss(scores, labels, weights): the same of the log
  softmax of the scores along axis 1 (`scores - reduce_log_sum_exp`), which
  is its second output.
"""

from __future__ import annotations

from xdsl.dialects.builtin import StringAttr, i1, i64

from asic.dialects import nn
from asic.dialects.nn import i64_attr
from asic.lowering.onnx.graph import Node, Tensor, element_type_of, shape_of
from asic.lowering.onnx.ops import converts
from asic.lowering.onnx.reductions import reduce

REDUCTIONS = ("none", "sum", "mean")


def _negative_log_likelihood(node: Node, log_prob: Tensor, target: Tensor, weight: Tensor | None) -> Tensor:
    xs, ts = shape_of(log_prob), shape_of(target)
    if len(xs) < 2 or ts != (xs[0], *xs[2:]):
        node.fail(f"the target's shape {list(ts)} must be the input's {list(xs)} without axis 1")
    reduction = node.attr("reduction", "mean")
    if reduction not in REDUCTIONS:
        node.fail(f"reduction '{reduction}' is not supported; supported are {', '.join(REDUCTIONS)}")
    element = element_type_of(node.value(log_prob))
    if element_type_of(target) != i64:
        target = node.emit(nn.CastOp, [target], ts, element_type=i64)
    ignored = None
    weights = weight
    if node.has_attr("ignore_index"):
        index = node.scalar(int(node.attr("ignore_index")), i64, "ignore_index")
        ignored = node.emit(nn.CompareOp, [target, index], ts, {"predicate": StringAttr("equal")}, element_type=i1)
        target = node.emit(nn.WhereOp, [ignored, node.scalar(0, i64, "class0"), target], ts, element_type=i64)
    if weight is not None:
        weights = node.emit(nn.GatherOp, [weight, target], ts, {"axis": i64_attr(0)})
    if ignored is not None:
        kept = weights if weights is not None else node.scalar(1, element, "one")
        weights = node.emit(nn.WhereOp, [ignored, node.scalar(0, element, "zero"), kept], ts, element_type=element)
    picked = node.emit(
        nn.GatherElementsOp, [log_prob, node.reshape(target, (ts[0], 1, *ts[1:]))],
        (xs[0], 1, *xs[2:]), {"axis": i64_attr(1)},
    )
    loss = node.emit(nn.NegOp, [node.reshape(picked, ts)], ts)
    if weights is not None:
        loss = node.emit(nn.MulOp, [loss, weights], ts)
    if reduction == "none":
        return loss
    axes = range(len(ts))
    if reduction == "sum" or (reduction == "mean" and weights is None):
        op = nn.ReduceSumOp if reduction == "sum" else nn.ReduceMeanOp
        return reduce(node, op, loss, axes, keepdims=False)
    total = reduce(node, nn.ReduceSumOp, loss, axes, keepdims=False)
    return node.emit(nn.DivOp, [total, reduce(node, nn.ReduceSumOp, weights, axes, keepdims=False)], ())


@converts("NegativeLogLikelihoodLoss")
def _nll_loss(node: Node) -> None:
    weight = node.input(2) if node.has_input(2) else None
    node.set_output(0, _negative_log_likelihood(node, node.input(0), node.input(1), weight))


@converts("SoftmaxCrossEntropyLoss")
def _softmax_cross_entropy(node: Node) -> None:
    scores, ss = node.input(0), node.shape(0)
    if len(ss) < 2:
        node.fail(f"the scores must have rank >= 2 (N, C, ...), got rank {len(ss)}")
    total = reduce(node, nn.ReduceLogSumExpOp, scores, [1])
    log_prob = node.emit(nn.SubOp, [scores, total], ss)
    weight = node.input(2) if node.has_input(2) else None
    node.set_output(0, _negative_log_likelihood(node, log_prob, node.input(1), weight))
    node.set_output(1, log_prob)
