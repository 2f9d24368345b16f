"""The text of diagnostics: xDSL's notes cut down to the failing op and
its neighbours, long literals elided without breaking what is around them,
a parse error's long source line cut around its marker."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xdsl.utils.exceptions import ParseError
from xdsl.utils.lexer import Input, Span

from asic.diagnostics import elide_literals, format_error, ir_excerpt

MARKED = [
    "    %b = \"nn.relu\"(%a) : (tensor<2xf32>) -> tensor<3xf32>",
    "    ^^^^^^^^^^^^^^^----------------",
    "    | Operation does not verify: bad",
    "    --------------------------------",
]


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 5))
def test_excerpt_keeps_the_op_and_its_neighbours(before: int, after: int, context: int) -> None:
    lines = [f"  %p{i} = op" for i in range(before)] + MARKED + [f"  %q{i} = op" for i in range(after)]
    kept = ir_excerpt("\n".join(lines), context).split("\n")
    body = [line for line in kept if line != "..."]
    assert body == lines[max(0, before - context) : before + len(MARKED) + min(after, context)]
    assert (kept[0] == "...") == (before > context)
    assert (kept[-1] == "...") == (after > context)


def test_long_literals_are_elided() -> None:
    hex_weights = '%w = "nn.constant"() <{name = "w>", value = dense<"0x' + "AB" * 200 + '"> : tensor<20x20xf32>}> : () -> tensor<20x20xf32>'
    assert elide_literals(hex_weights) == '%w = "nn.constant"() <{name = "w>", value = dense<...> : tensor<20x20xf32>}> : () -> tensor<20x20xf32>'
    nested = "%c = op {v = dense<[" + ", ".join(["[1, 2]"] * 40) + "]> : tensor<40x2xi8>, p = array<i64: 1, 2>, f = (i8) -> i8}"
    assert elide_literals(nested) == "%c = op {v = dense<...> : tensor<40x2xi8>, p = array<i64: 1, 2>, f = (i8) -> i8}"
    short = "%c = op {v = dense<[1, 2]> : tensor<2xi8>}"
    assert elide_literals(short) == short


@given(st.integers(0, 20000), st.integers(1, 300), st.integers(0, 20000))
def test_a_parse_error_shows_a_window_of_a_long_line(before: int, width: int, after: int) -> None:
    text = "a" * before + "B" * width + "c" * after
    error = ParseError(Span(before, before + width, Input(text, "m.mlir")), "what is wrong")
    lines = format_error(error).split("\n")
    assert lines[0] == f"m.mlir:1:{before + 1}"
    source, marker, message = lines[1:4]
    assert len(source) <= max(len(text), 2 * 80 + 80 + 6)
    column = marker.index("^")
    assert set(marker[column:]) == {"^"} and source[column] == "B"
    assert message == " " * column + "what is wrong"
    if len(text) <= 160:
        assert source == text
