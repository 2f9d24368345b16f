"""A zoo network: its layers, the shape of one input, and its training on
the digits split.

The input of every network is a digits image (`load_digits_split`: 64
pixels in [0, 1]) shaped by `input_shape`: (1, 8, 8) for a CNN, (8, 8) for
a sequence network (8 steps of 8 channels: the image's rows are the
channels, its columns the steps), (64,) for an MLP. `train` minimizes the
softmax cross-entropy of the logits with Adam on minibatches of 32,
halving the step size for the last third of the epochs (on one BLAS
thread); batch
normalization uses batch statistics in training and running averages for
inference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx

from asic.examples.digits import DigitsSplit
from asic.examples.zoo.layers import Sequential
from asic.examples.zoo.onnx_graph import OPSET, OnnxGraph


@dataclass
class Network:
    name: str
    body: Sequential
    input_shape: tuple[int, ...]
    epochs: int = 12
    learning_rate: float = 0.005

    @property
    def spatial_rank(self) -> int:
        return len(self.input_shape) - 1

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """Logits [N, 10] of flat images [N, 64] (float64)."""
        x = np.asarray(x, np.float64).reshape(len(x), *self.input_shape)
        if self.spatial_rank == 1:
            x = x[:, :, None, :]
        return self.body.forward(x, train)

    def inputs(self, x: np.ndarray) -> np.ndarray:
        """Flat images [N, 64] as the ONNX model's input (float32)."""
        return np.asarray(x, np.float32).reshape(len(x), *self.input_shape)

    def state(self) -> dict[str, np.ndarray]:
        """Parameters and batchnorm statistics by their ONNX names."""
        out = {}
        for layer in self.body.layers():
            out |= layer.params | layer.buffers
        return out

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        for layer in self.body.layers():
            for table in (layer.params, layer.buffers):
                for name in table:
                    table[name] = np.array(state[name], np.float64)

    def export(self, opset: int = OPSET) -> onnx.ModelProto:
        graph = OnnxGraph(self.spatial_rank)
        output = self.body.export(graph, "input")
        return graph.model(self.input_shape, output, self.name, opset)

    def accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        return float((self.forward(x).argmax(1) == y).mean())

    def train(self, data: DigitsSplit, seed: int = 0, batch: int = 32) -> None:
        from threadpoolctl import threadpool_limits

        # One BLAS thread: the matrices are small, and threads contending
        # for a busy machine's cores make them ten times slower.
        with threadpool_limits(1):
            self._train(data, seed, batch)

    def _train(self, data: DigitsSplit, seed: int, batch: int) -> None:
        rng = np.random.default_rng(seed)
        layers = self.body.layers()
        moments = {
            name: (np.zeros_like(p), np.zeros_like(p))
            for layer in layers
            for name, p in layer.params.items()
        }
        beta1, beta2, step = 0.9, 0.999, 0
        for epoch in range(self.epochs):
            lr = self.learning_rate * (0.5 if epoch >= self.epochs * 2 // 3 else 1.0)
            order = rng.permutation(len(data.x_train))
            for start in range(0, len(order), batch):
                idx = order[start : start + batch]
                logits = self.forward(data.x_train[idx], train=True)
                prob = np.exp(logits - logits.max(1, keepdims=True))
                prob /= prob.sum(1, keepdims=True)
                prob[np.arange(len(idx)), data.y_train[idx]] -= 1
                self.body.backward(prob / len(idx))
                step += 1
                for layer in layers:
                    for name, grad in layer.grads.items():
                        m, v = moments[name]
                        m *= beta1
                        m += (1 - beta1) * grad
                        v *= beta2
                        v += (1 - beta2) * grad * grad
                        m_hat = m / (1 - beta1**step)
                        v_hat = v / (1 - beta2**step)
                        layer.params[name] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
