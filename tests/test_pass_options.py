"""Pass options (`asic.pass_options`): every pass of the project follows the
documentation convention, the type check agrees with xDSL's option parser,
and option mistakes are `PassOptionError` diagnostics."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.arg_spec import ArgSpec, _convert_arg_to_type, parse_spec

from asic.pass_options import (
    OptionsPass,
    PassOptionError,
    accepts,
    describe_type,
    field_docs,
    first_sentence,
    options,
    summary,
)
from asic.universe import PASSES


@pytest.mark.parametrize("name", PASSES)
def test_every_pass_is_documented(name: str) -> None:
    cls = PASSES[name]()
    assert issubclass(cls, OptionsPass) and cls.name == name
    line = summary(cls)
    assert line.endswith(".") and "docstring" not in line and "documentation" not in line
    assert 20 < len(line) < 160, line
    for option in options(cls):
        assert option.doc, f"{name}: option {option.name} has no docstring"


@dataclass(frozen=True)
class ExamplePass(OptionsPass):
    """Do nothing, with options of every type. More text."""

    name = "example"

    count: int = 1
    """How many."""
    limit: int | None = None
    ratio: float | int | None = None
    """A fraction."""
    flag: bool = True
    words: tuple[str, ...] = ()
    widths: tuple[int, ...] = (2, 4)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError(f"example: count must be >= 0, got {self.count}")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        pass


def test_docs_of_fields_and_class() -> None:
    assert summary(ExamplePass) == "Do nothing, with options of every type."
    assert field_docs(ExamplePass) == {"count": "How many.", "ratio": "A fraction."}
    assert [(o.name, o.type, o.default) for o in options(ExamplePass)] == [
        ("count", "an integer", "1"),
        ("limit", "an integer, or none", "none"),
        ("ratio", "a number, or none", "none"),
        ("flag", "true or false", "true"),
        ("words", "comma-separated strings", "(empty)"),
        ("widths", "comma-separated integers", "2,4"),
    ]


def test_first_sentence() -> None:
    assert first_sentence("One line\n    continued. Second.\n\nMore.") == "One line continued."
    assert first_sentence("No period") == "No period"
    assert first_sentence("Uses `a.b` inside. Then.") == "Uses `a.b` inside."


def test_describe_literal() -> None:
    from typing import Literal

    assert describe_type(Literal["a", "b"]) == 'one of "a", "b"'


VALUES = st.lists(
    st.one_of(st.integers(-5, 5), st.floats(-2, 2), st.booleans(), st.sampled_from(["x", "1"])),
    max_size=3,
).map(tuple)
HINTS = [int, float, bool, str, int | None, float | int | None, str | None, str | bool,
         tuple[int, ...], tuple[str, ...], tuple[int, ...] | None]  # fmt: skip


@given(VALUES, st.sampled_from(HINTS))
def test_accepts_agrees_with_xdsl(values: tuple, hint: object) -> None:
    try:
        _convert_arg_to_type(values, hint)
        converts = True
    except ValueError:
        converts = False
    assert accepts(hint, values) == converts


def spec(text: str) -> ArgSpec:
    return parse_spec(text)


def test_from_spec() -> None:
    made = ExamplePass.from_spec(spec("example{count=3 ratio=0.5 words=a,b}"))
    assert (made.count, made.ratio, made.words) == (3, 0.5, ("a", "b"))


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "example{cuont=1}",
            (
                'Provided arguments ["cuont"] not found in expected arguments ["count", "limit", '
                '"ratio", "flag", "words", "widths"]: example has no option \'cuont\'; did you '
                "mean 'count'?"
            ),
        ),
        ("example{zzz=1}", "example has no option 'zzz'; its options are count, limit, ratio"),
        (
            "example{count=x}",
            (
                "Incompatible types: given ('x',), expected int: example option 'count' takes "
                "an integer; got 'x'"
            ),
        ),
        ("example{limit=1.5}", "example option 'limit' takes an integer, or none; got '1.5'"),
        ("example{flag=1}", "example option 'flag' takes true or false; got '1'"),
        (
            "example{widths=2,x}",
            "example option 'widths' takes comma-separated integers; got '2,x'",
        ),
        ("example{count}", "example: option 'count' needs a value (an integer)"),
        ("example{count=-1}", "example: count must be >= 0, got -1"),
    ],
)
def test_option_errors(text: str, message: str) -> None:
    with pytest.raises(PassOptionError) as error:
        ExamplePass.from_spec(spec(text))
    assert message in str(error.value)
