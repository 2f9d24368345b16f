"""ONNX RNN, GRU and LSTM, unrolled over the sequence at import.

Why unrolled into existing nn ops rather than ops of their own: the sequence
length is static (asic-opt imports static shapes), and the cell is a few
dense products, elementwise functions and sums. As those ops every later
stage already handles the network: `quantize` gives the dense products and
the functions their integer forms (qnt.dense, qnt.lut), the dataflow
lowering maps them to matrix-vector engines, and the interpreters need
nothing new. A recurrent op would need all of that again, for one gain: a
smaller IR (the unrolled one grows linearly with the sequence, which for the
short sequences of a fixed-function accelerator is what the hardware does
anyway, one engine pass per step).

The conversion (the ONNX operator semantics, `layout` 0 or 1, every
direction: forward, reverse, bidirectional):

- the input projections of all steps at once: `X` reshaped to
  `[seq * batch, input]`, one nn.dense per direction with the weight `W[d]`
  (all gates, ONNX order: LSTM i o f c, GRU z r h, RNN i) and the bias
  `Wb + Rb` (GRU with `linear_before_reset`: `Wb`, and `Rbh` inside the
  reset product);
- each step: nn.slice of the step's rows and of each gate's columns, nn.dense
  of `H[t-1]` with `R[d]`, the activations `f`, `g`, `h` (Relu, Tanh,
  Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid,
  Elu, Softsign, Softplus with `activation_alpha`/`beta` by position, ONNX's
  defaults otherwise), `clip` as nn.clip of the gates' pre-activations, LSTM
  peepholes `P` as elementwise products;
- `Y` (when used) concatenates the steps' `H` in sequence order, `Y_h` (and
  LSTM's `Y_c`) the last state of each direction (a reverse direction ends
  at step 0).

Weights, biases and peepholes must be constants; `sequence_lens` must be
absent or all equal to the sequence length; LSTM `input_forget` is not
supported.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from asic.dialects import nn
from asic.dialects.nn import f64_attr, i64_attr
from asic.lowering.onnx.graph import Const, Node, Tensor, element_type_of, shape_of
from asic.lowering.onnx.indexing import slice_tensor
from asic.lowering.onnx.ops import converts

GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}
DEFAULT_ACTIVATIONS = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"]}

_SIMPLE = {"Relu": nn.ReluOp, "Tanh": nn.TanhOp, "Sigmoid": nn.SigmoidOp, "Softsign": nn.SoftsignOp, "Softplus": nn.SoftplusOp}
_WITH_ALPHA = {"LeakyRelu": (nn.LeakyReluOp, 0.01), "ThresholdedRelu": (nn.ThresholdedReluOp, 1.0), "Elu": (nn.EluOp, 1.0)}


class Cell:
    """The conversion of one recurrent node: its weights and helpers."""

    def __init__(self, node: Node):
        self.node = node
        self._constants: dict[str, Const] = {}
        self.kind = node.op_type
        self.gates = GATES[self.kind]
        direction = node.attr("direction", "forward")
        if direction not in ("forward", "reverse", "bidirectional"):
            node.fail(f"direction '{direction}' is not supported; supported are forward, reverse and bidirectional")
        self.directions = ["forward", "reverse"] if direction == "bidirectional" else [direction]
        self.layout = int(node.attr("layout", 0))
        x = node.input(0)
        xs = shape_of(x)
        if len(xs) != 3:
            node.fail(f"the input must have rank 3, got shape {list(xs)}")
        if self.layout == 1:
            x = node.transpose(x, (1, 0, 2))
            xs = shape_of(x)
        self.x = x
        self.seq, self.batch, self.input_size = xs
        self.hidden = int(node.attr("hidden_size", 0)) or node.shape(2)[-1]
        self.element = element_type_of(node.value(x))
        self.dtype = self.const(1, "W").dtype
        defaults = DEFAULT_ACTIVATIONS[self.kind]
        self.activations = node.attr("activations") or defaults * len(self.directions)
        if len(self.activations) != len(defaults) * len(self.directions):
            node.fail(f"activations {self.activations} must name {len(defaults)} functions per direction")
        self.alphas = node.attr("activation_alpha") or []
        self.betas = node.attr("activation_beta") or []
        self.clip = node.attr("clip")
        if node.has_input(4):
            lens = node.const(4, "sequence_lens")
            if not np.all(lens == self.seq):
                node.fail(f"sequence_lens {lens.tolist()} other than the sequence length {self.seq} are not supported")
        if self.kind == "LSTM" and node.attr("input_forget", 0):
            node.fail("input_forget=1 is not supported")

    def const(self, i: int, what: str) -> np.ndarray:
        return self.node.const(i, f"the {what}")

    def constant(self, array: np.ndarray, what: str) -> Const:
        """The constant `what` of the node (one `nn.constant` for all steps)."""
        if what not in self._constants:
            base = self.node.proto.name or next((o for o in self.node.proto.output if o), self.kind)
            self._constants[what] = Const(np.ascontiguousarray(array, self.dtype), f"{base}.{what}")
        return self._constants[what]

    # -- emitting --------------------------------------------------------------

    def emit(self, op: type, operands: Sequence[Tensor], props: dict | None = None) -> Tensor:
        shape = np.broadcast_shapes(*[shape_of(t) for t in operands])
        return self.node.emit(op, operands, shape, props)

    def dense(self, x: Tensor, weight: np.ndarray, bias: np.ndarray | None, what: str) -> Tensor:
        w = self.constant(weight, what)
        b = self.constant(bias, f"{what}.bias") if bias is not None else None
        return self.node.emit(nn.DenseOp, [x, w, b], (shape_of(x)[0], weight.shape[0]))

    def columns(self, t: Tensor, gate: int) -> Tensor:
        return slice_tensor(self.node, t, {1: (gate * self.hidden, (gate + 1) * self.hidden, 1)})

    def activation(self, index: int, x: Tensor) -> Tensor:
        name = self.activations[index]
        alpha = self.alphas[index] if index < len(self.alphas) else None
        beta = self.betas[index] if index < len(self.betas) else None
        if self.clip is not None:
            x = self.emit(nn.ClipOp, [x], {"min": f64_attr(-self.clip), "max": f64_attr(self.clip)})
        if name in _SIMPLE:
            return self.emit(_SIMPLE[name], [x])
        if name in _WITH_ALPHA:
            op, default = _WITH_ALPHA[name]
            return self.emit(op, [x], {"alpha": f64_attr(default if alpha is None else alpha)})
        if name == "HardSigmoid":
            props = {"alpha": f64_attr(0.2 if alpha is None else alpha), "beta": f64_attr(0.5 if beta is None else beta)}
            return self.emit(nn.HardSigmoidOp, [x], props)
        if name in ("Affine", "ScaledTanh"):
            if alpha is None or beta is None:
                self.node.fail(f"activation {name} needs activation_alpha and activation_beta")
            if name == "Affine":
                scaled = self.emit(nn.MulOp, [x, self.scalar(alpha)])
                return self.emit(nn.AddOp, [scaled, self.scalar(beta)])
            inner = self.emit(nn.TanhOp, [self.emit(nn.MulOp, [x, self.scalar(beta)])])
            return self.emit(nn.MulOp, [inner, self.scalar(alpha)])
        self.node.fail(f"activation {name} is not supported; supported are {', '.join([*_SIMPLE, *_WITH_ALPHA, 'HardSigmoid', 'Affine', 'ScaledTanh'])}")

    def scalar(self, value: float) -> Const:
        return self.constant(np.array(value), f"activation.{value}")

    # -- the recurrence -----------------------------------------------------------

    def initial(self, i: int, d: int) -> Tensor:
        if not self.node.has_input(i):
            return self.constant(np.zeros((self.batch, self.hidden)), "initial")
        state = self.node.input(i)
        window = slice_tensor(self.node, state, {0: (d, d + 1, 1)})
        return self.node.reshape(window, (self.batch, self.hidden))

    def direction(self, d: int) -> tuple[list[Tensor], Tensor, Tensor | None]:
        """The states `H` of every step in sequence order, the last `H` and
        (LSTM) the last `C` of direction `d`."""
        g, hsz = self.gates, self.hidden
        w, r = self.const(1, "W")[d], self.const(2, "R")[d]
        b = self.const(3, "B")[d] if self.node.has_input(3) else np.zeros(2 * g * hsz, self.dtype)
        wb, rb = b[: g * hsz], b[g * hsz :]
        before_reset = self.kind == "GRU" and self.node.attr("linear_before_reset", 0)
        x_bias = wb + rb
        if self.kind == "GRU":
            x_bias = np.concatenate([wb[: 2 * hsz] + rb[: 2 * hsz], wb[2 * hsz :] + (0 if before_reset else rb[2 * hsz :])])
        flat = self.node.reshape(self.x, (self.seq * self.batch, self.input_size))
        projected = self.dense(flat, w, x_bias, f"W{d}")
        offset = len(DEFAULT_ACTIVATIONS[self.kind]) * d
        peepholes = self.const(7, "P")[d] if self.kind == "LSTM" and self.node.has_input(7) else None
        h = self.initial(5, d)
        c = self.initial(6, d) if self.kind == "LSTM" else None
        steps = range(self.seq) if self.directions[d] == "forward" else range(self.seq - 1, -1, -1)
        states: dict[int, Tensor] = {}
        for t in steps:
            xt = slice_tensor(self.node, projected, {0: (t * self.batch, (t + 1) * self.batch, 1)})
            if self.kind == "GRU":
                h = self.gru_step(xt, h, r, rb, before_reset, offset, d)
            else:
                recurrent = self.dense(h, r, None, f"R{d}")
                pre = [self.emit(nn.AddOp, [self.columns(xt, k), self.columns(recurrent, k)]) for k in range(g)]
                if self.kind == "RNN":
                    h = self.activation(offset, pre[0])
                else:
                    h, c = self.lstm_step(pre, c, peepholes, offset)
            states[t] = h
        return [states[t] for t in range(self.seq)], h, c

    def gru_step(self, xt: Tensor, h: Tensor, r: np.ndarray, rb: np.ndarray, before_reset: bool, offset: int, d: int) -> Tensor:
        hsz = self.hidden
        zr = self.dense(h, r[: 2 * hsz], None, f"R{d}.zr")
        z = self.activation(offset, self.emit(nn.AddOp, [self.columns(xt, 0), self.columns(zr, 0)]))
        reset = self.activation(offset, self.emit(nn.AddOp, [self.columns(xt, 1), self.columns(zr, 1)]))
        if before_reset:
            candidate = self.emit(nn.MulOp, [reset, self.dense(h, r[2 * hsz :], rb[2 * hsz :], f"R{d}.h")])
        else:
            candidate = self.dense(self.emit(nn.MulOp, [reset, h]), r[2 * hsz :], None, f"R{d}.h")
        ht = self.activation(offset + 1, self.emit(nn.AddOp, [self.columns(xt, 2), candidate]))
        # H = (1 - z) * ht + z * h = ht + z * (h - ht)
        return self.emit(nn.AddOp, [ht, self.emit(nn.MulOp, [z, self.emit(nn.SubOp, [h, ht])])])

    def lstm_step(self, pre: list[Tensor], c: Tensor, peepholes: np.ndarray | None, offset: int) -> tuple[Tensor, Tensor]:
        hsz = self.hidden
        i_pre, o_pre, f_pre, c_pre = pre

        def peep(x: Tensor, k: int, state: Tensor) -> Tensor:
            if peepholes is None:
                return x
            p = self.constant(peepholes[k * hsz : (k + 1) * hsz], f"P{offset}.{k}")
            return self.emit(nn.AddOp, [x, self.emit(nn.MulOp, [state, p])])

        i = self.activation(offset, peep(i_pre, 0, c))
        f = self.activation(offset, peep(f_pre, 2, c))
        candidate = self.activation(offset + 1, c_pre)
        c = self.emit(nn.AddOp, [self.emit(nn.MulOp, [f, c]), self.emit(nn.MulOp, [i, candidate])])
        o = self.activation(offset, peep(o_pre, 1, c))
        return self.emit(nn.MulOp, [o, self.activation(offset + 2, c)]), c


def _stack(node: Node, parts: list[Tensor], axis: int) -> Tensor:
    if len(parts) == 1:
        return parts[0]
    shape = list(shape_of(parts[0]))
    shape[axis] *= len(parts)
    return node.emit(nn.ConcatOp, parts, shape, {"axis": i64_attr(axis)})


@converts("RNN", "GRU", "LSTM")
def _recurrent(node: Node) -> None:
    cell = Cell(node)
    b, hsz = cell.batch, cell.hidden
    results = [cell.direction(d) for d in range(len(cell.directions))]
    if node.output_used(0):
        steps = [
            _stack(node, [node.reshape(states[t], (1, 1, b, hsz)) for states, _, _ in results], 1)
            for t in range(cell.seq)
        ]
        y = _stack(node, steps, 0)
        node.set_output(0, node.transpose(y, (2, 0, 1, 3)) if cell.layout == 1 else y)
    for index, k in ((1, 1), (2, 2)):
        if index == 2 and node.op_type != "LSTM":
            break
        last = _stack(node, [node.reshape(result[k], (1, b, hsz)) for result in results], 0)
        node.set_output(index, node.transpose(last, (1, 0, 2)) if cell.layout == 1 else last)
