"""The state of one `prune` run, shared by weight pruning (`asic.passes.prune`)
and channel pruning (`asic.passes.compression.channels`).

`PruneRun` holds the module being pruned, its calibration inputs (for the
data criteria), the constant names handed out so far and the report, and
offers what both kinds of pruning do with them: note a layer left alone,
measure the Gram matrices of layers' inputs on the calibration data in the
module as it is now, and write a pruned weight back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from asic.interp.calibration import Gram, collect
from asic.passes.common.constants import ConstantNames
from asic.passes.common.layers import Layer, replace_constant
from asic.passes.compression.report import CompressionReport, remark


@dataclass
class PruneRun:
    module: ModuleOp
    inputs: Mapping[str, np.ndarray] | None
    """The calibration inputs (criteria activation and reconstruct)."""
    names: ConstantNames
    summary: CompressionReport
    batch_size: int

    def note(self, layer: Layer, why: str) -> None:
        remark("prune", f"layer '{layer.name}' left alone: {why}")
        self.summary.notes[layer.name] = "left alone: " + why

    def grams(
        self, layers: Sequence[Layer], diagonal: bool = False, with_bias: bool = False
    ) -> list[np.ndarray]:
        """Per layer, the Gram `[G, K, K]` (or its diagonal `[G, K]`) of its
        input rows on the calibration data, in the module as it is now; with
        `with_bias`, of the rows extended by a column of ones (`K + 1`)."""
        assert self.inputs is not None
        stats = [
            Gram(rows=_with_ones(layer.rows) if with_bias else layer.rows, diagonal=diagonal)
            for layer in layers
        ]
        watch: dict = {}
        for layer, stat in zip(layers, stats):
            watch.setdefault(layer.op.input, []).append(stat)
        collect(self.module, self.inputs, watch, self.batch_size)
        return [stat.result() for stat in stats]

    def write_weight(self, layer: Layer, matrices: np.ndarray) -> None:
        replace_constant(layer.op, 1, layer.from_matrices(matrices), self.names, ".pruned")


def _with_ones(
    rows: Callable[[np.ndarray], np.ndarray],
) -> Callable[[np.ndarray], np.ndarray]:
    def extended(x: np.ndarray) -> np.ndarray:
        r = rows(x)
        return np.concatenate([r, np.ones((*r.shape[:-1], 1), dtype=r.dtype)], axis=-1)

    return extended
