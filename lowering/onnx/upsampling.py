"""ONNX ConvTranspose, Resize and Upsample.

Resize and Upsample (modes nearest, linear and cubic) decompose at import,
axis by axis, into nn.gather with constant indices (nearest: the
`nearest_mode` index of each output's source coordinate; linear: the two
neighbours, clamped into the input; cubic: the four of `cubic_taps`) and,
for linear and cubic, the sum of the neighbours times constant weights
(`low * (1 - w) + high * w`; Keys' cubic coefficients): ONNX's separable
interpolation. Every `coordinate_transformation_mode` but
tf_crop_and_resize; sizes or scales (with `axes` and
`keep_aspect_ratio_policy`); Upsample and Resize before opset 11 map
coordinates asymmetrically. Antialiasing is a diagnostic.

ConvTranspose: to nn.conv_transpose2d. GridSample: to nn.grid_sample;
AffineGrid: nn.einsum of theta with constant homogeneous coordinates.

1-D transposed convolutions go through a reshape to height 1, as Conv.
`auto_pad` SAME_UPPER / SAME_LOWER (output size `input * stride`) and
`output_shape` become explicit pads by ONNX's rule: the total padding
`stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - out`, split
with the larger half at the end for SAME_UPPER and at the beginning
otherwise; a negative pad at the end is more `output_padding` (zeros).
"""

from __future__ import annotations

import math

import numpy as np

from asic.dialects import nn
from asic.dialects.attributes import numpy_dtype
from asic.dialects.nn import i64_array, i64_attr
from asic.lowering.onnx.graph import Const, Node, Tensor, element_type_of, shape_of
from asic.lowering.onnx.ops import (
    _axis,
    _lift_1d,
    _lift_pads,
    _spatial_rank,
    conv_properties,
    converts,
)


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
    props = conv_properties(strides, pads, dilations, groups) | {"output_padding": i64_array(extra)}
    channels = ws[1] * groups
    y = node.emit(nn.ConvTranspose2dOp, [x, w, bias], (xs[0], channels, *out), props)
    if spatial == 1:
        y = node.reshape(y, (xs[0], channels, out[1]))
    node.set_output(0, y)


# --------------------------------------------------------------------------
# Resize and Upsample
# --------------------------------------------------------------------------


def source_coordinates(mode: str, out: int, size: int, scale: float) -> np.ndarray:
    """ONNX Resize's `coordinate_transformation_mode`: the input coordinate
    of each output index along an axis of `size` resized to `out`."""
    x = np.arange(out, dtype=np.float64)
    if mode == "half_pixel":
        return (x + 0.5) / scale - 0.5
    if mode == "half_pixel_symmetric":
        adjustment = out / (scale * size)
        center = size / 2
        return center * (1 - adjustment) + (x + 0.5) / scale - 0.5
    if mode == "pytorch_half_pixel":
        return (x + 0.5) / scale - 0.5 if out > 1 else np.zeros(out)
    if mode == "align_corners":  # the resized length is scale * size, not rounded
        length = scale * size
        return x * (size - 1) / (length - 1) if length != 1 else np.zeros(out)
    return x / scale  # asymmetric


def nearest_indices(mode: str, coordinates: np.ndarray, size: int) -> np.ndarray:
    """ONNX Resize's `nearest_mode`, indices clamped into the input."""
    fraction = coordinates - np.floor(coordinates)
    if mode == "round_prefer_floor":
        index = np.where(fraction == 0.5, np.floor(coordinates), np.round(coordinates))
    elif mode == "round_prefer_ceil":
        index = np.where(fraction == 0.5, np.ceil(coordinates), np.round(coordinates))
    elif mode == "floor":
        index = np.floor(coordinates)
    else:
        index = np.ceil(coordinates)
    return np.clip(index, 0, size - 1).astype(np.int64)


RESIZE_MODES = ("nearest", "linear", "cubic")
COORDINATE_MODES = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric")
NEAREST_MODES = ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")


def _gather(node: Node, x: Tensor, axis: int, indices: np.ndarray, what: str) -> Tensor:
    shape = list(shape_of(x))
    shape[axis] = len(indices)
    index = Const(indices, f"{node.proto.name or node.proto.output[0]}.{what}")
    return node.emit(nn.GatherOp, [x, index], shape, {"axis": i64_attr(axis)})


def _weights_along(node: Node, x: Tensor, axis: int, weights: np.ndarray, what: str) -> Const:
    rank = len(shape_of(x))
    array = weights.reshape((-1,) + (1,) * (rank - axis - 1)).astype(numpy_dtype(element_type_of(x)))
    return Const(array, f"{node.proto.name or node.proto.output[0]}.{what}")


def cubic_taps(source: np.ndarray, size: int, a: float, exclude_outside: bool) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """ONNX's cubic interpolation at the input coordinates `source`: the
    four neighbours `base - 1 .. base + 2` (`base` the floor, or the
    coordinate - 1 when it is an integer, so that the ratio lies in (0, 1]),
    clamped into the input (edge padding), with Keys' coefficients of
    `cubic_coeff_a`; `exclude_outside` zeroes the outside ones and
    renormalizes."""
    integral = source == np.floor(source)
    base = np.where(integral, source - 1, np.floor(source))
    r = np.where(integral, 1.0, source - np.floor(source))
    s = 1 - r
    weights = [
        ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
        ((a + 2) * r - (a + 3)) * r * r + 1,
        ((a + 2) * s - (a + 3)) * s * s + 1,
        ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a,
    ]
    positions = [base + k for k in (-1, 0, 1, 2)]
    if exclude_outside:
        weights = [np.where((p < 0) | (p >= size), 0.0, w) for p, w in zip(positions, weights)]
        total = sum(weights)
        weights = [w / total for w in weights]
    return [
        (f"tap{k}", np.clip(p, 0, size - 1).astype(np.int64), w)
        for k, (p, w) in enumerate(zip(positions, weights))
    ]


def _weighted_sum(node: Node, x: Tensor, axis: int, taps: list[tuple[str, np.ndarray, np.ndarray]]) -> Tensor:
    """`sum_k gather(x, index_k) * weight_k` along `axis`."""
    gathered = [_gather(node, x, axis, index, f"axis{axis}.{name}") for name, index, _ in taps]
    shape = shape_of(gathered[0])
    terms = [
        node.emit(nn.MulOp, [g, _weights_along(node, g, axis, weight, f"axis{axis}.w{name}")], shape)
        for g, (name, _, weight) in zip(gathered, taps)
    ]
    total = terms[0]
    for term in terms[1:]:
        total = node.emit(nn.AddOp, [total, term], shape)
    return total


def resize(
    node: Node, x: Tensor, sizes: list[int], scales: list[float], mode: str, coordinates: str, nearest: str,
    cubic: tuple[float, bool] = (-0.75, False),
) -> Tensor:
    """`x` resized to `sizes` axis by axis (gathers, and for linear and
    cubic the weighted sum of the two or four neighbours; `cubic` is
    `cubic_coeff_a` and `exclude_outside`)."""
    for axis, (size, out, scale) in enumerate(zip(shape_of(x), sizes, scales)):
        if out == size and scale == 1.0 and coordinates != "tf_crop_and_resize":
            continue
        source = source_coordinates(coordinates, out, size, scale)
        if mode == "nearest":
            x = _gather(node, x, axis, nearest_indices(nearest, source, size), f"axis{axis}")
            continue
        if mode == "cubic":
            x = _weighted_sum(node, x, axis, cubic_taps(source, size, *cubic))
            continue
        low = np.floor(source)
        weight = source - low
        low_index = np.clip(low, 0, size - 1).astype(np.int64)
        high_index = np.clip(low + 1, 0, size - 1).astype(np.int64)
        x = _weighted_sum(node, x, axis, [("low", low_index, 1 - weight), ("high", high_index, weight)])
    return x


@converts("Resize", "Upsample")
def _resize(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    rank = len(xs)
    mode = node.attr("mode", "nearest")
    if mode not in RESIZE_MODES:
        node.fail(f"mode '{mode}' is not supported; supported are {', '.join(RESIZE_MODES)}")
    if node.op_type == "Upsample" or node.version < 11:
        coordinates, nearest = "asymmetric", "floor" if node.op_type == "Upsample" else "round_prefer_floor"
        if node.op_type == "Upsample" and node.version < 9:
            scales = [float(s) for s in node.attr("scales", [])]
        else:
            scales = [float(s) for s in node.const(1, "the scales").reshape(-1)]
        axes = list(range(rank))
        sizes_given = None
    else:
        coordinates = node.attr("coordinate_transformation_mode", "half_pixel")
        nearest = node.attr("nearest_mode", "round_prefer_floor")
        if coordinates not in COORDINATE_MODES:
            node.fail(f"coordinate_transformation_mode '{coordinates}' is not supported; supported are {', '.join(COORDINATE_MODES)}")
        if nearest not in NEAREST_MODES:
            node.fail(f"nearest_mode '{nearest}' is not supported; supported are {', '.join(NEAREST_MODES)}")
        if node.attr("antialias", 0) and mode != "nearest":
            node.fail("antialias=1 is not supported")
        axes = [_axis(node, a, rank) for a in node.ints_attr("axes", list(range(rank)))]
        scales_input = node.const(2, "the scales").reshape(-1) if node.has_input(2) else np.zeros(0)
        sizes_given = [int(s) for s in node.const(3, "the sizes").reshape(-1)] if node.has_input(3) else None
        scales = [float(s) for s in scales_input] if scales_input.size else None
        if (scales is None) == (sizes_given is None):
            node.fail("exactly one of scales and sizes must be given")
    if sizes_given is not None:
        if len(sizes_given) != len(axes):
            node.fail(f"sizes {sizes_given} must have one value per axis {axes}")
        policy = node.attr("keep_aspect_ratio_policy", "stretch")
        ratios = [out / xs[a] for a, out in zip(axes, sizes_given)]
        if policy in ("not_larger", "not_smaller"):
            common = min(ratios) if policy == "not_larger" else max(ratios)
            ratios = [common] * len(axes)
            sizes_given = [int(math.floor(common * xs[a] + 0.5)) for a in axes]
        elif policy != "stretch":
            node.fail(f"keep_aspect_ratio_policy '{policy}' is not supported")
        scales = ratios
    if len(scales) != len(axes) or min(scales, default=1) <= 0:
        node.fail(f"scales {scales} must be positive, one per axis {axes}")
    full_scales, sizes = [1.0] * rank, list(xs)
    for i, a in enumerate(axes):
        full_scales[a] = scales[i]
        sizes[a] = sizes_given[i] if sizes_given is not None else int(math.floor(xs[a] * scales[i]))
    cubic = (float(np.float32(node.attr("cubic_coeff_a", -0.75))), bool(node.attr("exclude_outside", 0)))
    node.set_output(0, resize(node, x, sizes, full_scales, mode, coordinates, nearest, cubic))


_GRID_MODES = {"bilinear": "linear", "bicubic": "cubic", "nearest": "nearest", "linear": "linear", "cubic": "cubic"}


@converts("GridSample")
def _grid_sample(node: Node) -> None:
    """nn.grid_sample (opset 16's bilinear and bicubic are linear and cubic)."""
    xs, gs = node.shape(0), node.shape(1)
    mode = node.attr("mode", "bilinear" if node.version < 20 else "linear")
    if mode not in _GRID_MODES:
        node.fail(f"mode '{mode}' is not supported; supported are {', '.join(_GRID_MODES)}")
    padding = node.attr("padding_mode", "zeros")
    if padding not in nn.GRID_PADDING_MODES:
        node.fail(f"padding_mode '{padding}' is not supported; supported are {', '.join(nn.GRID_PADDING_MODES)}")
    if len(xs) < 3 or len(gs) != len(xs) or gs[0] != xs[0] or gs[-1] != len(xs) - 2:
        node.fail(f"the grid {list(gs)} must be [N, *out, {len(xs) - 2}] for the input {list(xs)}")
    props = {
        "mode": nn.StringAttr(_GRID_MODES[mode]),
        "padding_mode": nn.StringAttr(padding),
        "align_corners": nn.bool_attr(bool(node.attr("align_corners", 0))),
    }
    node.set_output(0, node.emit(nn.GridSampleOp, [node.input(0), node.input(1)], [xs[0], xs[1], *gs[1:-1]], props))


@converts("AffineGrid")
def _affine_grid(node: Node) -> None:
    """The sampling grid of GridSample for the affine maps `theta` `[N, r,
    r + 1]`: nn.einsum of theta with the constant homogeneous coordinates
    `(x, y, ..., 1)` of the output positions (element centres, or corners
    with `align_corners`, normalized to [-1, 1])."""
    theta, ts = node.input(0), node.shape(0)
    size = [int(v) for v in node.const(1, "the size").reshape(-1)]
    spatial = size[2:]
    r = len(spatial)
    if r not in (2, 3) or ts != (size[0], r, r + 1) or min(spatial) < 1:
        node.fail(f"theta {list(ts)} must be [N, r, r + 1] for a size [N, C, ...] of 2 or 3 spatial axes, got {size}")
    align = bool(node.attr("align_corners", 0))
    axes = [np.linspace(-1, 1, n) if align else (2 * np.arange(n) + 1) / n - 1 for n in spatial]
    coordinates = np.meshgrid(*axes, indexing="ij")[::-1]  # x first
    base = np.stack([*coordinates, np.ones(spatial)], axis=-1)
    grid = Const(base.astype(numpy_dtype(element_type_of(node.value(theta)))), f"{node.proto.name or node.proto.output[0]}.positions")
    letters = "dhw"[-r:]
    props = {"equation": nn.StringAttr(f"nij,{letters}j->n{letters}i")}
    node.set_output(0, node.emit(nn.EinsumOp, [theta, grid], (size[0], *spatial, r), props))
