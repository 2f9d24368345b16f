"""Small nn modules with given weights, for the compression tests."""

from __future__ import annotations

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.dialects.func import Func
from xdsl.parser import Parser

from asic.dialects import nn


def literal(array: np.ndarray) -> str:
    """An MLIR dense literal of a float array (float32-exact)."""
    a = np.asarray(array, dtype=np.float32)
    if a.ndim == 0:
        return repr(float(a))
    return "[" + ", ".join(literal(x) for x in a) + "]"


def ty(shape) -> str:
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def parse(text: str) -> ModuleOp:
    ctx = Context()
    for dialect in (Builtin, Func, nn.NN):
        ctx.load_dialect(dialect)
    module = Parser(ctx, text).parse_module()
    module.verify()
    return module


def mlp(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray) -> ModuleOp:
    """x [1, K] -> dense(w1, b1) -> relu -> dense(w2) -> [1, N2]."""
    n1, k = w1.shape
    n2 = w2.shape[0]
    return parse(f"""
func.func @main(%x: {ty((1, k))}) -> {ty((1, n2))} {{
  %w1 = nn.constant "fc1.weight" dense<{literal(w1)}> : {ty(w1.shape)}
  %b1 = nn.constant "fc1.bias" dense<{literal(b1)}> : {ty(b1.shape)}
  %h = nn.dense %x, %w1, %b1 : ({ty((1, k))}, {ty(w1.shape)}, {ty(b1.shape)}) -> {ty((1, n1))}
  %r = nn.relu %h : {ty((1, n1))}
  %w2 = nn.constant "fc2.weight" dense<{literal(w2)}> : {ty(w2.shape)}
  %y = nn.dense %r, %w2 : ({ty((1, n1))}, {ty(w2.shape)}) -> {ty((1, n2))}
  func.return %y : {ty((1, n2))}
}}
""")


def cnn(w: np.ndarray, b: np.ndarray, fc: np.ndarray, size: int = 4) -> ModuleOp:
    """x [1, C, size, size] -> conv3x3 pad 1 (w, b) -> relu -> maxpool 2 ->
    flatten -> dense(fc)."""
    o, c = w.shape[:2]
    half = size // 2
    feats = o * half * half
    n = fc.shape[0]
    x, y, p = (1, c, size, size), (1, o, size, size), (1, o, half, half)
    return parse(f"""
func.func @main(%x: {ty(x)}) -> {ty((1, n))} {{
  %w = nn.constant "conv.weight" dense<{literal(w)}> : {ty(w.shape)}
  %b = nn.constant "conv.bias" dense<{literal(b)}> : {ty(b.shape)}
  %c = nn.conv2d %x, %w, %b pads [1, 1, 1, 1] : ({ty(x)}, {ty(w.shape)}, {ty(b.shape)}) -> {ty(y)}
  %r = nn.relu %c : {ty(y)}
  %p = nn.maxpool2d %r kernel [2, 2] strides [2, 2] : ({ty(y)}) -> {ty(p)}
  %f = nn.flatten %p : ({ty(p)}) -> {ty((1, feats))}
  %fw = nn.constant "fc.weight" dense<{literal(fc)}> : {ty(fc.shape)}
  %o = nn.dense %f, %fw : ({ty((1, feats))}, {ty(fc.shape)}) -> {ty((1, n))}
  func.return %o : {ty((1, n))}
}}
""")
