"""Random quantized MLPs built with the qnt dialect's Python API (no quantize
pass needed), for the dataflow tests and benchmarks.

`qnt_mlp(sizes, seed=...)` is a function `main` of one f32 input `[rows,
sizes[0]]`: `qnt.quantize`, then per layer a `qnt.dense` (random weights,
per tensor or per output channel, optional bias), its `qnt.requantize`
(multipliers from random scales, optionally ReLU bounds) and optionally a
`qnt.clamp`, optionally a residual `qnt.add` of its input, and at the end
a `qnt.argmax` or a `qnt.dequantize`. Layer attributes `dataflow.pe` /
`dataflow.simd` can be set through `folds`; `sparsity` sets that fraction
of the weights to their zero point, and `requantize="shift"` makes every
requantization a power of two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i64

from asic.dialects import qnt
from support.qnt_layers import QntBuilder

STORAGES = ("i8", "u8", "i4", "u4", "i6", "u6", "i2", "u3", "i12", "i16")


@dataclass
class MlpSpec:
    """What `qnt_mlp` builds."""

    sizes: Sequence[int]
    seed: int = 0
    rows: int = 1
    tail: str = "argmax"  # or "dequantize"
    per_channel: Sequence[bool] | None = None
    bias: Sequence[bool] | None = None
    relu: Sequence[bool] | None = None
    clamp: Sequence[bool] | None = None
    storages: Sequence[str] | None = None  # activations: input, then each layer
    weight_storages: Sequence[str] | None = None
    folds: Sequence[tuple[int | None, int | None]] | None = None
    flatten_input: bool = False
    select_last_index: bool = False
    sparsity: float = 0.0  # the fraction of each layer's weights set to the zero point
    requantize: str = "multiply"  # or "shift": every multiplier a power of two, M = 2^e
    residual: Sequence[bool] | None = None
    """Per layer of as many outputs as inputs: its input added to its
    output (`qnt.add`, rescaled to a random type, sometimes with a ReLU)."""
    names: list[str] = field(default_factory=list)

    def module(self) -> ModuleOp:
        return qnt_mlp(self)


def qnt_mlp(spec: MlpSpec) -> ModuleOp:
    layers = len(spec.sizes) - 1
    storages = list(spec.storages or ["u8"] + ["i8"] * layers)
    weight_storages = list(spec.weight_storages or ["i8"] * layers)
    in_shape = [spec.rows, spec.sizes[0]] if not spec.flatten_input else [1, 1, spec.sizes[0]]
    builder = QntBuilder(in_shape, spec.seed)
    rng = builder.rng
    x, x_type = builder.quantize(storages[0])
    if spec.flatten_input:
        x = builder.add(qnt.FlattenOp(x, 1), "flat")
    for i in range(layers):
        k, n = spec.sizes[i], spec.sizes[i + 1]
        per_channel = spec.per_channel[i] if spec.per_channel else None
        w = builder.weights(f"fc{i}.weight", (n, k), weight_storages[i], per_channel, spec.sparsity)
        b = builder.bias(f"fc{i}.bias", n, spec.bias[i] if spec.bias else None)
        acc = builder.add(qnt.DenseOp(x, w.value, b), f"acc{i}")
        if spec.folds and spec.folds[i][0] is not None:
            acc.owner.attributes["dataflow.pe"] = IntegerAttr(spec.folds[i][0], i64)  # pyright: ignore
        if spec.folds and spec.folds[i][1] is not None:
            acc.owner.attributes["dataflow.simd"] = IntegerAttr(spec.folds[i][1], i64)  # pyright: ignore
        y_type = builder.activation(storages[i + 1])
        relu = spec.relu[i] if spec.relu else None
        y = builder.layer(acc, x_type, w, k, y_type, name=f"h{i}", relu=relu, requantize=spec.requantize)
        use_clamp = spec.clamp[i] if spec.clamp else bool(rng.random() < 0.3)
        if use_clamp:
            y = builder.clamp(y, y_type, f"c{i}")
        if spec.residual and spec.residual[i] and k == n:
            y_type = builder.activation(storages[i + 1])
            y = builder.add(qnt.AddOp.from_types(x, y, y_type, min=y_type.zero_point if rng.random() < 0.5 else None), f"s{i}")
        x, x_type = y, y_type
    if spec.tail == "argmax":
        out = builder.add(qnt.ArgmaxOp(x, 1, select_last_index=spec.select_last_index), "label")
    else:
        out = builder.add(qnt.DequantizeOp(x), "logits")
    return builder.finish(out)


def random_float_inputs(module: ModuleOp, count: int, seed: int = 0) -> np.ndarray:
    """`count` samples for the function's input, spread over its quantized range."""
    function = next(op for op in module.ops if isinstance(op, func.FuncOp))
    shape = function.function_type.inputs.data[0].get_shape()  # pyright: ignore
    quantize = next(op for op in function.body.block.ops if isinstance(op, qnt.QuantizeOp))
    qtype = qnt.quantized_type_of(quantize.result)
    rng = np.random.default_rng(seed)
    lo = qtype.scale * (qtype.qmin - qtype.zero_point)
    hi = qtype.scale * (qtype.qmax - qtype.zero_point)
    return rng.uniform(lo * 1.1, hi * 1.1, (count, *shape)).astype(np.float32)


# --------------------------------------------------------------------------
# Graphs of one engine
# --------------------------------------------------------------------------


def _mvu(rows: int, n: int, k: int, pe: int, simd: int) -> tuple[str, str, str, str, str]:
    """A `dataflow.mvu` graph body (weights 1) over `rows` rows of `k`
    inputs to `n` outputs, with its stream and tensor shapes."""
    weight = f"tensor<{n}x{k}x!qnt.uniform<i8:f32, 0.1>>"
    s_in, s_out = f"lanes {simd}, shape [{rows}, {k}]", f"lanes {pe}, shape [{rows}, {n}]"
    body = (
        f'%w = qnt.constant "w" dense<1> : {weight}\n'
        f"%o = dataflow.mvu %x, %w pe {pe} simd {simd} accumulator i20 multipliers [1] shifts [0] : "
        f"(!dataflow.stream<!q, {s_in}>, {weight}) -> !dataflow.stream<!q, {s_out}>"
    )
    return body, s_in, s_out, f"{rows}x{k}", f"{rows}x{n}"


def _dwc(lanes_in: int, lanes_out: int, frame: int) -> tuple[str, str, str, str, str]:
    """A `dataflow.dwc` graph body on frames `[1, frame]`, with its stream
    and tensor shapes (an entry of `single_engine_graphs`)."""
    s_in, s_out = f"lanes {lanes_in}, shape [1, {frame}]", f"lanes {lanes_out}, shape [1, {frame}]"
    body = f"%o = dataflow.dwc %x : (!dataflow.stream<!q, {s_in}>) -> !dataflow.stream<!q, {s_out}>"
    return body, s_in, s_out, f"1x{frame}", f"1x{frame}"


CHANNELS_LAST = "order [0, 2, 3, 1]"


def _average_pool(properties: str, s_in: str, s_out: str) -> tuple[str, str, str, str, str]:
    """A `dataflow.pool` average graph body (multiplier 2^30, `properties`
    the rest) from `s_in` to the channels-last `s_out` (an entry of
    `single_engine_graphs`)."""
    s_out = f"{s_out}, {CHANNELS_LAST}"
    body = (
        f'%o = dataflow.pool %x kind "avg" multipliers [1073741824] {properties} : '
        f"(!dataflow.stream<!q, {s_in}>) -> !dataflow.stream<!q, {s_out}>"
    )
    return body, s_in, s_out, _tensor_shape(s_in), _tensor_shape(s_out)


def _tensor_shape(stream: str) -> str:
    """The tensor shape (`1x2x4x4`) of a stream's `shape [1, 2, 4, 4]`."""
    return "x".join(stream.split("shape [")[1].split("]")[0].split(", "))


def single_engine_graphs():
    """Graphs of one engine between the input and output streams."""
    text = {
        "mvu": _mvu(rows=3, n=6, k=4, pe=2, simd=2),
        "gather": _dwc(2, 6, 12),
        "scatter": _dwc(4, 2, 12),
        "gather-padded": _dwc(3, 6, 10),
        "scatter-padded": _dwc(8, 4, 10),
        "mvu-padded": _mvu(rows=1, n=10, k=7, pe=4, simd=3),
        "gather-frame": _dwc(4, 10, 10),
        "scatter-frame": _dwc(10, 4, 10),
        "mvu-parallel": _mvu(rows=3, n=6, k=4, pe=6, simd=4),
        "fifo": ("%o = dataflow.fifo %x depth 3 : !dataflow.stream<!q, lanes 3, shape [1, 12]>", "lanes 3, shape [1, 12]", "lanes 3, shape [1, 12]", "1x12", "1x12"),
        "reshape": ("%o = dataflow.reshape %x : (!dataflow.stream<!q, lanes 3, shape [1, 12]>) -> !dataflow.stream<!q, lanes 3, shape [4, 3]>", "lanes 3, shape [1, 12]", "lanes 3, shape [4, 3]", "1x12", "4x3"),
        "swg": (
            "%o = dataflow.swg %x kernel [3, 2] strides [2, 1] pads [1, 0, 1, 1] pad_value -3 simd 2 : "
            "(!dataflow.stream<!q, lanes 2, shape [1, 2, 5, 4], order [0, 2, 3, 1]>) -> !dataflow.stream<!q, lanes 2, shape [1, 3, 4, 12]>",
            "lanes 2, shape [1, 2, 5, 4], order [0, 2, 3, 1]", "lanes 2, shape [1, 3, 4, 12]", "1x2x5x4", "1x3x4x12",
        ),
        "pool": _average_pool("taps 4 shifts [31] simd 2", "lanes 2, shape [1, 2, 2, 8]", "lanes 2, shape [1, 2, 2, 2]"),
        "pool-whole-windows": _average_pool(
            "taps 4 shifts [31] simd 2 pixels 2", "lanes 16, shape [1, 2, 2, 8]", "lanes 4, shape [1, 2, 2, 2]"
        ),
        "global-pool-pixels": _average_pool(
            "taps 16 shifts [33] simd 2 pixels 4", f"lanes 8, shape [1, 2, 4, 4], {CHANNELS_LAST}", "lanes 2, shape [1, 2, 1, 1]"
        ),
    }
    for name, (body, s_in, s_out, t_in, t_out) in text.items():
        source = f"""
        !q = !qnt.uniform<i8:f32, 0.1>
        func.func @main(%a: tensor<{t_in}x!q>) -> tensor<{t_out}x!q> {{
          %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<{t_in}x!q>) -> tensor<{t_out}x!q> {{
          ^bb0(%x: !dataflow.stream<!q, {s_in}>):
            {body}
            dataflow.yield %o : !dataflow.stream<!q, {s_out}>
          }}
          func.return %y : tensor<{t_out}x!q>
        }}"""
        yield name, source


def parse_any(source: str) -> ModuleOp:
    """`source` parsed with every registered dialect, verified."""
    from xdsl.parser import Parser

    from asic.universe import dialect_context

    module = Parser(dialect_context(), source).parse_module()
    module.verify()
    return module
