"""ONNX ConvTranspose: to nn.conv_transpose2d.

1-D transposed convolutions go through a reshape to height 1, as Conv.
`auto_pad` SAME_UPPER / SAME_LOWER (output size `input * stride`) and
`output_shape` become explicit pads by ONNX's rule: the total padding
`stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - out`, split
with the larger half at the end for SAME_UPPER and at the beginning
otherwise; a negative pad at the end is more `output_padding` (zeros).
"""

from __future__ import annotations

from asic.dialects import nn
from asic.dialects.nn import i64_array, i64_attr
from asic.lowering.onnx.graph import Node
from asic.lowering.onnx.ops import _lift_1d, _lift_pads, _spatial_rank, converts


def transposed_pads(node: Node, spatial, kernel, strides, dilations, extra) -> list[int]:
    """The explicit pads (all begins, then all ends) of a ConvTranspose."""
    n = len(kernel)
    auto_pad = node.attr("auto_pad", "NOTSET")
    output_shape = node.ints_attr("output_shape")
    if output_shape is None and auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        output_shape = [size * s for size, s in zip(spatial, strides)]
    if output_shape is None:
        if auto_pad not in ("NOTSET", "VALID"):
            node.fail(f"auto_pad '{auto_pad}' is not supported; supported are NOTSET, VALID, SAME_UPPER and SAME_LOWER")
        pads = node.ints_attr("pads", [0] * (2 * n)) if auto_pad == "NOTSET" else [0] * (2 * n)
        if len(pads) != 2 * n:
            node.fail(f"pads must have {2 * n} values, got {len(pads)}")
        return pads
    output_shape = output_shape[-n:]
    begins, ends = [], []
    for size, k, s, d, e, out in zip(spatial, kernel, strides, dilations, extra, output_shape):
        total = s * (size - 1) + e + (k - 1) * d + 1 - out
        small = total // 2
        begin = small if auto_pad == "SAME_UPPER" else total - small
        if begin < 0:
            node.fail(f"output_shape {output_shape} would pad the beginning; not supported")
        begins.append(begin)
        ends.append(total - begin)
    return begins + ends


@converts("ConvTranspose")
def _conv_transpose(node: Node) -> None:
    x, w = node.input(0), node.input(1)
    xs, ws = node.shape(0), node.shape(1)
    spatial = _spatial_rank(node, len(xs), "transposed convolution")
    kernel = list(ws[2:])
    strides = node.ints_attr("strides", [1] * spatial)
    dilations = node.ints_attr("dilations", [1] * spatial)
    extra = node.ints_attr("output_padding", [0] * spatial)
    if not len(strides) == len(dilations) == len(extra) == spatial:
        node.fail(f"strides, dilations and output_padding must have {spatial} values")
    pads = transposed_pads(node, xs[2:], kernel, strides, dilations, extra)
    for a in range(spatial):  # a negative end pad is more output padding
        if pads[spatial + a] < 0:
            extra[a] -= pads[spatial + a]
            pads[spatial + a] = 0
    groups = int(node.attr("group", 1))
    bias = node.input(2) if node.has_input(2) else None
    if spatial == 1:
        x = node.reshape(x, (xs[0], xs[1], 1, xs[2]))
        w = node.reshape(w, (ws[0], ws[1], 1, ws[2]))
        kernel, strides, dilations = [1, *kernel], _lift_1d(strides, 1), _lift_1d(dilations, 1)
        extra, pads = _lift_1d(extra, 0), _lift_pads(pads)
    in_hw = node.shape(0)[2:] if spatial == 2 else (1, xs[2])
    out = [
        (in_hw[a] - 1) * strides[a] + dilations[a] * (kernel[a] - 1) + 1 + extra[a] - pads[a] - pads[2 + a]
        for a in range(2)
    ]
    props = {
        "strides": i64_array(strides),
        "pads": i64_array(pads),
        "dilations": i64_array(dilations),
        "groups": i64_attr(groups),
        "output_padding": i64_array(extra),
    }
    channels = ws[1] * groups
    y = node.emit(nn.ConvTranspose2dOp, [x, w, bias], (xs[0], channels, *out), props)
    if spatial == 1:
        y = node.reshape(y, (xs[0], channels, out[1]))
    node.set_output(0, y)
