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

The mutations are `support.mutations`'s; `run_case(case)`
(`support.fuzz_runner`) runs a case in a forked child and sorts its
outcome: `ok`, `diagnostic`, or one of the failures `FAILURES`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx

from support.fuzz_runner import FAILURES, Case, Result, run_case
from support.mutations import (
    mutate_bytes,
    mutate_inputs,
    mutate_onnx,
    mutate_text,
    npz_bytes,
    random_pipeline,
)

__all__ = ["FAILURES", "KINDS", "Case", "Corpus", "Result", "make_case", "npz_bytes", "run_case", "summarize"]

REPO = Path(__file__).resolve().parents[2]
KINDS = ("onnx", "mlir", "pipeline", "npz")
MAX_INPUT_ELEMENTS = 1 << 20
"""The fuzzer writes inputs only for functions this small."""


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


def _seed(origin: str, chunk: str) -> Seed | None:
    from xdsl.dialects import func

    from asic.interp.runner import entry_function, random_inputs
    from asic.universe import dialect_context

    try:
        from xdsl.parser import Parser

        module = Parser(dialect_context(), chunk, origin).parse_module()
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
