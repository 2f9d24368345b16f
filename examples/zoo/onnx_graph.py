"""An ONNX graph under construction, written the way PyTorch's exporter
writes one (opset 17 by default): weights as float32 initializers named
after their layer (`conv1.weight`, `bn1.running_mean`), nodes named
`/NAME/OpType` with outputs `/NAME/OpType_output_0`, a symbolic batch
axis `N`. `spatial_rank` is the number of spatial axes of the network's
window layers (2 for images, 1 for sequences, 0 without any): their
attributes are written with that many values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
"""The opset of `torch.onnx.export` in PyTorch 2.x by default."""


class OnnxGraph:
    def __init__(self, spatial_rank: int):
        self.spatial_rank = spatial_rank
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.counts: dict[str, int] = {}

    def initializer(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.asarray(value, np.float32), name))
        return name

    def scalar(self, value: float) -> str:
        """A float scalar initializer (as the bounds of a `Clip`)."""
        return self.initializer(self._unique("/Constant") + "_output_0", np.float32(value))

    def node(self, op_type: str, inputs: Sequence[str], name: str, **attributes) -> str:
        """Add a node named `/name/OpType` (numbered when the name repeats);
        returns its output's name."""
        node_name = self._unique(f"/{name}/{op_type}")
        output = f"{node_name}_output_0"
        self.nodes.append(
            helper.make_node(op_type, list(inputs), [output], name=node_name, **attributes)
        )
        return output

    def spatial(self, values: Sequence[int]) -> list[int]:
        """The last `spatial_rank` of 2-D window values (a 1-D network's
        layers run as height-1 images)."""
        return list(values)[2 - self.spatial_rank :]

    def window_attributes(
        self, kernel, stride, pads, dilations: bool = False
    ) -> dict[str, list[int]]:
        """kernel_shape, strides, pads (and dilations, all 1, as `Conv`
        nodes carry them) for `spatial_rank` axes."""
        t, l, b, r = pads
        begin, end = self.spatial((t, l)), self.spatial((b, r))
        out = {
            "kernel_shape": self.spatial(kernel),
            "strides": self.spatial(stride),
            "pads": begin + end,
        }
        if dilations:
            out["dilations"] = [1] * self.spatial_rank
        return out

    def model(
        self, input_shape: Sequence[int], output: str, name: str, opset: int = OPSET
    ) -> onnx.ModelProto:
        """The model with input `input` [N, *input_shape] and output
        `logits` [N, 10] (the tensor `output` renamed), checked with
        `onnx.checker`."""
        if self.nodes[-1].output[0] != output:
            raise ValueError(f"the output {output!r} is not the last node's")
        self.nodes[-1].output[0] = "logits"
        graph = helper.make_graph(
            self.nodes,
            name,
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", *input_shape])],
            [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
            self.initializers,
        )
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="asic.examples.zoo"
        )
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        return model

    def _unique(self, name: str) -> str:
        count = self.counts.get(name, 0)
        self.counts[name] = count + 1
        return name if count == 0 else f"{name}_{count}"
