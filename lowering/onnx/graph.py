"""The graph walk of the ONNX frontend (`asic.lowering.onnx.importer`).

`GraphImporter(model, batch_size, path, prefix, converters).run(outputs)`
selects the nodes the outputs depend on, sorts them, gives the graph inputs
their static types and converts node after node with `converters[op_type]`
(the per-op conversions of `asic.lowering.onnx.ops`), then returns the module
of one `func.func @main`. What a converter sees of its node is `Node`: its
attributes, its inputs (an SSA value, or a `Const` known at import time),
the means to emit verified nn ops and bind its outputs, and `fail` for a
diagnostic naming the node. The QDQ import (`asic.lowering.onnx.qdq`)
extends `GraphImporter`.

This module also keeps the tensors' bookkeeping: ONNX names to what they
stand for, constants materialized once as `nn.constant`s at their first use
(their names unique, `UniqueNames`), derived layouts of a constant computed
once, SSA name hints from ONNX names (`name_hint`). Every error is an
`OnnxImportError`.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import onnx
from onnx import numpy_helper
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    BFloat16Type,
    BytesAttr,
    DenseIntOrFPElementsAttr,
    DictionaryAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    ModuleOp,
    StringAttr,
    TensorType,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.utils.exceptions import VerifyException

from asic.diagnostics import UserError
from asic.dialects import nn
from asic.dialects.attributes import element_kind, element_type_for, numpy_dtype
from asic.dialects.names import UniqueNames
from asic.dialects.qnt import UniformQuantizedType

SUPPORTED_OPSETS = range(6, onnx.defs.onnx_opset_version() + 1)
"""Versions of the default ONNX domain the frontend imports: from 6 to the
newest the installed onnx package defines (each node is converted by the
`since_version` of its op's schema, so a newer opset that leaves an op's
semantics alone changes nothing for it)."""

DEFAULT_DOMAINS = ("", "ai.onnx")
"""The names of the default ONNX domain."""


def _op_versions() -> dict[str, list[int]]:
    versions: dict[str, list[int]] = {}
    for schema in onnx.defs.get_all_schemas_with_history():
        if schema.domain == "":
            versions.setdefault(schema.name, []).append(schema.since_version)
    return {name: sorted(v) for name, v in versions.items()}


OP_VERSIONS = _op_versions()
"""The `since_version`s of each op of the default ONNX domain, ascending:
the first is the opset the op appears in; a node is converted by the
newest at or below the model's opset, and an op whose newest schema is
deprecated was removed from the domain in that opset (Upsample at 10,
Scatter at 11; a deprecated schema that a later one replaces, like
GroupNormalization's at 18, stays valid until then)."""

ONNX_FLOAT_TYPES: dict[int, type[Attribute]] = {
    onnx.TensorProto.FLOAT: Float32Type,
    onnx.TensorProto.DOUBLE: Float64Type,
    onnx.TensorProto.FLOAT16: Float16Type,
    onnx.TensorProto.BFLOAT16: BFloat16Type,
}


FLOAT_ELEMENT_TYPES = tuple(ONNX_FLOAT_TYPES.values())

KIND_NAMES = {
    "float": "float (f16, bf16, f32, f64)",
    "integer": "integer (i8 to i64, ui8 to ui64)",
    "boolean": "boolean (i1)",
}


class OnnxImportError(UserError):
    """An ONNX model that the frontend cannot import (invalid file, op or
    attribute value outside what is supported, dynamic shape, ...)."""


# --------------------------------------------------------------------------
# Tensors during import
# --------------------------------------------------------------------------


@dataclass(eq=False)
class Const:
    """An import-time constant: its value and the name its `nn.constant`
    gets when an op needs it as an operand."""

    array: np.ndarray
    name: str

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape)


Tensor = SSAValue | Const
"""What an ONNX tensor name stands for during import."""


_ILLEGAL_NAME_CHARS = re.compile(r"[^\w$.-]")
_UNIQUING_SUFFIX = re.compile(r"_(\d+)$")


def name_hint(onnx_name: str) -> str | None:
    """A legal SSA name hint for an ONNX tensor name, or None."""
    hint = _ILLEGAL_NAME_CHARS.sub("_", onnx_name).lstrip("_")
    hint = _UNIQUING_SUFFIX.sub(r".\1", hint)
    if not hint or hint[0].isdigit():
        return None
    return hint


def _splat_or_full(array: np.ndarray, element_type: Attribute) -> DenseIntOrFPElementsAttr:
    """A dense attribute of `array`, stored as one element when all elements
    are bitwise equal (no per-element Python either way)."""
    dtype = numpy_dtype(element_type)
    ty = TensorType(element_type, array.shape)
    if array.size > 1:
        if all(s == 0 for s in array.strides):
            first = np.ascontiguousarray(array.reshape(-1)[:1], dtype=dtype)
            return DenseIntOrFPElementsAttr(ty, BytesAttr(first.tobytes()))
        data = np.ascontiguousarray(array, dtype=dtype).reshape(-1)
        bits = data.view(np.dtype(f"u{dtype.itemsize}"))
        if (bits == bits[0]).all():
            return DenseIntOrFPElementsAttr(ty, BytesAttr(data[:1].tobytes()))
        return DenseIntOrFPElementsAttr(ty, BytesAttr(data.tobytes()))
    data = np.ascontiguousarray(array, dtype=dtype)
    return DenseIntOrFPElementsAttr(ty, BytesAttr(data.tobytes()))


# --------------------------------------------------------------------------
# One node: what the per-op converters see
# --------------------------------------------------------------------------


class Node:
    """The node being converted: its attributes and inputs, and the means to
    emit nn ops, bind its outputs and report errors."""

    def __init__(self, importer: GraphImporter, proto: onnx.NodeProto, version: int):
        self.importer = importer
        self.proto = proto
        self.op_type = proto.op_type
        self.version = version
        """`since_version` of the op's schema in the model's opset."""
        self._attrs = {a.name: a for a in proto.attribute}

    # -- diagnostics --------------------------------------------------------

    def label(self) -> str:
        if self.proto.name:
            return f"{self.op_type} node '{self.proto.name}'"
        outs = [o for o in self.proto.output if o]
        return f"{self.op_type} node producing '{outs[0]}'" if outs else f"{self.op_type} node"

    def fail(self, message: str) -> NoReturn:
        raise OnnxImportError(f"{self.importer.prefix}{self.label()}: {message}")

    # -- attributes ---------------------------------------------------------

    def has_attr(self, name: str) -> bool:
        return name in self._attrs

    def attr(self, name: str, default: Any = None) -> Any:
        """The Python value of an attribute (strings decoded, tensors as
        numpy arrays), or `default`."""
        a = self._attrs.get(name)
        if a is None:
            return default
        if a.type == onnx.AttributeProto.TENSOR:
            return self.importer.tensor_array(a.t, f"attribute '{name}'", self)
        value = onnx.helper.get_attribute_value(a)
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, list):
            return [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in value]
        return value

    def ints_attr(self, name: str, default: Sequence[int] | None = None) -> list[int] | None:
        value = self.attr(name)
        if value is None:
            return None if default is None else list(default)
        return [int(v) for v in value]

    # -- inputs -------------------------------------------------------------

    @property
    def num_inputs(self) -> int:
        return len(self.proto.input)

    def has_input(self, i: int) -> bool:
        return i < len(self.proto.input) and self.proto.input[i] != ""

    def input_name(self, i: int) -> str:
        return self.proto.input[i]

    def input(self, i: int) -> Tensor:
        if not self.has_input(i):
            self.fail(f"input {i} is required")
        return self.importer.lookup(self.proto.input[i])

    def inputs(self) -> list[Tensor]:
        return [self.input(i) for i in range(self.num_inputs) if self.has_input(i)]

    def is_const(self, i: int) -> bool:
        return isinstance(self.input(i), Const)

    def const(self, i: int, what: str) -> np.ndarray:
        """The value of input `i`, which must be known at import time."""
        t = self.input(i)
        if not isinstance(t, Const):
            self.fail(
                f"{what} (input '{self.proto.input[i]}') must be a constant or "
                "computable from static shapes at import time"
            )
        return t.array

    def shape(self, i: int) -> tuple[int, ...]:
        return shape_of(self.input(i))

    def element_type(self, i: int) -> Attribute:
        return element_type_of(self.input(i))

    # -- emitting -----------------------------------------------------------

    def value(self, t: Tensor) -> SSAValue:
        """`t` as an SSA value (a constant is materialized once)."""
        return t if isinstance(t, SSAValue) else self.importer.materialize(t, self)

    def emit(
        self,
        op_type: type[Operation],
        operands: Sequence[Tensor | None],
        shape: Sequence[int],
        properties: dict[str, Attribute] | None = None,
        element_type: Attribute | None = None,
    ) -> SSAValue:
        """Append an nn op on `operands` (None: an absent optional operand)
        with a result of `shape`; its element type is the first operand's
        unless given. The op is verified: an invalid op is a diagnostic."""
        given = [t for t in operands if t is not None]
        values = [self.value(t) for t in given]
        op_type = self.importer.op_class_for(self, op_type, given, values)
        if element_type is None:
            element_type = element_type_of(values[0])
        op = op_type.create(
            operands=values,
            result_types=[TensorType(element_type, list(shape))],
            properties=dict(properties or {}),
        )
        try:
            op.verify()
        except VerifyException as error:
            self.fail(f"cannot be expressed as {op.name}: {error}")
        self.importer.block.add_op(op)
        return op.results[0]

    def check_element_kinds(
        self, operands: Sequence[Tensor], values: Sequence[SSAValue], kinds: frozenset[str]
    ) -> None:
        """Fail unless every operand has an element kind of `kinds` (float,
        integer, boolean: `asic.dialects.attributes.element_kind`)."""
        for t, v in zip(operands, values):
            ty = element_type_of(v)
            if element_kind(ty) not in kinds:
                name = self._name_of(t)
                if kinds == {"float"}:
                    supported = "float tensors only (f16, bf16, f32, f64)"
                else:
                    supported = " and ".join(KIND_NAMES[k] for k in sorted(kinds)) + " tensors"
                self.fail(f"input '{name}' has element type {ty}, but {self.op_type} is supported on {supported}")

    def _name_of(self, t: Tensor) -> str:
        for n in self.proto.input:
            if n and self.importer.env.get(n) is t:
                return n
        return t.name if isinstance(t, Const) else "?"

    def reshape(self, t: Tensor, shape: Sequence[int]) -> Tensor:
        """`t` reshaped (a constant in numpy, keeping its name)."""
        shape = tuple(int(d) for d in shape)
        if shape_of(t) == shape:
            return t
        if isinstance(t, Const):
            return self.importer.derive(t, ("reshape", shape), lambda a: a.reshape(shape))
        return self.emit(nn.ReshapeOp, [t], shape)

    def transpose(self, t: Tensor, perm: Sequence[int]) -> Tensor:
        """`t` transposed (a constant in numpy, keeping its name)."""
        perm = [int(p) for p in perm]
        if perm == sorted(perm):
            return t
        if isinstance(t, Const):
            return self.importer.derive(t, ("transpose", tuple(perm)), lambda a: a.transpose(perm))
        shape = shape_of(t)
        return self.emit(
            nn.TransposeOp, [t], [shape[p] for p in perm], {"perm": nn.i64_array(perm)}
        )

    def scalar(self, value: float, element_type: Attribute, what: str) -> Const:
        """A rank-0 constant for the node's own scalar (`alpha`, ...)."""
        array = np.array(value, dtype=numpy_dtype(element_type))
        base = self.proto.name or (self.proto.output[0] if self.proto.output else self.op_type)
        return Const(array, f"{base}.{what}")

    # -- outputs ------------------------------------------------------------

    @property
    def num_outputs(self) -> int:
        return len(self.proto.output)

    def output_used(self, i: int) -> bool:
        return (
            i < len(self.proto.output)
            and self.proto.output[i] != ""
            and self.proto.output[i] in self.importer.needed
        )

    def set_output(self, i: int, t: Tensor) -> None:
        if i >= len(self.proto.output) or not self.proto.output[i]:
            return
        name = self.proto.output[i]
        if isinstance(t, SSAValue) and t.name_hint is None and isinstance(t.owner, Operation):
            t.name_hint = name_hint(name)
        self.importer.env[name] = t


def shape_of(t: Tensor) -> tuple[int, ...]:
    return t.shape if isinstance(t, Const) else nn.shape_of(t)


def element_type_of(t: Tensor) -> Attribute:
    if isinstance(t, Const):
        return element_type_for(t.array.dtype)
    return nn.element_type_of(t)


# --------------------------------------------------------------------------
# The graph
# --------------------------------------------------------------------------


class GraphImporter:
    """The import of one model's graph (see the module docstring):
    `converters` maps the ONNX op types it converts to their conversions."""

    def __init__(
        self,
        model: onnx.ModelProto,
        batch_size: int,
        path: str | None,
        prefix: str,
        converters: Mapping[str, Callable[[Node], None]],
    ):
        self.model = model
        self.converters = converters
        self.graph = model.graph
        self.batch_size = batch_size
        self.path = path
        self.prefix = prefix
        self.opset = self._default_opset()
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.producers: dict[str, int] = {}
        for index, node in enumerate(self.graph.node):
            for out in node.output:
                if out:
                    self.producers[out] = index
        self.env: dict[str, Tensor] = {}
        self.needed: set[str] = set()
        self.block = Block()
        self._materialized: dict[Const, SSAValue] = {}  # by identity
        self._derived: dict[tuple[Const, tuple[Any, ...]], Const] = {}
        self.constant_names = UniqueNames()
        """The names of the constants created so far: a weight used in two
        layouts is `name` and `name.1`."""

    def fail(self, message: str) -> NoReturn:
        raise OnnxImportError(f"{self.prefix}{message}")

    def stored_ops(self) -> Mapping[type[Operation], type[Operation]]:
        """The ops that stand for nn ops whose operands are all quantized
        (stored integers): none in a float import; the QDQ import maps the
        layout ops to qnt's while it converts a layout op of stored integers."""
        return {}

    def op_class_for(
        self,
        node: Node,
        op_type: type[Operation],
        operands: Sequence[Tensor],
        values: Sequence[SSAValue],
    ) -> type[Operation]:
        """The op a converter's `node.emit(op_type, ...)` creates on these
        operands: `stored_ops()[op_type]` when every operand is quantized,
        else `op_type` itself, on operands of the element kinds it accepts
        (`ELEMENT_KINDS`: float only for most)."""
        stored = self.stored_ops().get(op_type)
        if stored is not None and all(
            isinstance(element_type_of(v), UniformQuantizedType) for v in values
        ):
            return stored
        indices = getattr(op_type, "NON_FLOAT_OPERANDS", ())
        data = [i for i in range(len(values)) if i not in indices]
        kinds = getattr(op_type, "ELEMENT_KINDS", nn.FLOAT_ONLY)
        node.check_element_kinds([operands[i] for i in data], [values[i] for i in data], kinds)
        return op_type

    def _default_opset(self) -> int:
        versions = [o.version for o in self.model.opset_import if o.domain in DEFAULT_DOMAINS]
        if not versions:
            self.fail(
                "the model imports no opset of the default ONNX domain; asic-opt "
                f"imports opsets {SUPPORTED_OPSETS.start} to {SUPPORTED_OPSETS.stop - 1}"
            )
        version = max(versions)
        if version not in SUPPORTED_OPSETS:
            self.fail(
                f"opset {version} of the default ONNX domain is not supported; asic-opt "
                f"imports opsets {SUPPORTED_OPSETS.start} to {SUPPORTED_OPSETS.stop - 1} "
                "(onnx.version_converter can convert the model)"
            )
        return version

    # -- tensors --------------------------------------------------------------

    def tensor_array(self, tensor: onnx.TensorProto, what: str, node: Node | None = None) -> np.ndarray:
        """The numpy value of a TensorProto, reading external data next to
        the model file."""
        base_dir = ""
        if tensor.data_location == onnx.TensorProto.EXTERNAL:
            info = {e.key: e.value for e in tensor.external_data}
            location = info.get("location", "")
            where = f"{node.label()}: " if node is not None else ""
            if self.path is None:
                self.fail(
                    f"{where}{what} '{tensor.name}' keeps its data in the external file "
                    f"'{location}', but no model path was given to find it next to"
                )
            base_dir = os.path.dirname(os.path.abspath(self.path))
            file = os.path.join(base_dir, location)
            if not os.path.isfile(file):
                self.fail(
                    f"{where}{what} '{tensor.name}' keeps its data in the external file "
                    f"'{location}', which is not next to the model (no file '{file}')"
                )
        try:
            array = numpy_helper.to_array(tensor, base_dir=base_dir)
        except Exception as error:  # a malformed tensor: a user error, not a bug
            self.fail(f"cannot read the data of {what} '{tensor.name}': {error}")
        if (
            tensor.data_location == onnx.TensorProto.EXTERNAL
            and array.size != math.prod(tensor.dims)
        ):
            self.fail(f"the external data of {what} '{tensor.name}' has the wrong size")
        return array

    def lookup(self, name: str) -> Tensor:
        t = self.env.get(name)
        if t is None:
            proto = self.initializers.get(name)
            if proto is None:
                self.fail(f"tensor '{name}' is used before it is defined (is the graph sorted?)")
            t = Const(self.tensor_array(proto, "initializer"), name)
            self.env[name] = t
        return t

    def derive(
        self, const: Const, key: tuple[Any, ...], compute: Callable[[np.ndarray], np.ndarray]
    ) -> Const:
        """`compute(const.array)` as a constant with the same name, computed
        once per (constant, key): a weight shared by several nodes that all
        transpose it stays one `nn.constant`."""
        derived = self._derived.get((const, key))
        if derived is None:
            derived = Const(compute(const.array), const.name)
            self._derived[(const, key)] = derived
        return derived

    def materialize(self, const: Const, node: Node | None) -> SSAValue:
        """The `nn.constant` of `const`, created at its first use."""
        value = self._materialized.get(const)
        if value is not None:
            return value
        try:
            element_type = element_type_for(const.array.dtype)
            attr = _splat_or_full(const.array, element_type)
        except ValueError:
            where = f"{node.label()}: " if node is not None else ""
            self.fail(
                f"{where}constant '{const.name}' has element type {const.array.dtype}, "
                "which an nn.constant cannot hold"
            )
        op = nn.ConstantOp(attr, self.constant_names.fresh(const.name))
        try:
            op.verify()
        except VerifyException as error:
            where = f"{node.label()}: " if node is not None else ""
            self.fail(f"{where}constant '{const.name}' cannot be an nn.constant: {error}")
        op.result.name_hint = name_hint(const.name)
        self.block.add_op(op)
        self._materialized[const] = op.result
        return op.result

    # -- inputs ----------------------------------------------------------------

    def input_type(self, value: onnx.ValueInfoProto) -> TensorType:
        name = value.name
        if not value.type.HasField("tensor_type"):
            self.fail(f"graph input '{name}' is not a tensor; asic-opt imports tensor inputs only")
        tt = value.type.tensor_type
        # Integer inputs are accepted here; the ops that use them say what
        # they support (nn computes on float tensors).
        element_class = ONNX_FLOAT_TYPES.get(tt.elem_type)
        try:
            element = (
                element_class()
                if element_class is not None
                else element_type_for(onnx.helper.tensor_dtype_to_np_dtype(tt.elem_type))
            )
        except (ValueError, KeyError, TypeError):
            type_name = onnx.TensorProto.DataType.Name(tt.elem_type)
            self.fail(
                f"graph input '{name}' has element type {type_name}; asic-opt imports "
                "float (FLOAT16, BFLOAT16, FLOAT, DOUBLE) and integer inputs"
            )
        if not tt.HasField("shape"):
            self.fail(f"graph input '{name}' has no shape; asic-opt needs static input shapes")
        dims = []
        for axis, d in enumerate(tt.shape.dim):
            if d.HasField("dim_value"):
                dims.append(d.dim_value)
            elif axis == 0:
                dims.append(self.batch_size)
            else:
                what = f"symbolic dimension '{d.dim_param}'" if d.dim_param else "unknown dimension"
                self.fail(
                    f"graph input '{name}' has a {what} at axis {axis}; only the batch "
                    "dimension (axis 0) may be dynamic, all others must be static"
                )
        return TensorType(element, dims)

    # -- the walk ---------------------------------------------------------------

    def _select_nodes(self, outputs: list[str]) -> list[int]:
        """Indices of the nodes the outputs depend on, in a topological order
        (the file's order when it is sorted, as ONNX requires)."""
        known = set(self.producers) | set(self.initializers) | {v.name for v in self.graph.input}
        for name in outputs:
            if name not in known:
                self.fail(
                    f"unknown output '{name}': the graph has no tensor of that name "
                    "(outputs must name tensors that nodes, inputs or initializers define)"
                )
        selected: set[int] = set()
        stack = list(outputs)
        while stack:
            name = stack.pop()
            if name in self.needed:
                continue
            self.needed.add(name)
            index = self.producers.get(name)
            if index is None or index in selected:
                continue
            selected.add(index)
            node = self.graph.node[index]
            stack.extend(n for n in node.input if n)
            for attr in node.attribute:
                if attr.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS):
                    self.fail(
                        f"{node.op_type} node '{node.name}': ops with subgraphs are not "
                        f"supported; supported op types are {', '.join(sorted(self.converters))}"
                    )
        order = sorted(selected)
        defined = set(self.initializers) | {v.name for v in self.graph.input}
        for index in order:
            if any(n and n not in defined for n in self.graph.node[index].input):
                return self._topological(selected)
            defined.update(self.graph.node[index].output)
        return order

    def _topological(self, selected: set[int]) -> list[int]:
        order: list[int] = []
        done: set[int] = set()
        visiting: set[int] = set()
        for root in sorted(selected):
            stack = [(root, False)]
            while stack:
                index, expanded = stack.pop()
                if expanded:
                    visiting.discard(index)
                    done.add(index)
                    order.append(index)
                    continue
                if index in done:
                    continue
                if index in visiting:
                    node = self.graph.node[index]
                    self.fail(f"{node.op_type} node '{node.name}' is part of a cycle")
                visiting.add(index)
                stack.append((index, True))
                for name in self.graph.node[index].input:
                    producer = self.producers.get(name)
                    if producer is not None and producer in selected and producer not in done:
                        stack.append((producer, False))
        return order

    def node(self, proto: onnx.NodeProto) -> Node:
        """The `Node` of `proto`, with its op's version in the model's opset
        (nodes of other domains are a diagnostic)."""
        if proto.domain not in DEFAULT_DOMAINS:
            label = f"{proto.op_type} node '{proto.name}'" if proto.name else f"{proto.op_type} node"
            self.fail(
                f"{label}: domain '{proto.domain}' is not supported; asic-opt imports "
                "ops of the default ONNX domain only (cut the graph before this node "
                "with outputs / --onnx-outputs)"
            )
        node = Node(self, proto, 0)
        versions = OP_VERSIONS.get(proto.op_type)
        if versions is None:
            return node  # not an ONNX op: the walk says it is not supported
        if self.opset < versions[0]:
            node.fail(
                f"op {proto.op_type} does not exist in opset {self.opset} of the default "
                f"ONNX domain, which the model imports; it first appears in opset "
                f"{versions[0]} (a model using it imports opset {versions[0]} or later)"
            )
        schema = onnx.defs.get_schema(proto.op_type, self.opset, "")
        if schema.deprecated and schema.since_version == versions[-1]:
            node.fail(
                f"op {proto.op_type} was removed in opset {schema.since_version} of the "
                f"default ONNX domain, and the model imports opset {self.opset}; it exists "
                f"in opsets {versions[0]} to {schema.since_version - 1}"
            )
        node.version = schema.since_version
        return node

    def convert_node(self, proto: onnx.NodeProto) -> None:
        """Convert one node with its converter and bind its outputs."""
        node = self.node(proto)
        convert = self.converters.get(proto.op_type)
        if convert is None:
            node.fail(
                f"op type {proto.op_type} is not supported; supported op types are "
                f"{', '.join(self.supported_op_types())}"
            )
        convert(node)
        for i, name in enumerate(proto.output):
            if name and name in self.needed and name not in self.env:
                node.fail(f"output {i} ('{name}') is not supported")

    def supported_op_types(self) -> list[str]:
        """The op types this importer converts (for diagnostics)."""
        return sorted(self.converters)

    def _convert_all(self, order: Sequence[int], problems: list[str], failed: set[str]) -> None:
        """Convert the nodes of `order`, collecting every problem (after those
        of the graph inputs in `problems`, whose names are in `failed`): a node that
        fails is reported and its outputs are marked failed; a node reading a
        failed tensor is not converted (its problems would be consequences)
        but is still reported when its op type is not supported or its op is
        not in the model's opset. One problem
        is raised as it is; several as one `OnnxImportError` listing them all,
        with the supported op types once at the end."""
        unsupported: set[str] = set()
        supported = set(self.supported_op_types())
        for index in order:
            proto = self.graph.node[index]
            if any(name and name in failed for name in proto.input):
                try:
                    self.node(proto)  # a node its opset does not define is reported
                except OnnxImportError as error:
                    problems.append(str(error))
                else:
                    if proto.op_type not in supported:
                        unsupported.add(proto.op_type)
                        problems.append(
                            f"{self.prefix}{Node(self, proto, 0).label()}: op type "
                            f"{proto.op_type} is not supported"
                        )
                failed.update(n for n in proto.output if n)
                continue
            try:
                self.convert_node(proto)
            except OnnxImportError as error:
                problems.append(str(error))
                failed.update(n for n in proto.output if n)
                if proto.op_type not in supported:
                    unsupported.add(proto.op_type)
        if len(problems) == 1:
            raise OnnxImportError(problems[0])
        if problems:
            listed = [p.removeprefix(self.prefix) for p in problems]
            listed = [p.partition("; supported op types are ")[0] for p in listed]
            lines = [f"{self.prefix}{len(problems)} problems:", *(f"  {p}" for p in listed)]
            if unsupported:
                lines.append(f"supported op types are {', '.join(self.supported_op_types())}")
            raise OnnxImportError("\n".join(lines))

    def run(self, outputs: Sequence[str] | None) -> ModuleOp:

        if outputs is None or len(outputs) == 0:
            result_names = [v.name for v in self.graph.output]
            cut = False
        else:
            result_names = list(outputs)
            cut = True
        order = self._select_nodes(result_names)

        real_inputs = [v for v in self.graph.input if v.name not in self.initializers]
        if cut:
            real_inputs = [v for v in real_inputs if v.name in self.needed]
        problems: list[str] = []
        failed: set[str] = set()
        arg_types = []
        for v in real_inputs:
            try:
                arg_types.append(self.input_type(v))
            except OnnxImportError as error:  # reported with the nodes' problems
                problems.append(str(error))
                failed.add(v.name)
                arg_types.append(TensorType(Float32Type(), []))
        self.block = Block(arg_types=arg_types)
        for v, arg in zip(real_inputs, self.block.args):
            arg.name_hint = name_hint(v.name)
            self.env[v.name] = arg

        self.order = order
        self.result_names = result_names
        self._convert_all(order, problems, failed)

        results = []
        for name in result_names:
            t = self.lookup(name)
            results.append(t if isinstance(t, SSAValue) else self.materialize(t, None))
        self.block.add_op(func.ReturnOp(*results))

        def name_attrs(names: Sequence[str]) -> ArrayAttr[DictionaryAttr]:
            return ArrayAttr([DictionaryAttr({"nn.name": StringAttr(n)}) for n in names])

        function = func.FuncOp(
            "main",
            (arg_types, [r.type for r in results]),
            Region(self.block),
            arg_attrs=name_attrs([v.name for v in real_inputs]),
            res_attrs=name_attrs(result_names),
        )
        module = ModuleOp([function])
        return module
