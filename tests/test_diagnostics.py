"""The text of diagnostics: xDSL's notes cut down to the failing op and
its neighbours, long literals elided without breaking what is around them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from asic.diagnostics import elide_literals, ir_excerpt

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
