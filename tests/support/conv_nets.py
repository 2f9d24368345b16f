"""Random quantized convolutional networks built with the qnt dialect's
Python API (`support.qnt_layers.QntBuilder`), for the differential tests
(`support.differential`).

A `ConvNetSpec` is a function `main` of one f32 image `[1, C, H, W]`:
`qnt.quantize`, then its `layers` in sequence, each reading the image the
previous one made:

- `Conv`: `qnt.conv2d` (kernel, strides, dilations, pads symmetric or
  not, groups: grouped, or depthwise when groups = C = channels; random
  weights per tensor or per channel, a bias or not) and its
  `qnt.requantize`, with an activation: none, ReLU, ReLU6 (bounds of the
  requantization), a clip (a `qnt.clamp` to random bounds) or a lookup
  table (`qnt.lut` of one of `LUT_FUNCTIONS`);
- `Pool`: `qnt.maxpool2d` (dilations), `qnt.avgpool2d` (count_include_pad)
  with ceil mode or not, or `qnt.global_avgpool2d`;
- `Residual`: a shape-keeping convolution of the image added to the image
  itself (`qnt.add`, ReLU or not): the image forks;
- `Branches`: shape-keeping convolutions of the image, concatenated along
  the channels (`qnt.concat`, each branch rescaled to the result's type);

then, with `dense` widths, `qnt.flatten` and dense layers
(`QntBuilder.layer`, the MLPs' requantizations), and a `qnt.argmax` or a
`qnt.dequantize` tail. Types and values come from `seed`; the structure,
bit widths and requantization mode from the spec, which `conv_net_specs`
draws with hypothesis (small images and channel counts: each model is
cheap to simulate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import SSAValue

from asic.dialects import qnt
from asic.dialects.qnt import UniformQuantizedType as U
from asic.dialects.shapes import first_empty_window, pooled_size
from support.qnt_layers import QntBuilder

Shape = tuple[int, int, int]
"""An image's (C, H, W)."""

LUT_FUNCTIONS = {
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.1 * x),
    "square": lambda x: x * x,
}
"""The float functions a `qnt.lut` tabulates."""

ACTIVATIONS = ("none", "relu", "relu6", "clip", "lut")
"""What follows a convolution's requantization."""

LUT_STORAGES = ("i8", "u8", "i4", "u4", "i6", "u6", "i2", "u3")
"""Storages of at most 8 bits: what a lookup table's input takes here (a
table has an entry per input value)."""


@dataclass(frozen=True)
class Conv:
    channels: int
    kernel: tuple[int, int]
    strides: tuple[int, int] = (1, 1)
    dilations: tuple[int, int] = (1, 1)
    pads: tuple[int, int, int, int] = (0, 0, 0, 0)
    groups: int = 1
    activation: str = "none"  # one of ACTIVATIONS
    storage: str = "i8"
    weight_storage: str = "i8"

    def output(self, x: Shape) -> Shape:
        _, h, w = x
        (kh, kw), (sh, sw), (dh, dw), (t, l, b, r) = self.kernel, self.strides, self.dilations, self.pads
        return self.channels, pooled_size(h, kh, sh, t, b, dh), pooled_size(w, kw, sw, l, r, dw)



@dataclass(frozen=True)
class Pool:
    kind: str  # "max", "avg", "global"
    kernel: tuple[int, int] = (1, 1)
    strides: tuple[int, int] = (1, 1)
    pads: tuple[int, int, int, int] = (0, 0, 0, 0)
    dilations: tuple[int, int] = (1, 1)
    ceil_mode: bool = False
    count_include_pad: bool = False
    storage: str = "i8"  # the result's (average pools)

    def output(self, x: Shape) -> Shape:
        c, h, w = x
        if self.kind == "global":
            return c, 1, 1
        (kh, kw), (sh, sw), (dh, dw), (t, l, b, r) = self.kernel, self.strides, self.dilations, self.pads
        return (
            c,
            pooled_size(h, kh, sh, t, b, dh, self.ceil_mode),
            pooled_size(w, kw, sw, l, r, dw, self.ceil_mode),
        )



@dataclass(frozen=True)
class Residual:
    body: Conv
    relu: bool = False
    storage: str = "i8"

    def output(self, x: Shape) -> Shape:
        return x



@dataclass(frozen=True)
class Branches:
    convs: tuple[Conv, ...]
    storage: str = "i8"

    def output(self, x: Shape) -> Shape:
        return sum(conv.channels for conv in self.convs), x[1], x[2]



Layer = Conv | Pool | Residual | Branches


@dataclass(frozen=True)
class Dense:
    width: int
    storage: str = "i8"
    weight_storage: str = "i8"


@dataclass(frozen=True)
class ConvNetSpec:
    """What `qnt_conv_net` builds."""

    input: Shape
    layers: tuple[Layer, ...]
    dense: tuple[Dense, ...] = ()
    input_storage: str = "u8"
    tail: str = "dequantize"  # or "argmax" (after dense layers)
    select_last_index: bool = False
    sparsity: float = 0.0
    requantize: str = "multiply"  # or "shift"
    seed: int = 0

    def shapes(self) -> list[Shape]:
        """The image into each layer, and the last layer's."""
        shapes = [self.input]
        for layer in self.layers:
            shapes.append(layer.output(shapes[-1]))
        return shapes

    def module(self) -> ModuleOp:
        return qnt_conv_net(self)


def qnt_conv_net(spec: ConvNetSpec) -> ModuleOp:
    builder = QntBuilder([1, *spec.input], spec.seed)
    x, x_type = builder.quantize(spec.input_storage)
    for i, layer in enumerate(spec.layers):
        x, x_type = _LAYERS[type(layer)](builder, spec, f"l{i}", layer, x, x_type)
    if spec.dense:
        x = builder.add(qnt.FlattenOp(x, 1), "flat")
    for i, layer in enumerate(spec.dense):
        k = qnt.shape_of(x)[1]
        w = builder.weights(f"fc{i}.weight", (layer.width, k), layer.weight_storage, sparsity=spec.sparsity)
        acc = builder.add(qnt.DenseOp(x, w.value, builder.bias(f"fc{i}.bias", layer.width)), f"fc{i}.acc")
        y_type = builder.activation(layer.storage)
        x, x_type = builder.layer(acc, x_type, w, k, y_type, name=f"fc{i}", requantize=spec.requantize), y_type
    if spec.tail == "argmax":
        out = builder.add(qnt.ArgmaxOp(x, 1, select_last_index=spec.select_last_index), "label")
    else:
        out = builder.add(qnt.DequantizeOp(x), "output")
    return builder.finish(out)


def _conv(builder: QntBuilder, spec: ConvNetSpec, name: str, conv: Conv, x: SSAValue, x_type: U) -> tuple[SSAValue, U]:
    c = qnt.shape_of(x)[1]
    shape = (conv.channels, c // conv.groups, *conv.kernel)
    w = builder.weights(f"{name}.weight", shape, conv.weight_storage, sparsity=spec.sparsity)
    acc = builder.add(
        qnt.Conv2dOp(
            x, w.value, builder.bias(f"{name}.bias", conv.channels),
            strides=conv.strides, pads=conv.pads, dilations=conv.dilations, groups=conv.groups,
        ),
        f"{name}.acc",
    )  # fmt: skip
    y_type = builder.activation(conv.storage)
    k = shape[1] * shape[2] * shape[3]
    relu = conv.activation == "relu"
    y = builder.layer(
        acc, x_type, w, k, y_type, name=name, relu=relu, relu6=conv.activation == "relu6", requantize=spec.requantize
    )
    if conv.activation == "clip":
        return builder.clamp(y, y_type, f"{name}.clip"), y_type
    if conv.activation != "lut":
        return y, y_type
    function = list(LUT_FUNCTIONS)[int(builder.rng.integers(len(LUT_FUNCTIONS)))]
    lut_type = builder.activation(conv.storage)
    return builder.add(qnt.LutOp.from_function(y, lut_type, LUT_FUNCTIONS[function]), f"{name}.{function}"), lut_type


def _pool(builder: QntBuilder, spec: ConvNetSpec, name: str, pool: Pool, x: SSAValue, x_type: U) -> tuple[SSAValue, U]:
    if pool.kind == "max":
        op = qnt.Maxpool2dOp(
            x, pool.kernel, strides=pool.strides, pads=pool.pads, dilations=pool.dilations, ceil_mode=pool.ceil_mode
        )
        return builder.add(op, name), x_type
    y_type = builder.activation(pool.storage)
    if pool.kind == "global":
        return builder.add(qnt.GlobalAvgpool2dOp.from_types(x, y_type), name), y_type
    op = qnt.Avgpool2dOp.from_types(
        x, y_type, pool.kernel, strides=pool.strides, pads=pool.pads,
        ceil_mode=pool.ceil_mode, count_include_pad=pool.count_include_pad,
    )  # fmt: skip
    return builder.add(op, name), y_type


def _residual(builder: QntBuilder, spec: ConvNetSpec, name: str, block: Residual, x: SSAValue, x_type: U) -> tuple[SSAValue, U]:
    y, _ = _conv(builder, spec, f"{name}.body", block.body, x, x_type)
    y_type = builder.activation(block.storage)
    return builder.add(qnt.AddOp.from_types(x, y, y_type, min=y_type.zero_point if block.relu else None), name), y_type


def _branches(builder: QntBuilder, spec: ConvNetSpec, name: str, block: Branches, x: SSAValue, x_type: U) -> tuple[SSAValue, U]:
    ys = [_conv(builder, spec, f"{name}.{i}", conv, x, x_type)[0] for i, conv in enumerate(block.convs)]
    y_type = builder.activation(block.storage)
    return builder.add(qnt.ConcatOp.from_types(ys, y_type, 1), name), y_type


_LAYERS = {Conv: _conv, Pool: _pool, Residual: _residual, Branches: _branches}


# --------------------------------------------------------------------------
# Drawing specs
# --------------------------------------------------------------------------


def _side(draw: st.DrawFn, size: int, max_kernel: int, dilated: bool) -> tuple[int, int]:
    """A kernel side and dilation whose extent fits in `size`."""
    k = draw(st.integers(1, min(max_kernel, size)))
    d = draw(st.integers(1, 2)) if dilated and k > 1 and 2 * (k - 1) + 1 <= size else 1
    return k, d


def _same_conv(draw: st.DrawFn, storages: Sequence[str], c: int, channels: int | None = None) -> Conv:
    """A convolution keeping H and W: stride 1, odd kernel, 'same' padding."""
    k = draw(st.sampled_from([1, 3, 5]))
    depthwise = channels == c and c > 1 and draw(st.booleans())
    activation = draw(st.sampled_from(ACTIVATIONS))
    return Conv(
        channels or draw(st.integers(1, 4)), (k, k), pads=((k - 1) // 2,) * 4, groups=c if depthwise else 1,
        activation=activation, storage=draw(st.sampled_from(LUT_STORAGES if activation == "lut" else storages)),
        weight_storage=draw(st.sampled_from(storages)),
    )  # fmt: skip


def _conv_layer(draw: st.DrawFn, storages: Sequence[str], x: Shape) -> Conv:
    c, h, w = x
    (kh, dh), (kw, dw) = _side(draw, h, 5, True), _side(draw, w, 5, True)
    pads = tuple(draw(st.integers(0, k - 1)) for k in (kh, kw, kh, kw))
    divisors = [g for g in range(2, c + 1) if c % g == 0]
    groups = draw(st.sampled_from([1, 1, *divisors])) if divisors else 1
    if groups > 1 and groups == c and draw(st.booleans()):
        channels = c  # depthwise
    else:
        channels = groups * draw(st.integers(1, max(1, 6 // groups)))
    activation = draw(st.sampled_from(ACTIVATIONS))
    return Conv(
        channels, (kh, kw), (draw(st.integers(1, 3)), draw(st.integers(1, 3))), (dh, dw), pads, groups, activation,
        storage=draw(st.sampled_from(LUT_STORAGES if activation == "lut" else storages)),
        weight_storage=draw(st.sampled_from(storages)),
    )  # fmt: skip


def _pool_layer(draw: st.DrawFn, storages: Sequence[str], x: Shape) -> Pool:
    _, h, w = x
    kind = draw(st.sampled_from(["max", "avg", "global"]))
    storage = draw(st.sampled_from(storages))
    if kind == "global":
        return Pool("global", storage=storage)
    (kh, dh), (kw, dw) = _side(draw, h, 4, kind == "max"), _side(draw, w, 4, kind == "max")
    pool = Pool(
        kind, (kh, kw), (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        tuple(draw(st.integers(0, k // 2)) for k in (kh, kw, kh, kw)), (dh, dw),  # pyright: ignore[reportArgumentType]
        ceil_mode=draw(st.booleans()), count_include_pad=draw(st.booleans()), storage=storage,
    )  # fmt: skip
    # A window wholly in the padding pools nothing (ONNX gives it no
    # value): without ceil mode, then without pads, there is none.
    for fix in ({"ceil_mode": False}, {"pads": (0, 0, 0, 0)}):
        if not _empty_window(pool, x):
            break
        pool = Pool(**{**pool.__dict__, **fix})
    return pool


def _empty_window(pool: Pool, x: Shape) -> bool:
    out = pool.output(x)
    return any(
        first_empty_window(x[1 + a], pool.kernel[a], pool.strides[a], pool.pads[a], pool.dilations[a], out[1 + a])
        is not None
        for a in (0, 1)
    )


@st.composite
def conv_net_specs(draw: st.DrawFn, storages: Sequence[str], max_side: int = 8, max_layers: int = 4) -> ConvNetSpec:
    """Random `ConvNetSpec`s: images of 1 to 3 channels and sides 1 to
    `max_side`, 1 to `max_layers` layers, 0 to 2 dense layers."""
    image: Shape = (draw(st.integers(1, 3)), draw(st.integers(1, max_side)), draw(st.integers(1, max_side)))
    x = image
    layers: list[Layer] = []
    for _ in range(draw(st.integers(1, max_layers))):
        kind = draw(st.sampled_from(["conv", "conv", "pool", "residual", "branches"]))
        if kind == "conv":
            layer: Layer = _conv_layer(draw, storages, x)
        elif kind == "pool":
            layer = _pool_layer(draw, storages, x)
        elif kind == "residual":
            layer = Residual(_same_conv(draw, storages, x[0], x[0]), draw(st.booleans()), draw(st.sampled_from(storages)))
        else:
            convs = tuple(_same_conv(draw, storages, x[0]) for _ in range(draw(st.integers(2, 3))))
            layer = Branches(convs, draw(st.sampled_from(storages)))
        layers.append(layer)
        x = layer.output(x)
    dense = tuple(
        Dense(draw(st.integers(1, 12)), draw(st.sampled_from(storages)), draw(st.sampled_from(storages)))
        for _ in range(draw(st.integers(0, 2)))
    )
    return ConvNetSpec(
        image,
        tuple(layers),
        dense,
        input_storage=draw(st.sampled_from(storages)),
        tail="argmax" if dense and draw(st.booleans()) else "dequantize",
        select_last_index=draw(st.booleans()),
        sparsity=draw(st.sampled_from([0.0, 0.0, 0.5, 0.9])),
        requantize=draw(st.sampled_from(["multiply", "shift"])),
        seed=draw(st.integers(0, 2**16)),
    )
