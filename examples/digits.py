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
