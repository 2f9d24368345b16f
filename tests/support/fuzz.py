"""A mutation fuzzer of everything the tools read (used by
tests/tools/test_fuzz.py, a bounded run in the suite, and
bench/bench_fuzz.py, long campaigns).

A `Case` is one command line of `asic-opt`, `asic-run` or `asic-sim` and the
files it reads, made by `make_case(kind, rng)` from a seed of the corpus
(`Corpus`: the repository's lit inputs, the ONNX models the ONNX checks'
tests write, and optionally the digits example) by random mutations:

- `onnx`: a model mutated in its protobuf (an attribute's kind or value,
  a node's op type, inputs or domain, a tensor's dimensions, data type or
  data, a graph input or output, the opset, a string made invalid UTF-8)
  or in its bytes; imported by asic-opt, or run by asic-run;
- `mlir`: a chunk of textual IR (a lit input split at `// -----`) mutated
  in its tokens (an integer or float replaced by an edge value, a token or
  line deleted, duplicated or swapped, a word replaced by another of the
  text) or bytes; printed, transformed (`-p`, `-t sv`) or run;
- `pipeline`: a valid seed with a pipeline of the registered passes and
  options (edge, out-of-range and wrong-typed values, unknown options,
  stray commas), with or without `--verify-each`;
- `npz`: a valid seed run on mutated inputs (the bytes of the .npz, or
  arrays of other names, dtypes, shapes and values, NaN and inf among
  them), by asic-run, `--verify-inputs`, `calibrate{data=...}`, and
  asic-sim (`sim=True`: Verilator builds, for long campaigns).

`run_case(case)` runs the tool's `main` in a forked child of this process
(the imports are already done, so a case costs what the tool does), with
its memory bounded by `MEMORY_LIMIT` above what the parent uses and a
timeout, and sorts the result into an outcome: `ok` (status 0),
`diagnostic` (status 1 with an `error:` line), or one of the failures
`FAILURES`: `crash` (a Python traceback, or the child died), `bad-exit`
(another status, or status 1 without a diagnostic), `partial-output` (an
output file left by a failed run), `timeout`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import random
import re
import resource
import select
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto

REPO = Path(__file__).resolve().parents[2]
KINDS = ("onnx", "mlir", "pipeline", "npz")
FAILURES = ("crash", "bad-exit", "partial-output", "timeout")
MEMORY_LIMIT = 2 << 30
"""Bytes a case may allocate beyond what this process holds."""
TIMEOUT = 60.0
MAX_INPUT_ELEMENTS = 1 << 20
"""The fuzzer writes inputs only for functions this small."""

INT_EDGES = (
    0, 1, -1, 2, 3, 7, 8, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1000, 65535, 65536,
    2**31 - 1, 2**31, 2**32, 2**62, 2**63 - 1, 2**63, 2**64, -(2**31), -(2**63), -(2**63) - 1,
    10**9, 10**30,
)  # fmt: skip
FLOAT_EDGES = ("0.0", "-0.0", "1.0e-45", "1.0e+38", "3.5e+38", "1.0e+308", "2.0e+308", "inf", "-inf", "nan", "0.5", "-1.5")


# --------------------------------------------------------------------------
# Cases and outcomes
# --------------------------------------------------------------------------


@dataclass
class Case:
    """A command line (`@name@` names a file of `files`, `@out@` the output) of
    one tool, the files it reads, and what the case was made from."""

    tool: str  # asic-opt, asic-run, asic-sim
    argv: list[str]
    files: dict[str, bytes]
    output: str | None
    origin: str

    def command(self, directory: str) -> list[str]:
        """The arguments with every `@name@` replaced by the file's path."""
        argv = list(self.argv)
        for name in [*self.files, "out"]:
            argv = [arg.replace(f"@{name}@", os.path.join(directory, name)) for arg in argv]
        return argv

    def describe(self) -> str:
        return f"{self.tool} {' '.join(self.argv)}  [{self.origin}]"


@dataclass
class Result:
    outcome: str
    status: int | None
    stderr: str
    seconds: float

    @property
    def failed(self) -> bool:
        return self.outcome in FAILURES


def _main(tool: str) -> Callable[[list[str]], None]:
    if tool == "asic-opt":
        from asic.tools.asic_opt import main
    elif tool == "asic-run":
        from asic.tools.asic_run import main
    else:
        from asic.tools.asic_sim import main
    return main


def run_case(case: Case, timeout: float = TIMEOUT) -> Result:
    """Run `case` in a forked child (module docstring) in a fresh directory."""
    directory = tempfile.mkdtemp(prefix="asic-fuzz.")
    try:
        for name, data in case.files.items():
            Path(directory, name).write_bytes(data)
        argv = case.command(directory)
        start = time.monotonic()
        report = _forked(_main(case.tool), argv, timeout)
        seconds = time.monotonic() - start
        output = os.path.join(directory, "out") if case.output else None
        return _classify(report, output, seconds)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _vm_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _forked(main: Callable[[list[str]], None], argv: list[str], timeout: float) -> dict:
    """Run `main(argv)` in a child: {status, stderr, exception} or
    {signal} when it died, {timeout} when it was killed."""
    limit = _vm_bytes() + MEMORY_LIMIT
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        payload: dict = {}
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            out, err = io.StringIO(), io.StringIO()
            status: int | None = 0
            exception = False
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    main(argv)
                except SystemExit as exit:
                    code = exit.code
                    status = code if isinstance(code, int) else (0 if code is None else 1)
                except BaseException:  # noqa: BLE001 - what the fuzzer looks for
                    traceback.print_exc(file=err)
                    exception, status = True, None
            payload = {"status": status, "stderr": err.getvalue()[-20000:], "exception": exception}
        except BaseException:  # noqa: BLE001
            payload = {"status": None, "stderr": traceback.format_exc(), "exception": True}
        finally:
            data = json.dumps(payload).encode()
            view = memoryview(data)
            while view:
                written = os.write(write_end, view)
                view = view[written:]
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([pipe], [], [], left)
            if ready:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    _, wait_status = os.waitpid(pid, 0)
    if timed_out:
        return {"timeout": True}
    if os.WIFSIGNALED(wait_status) or not chunks:
        return {"signal": os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None}
    return json.loads(b"".join(chunks))


def _classify(report: dict, output: str | None, seconds: float) -> Result:
    if report.get("timeout"):
        return Result("timeout", None, "", seconds)
    if "signal" in report:
        return Result("crash", None, f"the child died (signal {report['signal']})", seconds)
    status, stderr = report["status"], report["stderr"]
    if report["exception"] or "Traceback (most recent call last)" in stderr:
        return Result("crash", status, stderr, seconds)
    if status == 0:
        return Result("ok", status, stderr, seconds)
    if status != 1 or not re.search(r"^[\w-]+: error: ", stderr, re.MULTILINE):
        return Result("bad-exit", status, stderr, seconds)
    if output is not None and os.path.exists(output):
        return Result("partial-output", status, stderr, seconds)
    return Result("diagnostic", status, stderr, seconds)


# --------------------------------------------------------------------------
# The seed corpus
# --------------------------------------------------------------------------


@dataclass
class Seed:
    """A valid module of the corpus: its text, level and inputs."""

    name: str
    text: str
    level: str  # nn, qnt, dataflow, rtl
    inputs: dict[str, np.ndarray] | None  # None: too large, or no function


@dataclass
class Corpus:
    mlir: list[tuple[str, str]] = field(default_factory=list)
    """(origin, chunk) of every lit input, valid or not."""
    onnx: list[tuple[str, bytes]] = field(default_factory=list)
    valid_onnx: list[tuple[str, bytes]] = field(default_factory=list)
    """The models that import."""
    seeds: list[Seed] = field(default_factory=list)
    """The chunks that parse and verify, at every level."""

    @staticmethod
    def load(digits: Path | None = None, onnx_dir: Path | None = None) -> Corpus:
        corpus = Corpus()
        for path in sorted((REPO / "filecheck").rglob("*.mlir")):
            if "Output" in path.parts:
                continue
            text = path.read_text(errors="replace")
            for i, chunk in enumerate(text.split("// -----")):
                if chunk.strip():
                    corpus.mlir.append((f"{path.relative_to(REPO)}#{i}", chunk))
        onnx_paths = sorted((REPO / "filecheck").rglob("*.onnx"))
        if onnx_dir is not None:
            onnx_paths += sorted(onnx_dir.glob("*.onnx"))
        if digits is not None:
            onnx_paths.append(digits / "mlp.onnx")
        for path in onnx_paths:
            if "Output" not in path.parts and path.stat().st_size < 4 << 20:
                corpus.onnx.append((str(path), path.read_bytes()))
        corpus.seeds = [seed for origin, chunk in corpus.mlir if (seed := _seed(origin, chunk)) is not None]
        corpus.valid_onnx = [(origin, data) for origin, data in corpus.onnx if _imports(origin, data)]
        return corpus


def _context():
    from xdsl.context import Context
    from xdsl.universe import Universe

    ctx = Context()
    for name, factory in Universe.get_multiverse().all_dialects.items():
        ctx.register_dialect(name, factory)
    return ctx


def _seed(origin: str, chunk: str) -> Seed | None:
    from xdsl.dialects import func

    from asic.interp.runner import entry_function, random_inputs

    try:
        from xdsl.parser import Parser

        module = Parser(_context(), chunk, origin).parse_module()
        module.verify()
    except Exception:  # noqa: BLE001 - an invalid chunk is no seed
        return None
    names = {op.name.split(".")[0] for op in module.walk()}
    level = next((lv for lv in ("hw", "dataflow", "qnt", "nn") if lv in names), None)
    if level is None:
        return None
    level = "rtl" if level == "hw" else level
    inputs = None
    functions = [op for op in module.ops if isinstance(op, func.FuncOp)]
    try:
        function = entry_function(module)
        shapes = [t.get_shape() for t in function.function_type.inputs]  # pyright: ignore
        if sum(int(np.prod(s)) for s in shapes) <= MAX_INPUT_ELEMENTS:
            inputs = random_inputs(function)
    except Exception:  # noqa: BLE001 - several functions, a declaration, ...
        if functions:
            return None
    return Seed(origin, chunk, level, inputs)


def _imports(path: str, data: bytes) -> bool:
    from asic.lowering.onnx.importer import import_onnx

    try:
        import_onnx(data, path=path)
    except Exception:  # noqa: BLE001 - an invalid model is a seed of its own kind
        return False
    return True


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------

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


_TEXT_MUTATIONS = (_integer, _integer, _float, _word, _delete_token, _duplicate_token, _lines, _shape, _bytes)


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


def mutate_inputs(inputs: dict[str, np.ndarray], rng: random.Random) -> bytes:
    """The bytes of an .npz holding mutated `inputs` (or mutated bytes)."""
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
        arrays[name] = rng.choice((x.reshape(-1), x[None, None], x[..., :1], np.zeros((0, *x.shape), x.dtype), x.T))
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


# --------------------------------------------------------------------------
# Making cases
# --------------------------------------------------------------------------


def make_case(kind: str, corpus: Corpus, rng: random.Random, *, sim: bool = False) -> Case:
    """A random case of `kind` (module docstring)."""
    return {"onnx": _onnx_case, "mlir": _mlir_case, "pipeline": _pipeline_case, "npz": _npz_case}[kind](corpus, rng, sim)


def _onnx_case(corpus: Corpus, rng: random.Random, sim: bool) -> Case:
    origin, data = rng.choice(corpus.valid_onnx if rng.random() < 0.8 else corpus.onnx)
    model = mutate_onnx(data, rng)
    files = {"m.onnx": model}
    if rng.random() < 0.3:
        inputs = _onnx_inputs(data)
        files["in.npz"] = npz_bytes(inputs)
        return Case("asic-run", ["@m.onnx@", "--inputs", "@in.npz@", "--output", "@out@"], files, "out", origin)
    argv = ["@m.onnx@", "-o", "@out@"]
    if rng.random() < 0.3:
        argv += ["-p", rng.choice(("fold-constants", "fuse-bias,fold-batchnorm", "remove-dead-code"))]
    if rng.random() < 0.1:
        argv += ["--batch-size", str(rng.choice((0, 2, -1, 10**6)))]
    return Case("asic-opt", argv, files, "out", origin)


def _onnx_inputs(data: bytes) -> dict[str, np.ndarray]:
    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except Exception:  # noqa: BLE001
        return {"x": np.zeros((1, 4), np.float32)}
    inits = {t.name for t in model.graph.initializer}
    inputs = {}
    for v in model.graph.input:
        if v.name in inits:
            continue
        dims = [d.dim_value if d.dim_value > 0 else 1 for d in v.type.tensor_type.shape.dim]
        if int(np.prod(dims)) > MAX_INPUT_ELEMENTS:
            continue
        inputs[v.name] = np.random.default_rng(0).standard_normal(dims).astype(np.float32)
    return inputs


def _mlir_case(corpus: Corpus, rng: random.Random, sim: bool) -> Case:
    if rng.random() < 0.7:
        chosen = rng.choice(corpus.seeds)
        origin, chunk = chosen.name, chosen.text
    else:
        origin, chunk = rng.choice(corpus.mlir)
    text = mutate_text(chunk, rng)
    files = {"m.mlir": text.encode("utf-8", "surrogateescape") if rng.random() < 0.95 else mutate_bytes(text.encode(), rng)}
    seed = next((s for s in corpus.seeds if s.name == origin), None)
    if seed is not None and seed.inputs is not None and rng.random() < 0.35:
        files["in.npz"] = npz_bytes(seed.inputs)
        return Case("asic-run", ["@m.mlir@", "--inputs", "@in.npz@", "--output", "@out@"], files, "out", origin)
    argv = ["@m.mlir@", "-o", "@out@"]
    choice = rng.random()
    if choice < 0.25:
        argv += ["-p", rng.choice(("fold-constants", "remove-dead-code", "lower-qnt-to-dataflow,tile,schedule",
                                    "lower-dataflow-to-rtl", "fuse-bias,fold-batchnorm"))]  # fmt: skip
    elif choice < 0.35:
        argv += ["-t", "sv"]
    elif choice < 0.45:
        argv += ["--print-op-generic"]
    return Case("asic-opt", argv, files, "out", origin)


def _pipeline_case(corpus: Corpus, rng: random.Random, sim: bool) -> Case:
    seed = rng.choice(corpus.seeds)
    files = {"m.mlir": seed.text.encode()}
    data_file = None
    if seed.inputs:
        files["calib.npz"] = npz_bytes({k: np.stack([v * s for s in (0.5, 1.0, -1.0, 2.0)]) if v.dtype.kind == "f" else np.stack([v] * 4) for k, v in seed.inputs.items()})
        data_file = "@calib.npz@"
    pipeline = random_pipeline(rng, data_file, seed.level)
    argv = ["@m.mlir@", "-p", pipeline, "-o", "@out@"]
    if seed.inputs and rng.random() < 0.25:
        argv.append("--verify-each")
    case = Case("asic-opt", argv, files, "out", seed.name)
    return case


def _npz_case(corpus: Corpus, rng: random.Random, sim: bool) -> Case:
    seeds = [s for s in corpus.seeds if s.inputs]
    seed = rng.choice(seeds)
    assert seed.inputs is not None
    files = {"m.mlir": seed.text.encode(), "in.npz": mutate_inputs(seed.inputs, rng)}
    sim_seeds = [s for s in seeds if s.level == "dataflow"]
    if sim and sim_seeds and rng.random() < 0.3:
        seed = rng.choice(sim_seeds)
        assert seed.inputs is not None
        files = {"m.mlir": seed.text.encode(), "in.npz": mutate_inputs(seed.inputs, rng)}
        argv = ["@m.mlir@", "--inputs", "@in.npz@", "--output", "@out@"]
        argv += rng.choice(([], ["--frames"], ["--timeout", str(rng.choice((0, 1, 5)))], ["--valid-pattern", rng.choice(("0", "", "101", "x"))]))
        return Case("asic-sim", argv, files, "out", seed.name)
    choice = rng.random()
    if choice < 0.6:
        return Case("asic-run", ["@m.mlir@", "--inputs", "@in.npz@", "--output", "@out@"], files, "out", seed.name)
    if choice < 0.8 or seed.level != "nn":
        return Case("asic-opt", ["@m.mlir@", "-p", "fold-constants", "--verify-each", "--verify-inputs", "@in.npz@", "-o", "@out@"], files, "out", seed.name)
    return Case("asic-opt", ["@m.mlir@", "-p", 'calibrate{data="@in.npz@"}', "-o", "@out@"], files, "out", seed.name)


def summarize(results: Sequence[tuple[str, Result]]) -> dict[str, dict[str, int]]:
    """Counts per kind and outcome."""
    counts: dict[str, dict[str, int]] = {}
    for kind, result in results:
        counts.setdefault(kind, {}).setdefault(result.outcome, 0)
        counts[kind][result.outcome] += 1
    return counts
