"""ONNX LinearAttention, unrolled over the sequence at import into nn ops.

For each token `t` (the sequence length is static), per KV head, with the
state `S` `[d_k, d_v]` (the past state, else zeros), computed in f32 as
ONNX's reference does (other float types are cast in and out):

- gated rules: `S = exp(g_t) * S` (the decay per head or per key feature);
- delta rules: `v_t = beta_t * (v_t - S^T k_t)` (nn.einsum);
- `S = S + k_t v_t^T` (an outer product: nn.mul of broadcast reshapes);
- `o_t = scale * q_t^T S`, each KV head's state read by its
  `q_num_heads / kv_num_heads` query heads (nn.gather), `scale` by default
  `1 / sqrt(d_k)`.

The outputs `[B, T, H_q * d_v]` are concatenated over the tokens; the
present state is the last `S`.
"""

from __future__ import annotations

import math

import numpy as np
from xdsl.dialects.builtin import Float32Type

from asic.dialects import nn
from asic.dialects.nn import i64_attr
from asic.lowering.onnx.graph import Const, Node, Tensor, element_type_of, shape_of
from asic.lowering.onnx.indexing import slice_tensor
from asic.lowering.onnx.ops import converts

UPDATE_RULES = ("linear", "gated", "delta", "gated_delta")


def _f32(node: Node, t: Tensor) -> Tensor:
    if isinstance(t, Const):
        return Const(t.array.astype(np.float32), t.name)
    if element_type_of(t) == Float32Type():
        return t
    return node.emit(nn.CastOp, [t], shape_of(t), element_type=Float32Type())


def _step(node: Node, x: Tensor, t: int, shape: tuple[int, ...]) -> Tensor:
    """Token `t` of `x` `[B, T, ...]`, reshaped to `shape`."""
    return node.reshape(slice_tensor(node, x, {1: (t, t + 1, 1)}), shape)


@converts("LinearAttention")
def _linear_attention(node: Node) -> None:
    rule = node.attr("update_rule", "gated_delta")
    if rule not in UPDATE_RULES:
        node.fail(f"update_rule '{rule}' is not supported; supported are {', '.join(UPDATE_RULES)}")
    hq, hkv = int(node.attr("q_num_heads", 0)), int(node.attr("kv_num_heads", 0))
    qs, ks, vs = node.shape(0), node.shape(1), node.shape(2)
    if hq < 1 or hkv < 1 or hq % hkv or any(len(s) != 3 for s in (qs, ks, vs)):
        node.fail(f"q_num_heads {hq} must be a multiple of kv_num_heads {hkv}, the inputs [B, T, H*D]")
    b, steps = qs[0], qs[1]
    dk, dv = qs[2] // hq, vs[2] // hkv
    if qs[2] != hq * dk or ks != (b, steps, hkv * dk) or vs != (b, steps, hkv * dv):
        node.fail(f"query {list(qs)}, key {list(ks)} and value {list(vs)} do not split into the heads")
    gating, delta = rule in ("gated", "gated_delta"), rule in ("delta", "gated_delta")
    for i, what, needed in ((4, "decay", gating), (5, "beta", delta)):
        if node.has_input(i) != needed:
            node.fail(f"update_rule '{rule}' {'needs' if needed else 'takes no'} {what} input")
    element = element_type_of(node.value(node.input(0)))
    q, k, v = (_f32(node, node.input(i)) for i in range(3))
    base = node.proto.name or node.proto.output[0]
    state_shape = (b, hkv, dk, dv)
    if node.has_input(3):
        state = _f32(node, node.input(3))
        if shape_of(state) != state_shape:
            node.fail(f"the past state must be {list(state_shape)}, got {list(shape_of(state))}")
    else:
        state = Const(np.zeros(state_shape, np.float32), f"{base}.state")
    if gating:
        decay = _f32(node, node.input(4))
        width = shape_of(decay)[-1]
        if shape_of(decay) != (b, steps, width) or width not in (hkv, hkv * dk):
            node.fail(f"the decay must be [{b}, {steps}, {hkv} or {hkv * dk}], got {list(shape_of(decay))}")
        decay_shape = (b, hkv, width // hkv, 1)
    if delta:
        beta = _f32(node, node.input(5))
        heads = shape_of(beta)[-1]
        if shape_of(beta) != (b, steps, heads) or heads not in (hkv, 1):
            node.fail(f"the beta must be [{b}, {steps}, {hkv} or 1], got {list(shape_of(beta))}")
    scale = float(np.float32(node.attr("scale", 0.0))) or 1 / math.sqrt(dk)
    repeat = Const(np.repeat(np.arange(hkv), hq // hkv).astype(np.int64), f"{base}.kv_heads")
    outputs = []
    for t in range(steps):
        q_t = _step(node, q, t, (b, hq, dk))
        k_t = _step(node, k, t, (b, hkv, dk))
        v_t = _step(node, v, t, (b, hkv, dv))
        if gating:
            g = node.emit(nn.ExpOp, [_step(node, decay, t, decay_shape)], decay_shape)
            state = node.emit(nn.MulOp, [state, g], state_shape)
        if delta:
            retrieved = node.emit(nn.EinsumOp, [state, k_t], (b, hkv, dv), {"equation": nn.StringAttr("bhdm,bhd->bhm")})
            correction = node.emit(nn.SubOp, [v_t, retrieved], (b, hkv, dv))
            v_t = node.emit(nn.MulOp, [_step(node, beta, t, (b, heads, 1)), correction], (b, hkv, dv))
        outer = node.emit(nn.MulOp, [node.reshape(k_t, (b, hkv, dk, 1)), node.reshape(v_t, (b, hkv, 1, dv))], state_shape)
        state = node.emit(nn.AddOp, [state, outer], state_shape)
        read = state if hq == hkv else node.emit(nn.GatherOp, [state, repeat], (b, hq, dk, dv), {"axis": i64_attr(1)})
        o_t = node.emit(nn.EinsumOp, [q_t, read], (b, hq, dv), {"equation": nn.StringAttr("bhd,bhdm->bhm")})
        o_t = node.emit(nn.MulOp, [o_t, node.scalar(scale, Float32Type(), "scale")], (b, hq, dv))
        outputs.append(node.reshape(o_t, (b, 1, hq * dv)))
    y = outputs[0] if steps == 1 else node.emit(nn.ConcatOp, outputs, (b, steps, hq * dv), {"axis": i64_attr(1)})
    present_type = element_type_of(node.value(node.input(3))) if node.has_input(3) else element
    if element != Float32Type():
        y = node.emit(nn.CastOp, [y], shape_of(y), element_type=element)
    if present_type != Float32Type():
        state = node.emit(nn.CastOp, [state], state_shape, element_type=present_type)
    node.set_output(0, y)
    node.set_output(1, state)
