"""Small real models trained on scikit-learn's bundled digits data.

The tests, benchmarks and walkthroughs train these at run time (nothing is
downloaded): 8x8 grey images, 10 classes, 1797 samples, split 70/30 with a
fixed seed. Requires the `dev` extra (scikit-learn, skl2onnx).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import onnx


@dataclass(frozen=True)
class DigitsSplit:
    x_train: np.ndarray  # float32 [n, 64], pixels scaled to [0, 1]
    y_train: np.ndarray  # int64 [n]
    x_test: np.ndarray
    y_test: np.ndarray


def load_digits_split(seed: int = 0) -> DigitsSplit:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.3, random_state=seed, stratify=y
    )
    return DigitsSplit(x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64))


PROBABILITIES = "probabilities"
"""The output tensor of the exported MLP before skl2onnx's label branch."""


def train_digits_mlp(
    hidden: tuple[int, ...] = (64,), seed: int = 0, max_iter: int = 200
) -> tuple[onnx.ModelProto, DigitsSplit]:
    """An MLPClassifier trained on the digits split and exported with
    skl2onnx (opset 21; ZipMap off). Its graph ends in `probabilities`
    (softmax) followed by the ai.onnx.ml label branch."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from skl2onnx import to_onnx

    data = load_digits_split(seed)
    model = MLPClassifier(hidden_layer_sizes=hidden, max_iter=max_iter, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(data.x_train, data.y_train)
    exported = to_onnx(
        model,
        data.x_train[:1],
        options={id(model): {"zipmap": False}},
        target_opset={"": 21, "ai.onnx.ml": 1},
    )
    return exported, data


def train_digits_cnn(
    channels: int = 8, epochs: int = 30, seed: int = 0, batchnorm: bool = False
) -> tuple[dict[str, np.ndarray], DigitsSplit]:
    """A small CNN trained with numpy (minibatch SGD with momentum, softmax
    cross-entropy) on the digits split: `conv1` 3x3 pad 1 (1 -> `channels`),
    relu, 2x2 max pooling, flatten, `fc` dense (`channels*16` -> 10).
    With `batchnorm`, a batch normalization `bn` sits between the
    convolution and the relu (batch statistics in training, running
    averages, momentum 0.9, for inference: `bn.mean`, `bn.var`, with
    `bn.scale`, `bn.bias`, epsilon `BN_EPSILON`).
    Returns float32 weights named like the constants of `digits_cnn_module`."""
    data = load_digits_split(seed)
    rng = np.random.default_rng(seed)
    x = data.x_train.reshape(-1, 1, 8, 8).astype(np.float64)
    y = data.y_train
    w = rng.standard_normal((channels, 1, 3, 3)) * np.sqrt(2 / 9)
    b = np.zeros(channels)
    fc = rng.standard_normal((10, channels * 16)) * np.sqrt(1 / (channels * 16))
    fb = np.zeros(10)
    params = [w, b, fc, fb]
    gamma, beta = np.ones(channels), np.zeros(channels)
    running_mean, running_var = np.zeros(channels), np.ones(channels)
    if batchnorm:
        params += [gamma, beta]
    velocity = [np.zeros_like(p) for p in params]
    patches_all = _patches3x3(x)  # [n, 64, 9]
    for epoch in range(epochs):
        lr = 0.05 * (0.5 if epoch >= epochs * 2 // 3 else 1.0)
        order = rng.permutation(len(x))
        for start in range(0, len(x), 32):
            idx = order[start : start + 32]
            p = patches_all[idx]  # [B, 64, 9]
            pre = p @ w.reshape(channels, 9).T + b  # [B, 64, C]
            conv = pre
            if batchnorm:
                mean, var = conv.mean((0, 1)), conv.var((0, 1))
                running_mean[:] = 0.9 * running_mean + 0.1 * mean
                running_var[:] = 0.9 * running_var + 0.1 * var
                inv_std = 1.0 / np.sqrt(var + BN_EPSILON)
                xhat = (conv - mean) * inv_std
                pre = gamma * xhat + beta
            act = np.maximum(pre, 0).reshape(-1, 4, 2, 4, 2, channels)
            pooled = act.max(axis=(2, 4))  # [B, 4, 4, C]
            feats = pooled.transpose(0, 3, 1, 2).reshape(len(idx), -1)  # NCHW flatten
            logits = feats @ fc.T + fb
            prob = np.exp(logits - logits.max(1, keepdims=True))
            prob /= prob.sum(1, keepdims=True)
            prob[np.arange(len(idx)), y[idx]] -= 1
            g_logits = prob / len(idx)
            g_fc, g_fb = g_logits.T @ feats, g_logits.sum(0)
            g_pooled = (g_logits @ fc).reshape(len(idx), channels, 4, 4).transpose(0, 2, 3, 1)
            winner = act == pooled[:, :, None, :, None, :]
            g_act = winner * g_pooled[:, :, None, :, None, :]
            g_pre = g_act.reshape(len(idx), 64, channels) * (pre > 0)
            grads = []
            if batchnorm:
                grads = [(g_pre * xhat).sum((0, 1)), g_pre.sum((0, 1))]
                g_xhat = g_pre * gamma
                count = g_xhat.shape[0] * g_xhat.shape[1]
                g_pre = inv_std / count * (
                    count * g_xhat - g_xhat.sum((0, 1)) - xhat * (g_xhat * xhat).sum((0, 1))
                )
            g_w = np.einsum("bpc,bpk->ck", g_pre, p).reshape(w.shape)
            g_b = g_pre.sum((0, 1))
            for param, grad, vel in zip(params, [g_w, g_b, g_fc, g_fb, *grads], velocity):
                vel *= 0.9
                vel -= lr * grad
                param += vel
    names = ("conv1.weight", "conv1.bias", "fc.weight", "fc.bias")
    weights = {n: p.astype(np.float32) for n, p in zip(names, params)}
    if batchnorm:
        for name, value in (("scale", gamma), ("bias", beta), ("mean", running_mean), ("var", running_var)):
            weights[f"bn.{name}"] = value.astype(np.float32)
    return weights, data


BN_EPSILON = 1e-5
"""The epsilon of the CNN's batch normalization."""


def _patches3x3(x: np.ndarray) -> np.ndarray:
    """3x3 pad-1 patches of [n, 1, 8, 8] images: [n, 64, 9] (row-major pixels)."""
    padded = np.pad(x[:, 0], ((0, 0), (1, 1), (1, 1)))
    cols = [padded[:, u : u + 8, v : v + 8] for u in range(3) for v in range(3)]
    return np.stack(cols, axis=-1).reshape(len(x), 64, 9)


def digits_cnn_module(weights: dict[str, np.ndarray]):
    """The CNN of `train_digits_cnn` as an nn module: input `arg0`
    [1, 1, 8, 8], output the logits [1, 10] (with an `nn.batchnorm` after
    the convolution when the weights have `bn.*` entries)."""
    c = weights["conv1.weight"].shape[0]
    dense = _constant_text(weights)
    batchnorm = ""
    if "bn.scale" in weights:
        batchnorm = f"""
  %bn_scale = {dense("bn.scale")}
  %bn_bias = {dense("bn.bias")}
  %bn_mean = {dense("bn.mean")}
  %bn_var = {dense("bn.var")}
  %n = nn.batchnorm %c, %bn_scale, %bn_bias, %bn_mean, %bn_var epsilon {BN_EPSILON:.1e} : (tensor<1x{c}x8x8xf32>, tensor<{c}xf32>, tensor<{c}xf32>, tensor<{c}xf32>, tensor<{c}xf32>) -> tensor<1x{c}x8x8xf32>"""

    text = f"""
func.func @main(%image: tensor<1x1x8x8xf32>) -> tensor<1x10xf32> {{
  %w = {dense("conv1.weight")}
  %b = {dense("conv1.bias")}
  %c = nn.conv2d %image, %w, %b pads [1, 1, 1, 1] : (tensor<1x1x8x8xf32>, tensor<{c}x1x3x3xf32>, tensor<{c}xf32>) -> tensor<1x{c}x8x8xf32>{batchnorm}
  %r = nn.relu {"%n" if batchnorm else "%c"} : tensor<1x{c}x8x8xf32>
  %p = nn.maxpool2d %r kernel [2, 2] strides [2, 2] : (tensor<1x{c}x8x8xf32>) -> tensor<1x{c}x4x4xf32>
  %f = nn.flatten %p : (tensor<1x{c}x4x4xf32>) -> tensor<1x{c * 16}xf32>
  %fw = {dense("fc.weight")}
  %fb = {dense("fc.bias")}
  %y = nn.dense %f, %fw, %fb : (tensor<1x{c * 16}xf32>, tensor<10x{c * 16}xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  func.return %y : tensor<1x10xf32>
}}
"""
    return _parse_nn(text)


def _constant_text(weights: dict[str, np.ndarray]):
    """`dense(name)`: the `nn.constant` of a weight, exactly (hex)."""

    def dense(name: str) -> str:
        a = weights[name]
        shape = "x".join(str(d) for d in a.shape)
        return f'nn.constant "{name}" dense<"0x{a.astype("<f4").tobytes().hex().upper()}"> : tensor<{shape}xf32>'

    return dense


def _parse_nn(text: str):
    from xdsl.context import Context
    from xdsl.dialects.builtin import Builtin
    from xdsl.dialects.func import Func
    from xdsl.parser import Parser

    from asic.dialects.nn import NN

    ctx = Context()
    for dialect in (Builtin, Func, NN):
        ctx.load_dialect(dialect)
    return Parser(ctx, text).parse_module()


def _dense_parameters(rng: np.random.Generator, shapes) -> list[np.ndarray]:
    """He-initialized weights `[n, k]` and zero biases `[n]` of dense
    layers, in order (weight, bias, weight, ...)."""
    params: list[np.ndarray] = []
    for n, k in shapes:
        params += [rng.standard_normal((n, k)) * np.sqrt(2 / k), np.zeros(n)]
    return params


def _minibatches(rng: np.random.Generator, count: int, epochs: int, lr: float):
    """`(indices, learning rate)` of minibatches of 32 of `count` samples,
    shuffled every epoch; the rate halves for the last third."""
    for epoch in range(epochs):
        rate = lr * (0.5 if epoch >= epochs * 2 // 3 else 1.0)
        order = rng.permutation(count)
        for start in range(0, count, 32):
            yield order[start : start + 32], rate


def _momentum_step(params, grads, velocity, lr: float) -> None:
    """One SGD step with momentum 0.9, in place."""
    for param, grad, vel in zip(params, grads, velocity):
        vel *= 0.9
        vel -= lr * grad
        param += vel


def train_digits_residual_mlp(
    hidden: int = 32, epochs: int = 60, seed: int = 0
) -> tuple[dict[str, np.ndarray], DigitsSplit]:
    """An MLP with a residual connection, trained with numpy (minibatch SGD
    with momentum, softmax cross-entropy) on the digits split:

        h1 = relu(fc1(x))            64 -> hidden
        h2 = fc2(h1)                 hidden -> hidden
        s  = relu(h1 + h2)           the residual add
        y  = fc3(s)                  hidden -> 10 (logits)

    Returns float32 weights named like the constants of
    `digits_residual_mlp_module` (`fc1.weight` [hidden, 64], `fc1.bias`, ...)."""
    data = load_digits_split(seed)
    rng = np.random.default_rng(seed)
    x, y = data.x_train.astype(np.float64), data.y_train
    params = _dense_parameters(rng, ((hidden, 64), (hidden, hidden), (10, hidden)))
    w1, b1, w2, b2, w3, b3 = params
    velocity = [np.zeros_like(p) for p in params]
    for idx, lr in _minibatches(rng, len(x), epochs, 0.05):
        xb = x[idx]
        a1 = xb @ w1.T + b1
        h1 = np.maximum(a1, 0)
        h2 = h1 @ w2.T + b2
        a3 = h1 + h2
        s = np.maximum(a3, 0)
        logits = s @ w3.T + b3
        prob = np.exp(logits - logits.max(1, keepdims=True))
        prob /= prob.sum(1, keepdims=True)
        prob[np.arange(len(idx)), y[idx]] -= 1
        g_logits = prob / len(idx)
        g_s = g_logits @ w3
        g_a3 = g_s * (a3 > 0)
        g_h1 = g_a3 + g_a3 @ w2
        g_a1 = g_h1 * (a1 > 0)
        grads = (
            g_a1.T @ xb, g_a1.sum(0), g_a3.T @ h1, g_a3.sum(0), g_logits.T @ s, g_logits.sum(0)
        )
        _momentum_step(params, grads, velocity, lr)
    names = ("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias")
    return {n: p.astype(np.float32) for n, p in zip(names, params)}, data


def digits_residual_mlp_module(weights: dict[str, np.ndarray]):
    """The MLP of `train_digits_residual_mlp` as an nn module: input `x`
    [1, 64], output the logits [1, 10]."""
    h = weights["fc1.weight"].shape[0]
    dense = _constant_text(weights)
    text = f"""
func.func @main(%x: tensor<1x64xf32>) -> tensor<1x10xf32> {{
  %w1 = {dense("fc1.weight")}
  %b1 = {dense("fc1.bias")}
  %a1 = nn.dense %x, %w1, %b1 : (tensor<1x64xf32>, tensor<{h}x64xf32>, tensor<{h}xf32>) -> tensor<1x{h}xf32>
  %h1 = nn.relu %a1 : tensor<1x{h}xf32>
  %w2 = {dense("fc2.weight")}
  %b2 = {dense("fc2.bias")}
  %h2 = nn.dense %h1, %w2, %b2 : (tensor<1x{h}xf32>, tensor<{h}x{h}xf32>, tensor<{h}xf32>) -> tensor<1x{h}xf32>
  %a3 = nn.add %h1, %h2 : tensor<1x{h}xf32>
  %s = nn.relu %a3 : tensor<1x{h}xf32>
  %w3 = {dense("fc3.weight")}
  %b3 = {dense("fc3.bias")}
  %y = nn.dense %s, %w3, %b3 : (tensor<1x{h}xf32>, tensor<10x{h}xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  func.return %y : tensor<1x10xf32>
}}
"""
    return _parse_nn(text)


ACTIVATIONS = ("sigmoid", "tanh", "leaky_relu")
"""The hidden activations of `train_digits_activation_mlp`, in order."""
LEAKY_ALPHA = 0.1
"""The negative slope of its leaky ReLU."""


def _activation(name: str, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`(f(a), f'(a))` of a hidden activation."""
    if name == "sigmoid":
        h = 1 / (1 + np.exp(-a))
        return h, h * (1 - h)
    if name == "tanh":
        h = np.tanh(a)
        return h, 1 - h * h
    return np.where(a > 0, a, LEAKY_ALPHA * a), np.where(a > 0, 1.0, LEAKY_ALPHA)


def train_digits_activation_mlp(
    hidden: int = 32, epochs: int = 40, seed: int = 0
) -> tuple[dict[str, np.ndarray], DigitsSplit]:
    """An MLP whose hidden layers end in a sigmoid, a tanh and a leaky ReLU
    (`ACTIVATIONS`), trained with numpy (minibatch SGD with momentum,
    softmax cross-entropy) on the digits split: `fc1` 64 -> hidden, `fc2`,
    `fc3` hidden -> hidden, `fc4` hidden -> 10 (logits). Returns float32
    weights named like the initializers of `export_digits_activation_mlp`."""
    data = load_digits_split(seed)
    rng = np.random.default_rng(seed)
    x, y = data.x_train.astype(np.float64), data.y_train
    params = _dense_parameters(rng, ((hidden, 64), (hidden, hidden), (hidden, hidden), (10, hidden)))
    velocity = [np.zeros_like(p) for p in params]
    for idx, lr in _minibatches(rng, len(x), epochs, 0.1):
        inputs, slopes, h = [], [], x[idx]
        for layer, name in enumerate(ACTIVATIONS):
            inputs.append(h)
            h, slope = _activation(name, h @ params[2 * layer].T + params[2 * layer + 1])
            slopes.append(slope)
        logits = h @ params[6].T + params[7]
        prob = np.exp(logits - logits.max(1, keepdims=True))
        prob /= prob.sum(1, keepdims=True)
        prob[np.arange(len(idx)), y[idx]] -= 1
        g = prob / len(idx)
        grads = [g.T @ h, g.sum(0)]
        g = g @ params[6]
        for layer in reversed(range(len(ACTIVATIONS))):
            g = g * slopes[layer]
            grads = [g.T @ inputs[layer], g.sum(0), *grads]
            g = g @ params[2 * layer]
        _momentum_step(params, grads, velocity, lr)
    names = [f"fc{i}.{kind}" for i in range(1, 5) for kind in ("weight", "bias")]
    return {n: p.astype(np.float32) for n, p in zip(names, params)}, data


def export_digits_activation_mlp(weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    """The MLP of `train_digits_activation_mlp` as an ONNX model: input `x`
    [N, 64], Gemm (transB) -> Sigmoid -> Gemm -> Tanh -> Gemm -> LeakyRelu
    -> Gemm, output `logits` [N, 10]."""
    from onnx import helper

    nodes, h = [], "x"
    kinds = {"sigmoid": ("Sigmoid", {}), "tanh": ("Tanh", {}), "leaky_relu": ("LeakyRelu", {"alpha": LEAKY_ALPHA})}
    for i in range(1, 5):
        out = f"a{i}" if i < 4 else "logits"
        nodes.append(helper.make_node("Gemm", [h, f"fc{i}.weight", f"fc{i}.bias"], [out], name=f"fc{i}", transB=1))
        if i < 4:
            kind, attributes = kinds[ACTIVATIONS[i - 1]]
            h = f"h{i}"
            nodes.append(helper.make_node(kind, [out], [h], name=ACTIVATIONS[i - 1], **attributes))
    return _mlp_onnx("digits_activation_mlp", nodes, weights)


def export_digits_residual_mlp(weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    """The MLP of `train_digits_residual_mlp` as an ONNX model: input `x`
    [N, 64], `h1 = Relu(Gemm(x))`, `s = Relu(h1 + Gemm(h1))`, output
    `logits = Gemm(s)` [N, 10]."""
    from onnx import helper

    nodes = [
        helper.make_node("Gemm", ["x", "fc1.weight", "fc1.bias"], ["a1"], name="fc1", transB=1),
        helper.make_node("Relu", ["a1"], ["h1"], name="relu1"),
        helper.make_node("Gemm", ["h1", "fc2.weight", "fc2.bias"], ["h2"], name="fc2", transB=1),
        helper.make_node("Add", ["h1", "h2"], ["a3"], name="residual"),
        helper.make_node("Relu", ["a3"], ["s"], name="relu2"),
        helper.make_node("Gemm", ["s", "fc3.weight", "fc3.bias"], ["logits"], name="fc3", transB=1),
    ]
    return _mlp_onnx("digits_residual_mlp", nodes, weights)


def _mlp_onnx(name: str, nodes: list, weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    """An opset-17 model of `nodes` from `x` [N, 64] to `logits` [N, 10],
    the weights as float32 initializers."""
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(np.asarray(v, np.float32), k) for k, v in weights.items()]
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 64])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="asic.examples.digits")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def export_digits_cnn(weights: dict[str, np.ndarray], opset: int = 17) -> onnx.ModelProto:
    """The CNN of `train_digits_cnn` as an ONNX model (what
    `digits_cnn_module` builds in nn): input `image` [N, 1, 8, 8] with a
    symbolic batch, Conv (pads 1) -> [BatchNormalization, when the weights
    have `bn.*` entries] -> Relu -> MaxPool 2x2 -> Flatten -> Gemm (transB),
    output `logits` [N, 10]; the weights are initializers named like the
    module's constants."""
    from onnx import TensorProto, helper, numpy_helper

    names = ["conv1.weight", "conv1.bias", "fc.weight", "fc.bias"]
    nodes = [
        helper.make_node("Conv", ["image", "conv1.weight", "conv1.bias"], ["conv1"], name="conv1",
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
    ]
    activation = "conv1"
    if "bn.scale" in weights:
        bn = ["bn.scale", "bn.bias", "bn.mean", "bn.var"]
        nodes.append(helper.make_node("BatchNormalization", ["conv1", *bn], ["bn"], name="bn",
                                      epsilon=BN_EPSILON))
        names += bn
        activation = "bn"
    nodes += [
        helper.make_node("Relu", [activation], ["relu1"], name="relu1"),
        helper.make_node("MaxPool", ["relu1"], ["pool1"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Flatten", ["pool1"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1),
    ]
    inits = [numpy_helper.from_array(np.asarray(weights[n], np.float32), n) for n in names]
    graph = helper.make_graph(
        nodes,
        "digits_cnn",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="asic.examples.digits")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main(argv: list[str] | None = None) -> None:
    """`python -m asic.examples.digits DIR`: train the digits MLP and write
    `DIR/mlp.onnx`, `DIR/calib.npz` (256 training images, input `X`) and
    `DIR/test.npz` (the held-out images `X`) with their labels `y` in
    `DIR/labels.npz`."""
    import argparse
    import os

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("directory")
    parser.add_argument("--hidden", type=int, nargs="+", default=[64])
    args = parser.parse_args(argv)
    os.makedirs(args.directory, exist_ok=True)
    model, data = train_digits_mlp(hidden=tuple(args.hidden))
    onnx.save(model, os.path.join(args.directory, "mlp.onnx"))
    np.savez(os.path.join(args.directory, "calib.npz"), X=data.x_train[:256])
    np.savez(os.path.join(args.directory, "test.npz"), X=data.x_test)
    np.savez(os.path.join(args.directory, "labels.npz"), y=data.y_test)
    print(
        f"wrote mlp.onnx, calib.npz (256 images), test.npz and labels.npz "
        f"({len(data.y_test)} images) to {args.directory}"
    )


if __name__ == "__main__":
    main()
