"""Eliding large dense constants when printing (`asic.dialects.printing`),
in the custom syntax of nn, qnt and rtl ops and in the generic syntax."""

from __future__ import annotations

from io import StringIO

import pytest
from xdsl.parser import Parser

from asic.dialects.printing import ELIDED, ElidingPrinter
from asic.universe import dialect_context

MODULE = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x3xf32> {
  %w = nn.constant "w" dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0]]> : tensor<3x4xf32>
  %b = nn.constant "b" dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %s = nn.constant "s" dense<2.0> : tensor<3x4xf32>
  %q = qnt.constant "q" dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi8>
  %y = nn.dense %x, %w, %b : (tensor<1x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  func.return %y : tensor<1x3xf32>
}
"""


def _print(limit: int | None, generic: bool = False) -> str:
    module = Parser(dialect_context(), MODULE).parse_module()
    out = StringIO()
    ElidingPrinter(
        stream=out, elide_elements_larger_than=limit, print_generic_format=generic
    ).print_op(module)
    return out.getvalue()


def test_no_limit_prints_everything() -> None:
    assert ELIDED not in _print(None)


@pytest.mark.parametrize("generic", [False, True])
def test_elides_more_than_the_limit(generic: bool) -> None:
    text = _print(5, generic)
    assert text.count(ELIDED) == 2  # w (12 elements), q (6); not b (3) nor the splat s
    assert f"{ELIDED} : tensor<3x4xf32>" in text
    assert text.count("dense<") == 2  # b and s
    assert "[1, 2, 3, 4, 5, 6]" not in text
    assert _print(12, generic).count(ELIDED) == 0
