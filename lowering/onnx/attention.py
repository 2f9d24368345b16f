"""ONNX Attention (opsets 23 to 25) and RotaryEmbedding, decomposed at import
into nn ops (RotaryEmbedding: see its converter).

`softmax(Q K^T * scale + bias) V` per head, as ONNX's definition computes it:

- 3-D inputs `[batch, seq, heads * size]` are reshaped and transposed to
  `[batch, heads, seq, size]` (`q_num_heads`, `kv_num_heads`), and the
  result back;
- `past_key` / `past_value` are concatenated before K and V along the
  sequence (the `present_key` / `present_value` outputs); grouped-query
  attention repeats each K/V head `q_num_heads / kv_num_heads` times
  (nn.gather);
- Q and K are each scaled by `sqrt(scale)` (default `1 / sqrt(size)`)
  before nn.matmul; `softcap` is `softcap * tanh(x / softcap)`;
- the bias: a float `attn_mask` added, a boolean one as `where(mask, 0,
  -inf)` (nn.where), padded with -inf (false) to the total sequence;
  `is_causal` (bottom-right, offset by the past length), `left_window_size`
  / `right_window_size` and `nonpad_kv_seqlen` (an import-time constant) as
  constant -inf biases;
- nn.softmax (in `softmax_precision` through nn.cast), then a row whose
  bias is -inf everywhere is 0 (nn.where of a constant or a computed
  condition), and nn.matmul with V;
- `qk_matmul_output` (output 3) is the product, after softcap, with the
  bias, or after softmax by `qk_matmul_output_mode`.
"""

from __future__ import annotations

import math

import numpy as np
from xdsl.dialects.builtin import i1

from asic.dialects import nn
from asic.dialects.attributes import numpy_dtype
from asic.dialects.nn import i64_attr
from asic.lowering.onnx.graph import ONNX_FLOAT_TYPES, Const, Node, Tensor, element_type_of, shape_of
from asic.lowering.onnx.indexing import slice_tensor
from asic.lowering.onnx.ops import _broadcast, converts


class Attention:
    def __init__(self, node: Node):
        self.node = node
        self.element = element_type_of(node.value(node.input(0)))
        try:
            self.dtype = numpy_dtype(self.element)
        except ValueError:
            node.fail(f"element type {self.element} is not supported (numpy has none)")

    def const(self, array: np.ndarray, what: str) -> Const:
        base = self.node.proto.name or next(o for o in self.node.proto.output if o)
        return Const(np.asarray(array), f"{base}.{what}")

    def scalar(self, value: float, what: str) -> Const:
        return self.const(np.asarray(value, self.dtype), what)

    def emit(self, op: type, operands: list[Tensor], shape=None, props=None, element_type=None) -> Tensor:
        if shape is None:
            shape = _broadcast(self.node, *[shape_of(t) for t in operands])
        return self.node.emit(op, operands, shape, props, element_type=element_type)

    def heads(self, t: Tensor, count: int | None, what: str) -> Tensor:
        """A 3-D `[b, s, h * d]` input as `[b, h, s, d]`."""
        shape = shape_of(t)
        if len(shape) == 4:
            return t
        if len(shape) != 3 or not count or shape[2] % count:
            self.node.fail(f"{what} must be 4-D, or 3-D with its number of heads dividing the hidden size")
        b, s, hidden = shape
        split = self.node.reshape(t, (b, s, count, hidden // count))
        return self.node.transpose(split, (0, 2, 1, 3))


@converts("Attention")
def _attention(node: Node) -> None:
    a = Attention(node)
    q_heads, kv_heads = node.attr("q_num_heads"), node.attr("kv_num_heads")
    q3 = len(node.shape(0)) == 3
    q = a.heads(node.input(0), q_heads, "Q")
    k = a.heads(node.input(1), kv_heads, "K")
    v = a.heads(node.input(2), kv_heads, "V")
    past = 0
    if node.has_input(4) != node.has_input(5):
        node.fail("past_key and past_value must be given together")
    if node.has_input(4):
        past = node.shape(4)[2]
        for i, name in ((4, "k"), (5, "v")):
            t = k if name == "k" else v
            shape = list(shape_of(t))
            shape[2] += past
            joined = a.emit(nn.ConcatOp, [node.input(i), t], shape, {"axis": i64_attr(2)})
            k, v = (joined, v) if name == "k" else (k, joined)
    node.set_output(1, k)
    node.set_output(2, v)
    b, hq, sq, size = shape_of(q)
    hk, skv = shape_of(k)[1], shape_of(k)[2]
    if hq != hk:
        if hq % hk:
            node.fail(f"{hq} query heads are not a multiple of {hk} key/value heads")
        index = a.const(np.repeat(np.arange(hk), hq // hk), "heads")
        k = a.emit(nn.GatherOp, [k, index], (b, hq, skv, size), {"axis": i64_attr(1)})
        vs = shape_of(v)
        v = a.emit(nn.GatherOp, [v, index], (b, hq, vs[2], vs[3]), {"axis": i64_attr(1)})
    scale = node.attr("scale")
    scale = 1 / math.sqrt(size) if scale is None else float(scale)
    root = a.scalar(np.sqrt(np.float64(scale)).astype(a.dtype), "sqrt_scale")
    qs = a.emit(nn.MulOp, [q, root])
    ks = node.transpose(a.emit(nn.MulOp, [k, root]), (0, 1, 3, 2))
    scores = a.emit(nn.MatmulOp, [qs, ks], (b, hq, sq, skv))
    softcap = float(node.attr("softcap", 0.0))
    if softcap > 0:
        capped = a.emit(nn.TanhOp, [a.emit(nn.DivOp, [scores, a.scalar(softcap, "softcap")])])
        scores = a.emit(nn.MulOp, [capped, a.scalar(softcap, "softcap")])
    mode = int(node.attr("qk_matmul_output_mode", 0))
    qk_output = scores
    bias, masked_rows = _bias(a, node, sq, skv, past, b)
    if bias is not None:
        scores = a.emit(nn.AddOp, [scores, bias])
    if mode == 2:
        qk_output = scores
    precision = node.attr("softmax_precision")
    work = scores
    if precision is not None and ONNX_FLOAT_TYPES.get(int(precision)) not in (None, type(a.element)):
        work = a.emit(nn.CastOp, [scores], shape_of(scores), element_type=ONNX_FLOAT_TYPES[int(precision)]())
    weights = a.emit(nn.SoftmaxOp, [work], shape_of(work))
    if masked_rows is not None:
        zero = Const(np.zeros((), numpy_dtype(element_type_of(node.value(weights)))), f"{node.proto.output[0] or 'attention'}.zero")
        weights = a.emit(nn.WhereOp, [masked_rows, zero, weights], shape_of(weights), element_type=element_type_of(node.value(weights)))
    if work is not scores:
        weights = a.emit(nn.CastOp, [weights], shape_of(weights), element_type=a.element)
    if mode == 3:
        qk_output = weights
    node.set_output(3, qk_output)
    y = a.emit(nn.MatmulOp, [weights, v], (b, hq, sq, shape_of(v)[3]))
    if q3:
        y = node.reshape(node.transpose(y, (0, 2, 1, 3)), (b, sq, hq * shape_of(v)[3]))
    node.set_output(0, y)


def _bias(a: Attention, node: Node, sq: int, skv: int, past: int, batch: int) -> tuple[Tensor | None, Tensor | None]:
    """The additive bias of the scores and the condition of the rows that
    are masked everywhere (None for none)."""
    neg = a.dtype.type(-np.inf)
    static = np.zeros((sq, skv), a.dtype)
    i = np.arange(sq).reshape(sq, 1)
    j = np.arange(skv).reshape(1, skv)
    offset = past
    if node.has_input(6):
        lengths = node.const(6, "nonpad_kv_seqlen").reshape(-1)
        static = static + np.where(np.arange(skv) < lengths[:, None], 0, neg).reshape(-1, 1, 1, skv).astype(a.dtype)
        offset = (lengths - sq).reshape(-1, 1, 1, 1) if past == 0 else past
    if node.attr("is_causal", 0):
        static = static + np.where(j <= i + offset, a.dtype.type(0), neg)
    left, right = int(node.attr("left_window_size", -1)), int(node.attr("right_window_size", -1))
    if left >= 0 or right >= 0:
        diff = (i + offset) - j
        allowed = np.ones(np.shape(diff), bool)
        if left >= 0:
            allowed &= diff <= left
        if right >= 0:
            allowed &= -diff <= right
        static = static + np.where(allowed, a.dtype.type(0), neg)
    mask: Tensor | None = None
    if node.has_input(3):
        mask = node.input(3)
        ms = list(shape_of(mask))
        boolean = isinstance(mask, Const) and mask.array.dtype == np.bool_ or (
            not isinstance(mask, Const) and element_type_of(mask) == i1
        )
        if isinstance(mask, Const):
            array = mask.array
            if ms[-1] < skv:
                pad = [(0, 0)] * (array.ndim - 1) + [(0, skv - ms[-1])]
                array = np.pad(array, pad, constant_values=False if boolean else -np.inf)
            array = np.where(array, a.dtype.type(0), neg) if boolean else array.astype(a.dtype)
            static = static + array
            mask = None
        else:
            if boolean:
                mask = a.emit(nn.WhereOp, [mask, a.scalar(0.0, "open"), a.scalar(-np.inf, "closed")], ms, element_type=a.element)
            if ms[-1] < skv:  # the keys the mask does not cover are masked
                fill = a.const(np.full([*ms[:-1], skv - ms[-1]], neg), "mask_padding")
                mask = a.emit(nn.ConcatOp, [mask, fill], [*ms[:-1], skv], {"axis": i64_attr(len(ms) - 1)})
    rows = np.isneginf(static.max(axis=-1, keepdims=True)) if static.size else None
    bias: Tensor | None = None
    if np.any(static != 0):
        bias = a.const(static, "bias")
    if mask is not None:
        bias = mask if bias is None else a.emit(nn.AddOp, [mask, bias])
        maximum = a.emit(nn.ReduceMaxOp, [bias], (*shape_of(bias)[:-1], 1), {"axes": nn.i64_array([len(shape_of(bias)) - 1]), "keepdims": nn.bool_attr(True)})
        condition = a.emit(nn.CompareOp, [maximum, a.scalar(-np.inf, "closed")], shape_of(maximum), {"predicate": nn.StringAttr("equal")}, element_type=i1)
        return bias, condition
    if rows is not None and rows.any():
        return bias, a.const(rows, "masked_rows")
    return bias, None


@converts("RotaryEmbedding")
def _rotary_embedding(node: Node) -> None:
    """ONNX's rotation of the first `rotary_embedding_dim` features of each
    head by the cached cosines and sines of its position: `[x1, x2] ->
    [cos x1 - sin x2, sin x1 + cos x2]`, the halves contiguous or
    interleaved (nn.slice, nn.mul, nn.sub, nn.add, nn.concat)."""
    x, xs = node.input(0), node.shape(0)
    if len(xs) == 4:
        batch, heads, seq, size = xs
        x = node.transpose(x, (0, 2, 1, 3))
    elif len(xs) == 3:
        heads = int(node.attr("num_heads", 0))
        if heads < 1 or xs[2] % heads:
            node.fail(f"num_heads {heads} must divide the hidden size {xs[2]} of a 3-D input")
        batch, seq, size = xs[0], xs[1], xs[2] // heads
        x = node.reshape(x, (batch, seq, heads, size))
    else:
        node.fail(f"the input must have rank 3 or 4, got rank {len(xs)}")
    rotated = int(node.attr("rotary_embedding_dim", 0)) or size
    if rotated % 2 or rotated > size:
        node.fail(f"rotary_embedding_dim {rotated} must be even and at most the head size {size}")
    half = rotated // 2
    caches = []
    for i, what in ((1, "cos_cache"), (2, "sin_cache")):
        cache = node.input(i)
        if node.has_input(3):
            positions = node.input(3)
            shape = (*shape_of(positions), *shape_of(cache)[1:])
            cache = node.emit(nn.GatherOp, [cache, positions], shape, {"axis": i64_attr(0)})
        if shape_of(cache) != (batch, seq, half):
            node.fail(f"the {what} gives {list(shape_of(cache))} per position, expected [{batch}, {seq}, {half}]")
        caches.append(node.reshape(cache, (batch, seq, 1, half)))
    cos, sin = caches
    inner = (batch, seq, heads, half)
    if node.attr("interleaved", 0):
        x1, x2 = (slice_tensor(node, x, {3: (k, rotated, 2)}) for k in (0, 1))
    else:
        x1, x2 = (slice_tensor(node, x, {3: (k * half, (k + 1) * half, 1)}) for k in (0, 1))
    products = [node.emit(nn.MulOp, [c, v], inner) for c, v in ((cos, x1), (sin, x2), (sin, x1), (cos, x2))]
    real = node.emit(nn.SubOp, products[:2], inner)
    imag = node.emit(nn.AddOp, products[2:], inner)
    if node.attr("interleaved", 0):
        pairs = [node.reshape(v, (*inner, 1)) for v in (real, imag)]
        y = node.reshape(node.emit(nn.ConcatOp, pairs, (*inner, 2), {"axis": i64_attr(4)}), (batch, seq, heads, rotated))
    else:
        y = node.emit(nn.ConcatOp, [real, imag], (batch, seq, heads, rotated), {"axis": i64_attr(3)})
    if rotated < size:
        rest = slice_tensor(node, x, {3: (rotated, size, 1)})
        y = node.emit(nn.ConcatOp, [y, rest], (batch, seq, heads, size), {"axis": i64_attr(3)})
    node.set_output(0, node.transpose(y, (0, 2, 1, 3)) if len(xs) == 4 else node.reshape(y, xs))
