"""The ONNX frontend: an ONNX model to a `func.func @main` of `nn` ops.

`import_onnx(data, outputs=..., batch_size=..., path=...)` reads a serialized
model (or a `ModelProto`) and returns a `ModuleOp` holding one function:

- its arguments are the graph's real inputs (an input that also has an
  initializer is a weight, as old exporters list them), its results the graph
  outputs, or the tensors named by `outputs`; each carries the argument or
  result attribute `nn.name` = the ONNX tensor name, and SSA values get name
  hints derived from ONNX tensor names (`/` and other characters MLIR does
  not allow become `_`, a trailing `_<digits>` becomes `.<digits>` so that
  xDSL's printer does not take it for its own uniquing suffix);
- weights are `nn.constant` ops named after their initializer (or after the
  `Constant` / `ConstantOfShape` output). A tensor whose elements are all
  bitwise equal is stored as a one-element splat, as the IR parser does for
  `dense<0.5>`; a weight is materialized once, where it is first used.

Shapes are static and inferred here, op by op, from the graph inputs; the
file's `value_info` is not read. A symbolic dim 0 of an input is the batch
and becomes `batch_size`; any other symbolic dimension is a diagnostic.

Import-time evaluation (numpy, never IR):

- the import-time constants are initializers, `Constant` and
  `ConstantOfShape` outputs, `Shape` of any (statically shaped) tensor, and
  whatever integer arithmetic, `Gather`, `Slice`, `Concat`, `Cast`, ... an
  exporter computes from them: shape subgraphs fold away entirely;
- layout-only ops applied to a float constant (`Reshape`, `Flatten`,
  `Transpose`, `Squeeze`, `Unsqueeze`, `Identity`, `Dropout`, `Cast`) are
  applied to the array, and the result keeps the constant's name (it is the
  same weight in another layout); so are the transposes and `alpha`/`beta`
  of a `Gemm` with a constant `B`. Float arithmetic between constants is
  left in the IR for `fold-constants`.

The parts: this module is the entry point; `asic.lowering.onnx.graph` holds
the graph walk, the tensors' bookkeeping and the diagnostics,
`asic.lowering.onnx.ops` the per-op conversions with the opset differences
they handle (the table `CONVERTERS` the walk dispatches through), and
`asic.lowering.onnx.qdq` the import of QDQ models. Every error a model can
cause is an `OnnxImportError`: one sentence naming the node (name and op
type), what is wrong and what is supported.

Opsets: the default domain from 6 to the newest opset of the installed onnx
package (`SUPPORTED_OPSETS`; opsets 22 to 28 changed no semantics of a
converted op but Cast's `round_mode`, which only concerns float8 targets, which
Cast does not support; older models, like the opset-9
light_* models onnx ships, import where the semantics are known). Each node
is converted with the semantics of its op's version in the model's opset
(the `since_version` of the newest schema at or below it, from onnx's schema
registry); a node whose op the opset does not define (an op newer than the
opset, like DFT in an opset-16 model, or one removed before it, like Upsample
from opset 10) is a diagnostic naming the opsets that define it. The
version-dependent semantics: Add/Sub/Mul/Div `broadcast`/`axis` before 7,
Softmax's coercion to 2-D before 13, Clip bounds as attributes before 11,
Squeeze/Unsqueeze axes as attributes before 13, Reshape's shape input from
5, Pad's attributes before 11 (and `axes` from 18), BatchNormalization's
`spatial` before 9 and `training_mode` from 14, pools' `ceil_mode` from 10,
Dropout's `training_mode` input from 12. Other domains (`ai.onnx.ml`, ...)
are a diagnostic for any node that is imported: cut them off with `outputs`.
"""

from __future__ import annotations

from collections.abc import Sequence

import onnx
from google.protobuf.message import DecodeError
from xdsl.dialects.builtin import ModuleOp

from asic.lowering.onnx.checks import check_declared_outputs, check_model
from asic.lowering.onnx.graph import (  # noqa: F401  (re-exported)
    SUPPORTED_OPSETS,
    GraphImporter,
    OnnxImportError,
    name_hint,
)
from asic.lowering.onnx import attention, indexing, linear_attention, losses, non_float, positional, recurrent, reductions, selection, signal, upsampling  # noqa: F401  (register their converters)
from asic.lowering.onnx.ops import CONVERTERS
from asic.lowering.onnx.qdq import QdqImporter, uses_qdq

__all__ = ["OnnxImportError", "import_onnx", "SUPPORTED_OPSETS", "supported_op_types"]

QDQ_MODES = ("integer", "fake-quant")
"""How a QDQ model is imported (`import_onnx`'s `qdq`)."""


def supported_op_types() -> list[str]:
    """The ONNX op types the frontend converts, sorted."""
    return sorted(CONVERTERS)


def import_onnx(
    data: bytes | onnx.ModelProto,
    *,
    outputs: Sequence[str] | None = None,
    batch_size: int = 1,
    path: str | None = None,
    qdq: str = "integer",
) -> ModuleOp:
    """Import an ONNX model as a module with one `func.func @main` of nn ops.

    `outputs` cuts the graph: these tensors become the results and only the
    nodes they depend on are imported. `batch_size` is given to a symbolic
    dim 0 of the inputs. `path` is the model's file: diagnostics name it and
    external tensor data is looked up next to it.

    A model with QuantizeLinear / DequantizeLinear nodes (onnxruntime's QDQ
    format) is imported by `asic.lowering.onnx.qdq`: with `qdq="integer"`
    (the default) into integer qnt ops, with `qdq="fake-quant"` as float nn
    ops between qnt.quantize and qnt.dequantize.
    """
    prefix = f"{path}: " if path else ""
    if batch_size < 1:
        raise OnnxImportError(f"{prefix}the batch size must be >= 1, got {batch_size}")
    if isinstance(data, onnx.ModelProto):
        model = data
    else:
        try:
            model = onnx.load_from_string(bytes(data))
        except (DecodeError, RuntimeError, ValueError):
            raise OnnxImportError(
                f"{prefix}the file is not a valid ONNX model (the protobuf does not "
                "decode; is it truncated?)"
            ) from None
    if not model.HasField("graph"):
        raise OnnxImportError(f"{prefix}the file is not a valid ONNX model (it has no graph)")
    check_model(model, outputs, prefix)
    if qdq not in QDQ_MODES:
        raise ValueError(f"qdq must be one of {', '.join(QDQ_MODES)}, got {qdq!r}")
    if uses_qdq(model):
        module = QdqImporter(model, batch_size, path, prefix, CONVERTERS, mode=qdq).run(outputs)
    else:
        module = GraphImporter(model, batch_size, path, prefix, CONVERTERS).run(outputs)
    results = outputs or [v.name for v in model.graph.output]
    check_declared_outputs(model, module, results, batch_size, prefix)
    return module
