"""Dependencies run one way (DESIGN.md, "Layout").

Every module of the `asic` package is parsed with `ast`; each of its imports
of an `asic` module is an edge, wherever the import stands (module level,
inside a function, under `if TYPE_CHECKING:`: a type-only import still
couples the two files). The test fails on

- an import cycle (a strongly connected component of more than one module),
- an edge that breaks one of the `RULES` below,

and names every offending edge with the file and line of its import.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository root, which is the `asic` package."""

NOT_PACKAGE = ("tests", "filecheck", "bench", "docs", "build")
"""Top-level folders that are not part of the package."""

LAYERS = {
    "diagnostics": 0,
    "pass_options": 0,
    "progress": 0,
    "dialects": 1,
    "interp": 2,
    "lowering": 3,
    "passes": 3,
    "flow": 3,
    "tools": 4,
    "universe": 4,
    "examples": 5,
}
"""The layer of each top-level part: a module imports its own layer or a
lower one. `pass_options` (the base of every pass) sits with the leaf: it
imports only `diagnostics`, and so does `progress` (the progress bars of
long steps in every layer). `lowering` and `passes` share a layer (neither imports the
other's modules today; both sit between the interpreters and the tools), and
so does `flow`, the physical flow the tools run on emitted designs.
`universe` (the registry of dialects and passes) sits with the tools that
load it."""

DIALECT_LEVELS = {
    "nn": 1,
    "qnt": 2,
    "qnt_integers": 2,
    "qnt_kernels": 2,
    "dataflow": 3,
    "rtl": 4,
    "rtl_comb": 4,
}
"""The level of each dialect module, top (nn) to bottom (rtl); modules of
`asic.dialects` not named here (attributes, checks, syntax, shapes, names,
...) are shared by the dialects, at level 0: they import no dialect."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.path.relative_to(ROOT)}:{self.line})"


def _part(module: str) -> str:
    """`asic.lowering.onnx.qdq` -> `lowering`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _dialect_level(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 3 or parts[1] != "dialects":
        return None
    return DIALECT_LEVELS.get(parts[2], 0)


def _backwards(edge: Edge) -> bool:
    source, target = LAYERS.get(_part(edge.source)), LAYERS.get(_part(edge.target))
    return source is not None and target is not None and target > source


def _lowering_to_interp(edge: Edge) -> bool:
    return _part(edge.source) == "lowering" and _part(edge.target) == "interp"


def _library_to_tools(edge: Edge) -> bool:
    return _part(edge.target) == "tools" and LAYERS.get(_part(edge.source), 0) < LAYERS["tools"]


def _dialect_upwards(edge: Edge) -> bool:
    source, target = _dialect_level(edge.source), _dialect_level(edge.target)
    return source is not None and target is not None and target > source


def _leaf_imports(edge: Edge) -> bool:
    return _part(edge.source) == "diagnostics"


RULES: list[tuple[str, Callable[[Edge], bool]]] = [
    (
        (
            "the layers run tools -> passes, lowering -> interp -> dialects -> diagnostics: "
            "a module imports no higher layer"
        ),
        _backwards,
    ),
    (
        (
            "a lowering is a conversion of IR: it reads IR through the dialects and never "
            "runs an interpreter"
        ),
        _lowering_to_interp,
    ),
    ("library code never imports asic.tools (the tools are its users)", _library_to_tools),
    (
        (
            "a dialect never imports a lower level's dialect (nn < qnt < dataflow < rtl): "
            "each level is defined before the levels it lowers to"
        ),
        _dialect_upwards,
    ),
    ("asic.diagnostics is the leaf: it imports nothing of asic", _leaf_imports),
]
"""Each rule: why it holds, and the test that finds an edge breaking it."""


def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    found: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_PACKAGE or any(p.startswith(".") for p in relative.parts):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(["asic", *parts])] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Edge]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from asic.dialects import nn` imports the module asic.dialects.nn
            targets = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target == "asic" or target.startswith("asic."):
                yield Edge(name, target, path, node.lineno)


def edges() -> list[Edge]:
    known = modules()
    found = (edge for name, path in known.items() for edge in _imports(name, path, known))
    return list(dict.fromkeys(found))  # one edge per import statement and target


def cycles(found: list[Edge]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for edge in found:
        if edge.source != edge.target:
            graph.setdefault(edge.source, set()).add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


def test_the_package_is_found() -> None:
    found = modules()
    assert "asic.diagnostics" in found and "asic.dialects.nn" in found
    assert all(_part(name) in LAYERS for name in found if name != "asic"), sorted(
        name for name in found if name != "asic" and _part(name) not in LAYERS
    )


def test_no_import_cycles() -> None:
    found = edges()
    problems = []
    for component in cycles(found):
        members = set(component)
        inside = [str(e) for e in found if e.source in members and e.target in members]
        problems.append(f"cycle {' <-> '.join(component)}:\n    " + "\n    ".join(inside))
    assert not problems, "import cycles:\n  " + "\n  ".join(problems)


def test_dependencies_run_one_way() -> None:
    found = edges()
    problems = []
    for reason, breaks in RULES:
        offending = [str(e) for e in found if breaks(e)]
        if offending:
            problems.append(f"{reason}:\n    " + "\n    ".join(offending))
    assert not problems, "backward imports:\n  " + "\n  ".join(problems)


def test_the_rules_find_backward_edges() -> None:
    """Each rule flags an edge of the kind it forbids, and the cycle finder
    a cycle: the test above can fail."""
    here = Path(__file__)

    def edge(source: str, target: str) -> Edge:
        return Edge(source, target, here, 1)

    forbidden = [
        edge("asic.dialects.nn", "asic.interp.nn"),
        edge("asic.lowering.rtl_to_sv", "asic.interp.rtl"),
        edge("asic.passes.prune", "asic.tools.asic_opt"),
        edge("asic.dialects.dataflow", "asic.dialects.rtl"),
        edge("asic.diagnostics", "asic.dialects.attributes"),
    ]
    for (reason, breaks), e in zip(RULES, forbidden):
        assert breaks(e), (reason, str(e))
    allowed = [
        edge("asic.passes.quantize", "asic.interp.runner"),
        edge("asic.dialects.dataflow", "asic.dialects.qnt"),
        edge("asic.dialects.rtl", "asic.dialects.streams"),
        edge("asic.tools.asic_opt", "asic.lowering.onnx.importer"),
    ]
    assert not [str(e) for e in allowed for _, breaks in RULES if breaks(e)]
    assert cycles(
        [edge("asic.a", "asic.b"), edge("asic.b", "asic.c"), edge("asic.c", "asic.a")]
    ) == [["asic.a", "asic.b", "asic.c"]]
