"""Textual IR as the tools read it: every parsed op carries its file, line
and column; a verifier error names them and shows only the lines around
the failing op, with large constants elided; a binary file, a file
without IR and IR nested deeper than the parser can follow are
diagnostics."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects.builtin import FileLineColLoc, ModuleOp, TensorType, f32
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import ParseError, VerifyException

from asic.diagnostics import UserError, format_error
from asic.dialects import nn
from asic.tools.ir_text import LocatedParser, parse_ir, verify_module
from asic.universe import dialect_context


def _chain(length: int, bad: int, weights: int = 64) -> str:
    """A function of `length` relus after a dense with a `weights`-square
    weight, and after the relu number `bad` (if any) one more, unused, with
    a wrong result type."""
    w = np.random.default_rng(0).standard_normal((weights, weights)).astype(np.float32)
    rows = ", ".join("[" + ", ".join(f"{v:.6f}" for v in row) + "]" for row in w)
    t = f"tensor<1x{weights}xf32>"
    lines = [
        f"func.func @main(%x: {t}) -> {t} {{",
        f'  %w = nn.constant "w" dense<[{rows}]> : tensor<{weights}x{weights}xf32>',
        f"  %v0 = nn.dense %x, %w : ({t}, tensor<{weights}x{weights}xf32>) -> {t}",
    ]
    for i in range(length):
        lines.append(f"  %v{i + 1} = nn.relu %v{i} : {t}")
        if i == bad:
            lines.append(f"  %bad = nn.relu %v{i} : ({t}) -> tensor<1x{weights + 1}xf32>")
    lines.append(f"  func.return %v{length} : {t}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def test_ops_carry_their_position() -> None:
    text = _chain(3, bad=-1, weights=2)
    module = LocatedParser(dialect_context(), text, "m.mlir", line_offset=10).parse_module()
    located = [(op.name, op.location) for op in module.walk() if op.name != "builtin.module"]
    assert [name for name, _ in located] == [
        "func.func", "nn.constant", "nn.dense", "nn.relu", "nn.relu", "nn.relu", "func.return"
    ]
    for line, (_, loc) in enumerate(located, start=11):
        assert isinstance(loc, FileLineColLoc)
        assert (loc.filename.data, loc.line.data, loc.column.data) == ("m.mlir", line, 1 if line == 11 else 3)


def test_locations_do_not_change_the_printed_ir() -> None:
    text = _chain(2, bad=-1, weights=3)
    located = LocatedParser(dialect_context(), text, "m.mlir").parse_module()
    plain = Parser(dialect_context(), text, "m.mlir").parse_module()
    assert _print(located) == _print(plain)


def _print(module: ModuleOp) -> str:
    out = io.StringIO()
    Printer(stream=out).print_op(module)
    return out.getvalue()


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 30), st.data())
def test_a_verifier_error_is_located_and_short(length: int, data: st.DataObject) -> None:
    """Whatever the size of the function and wherever the bad op is: the
    message, `file:line:col` of the op, and at most the op's marked line
    with 3 lines on each side; the 64x64 weights are elided."""
    bad = data.draw(st.integers(0, length - 1))
    module = parse_ir(dialect_context(), _chain(length, bad).encode(), "big.mlir")
    with pytest.raises(VerifyException) as info:
        verify_module(module)
    text = format_error(info.value)
    lines = text.split("\n")
    assert lines[0] == "result type tensor<1x65xf32> must equal the input type tensor<1x64xf32>"
    assert lines[1] == f"big.mlir:{bad + 5}:3: op 'nn.relu' does not verify:"
    assert f'%bad = "nn.relu"(%v{bad})' in text
    assert len(lines) <= 2 + 1 + 3 + 1 + 3 + 3 + 2  # + the marker block and "..." lines
    assert len(text) < 2000, text
    assert "0.1" not in text.replace("tensor", "")  # no weight printed


def test_an_op_not_from_text_is_named_by_its_results() -> None:
    module = parse_ir(dialect_context(), _chain(2, bad=-1, weights=2).encode(), "m.mlir")
    relu = next(op for op in module.walk() if isinstance(op, nn.ReluOp))
    made = nn.ReluOp.create(operands=[relu.operands[0]], result_types=[TensorType(f32, [1, 3])])
    made.results[0].name_hint = "made"
    relu.parent_block().insert_op_after(made, relu)
    with pytest.raises(VerifyException) as info:
        verify_module(module)
    assert format_error(info.value).split("\n")[1] == "op 'nn.relu' (result %made) does not verify:"


def test_binary_file_is_a_diagnostic() -> None:
    with pytest.raises(UserError, match="'m.mlir' is not a text file \\(byte 1 is not UTF-8\\)"):
        parse_ir(dialect_context(), b"\x08\xff\x00binary", "m.mlir")


def test_a_file_without_ir_is_a_diagnostic() -> None:
    with pytest.raises(UserError, match="'m.mlir' holds no IR"):
        parse_ir(dialect_context(), b"// only a comment\n\n", "m.mlir")


@pytest.mark.parametrize(
    "nest",
    [
        lambda n: "builtin.module {" * n + "}" * n,
        lambda n: "builtin.module attributes {a = " + "[" * n + "]" * n + "} {}",
        lambda n: "func.func @f(%x: " + "tuple<" * n + "f32" + ">" * n + ") {\n  func.return\n}",
    ],
    ids=["regions", "attributes", "types"],
)
def test_deep_nesting_is_a_parse_error(nest) -> None:
    """IR nested beyond the parser's recursion is a parse error (not a
    RecursionError); what parses at depth 100 prints and verifies."""
    with pytest.raises(ParseError, match="the IR nests too deeply here to be read"):
        parse_ir(dialect_context(), nest(3000).encode(), "m.mlir")
    module = parse_ir(dialect_context(), nest(100).encode(), "m.mlir")
    verify_module(module)
    assert str(module).count("builtin.module") + str(module).count("[") + str(module).count("tuple<") >= 100
