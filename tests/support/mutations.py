"""The mutations of the fuzzer (`support.fuzz`): of text (tokens, lines,
bytes, nesting), of bytes, of ONNX models (structure-aware, on the
protobuf), of input arrays, and random pass pipelines with random
options. Each takes a `random.Random`, so a case is made again from its
seed."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import random
import re

import numpy as np
import onnx
from onnx import TensorProto

INT_EDGES = (
    0, 1, -1, 2, 3, 7, 8, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1000, 65535, 65536,
    2**31 - 1, 2**31, 2**32, 2**62, 2**63 - 1, 2**63, 2**64, -(2**31), -(2**63), -(2**63) - 1,
    10**9, 10**30,
)  # fmt: skip
FLOAT_EDGES = ("0.0", "-0.0", "1.0e-45", "1.0e+38", "3.5e+38", "1.0e+308", "2.0e+308", "inf", "-inf", "nan", "0.5", "-1.5")


_TOKEN = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+|[A-Za-z_][\w.$-]*|\S")


def mutate_text(text: str, rng: random.Random) -> str:
    """One token, line or byte mutation of `text` (or two, or three)."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        text = rng.choice(_TEXT_MUTATIONS)(text, rng)
    return text


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _replace_token(text: str, rng: random.Random, predicate, values) -> str:
    tokens = [t for t in _tokens(text) if predicate(t.group())]
    if not tokens:
        return text
    t = rng.choice(tokens)
    value = rng.choice(values) if not callable(values) else values(t.group(), rng)
    return text[: t.start()] + str(value) + text[t.end() :]


def _integer(text: str, rng: random.Random) -> str:
    return _replace_token(text, rng, lambda s: re.fullmatch(r"-?\d+", s) is not None, INT_EDGES)


def _float(text: str, rng: random.Random) -> str:
    return _replace_token(text, rng, lambda s: re.fullmatch(r"-?\d+\.\d+(?:e[-+]?\d+)?", s) is not None, FLOAT_EDGES)


def _word(text: str, rng: random.Random) -> str:
    words = [t.group() for t in _tokens(text) if t.group()[0].isalpha()]
    if not words:
        return text
    return _replace_token(text, rng, lambda s: s[0].isalpha(), lambda s, r: r.choice(words))


def _delete_token(text: str, rng: random.Random) -> str:
    tokens = _tokens(text)
    if not tokens:
        return text
    t = rng.choice(tokens)
    return text[: t.start()] + text[t.end() :]


def _duplicate_token(text: str, rng: random.Random) -> str:
    tokens = _tokens(text)
    if not tokens:
        return text
    t = rng.choice(tokens)
    return text[: t.end()] + " " + t.group() + text[t.end() :]


def _lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.choice(("delete", "duplicate", "swap"))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _shape(text: str, rng: random.Random) -> str:
    dims = list(re.finditer(r"(?<=[<x])(\d+)(?=x)", text))
    if not dims:
        return text
    d = rng.choice(dims)
    value = rng.choice((0, 1, 2, 3, 1000000, 100000000000, 2**63))
    return text[: d.start()] + str(value) + text[d.end() :]


def _bytes(text: str, rng: random.Random) -> str:
    data = bytearray(mutate_bytes(text.encode(), rng, count=1))
    return data.decode("utf-8", "replace")


def _nest(text: str, rng: random.Random) -> str:
    """A token wrapped in many brackets, or the text in many modules."""
    depth = rng.choice((20, 300, 3000))
    if rng.random() < 0.3:
        return "builtin.module {" * depth + text + "}" * depth
    tokens = _tokens(text)
    if not tokens:
        return text
    t = rng.choice(tokens)
    opening, closing = rng.choice((("[", "]"), ("(", ")"), ("tuple<", ">"), ("{", "}")))
    return text[: t.start()] + opening * depth + t.group() + closing * depth + text[t.end() :]


_TEXT_MUTATIONS = (_integer, _integer, _float, _word, _delete_token, _duplicate_token, _lines, _shape, _bytes, _nest)


def mutate_bytes(data: bytes, rng: random.Random, count: int | None = None) -> bytes:
    """Byte flips, insertions, deletions, a truncation."""
    raw = bytearray(data)
    for _ in range(count or rng.randint(1, 4)):
        if not raw:
            break
        i = rng.randrange(len(raw))
        action = rng.choice(("flip", "set", "insert", "delete", "truncate"))
        if action == "flip":
            raw[i] ^= 1 << rng.randrange(8)
        elif action == "set":
            raw[i] = rng.choice((0, 0xFF, 0x7F, 0x80, rng.randrange(256)))
        elif action == "insert":
            raw[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif action == "delete":
            del raw[i : i + rng.randint(1, 8)]
        else:
            del raw[i:]
    return bytes(raw)


def mutate_onnx(data: bytes, rng: random.Random) -> bytes:
    """A structure-aware mutation of a serialized model (or a byte mutation
    when it does not decode, and one time in five)."""
    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except Exception:  # noqa: BLE001
        return mutate_bytes(data, rng)
    if rng.random() < 0.2:
        return mutate_bytes(data, rng)
    for _ in range(rng.choice((1, 1, 1, 2))):
        with contextlib.suppress(ValueError, TypeError):  # a value protobuf refuses
            rng.choice(_ONNX_MUTATIONS)(model, rng)
    try:
        out = model.SerializeToString()
    except Exception:  # noqa: BLE001 - a mutation protobuf cannot write
        return mutate_bytes(data, rng)
    if rng.random() < 0.15:  # a string that is not UTF-8
        names = [n.encode() if isinstance(n, str) else n for n in _names(model) if len(n) > 1]
        if names:
            name = rng.choice(names)
            out = out.replace(name, name[:-1] + b"\xff", 1)
    return out


def _names(model: onnx.ModelProto) -> list[str]:
    g = model.graph
    return [*(n.name for n in g.node), *(n.op_type for n in g.node), *(t.name for t in g.initializer),
            *(v.name for v in g.input), *(v.name for v in g.output)]  # fmt: skip


def _attribute(model: onnx.ModelProto, rng: random.Random) -> None:
    nodes = [n for n in model.graph.node]
    if not nodes:
        return
    node = rng.choice(nodes)
    if not node.attribute or rng.random() < 0.25:
        attr = node.attribute.add()
        attr.name = rng.choice(("axis", "transB", "alpha", "kernel_shape", "pads", "bogus", "perm", "to"))
        attr.type = onnx.AttributeProto.INT
        attr.i = rng.choice(INT_EDGES[:20])
        return
    attr = rng.choice(list(node.attribute))
    action = rng.choice(("kind", "int", "ints", "float", "delete", "string"))
    if action == "kind":
        attr.type = rng.choice((0, 1, 2, 3, 4, 6, 7, 8, 11, 13))
    elif action == "int":
        attr.i = max(-(2**63), min(2**63 - 1, rng.choice(INT_EDGES)))
    elif action == "ints":
        del attr.ints[:]
        attr.ints.extend(max(-(2**63), min(2**63 - 1, rng.choice(INT_EDGES))) for _ in range(rng.randint(0, 6)))
    elif action == "float":
        attr.f = rng.choice((float("nan"), float("inf"), -1.0, 0.0, 1e30))
    elif action == "string":
        attr.s = rng.choice((b"", b"SAME_UPPER", b"\xff\xfe", b"reflect", b"x" * 100))
    else:
        node.attribute.remove(attr)


def _node(model: onnx.ModelProto, rng: random.Random) -> None:
    nodes = model.graph.node
    if not nodes:
        return
    node = rng.choice(list(nodes))
    action = rng.choice(("op_type", "drop_input", "add_input", "swap_inputs", "delete", "duplicate", "domain", "output"))
    if action == "op_type":
        node.op_type = rng.choice(("Relu", "Conv", "Gemm", "MatMul", "Add", "Reshape", "Softmax", "MaxPool",
                                   "QuantizeLinear", "DequantizeLinear", "Identity", "Loop", "Bogus", ""))  # fmt: skip
    elif action == "drop_input" and node.input:
        del node.input[rng.randrange(len(node.input))]
    elif action == "add_input":
        node.input.append(rng.choice(("", "x", "nope", *(v.name for v in model.graph.input))))
    elif action == "swap_inputs" and len(node.input) > 1:
        node.input[0], node.input[1] = node.input[1], node.input[0]
    elif action == "delete":
        nodes.remove(node)
    elif action == "duplicate":
        nodes.append(node)
    elif action == "domain":
        node.domain = rng.choice(("ai.onnx.ml", "com.microsoft", "ai.onnx", "bogus"))
    elif action == "output" and node.output:
        node.output[0] = rng.choice(("", "y", *(v.name for v in model.graph.input)))


def _tensor(model: onnx.ModelProto, rng: random.Random) -> None:
    inits = model.graph.initializer
    if not inits:
        return
    t = rng.choice(list(inits))
    action = rng.choice(("dims", "dtype", "truncate", "nan", "drop"))
    if action == "dims" and t.dims:
        t.dims[rng.randrange(len(t.dims))] = rng.choice((0, -1, -3, 1, 2, 10**9, 2**40))
    elif action == "dtype":
        t.data_type = rng.choice((0, 1, 2, 3, 6, 7, 9, 10, 11, 16, 8, 99))
    elif action == "truncate" and t.raw_data:
        t.raw_data = t.raw_data[: rng.randrange(len(t.raw_data))]
    elif action == "nan" and t.data_type == TensorProto.FLOAT and t.raw_data:
        values = np.frombuffer(t.raw_data, np.float32).copy()
        values[rng.randrange(values.size)] = rng.choice((np.nan, np.inf, -np.inf))
        t.raw_data = values.tobytes()
    elif action == "drop":
        inits.remove(t)


def _value_info(model: onnx.ModelProto, rng: random.Random) -> None:
    g = model.graph
    infos = [*g.input, *g.output]
    if rng.random() < 0.2:
        del g.output[:]
        return
    if not infos:
        return
    v = rng.choice(infos)
    tt = v.type.tensor_type
    action = rng.choice(("elem", "dim", "rank", "name"))
    if action == "elem":
        tt.elem_type = rng.choice((0, 1, 2, 6, 7, 10, 11, 16, 99))
    elif action == "dim" and tt.shape.dim:
        d = tt.shape.dim[rng.randrange(len(tt.shape.dim))]
        if rng.random() < 0.3:
            d.dim_param = rng.choice(("N", "", "batch"))
        else:
            d.dim_value = rng.choice((0, -1, 1, 3, 10**9, 2**40))
    elif action == "rank":
        tt.shape.dim.add().dim_value = rng.choice((1, 2))
    else:
        v.name = rng.choice(("", "nope", *(n.output[0] for n in g.node if n.output)))


def _opset(model: onnx.ModelProto, rng: random.Random) -> None:
    if model.opset_import:
        model.opset_import[0].version = rng.choice((0, 1, 5, 6, 9, 11, 13, 17, 21, 22, 99))


_ONNX_MUTATIONS = (_attribute, _attribute, _node, _tensor, _value_info, _opset)


# --------------------------------------------------------------------------
# Inputs and pipelines
# --------------------------------------------------------------------------


# The 4-byte fields of a zip archive's directory that locate and size its
# members: (signature, offset in the record) of the central directory's
# entries (compressed size, size, local header's offset) and of its end
# record (directory size, directory offset).
_ZIP_FIELDS = ((b"PK\x01\x02", 20), (b"PK\x01\x02", 24), (b"PK\x01\x02", 42), (b"PK\x05\x06", 12), (b"PK\x05\x06", 16))


def mutate_zip_directory(data: bytes, rng: random.Random) -> bytes:
    """`data` (a zip archive) with a field that locates or sizes a member
    set to an edge value or moved by a little or a lot."""
    raw = bytearray(data)
    signature, offset = rng.choice(_ZIP_FIELDS)
    places = [m.start() + offset for m in re.finditer(re.escape(signature), bytes(raw))]
    places = [i for i in places if i + 4 <= len(raw)]
    if not places:
        return mutate_bytes(data, rng)
    i = rng.choice(places)
    value = int.from_bytes(raw[i : i + 4], "little")
    value = rng.choice((0, 1, 0xFFFFFFFF, 0x7FFFFFFF, value + rng.choice((-1, 1, 30, 4096, -4096))))
    raw[i : i + 4] = (value % (1 << 32)).to_bytes(4, "little")
    return bytes(raw)


def mutate_inputs(inputs: dict[str, np.ndarray], rng: random.Random) -> bytes:
    """The bytes of an .npz holding mutated `inputs` (or mutated bytes, or
    a mutated zip directory)."""
    if rng.random() < 0.15:
        return mutate_zip_directory(npz_bytes(inputs), rng)
    if rng.random() < 0.3:
        return mutate_bytes(npz_bytes(inputs), rng)
    arrays = dict(inputs)
    name = rng.choice(list(arrays)) if arrays else "x"
    x = arrays.get(name, np.zeros(3, np.float32))
    action = rng.choice(("rename", "extra", "drop", "dtype", "shape", "values", "batch", "object"))
    if action == "rename":
        arrays[rng.choice(("x", "arg0", "input", "", "a/b"))] = arrays.pop(name, x)
    elif action == "extra":
        arrays["extra"] = x
    elif action == "drop":
        arrays.pop(name, None)
    elif action == "dtype":
        arrays[name] = x.astype(rng.choice((np.int8, np.int64, np.uint8, np.float16, np.float64, np.complex64, np.bool_, "U3")))
    elif action == "shape":
        first = x[..., :1] if x.ndim else x[None]  # a scalar input has no last axis
        arrays[name] = rng.choice((x.reshape(-1), x[None, None], first, np.zeros((0, *x.shape), x.dtype), x.T))
    elif action == "values":
        y = np.array(x, dtype=np.float64 if x.dtype.kind == "f" else x.dtype)
        if y.size and y.dtype.kind == "f":
            y.flat[rng.randrange(y.size)] = rng.choice((np.nan, np.inf, -np.inf, 1e300, -1e300))
        elif y.size:
            y.flat[rng.randrange(y.size)] = rng.choice((np.iinfo(y.dtype).max, np.iinfo(y.dtype).min))
        with np.errstate(all="ignore"):
            arrays[name] = y.astype(x.dtype) if rng.random() < 0.5 else y
    elif action == "batch":
        arrays[name] = np.stack([x] * rng.choice((2, 3)))
    else:
        buffer = io.BytesIO()
        np.savez(buffer, **{name: np.array([{"a": 1}], dtype=object)})
        return buffer.getvalue()
    return npz_bytes(arrays)


LEVEL_PASSES = {
    "nn": ("fuse-bias", "fold-batchnorm", "fold-constants", "remove-dead-code", "prune", "low-rank",
           "calibrate", "quantize", "choose-bits"),
    "qnt": ("fold-constants", "remove-dead-code", "lower-qnt-to-dataflow", "tile", "schedule"),
    "dataflow": ("tile", "schedule", "lower-dataflow-to-rtl"),
    "rtl": ("remove-dead-code",),
}  # fmt: skip
"""The passes that apply at each level (random pipelines mostly use these)."""


def random_pipeline(rng: random.Random, data_file: str | None, level: str | None = None) -> str:
    """1 to 4 registered passes, mostly of those of `level`, each option
    set to a random value one time in four."""
    from xdsl.universe import Universe

    passes = dict(Universe.get_multiverse().all_passes.items())
    ours = sorted(name for name, factory in passes.items() if factory().__module__.startswith("asic"))
    usual = list(LEVEL_PASSES.get(level or "", ())) or ours
    specs = []
    for _ in range(rng.randint(1, 4)):
        name = rng.choice(usual if rng.random() < 0.8 else ours)
        options = []
        for f in dataclasses.fields(passes[name]()):
            if rng.random() < 0.25:
                options.append(f"{f.name.replace('_', '-')}={_option_value(f, rng, data_file)}")
        if rng.random() < 0.03:
            options.append("bogus=1")
        specs.append(name + ("{" + " ".join(options) + "}" if options else ""))
    pipeline = ",".join(specs)
    if rng.random() < 0.03:
        pipeline += rng.choice((",", ",,", "{", "}"))
    return pipeline


def _option_value(f: dataclasses.Field, rng: random.Random, data_file: str | None) -> str:
    kind = str(f.type)
    if f.name == "data":
        return f'"{data_file}"' if data_file and rng.random() < 0.8 else '"missing.npz"'
    choices: list[object] = []
    if "int" in kind:
        choices += [0, 1, 2, 3, 4, 8, 16, 31, 64, -1, 1000, 2**31, 2**63]
    if "float" in kind:
        choices += [0.0, 0.5, 0.999, 1.0, 1.5, -0.5]
    if "bool" in kind:
        choices += ["true", "false"]
    if "str" in kind:
        choices += [f.default if isinstance(f.default, str) else "x", "bogus", '"quoted"', "shift", "gptq", "n:m", "channel", "mse", "percentile"]
    if "tuple" in kind:
        choices += ["[2, 4]", "[]", '["fc*"]', "[0]", "[99]"]
    return str(rng.choice(choices or ["1"]))


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()
