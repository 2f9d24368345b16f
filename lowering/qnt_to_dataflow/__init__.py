"""`lower-qnt-to-dataflow`: the integer ops of a qnt function become one
`dataflow.graph` of streaming engines; the float boundary stays on the host.

    asic-opt mlp.qnt.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=64},schedule'

In every function holding qnt integer ops, those ops (everything of qnt but
`qnt.constant`, `qnt.quantize` and `qnt.dequantize`) are the hardware. They
are replaced by one `dataflow.graph` whose inputs are the quantized tensors
they take from the host (`qnt.quantize` results, quantized arguments) and
whose results are the tensors the host uses (what `qnt.dequantize` or
`func.return` reads). The host keeps the quantization of the inputs, the
dequantization of the outputs and any float op (a final softmax): what
feeds the accelerator's input stream quantizes, what reads its output
stream dequantizes.

Op by op, one rewrite pattern per engine kind (`registry.ENGINE_PATTERNS`):

- `mvu`: `qnt.dense` whose only user is a `qnt.requantize` of it, and a
  `qnt.clamp` that is the requantization's only user: one `dataflow.mvu`
  (the clamp folded into its bounds, the weights and bias `qnt.constant`s
  moved into the graph as its ROMs, `pe` / `simd` from `dataflow.pe` /
  `dataflow.simd` attributes on the `qnt.dense`, else left to `tile`);
- `reshape`: `qnt.flatten`, `qnt.reshape`: `dataflow.reshape` (nothing when
  the shape does not change);
- `argmax`: `qnt.argmax` of a frame whose elements all lie along the
  reduced axis: `dataflow.argmax`, an index stream the host widens to the
  `i64` result;
- `conv`: `qnt.conv2d` with its requantization and clamp: `dataflow.swg`
  and a `dataflow.mvu` over its windows (weights permuted to the windows'
  order; a 1x1 convolution without the window generator; grouped ones with
  block-diagonal weights; depthwise ones a `dataflow.vvu`, the channel-wise
  multiply-add of an unfolded batchnorm or per-channel mul/add among them);
- `pool`: `qnt.maxpool2d`, `qnt.avgpool2d` (`dataflow.swg` and
  `dataflow.pool`), `qnt.global_avgpool2d` (`dataflow.pool`);
- `flatten`: `qnt.flatten` of a channels-last stream into a `qnt.dense`:
  wires, the dense weights permuted to the stream's order;
- `lut`: `qnt.lut`: `dataflow.lut` (the same table, on the producer's lanes);
- `add`: `qnt.add` of operands of one shape: `dataflow.add` (its lanes left
  to `tile`);
- `concat`: `qnt.concat` along the stream's last axis: `dataflow.concat`.

A value several engines consume (a residual block's skip path) travels
through forks (`dataflow.insert_forks`, after the patterns).

Images travel channels-last (`pixels`): a graph input that a window engine
takes streams `order [0, 2, 3, 1]`, the host transposing its tensor.

Streams get the lanes their engines need (`dataflow.legalize_lanes`); FIFOs
come later (`schedule`). Anything else is a diagnostic naming the op (`qnt.
transpose is not mapped to hardware yet`), as is a function whose integer ops
a float op splits into two accelerators, a stream the host reads and
another consumer uses too, weights that are not constants and a function marked
`qnt.dynamic_quantization`. The graph is named after the function and its
streams after the function's arguments and results (`nn.name`, else
`arg<i>` / `result<i>`), the stream contract's port prefixes.

How (`conversion.lower_function`): `boundary.outline` moves the hardware
ops into the graph, its stream arguments cast to the tensors the ops take;
a `PatternRewriteWalker` applies the engine patterns
(`engine_pattern.EnginePattern`), each turning the qnt ops it matches on
streams into its engine; the first op left unconverted is reported with
the reason its pattern gives (`errors`); `boundary.close` yields the
streams and drops the casts; forks go in for the streams used twice. Adding an engine kind here is its pattern, in
a file of its own, and a line in `registry.py`.
"""

from asic.lowering.qnt_to_dataflow.conversion import LowerQntToDataflowPass, lower_function
from asic.lowering.qnt_to_dataflow.errors import PASS

__all__ = ["PASS", "LowerQntToDataflowPass", "lower_function"]
