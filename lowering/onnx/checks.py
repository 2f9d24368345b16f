"""The ONNX rules a model passes before and after the importer reads it.

`onnx.checker.check_model` is stricter than what exporters write (it wants
a shape on every graph input and output, for instance), and its node rules
(numbers of inputs and outputs) would pre-empt the importer's own
diagnostics, which say what asic-opt supports; so the frontend runs this
selection of the ONNX rules, each a diagnostic naming the model, the node
or tensor, and the rule:

- `check_model` (before import):
  - every string of the protobuf (names, op types, domains, attribute
    names, external-data keys and locations, ...) is valid UTF-8: the
    protobuf library hands an invalid one over as `bytes`; every enum
    field (attribute kinds) and every data type (`data_type`,
    `elem_type`, int32 fields) holds a value of its enum;
  - every tensor (initializers, tensor attributes) has dimensions >= 0;
  - the graph has outputs (or `outputs` names some);
  - every attribute of a node of the default domain whose op has a schema
    at the model's opset is one the schema defines, of the kind it defines
    (INT, INTS, FLOAT, STRING, TENSOR, ...), the attributes ONNX
    defines as flags (`FLAG_ATTRIBUTES`) are 0 or 1, and a string value a
    later version of the op introduced (`VALUES_SINCE`) is not used at an
    opset before it. Unknown op types, and ops the opset does not define,
    are left to the importer, which lists the supported ones.
- `check_finite` (during import): a float constant that the QDQ importer
  quantizes holds no NaN or infinity.
- `check_declared_outputs` (after import): the element type and shape each
  graph output declares, where it declares them, are what the graph
  computes (a symbolic dimension matches anything; dimension 0 is not
  compared when `--batch-size` is not 1).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np
import onnx
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
)
from xdsl.dialects.func import FuncOp
from xdsl.ir import Attribute

from asic.diagnostics import UserError

if TYPE_CHECKING:
    from asic.lowering.onnx.graph import Node

FLAG_ATTRIBUTES = frozenset(
    {
        "allowzero",
        "broadcast",
        "ceil_mode",
        "count_include_pad",
        "keepdims",
        "select_last_index",
        "spatial",
        "training_mode",
        "transA",
        "transB",
    }
)
"""Attributes of type INT that ONNX defines as booleans (0 or 1)."""

VALUES_SINCE: dict[tuple[str, str], dict[str, int]] = {
    ("Resize", "mode"): {"cubic": 11},
    ("Resize", "coordinate_transformation_mode"): {"half_pixel_symmetric": 19},
    ("GridSample", "mode"): {"linear": 20, "cubic": 20},
    ("Pad", "mode"): {"wrap": 19},
    ("ScatterElements", "reduction"): {"max": 18, "min": 18},
    ("ScatterND", "reduction"): {"max": 18, "min": 18},
}
"""String attribute values by the op version that introduced them (the
attribute itself being older)."""

_ATTRIBUTE_KINDS = {
    onnx.AttributeProto.FLOAT: "FLOAT (a float)",
    onnx.AttributeProto.INT: "INT (an integer)",
    onnx.AttributeProto.STRING: "STRING (a string)",
    onnx.AttributeProto.TENSOR: "TENSOR (a tensor)",
    onnx.AttributeProto.GRAPH: "GRAPH (a subgraph)",
    onnx.AttributeProto.SPARSE_TENSOR: "SPARSE_TENSOR (a sparse tensor)",
    onnx.AttributeProto.TYPE_PROTO: "TYPE_PROTO (a type)",
    onnx.AttributeProto.FLOATS: "FLOATS (a list of floats)",
    onnx.AttributeProto.INTS: "INTS (a list of integers)",
    onnx.AttributeProto.STRINGS: "STRINGS (a list of strings)",
    onnx.AttributeProto.TENSORS: "TENSORS (a list of tensors)",
    onnx.AttributeProto.GRAPHS: "GRAPHS (a list of subgraphs)",
    onnx.AttributeProto.SPARSE_TENSORS: "SPARSE_TENSORS (a list of sparse tensors)",
    onnx.AttributeProto.TYPE_PROTOS: "TYPE_PROTOS (a list of types)",
}

_DEFAULT_DOMAINS = ("", "ai.onnx")

_DATA_TYPE_FIELDS = {onnx.TensorProto: "data_type", onnx.TypeProto.Tensor: "elem_type"}


class OnnxCheckError(UserError):
    """A model that breaks a rule of the ONNX format."""


def _kind(attr_type: int) -> str:
    return _ATTRIBUTE_KINDS.get(attr_type, f"of undefined kind {attr_type}")


def check_model(model: onnx.ModelProto, outputs: Sequence[str] | None, prefix: str) -> None:
    """The rules of the module docstring that hold before import; `prefix`
    starts every message (the model's path)."""
    _check_strings_and_tensors(model, prefix)
    if not model.graph.output and not outputs:
        raise OnnxCheckError(
            f"{prefix}the graph has no outputs: an ONNX graph declares at least one (or "
            "name the tensors to compute with --onnx-outputs)"
        )
    opsets = {o.domain: o.version for o in model.opset_import}
    version = max((v for d, v in opsets.items() if d in _DEFAULT_DOMAINS), default=None)
    if version is None:
        return  # the importer says which opsets it reads
    for node in model.graph.node:
        if node.domain in _DEFAULT_DOMAINS:
            _check_attributes(node, version, prefix)


def _label(node: onnx.NodeProto) -> str:
    if node.name:
        return f"{node.op_type} node '{node.name}'"
    outputs = [o for o in node.output if o]
    return f"{node.op_type} node producing '{outputs[0]}'" if outputs else f"{node.op_type} node"


def _check_attributes(node: onnx.NodeProto, version: int, prefix: str) -> None:
    try:
        schema = onnx.defs.get_schema(node.op_type, version, "")
    except onnx.defs.SchemaError:
        return  # not an ONNX op at this opset: the importer's diagnostic
    where = f"{prefix}{_label(node)}"
    defined = schema.attributes
    for attr in node.attribute:
        if attr.ref_attr_name:
            continue  # a function's attribute reference
        spec = defined.get(attr.name)
        if spec is None:
            known = ", ".join(sorted(defined)) or "none"
            raise OnnxCheckError(
                f"{where}: attribute '{attr.name}' is not defined by {node.op_type} (opset "
                f"{schema.since_version}), whose attributes are: {known}"
            )
        if attr.type != int(spec.type):
            raise OnnxCheckError(
                f"{where}: attribute '{attr.name}' is {_kind(attr.type)}, but {node.op_type} "
                f"defines it as {_kind(int(spec.type))}"
            )
        if attr.name in FLAG_ATTRIBUTES and attr.type == onnx.AttributeProto.INT and attr.i not in (0, 1):
            raise OnnxCheckError(
                f"{where}: attribute '{attr.name}' is a flag, 0 or 1, got {attr.i}"
            )
        since = VALUES_SINCE.get((node.op_type, attr.name), {}).get(_text(attr.s))
        if since is not None and since > schema.since_version:
            raise OnnxCheckError(
                f"{where}: {attr.name} '{_text(attr.s)}' is defined from version {since} of "
                f"{node.op_type} on, and the model's opset {version} has version "
                f"{schema.since_version}"
            )


def _check_strings_and_tensors(model: onnx.ModelProto, prefix: str) -> None:
    data_types = onnx.TensorProto.DataType.values()
    for path, message in _walk(model, "model"):
        field = _DATA_TYPE_FIELDS.get(type(message))  # int32 fields, not enums
        if field is not None and getattr(message, field) not in data_types:
            raise OnnxCheckError(
                f"{prefix}{path}.{field} is {getattr(message, field)}, which is not an ONNX "
                "data type (TensorProto.DataType)"
            )
        if isinstance(message, onnx.TensorProto):
            negative = [d for d in message.dims if d < 0]
            if negative:
                raise OnnxCheckError(
                    f"{prefix}tensor '{_text(message.name)}' ({path}) has a negative dimension "
                    f"{negative[0]} (dims {list(message.dims)}); dimensions are >= 0"
                )
        for field, value in message.ListFields():
            if field.type == FieldDescriptor.TYPE_ENUM:
                _check_enum(field, value, path, prefix)
            if field.type != FieldDescriptor.TYPE_STRING:
                continue
            values = value if _repeated(field) else [value]
            for i, text in enumerate(values):
                if isinstance(text, bytes):
                    index = f"[{i}]" if _repeated(field) else ""
                    raise OnnxCheckError(
                        f"{prefix}{path}.{field.name}{index} is not valid UTF-8 "
                        f"({text[:40]!r}); ONNX strings are UTF-8"
                    )


def _check_enum(field: FieldDescriptor, value: object, path: str, prefix: str) -> None:
    known = field.enum_type.values_by_number
    for number in value if _repeated(field) else [value]:  # type: ignore[union-attr]
        if number not in known:
            names = ", ".join(v.name for v in field.enum_type.values)
            raise OnnxCheckError(
                f"{prefix}{path}.{field.name} is {number}, which is not a value of the ONNX enum "
                f"{field.enum_type.name} ({names})"
            )


def _walk(message: Message, path: str) -> Iterator[tuple[str, Message]]:
    """Every message inside `message` (itself included) with its path, like
    `model.graph.node[3]`."""
    stack = [(path, message)]
    while stack:
        path, message = stack.pop()
        yield path, message
        for field, value in message.ListFields():
            if field.type != FieldDescriptor.TYPE_MESSAGE:
                continue
            if _repeated(field):
                if field.message_type.GetOptions().map_entry:
                    continue  # protobuf maps: none in ONNX's messages
                stack.extend((f"{path}.{field.name}[{i}]", m) for i, m in enumerate(value))
            else:
                stack.append((f"{path}.{field.name}", value))


def _repeated(field: FieldDescriptor) -> bool:
    # `is_repeated` from protobuf 5.28; `label` before (removed in 7)
    if hasattr(field, "is_repeated"):
        return field.is_repeated
    return field.label == FieldDescriptor.LABEL_REPEATED


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def check_finite(node: Node, array: np.ndarray, what: str) -> None:
    """A float constant the importer quantizes (a QuantizeLinear of an
    initializer, a float bias of a quantized op) holds no NaN or infinity:
    it has no integer form (`asic.dialects.qnt`, "Non-finite values")."""
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        node.fail(
            f"{what} holds {array[where]} at index {list(where)}: a float constant quantized "
            f"at import must be finite ({int(bad.sum())} of its {array.size} elements are not)"
        )


# --------------------------------------------------------------------------
# After import
# --------------------------------------------------------------------------


def check_declared_outputs(
    model: onnx.ModelProto, module: ModuleOp, result_names: Sequence[str], batch_size: int, prefix: str
) -> None:
    """The declared type of each graph output among the function's results
    (`result_names`, in order) is the computed one."""
    function = next(op for op in module.ops if isinstance(op, FuncOp))
    declared = {v.name: v for v in model.graph.output}
    for name, result_type in zip(result_names, function.function_type.outputs):
        info = declared.get(name)
        if info is None or not info.type.HasField("tensor_type") or not isinstance(result_type, TensorType):
            continue
        tensor = info.type.tensor_type
        computed = list(result_type.get_shape())
        problem = None
        if tensor.elem_type and not _same_element(tensor.elem_type, result_type):
            problem = "element type"
        elif tensor.HasField("shape"):
            dims = tensor.shape.dim
            if len(dims) != len(computed):
                problem = "rank"
            else:
                for axis, (d, c) in enumerate(zip(dims, computed)):
                    if d.HasField("dim_value") and d.dim_value != c and not (axis == 0 and batch_size != 1):
                        problem = f"dimension {axis}"
                        break
        if problem is not None:
            raise OnnxCheckError(
                f"{prefix}graph output '{name}' is declared as {_declared_text(tensor)}, but the "
                f"graph computes {result_type.get_element_type()} {computed} for it (the "
                f"{problem} differs): fix or remove the declared type"
            )


def _same_element(elem_type: int, result_type: TensorType) -> bool:
    expected = _onnx_type_name(result_type.get_element_type())
    if expected is None:
        return True  # no ONNX counterpart: not compared
    return onnx.TensorProto.DataType.Name(elem_type) == expected


def _onnx_type_name(element: Attribute) -> str | None:
    """The ONNX data type of tensors of `element` (a quantized type: of its
    stored integers)."""
    storage = getattr(element, "storage_type", None)
    if storage is not None:
        element = storage
    floats = {Float16Type: "FLOAT16", BFloat16Type: "BFLOAT16", Float32Type: "FLOAT", Float64Type: "DOUBLE"}
    if type(element) in floats:
        return floats[type(element)]
    if isinstance(element, IntegerType):
        width = element.width.data
        if width == 1:
            return "BOOL"
        unsigned = element.signedness.data == Signedness.UNSIGNED
        name = f"{'U' if unsigned else ''}INT{width}"
        return name if name in onnx.TensorProto.DataType.keys() else None  # noqa: SIM118 - an enum wrapper, not a dict
    return None


def _declared_text(tensor: onnx.TypeProto.Tensor) -> str:
    element = onnx.TensorProto.DataType.Name(tensor.elem_type) if tensor.elem_type else "?"
    if not tensor.HasField("shape"):
        return element
    dims = [str(d.dim_value) if d.HasField("dim_value") else (d.dim_param or "?") for d in tensor.shape.dim]
    return f"{element} [{', '.join(dims)}]"
