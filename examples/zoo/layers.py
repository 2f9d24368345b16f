"""The layers of the zoo's networks: numpy forward and hand-written backward
passes, and each layer's ONNX nodes as PyTorch's exporter writes them.

Every layer works on float64 tensors in NCHW; a 1-D (sequence) network runs
as a height-1 image, [N, C, 1, L], and its ONNX nodes have one spatial axis.
A layer keeps what its backward pass needs from the last forward pass in
training mode; `backward(g)` takes the gradient of the loss with respect to
its output, stores the gradients of its parameters in `grads` (same keys as
`params`) and returns the gradient with respect to its input.

Window geometry: `pads` are (top, left, bottom, right) as ONNX orders them
for 2-D (begin values, then end values); a window layer of a 1-D network has
kernel (1, k), stride (1, s) and pads (0, l, 0, r).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from asic.examples.zoo.onnx_graph import OnnxGraph

Pads = tuple[int, int, int, int]


def windows(
    x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int], pads: Pads, value: float = 0.0
) -> np.ndarray:
    """The windows of `x` [N, C, H, W]: [N, C, Ho, Wo, kh, kw] (a view of
    the padded input; padding holds `value`)."""
    t, l, b, r = pads
    padded = np.pad(x, ((0, 0), (0, 0), (t, b), (l, r)), constant_values=value)
    view = sliding_window_view(padded, kernel, axis=(2, 3))
    return view[:, :, :: stride[0], :: stride[1]]


def unwindow(
    g: np.ndarray, shape: Sequence[int], stride: tuple[int, int], pads: Pads
) -> np.ndarray:
    """The adjoint of `windows`: the gradients of the windows
    [N, C, Ho, Wo, kh, kw] summed back onto the input of shape `shape`."""
    t, l, b, r = pads
    n, c, h, w = shape
    _, _, ho, wo, kh, kw = g.shape
    out = np.zeros((n, c, h + t + b, w + l + r))
    for i in range(kh):
        for j in range(kw):
            out[:, :, i : i + stride[0] * ho : stride[0], j : j + stride[1] * wo : stride[1]] += g[
                ..., i, j
            ]
    return out[:, :, t : t + h, l : l + w]


class Layer:
    """A layer without parameters unless it sets `params`."""

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}

    def layers(self) -> list[Layer]:
        """This layer and the layers inside it."""
        return [self]

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        raise NotImplementedError

    def backward(self, g: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def export(self, graph: OnnxGraph, x: str) -> str:
        """Add this layer's nodes to `graph` reading tensor `x`; returns the
        name of its output."""
        raise NotImplementedError


class Conv(Layer):
    """`Conv` with bias (groups divide both channel counts): weights
    `NAME.weight` [cout, cin/groups, kh, kw] (He-initialized) and
    `NAME.bias` [cout]."""

    def __init__(
        self,
        name: str,
        cin: int,
        cout: int,
        kernel: tuple[int, int],
        rng: np.random.Generator,
        stride: tuple[int, int] = (1, 1),
        pads: Pads = (0, 0, 0, 0),
        groups: int = 1,
    ):
        super().__init__()
        self.name, self.kernel, self.stride, self.pads, self.groups = (
            name,
            kernel,
            stride,
            pads,
            groups,
        )
        fan_in = cin // groups * kernel[0] * kernel[1]
        self.params = {
            f"{name}.weight": rng.standard_normal((cout, cin // groups, *kernel))
            * np.sqrt(2 / fan_in),
            f"{name}.bias": np.zeros(cout),
        }

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        w, b = self.params.values()
        g, (cout, cg, kh, kw) = self.groups, w.shape
        win = windows(x, self.kernel, self.stride, self.pads)
        n, _, ho, wo = win.shape[:4]
        cols = win.reshape(n, g, cg, ho, wo, kh, kw).transpose(1, 0, 3, 4, 2, 5, 6)
        cols = cols.reshape(g, n * ho * wo, cg * kh * kw)
        y = cols @ w.reshape(g, cout // g, -1).transpose(0, 2, 1)  # [g, n*ho*wo, cout/g]
        self.saved = (x.shape, cols, (n, ho, wo))
        y = y.reshape(g, n, ho, wo, cout // g).transpose(1, 0, 4, 2, 3).reshape(n, cout, ho, wo)
        return y + b[:, None, None]

    def backward(self, gy: np.ndarray) -> np.ndarray:
        w = self.params[f"{self.name}.weight"]
        g, (cout, cg, kh, kw) = self.groups, w.shape
        shape, cols, (n, ho, wo) = self.saved
        gyr = (
            gy.reshape(n, g, cout // g, ho, wo).transpose(1, 0, 3, 4, 2).reshape(g, n * ho * wo, -1)
        )
        self.grads = {
            f"{self.name}.weight": (gyr.transpose(0, 2, 1) @ cols).reshape(w.shape),
            f"{self.name}.bias": gy.sum((0, 2, 3)),
        }
        gcols = gyr @ w.reshape(g, cout // g, -1)  # [g, n*ho*wo, cg*kh*kw]
        gwin = gcols.reshape(g, n, ho, wo, cg, kh, kw).transpose(1, 0, 4, 2, 3, 5, 6)
        return unwindow(gwin.reshape(n, g * cg, ho, wo, kh, kw), shape, self.stride, self.pads)

    def export(self, graph: OnnxGraph, x: str) -> str:
        w, b = (f"{self.name}.weight", f"{self.name}.bias")
        weight = self.params[w]
        graph.initializer(w, weight.reshape(*weight.shape[:2], *graph.spatial(weight.shape[2:])))
        graph.initializer(b, self.params[b])
        return graph.node(
            "Conv",
            [x, w, b],
            self.name,
            group=self.groups,
            **graph.window_attributes(self.kernel, self.stride, self.pads, dilations=True),
        )


class BatchNorm(Layer):
    """`BatchNormalization` over the channels of [N, C, H, W], left in the
    graph as exporters write it: `NAME.weight`, `NAME.bias` and the running
    statistics `NAME.running_mean`, `NAME.running_var` (momentum 0.9 as
    ONNX counts it, epsilon `EPSILON`). Training normalizes with the batch's
    statistics, inference with the running ones."""

    EPSILON = 1e-5

    def __init__(self, name: str, channels: int):
        super().__init__()
        self.name = name
        self.params = {f"{name}.weight": np.ones(channels), f"{name}.bias": np.zeros(channels)}
        self.buffers = {
            f"{name}.running_mean": np.zeros(channels),
            f"{name}.running_var": np.ones(channels),
        }

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        gamma, beta = self.params.values()
        running_mean, running_var = self.buffers.values()
        if train:
            mean, var = x.mean((0, 2, 3)), x.var((0, 2, 3))
            running_mean[:] = 0.9 * running_mean + 0.1 * mean
            running_var[:] = 0.9 * running_var + 0.1 * var
        else:
            mean, var = running_mean, running_var
        inv_std = 1.0 / np.sqrt(var + self.EPSILON)
        xhat = (x - mean[:, None, None]) * inv_std[:, None, None]
        self.saved = (xhat, inv_std)
        return gamma[:, None, None] * xhat + beta[:, None, None]

    def backward(self, g: np.ndarray) -> np.ndarray:
        gamma = self.params[f"{self.name}.weight"]
        xhat, inv_std = self.saved
        self.grads = {
            f"{self.name}.weight": (g * xhat).sum((0, 2, 3)),
            f"{self.name}.bias": g.sum((0, 2, 3)),
        }
        gx = g * gamma[:, None, None]
        count = g.size // g.shape[1]
        return (
            inv_std[:, None, None]
            / count
            * (
                count * gx
                - gx.sum((0, 2, 3))[:, None, None]
                - xhat * (gx * xhat).sum((0, 2, 3))[:, None, None]
            )
        )

    def export(self, graph: OnnxGraph, x: str) -> str:
        names = [*self.params, *self.buffers]
        for name in names:
            graph.initializer(name, {**self.params, **self.buffers}[name])
        return graph.node(
            "BatchNormalization", [x, *names], self.name, epsilon=self.EPSILON, momentum=0.9
        )


class Activation(Layer):
    """An elementwise activation: `kind` is one of `ACTIVATIONS`; `relu6`
    is exported as `Clip` with its bounds 0 and 6 as inputs (opset >= 11),
    `leaky_relu` as `LeakyRelu` with alpha 0.01 (PyTorch's default)."""

    LEAKY_ALPHA = 0.01

    def __init__(self, kind: str):
        super().__init__()
        if kind not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {kind!r}; expected one of {', '.join(ACTIVATIONS)}"
            )
        self.kind = kind

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        function, _ = ACTIVATIONS[self.kind]
        y = function(x)
        self.saved = (x, y)
        return y

    def backward(self, g: np.ndarray) -> np.ndarray:
        _, derivative = ACTIVATIONS[self.kind]
        return g * derivative(*self.saved)

    def export(self, graph: OnnxGraph, x: str) -> str:
        if self.kind == "relu6":
            low, high = graph.scalar(0.0), graph.scalar(6.0)
            return graph.node("Clip", [x, low, high], "clip")
        if self.kind == "leaky_relu":
            return graph.node("LeakyRelu", [x], "leaky_relu", alpha=self.LEAKY_ALPHA)
        op_type = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh"}[self.kind]
        return graph.node(op_type, [x], self.kind)


ACTIVATIONS = {
    "relu": (lambda x: np.maximum(x, 0), lambda x, y: x > 0),
    "relu6": (lambda x: np.clip(x, 0, 6), lambda x, y: (x > 0) & (x < 6)),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), lambda x, y: y * (1 - y)),
    "tanh": (np.tanh, lambda x, y: 1 - y * y),
    "leaky_relu": (
        lambda x: np.where(x > 0, x, Activation.LEAKY_ALPHA * x),
        lambda x, y: np.where(x > 0, 1.0, Activation.LEAKY_ALPHA),
    ),
}
"""name: (function, derivative from the input and the output)."""


class Pool(Layer):
    """`MaxPool` or `AveragePool` (`kind` "max" or "average"); a max pool
    pads with -inf, an average pool takes no padding (so
    `count_include_pad` does not arise)."""

    def __init__(
        self, kind: str, kernel: tuple[int, int], stride: tuple[int, int], pads: Pads = (0, 0, 0, 0)
    ):
        super().__init__()
        if kind == "average" and any(pads):
            raise ValueError("the zoo's average pools take no padding")
        self.kind, self.kernel, self.stride, self.pads = kind, kernel, stride, pads

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        win = windows(
            x, self.kernel, self.stride, self.pads, -np.inf if self.kind == "max" else 0.0
        )
        flat = win.reshape(*win.shape[:4], -1)
        if self.kind == "average":
            self.saved = (x.shape, flat.shape)
            return flat.mean(-1)
        winner = flat.argmax(-1)
        self.saved = (x.shape, flat.shape, winner)
        return np.take_along_axis(flat, winner[..., None], -1)[..., 0]

    def backward(self, g: np.ndarray) -> np.ndarray:
        shape, flat_shape = self.saved[:2]
        if self.kind == "average":
            gflat = np.broadcast_to(g[..., None] / flat_shape[-1], flat_shape)
        else:
            gflat = np.zeros(flat_shape)
            np.put_along_axis(gflat, self.saved[2][..., None], g[..., None], -1)
        return unwindow(gflat.reshape(*flat_shape[:4], *self.kernel), shape, self.stride, self.pads)

    def export(self, graph: OnnxGraph, x: str) -> str:
        op_type = "MaxPool" if self.kind == "max" else "AveragePool"
        return graph.node(
            op_type,
            [x],
            op_type.lower(),
            ceil_mode=0,
            **graph.window_attributes(self.kernel, self.stride, self.pads),
        )


class GlobalAveragePool(Layer):
    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.shape = x.shape
        return x.mean((2, 3), keepdims=True)

    def backward(self, g: np.ndarray) -> np.ndarray:
        h, w = self.shape[2:]
        return np.broadcast_to(g / (h * w), self.shape)

    def export(self, graph: OnnxGraph, x: str) -> str:
        return graph.node("GlobalAveragePool", [x], "global_average_pool")


class Flatten(Layer):
    """`Flatten` (axis 1): NCHW order, as ONNX flattens."""

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        self.shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, g: np.ndarray) -> np.ndarray:
        return g.reshape(self.shape)

    def export(self, graph: OnnxGraph, x: str) -> str:
        return graph.node("Flatten", [x], "flatten", axis=1)


class Dense(Layer):
    """`Gemm` with transB=1, as exporters write a linear layer: `NAME.weight`
    [n, k] and `NAME.bias` [n]."""

    def __init__(self, name: str, k: int, n: int, rng: np.random.Generator):
        super().__init__()
        self.name = name
        self.params = {
            f"{name}.weight": rng.standard_normal((n, k)) * np.sqrt(2 / k),
            f"{name}.bias": np.zeros(n),
        }

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        w, b = self.params.values()
        self.x = x
        return x @ w.T + b

    def backward(self, g: np.ndarray) -> np.ndarray:
        w = self.params[f"{self.name}.weight"]
        self.grads = {f"{self.name}.weight": g.T @ self.x, f"{self.name}.bias": g.sum(0)}
        return g @ w

    def export(self, graph: OnnxGraph, x: str) -> str:
        for name, value in self.params.items():
            graph.initializer(name, value)
        return graph.node("Gemm", [x, *self.params], self.name, alpha=1.0, beta=1.0, transB=1)


class Composite(Layer):
    """A layer made of other layers, its `children`."""

    def __init__(self, *children: Layer):
        super().__init__()
        self.children = list(children)

    def layers(self) -> list[Layer]:
        return [inner for child in self.children for inner in child.layers()]


class Sequential(Composite):
    """The children one after the other."""

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        for child in self.children:
            x = child.forward(x, train)
        return x

    def backward(self, g: np.ndarray) -> np.ndarray:
        for child in reversed(self.children):
            g = child.backward(g)
        return g

    def export(self, graph: OnnxGraph, x: str) -> str:
        for child in self.children:
            x = child.export(graph, x)
        return x


class Residual(Sequential):
    """`body(x) + x` (an `Add` node): the skip connection of a residual
    block."""

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        return super().forward(x, train) + x

    def backward(self, g: np.ndarray) -> np.ndarray:
        return super().backward(g) + g

    def export(self, graph: OnnxGraph, x: str) -> str:
        return graph.node("Add", [super().export(graph, x), x], "add")


class Branches(Composite):
    """The children as parallel branches on one input, concatenated along
    the channels (`Concat`, axis 1)."""

    def forward(self, x: np.ndarray, train: bool) -> np.ndarray:
        outputs = [branch.forward(x, train) for branch in self.children]
        self.splits = np.cumsum([o.shape[1] for o in outputs])[:-1]
        return np.concatenate(outputs, axis=1)

    def backward(self, g: np.ndarray) -> np.ndarray:
        parts = np.split(g, self.splits, axis=1)
        return sum(branch.backward(part) for branch, part in zip(self.children, parts))

    def export(self, graph: OnnxGraph, x: str) -> str:
        outputs = [branch.export(graph, x) for branch in self.children]
        return graph.node("Concat", outputs, "concat", axis=1)
