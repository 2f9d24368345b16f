"""Pass options: how a pass declares, documents and checks its options.

A pass is a frozen dataclass deriving from `OptionsPass` (an xDSL
`ModulePass`); each dataclass field is an option, written with hyphens in a
pipeline (`tile{target-cycles=64}` sets `target_cycles`). The convention,
which `asic-opt --help`, `asic-opt --help-pass NAME` and the generated
documentation read:

- the first sentence of the class docstring is the pass's one-line summary;
  the module docstring is its full description;
- every option field is followed by its docstring (an attribute docstring, as
  xDSL documents its own dataclass fields): what the option means and which
  values it accepts;
- `__post_init__` checks the values and raises `ValueError` with a sentence
  that names the pass and the option (`tile: multipliers must be >= 1, got 0`).

`OptionsPass.from_spec`, which xDSL's pipeline parser calls (in `asic-opt`
and in `xdsl-opt`), turns every mistake in a pipeline into a
`PassOptionError` diagnostic: an unknown option with the closest option
names ("did you mean ...?"), a value of the wrong type with the option's
type and the values it accepts, and the pass's own checks. The first
sentence of the first two is xDSL's own message, so a message stays
recognizable across xDSL tools.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import inspect
import textwrap
import types
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, NamedTuple, Self, Union, get_args, get_origin, get_type_hints

from xdsl.passes import ModulePass
from xdsl.utils.arg_spec import ArgSpec, ParameterListType
from xdsl.utils.hints import isa

from asic.diagnostics import UserError


class PassOptionError(UserError):
    """A pass option that is unknown, of the wrong type, or out of range."""


class PassOption(NamedTuple):
    """One option of a pass, as its help shows it."""

    name: str
    """As written in a pipeline (hyphens)."""
    type: str
    """What values it takes, in words (`an integer, or none`)."""
    default: str
    """The default as written in a pipeline (`none`, `true`, `8`, `"minmax"`)."""
    doc: str
    """The field's docstring (empty when it has none)."""


@dataclass(frozen=True)
class OptionsPass(ModulePass):
    """A `ModulePass` whose options are documented by their field docstrings
    and whose option errors are diagnostics (see the module docstring)."""

    @classmethod
    def from_spec(cls, spec: ArgSpec) -> Self:
        given = spec.normalize_parameter_names().parameters
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
        unknown = [name for name in given if name not in fields]
        if unknown:
            expected = ", ".join(f'"{f.name}"' for f in dataclasses.fields(cls))
            provided = ", ".join(f'"{name}"' for name in unknown)
            raise PassOptionError(
                f"Provided arguments [{provided}] not found in expected arguments "
                f"[{expected}]: {_unknown_option(cls, unknown[0])}"
            )
        hints = get_type_hints(cls)
        for name, values in given.items():
            if not accepts(hints[name], values):
                raise PassOptionError(_bad_value(cls, name, hints[name], values))
        try:
            return super().from_spec(spec)
        except ValueError as error:  # the pass's own checks (__post_init__)
            raise PassOptionError(str(error)) from None


def summary(cls: type[ModulePass]) -> str:
    """A pass's one-line summary: the first sentence of its class docstring."""
    return first_sentence(inspect.getdoc(cls) or "")


def options(cls: type[ModulePass]) -> list[PassOption]:
    """A pass's options, in the order of its fields."""
    docs = field_docs(cls)
    hints = get_type_hints(cls)
    return [
        PassOption(
            option_name(f.name),
            describe_type(hints[f.name]),
            format_value(_default(f)),
            docs.get(f.name, ""),
        )
        for f in dataclasses.fields(cls)
        if f.init
    ]


def option_name(field_name: str) -> str:
    return field_name.replace("_", "-")


def first_sentence(doc: str) -> str:
    """The first sentence of a docstring's first paragraph, on one line."""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def field_docs(cls: type) -> dict[str, str]:
    """The attribute docstrings of a dataclass's fields (the string literal
    right after a field), from its class and its bases."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__ not in ("builtins", "abc") and dataclasses.is_dataclass(klass):
            docs |= _class_field_docs(klass)
    return docs


@cache
def _class_field_docs(cls: type) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):  # no source (a class made at run time)
        return {}
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    for node, after in zip(body.body, body.body[1:]):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def accepts(hint: Any, values: ParameterListType) -> bool:
    """Whether xDSL's option parser converts `values` (what a pipeline
    gave, `()` for a bare `name`) to a field of type `hint`."""
    if not values and get_origin(hint) in (Union, types.UnionType):
        return types.NoneType in get_args(hint)
    return (len(values) == 1 and isa(values[0], hint)) or isa(values, hint)


_WORDS: dict[Any, tuple[str, str]] = {
    int: ("an integer", "integers"),
    float: ("a number", "numbers"),
    str: ("a string", "strings"),
    bool: ("true or false", "booleans"),
}
"""Per type: the words for one value, and for a comma-separated list."""


def describe_type(hint: Any) -> str:
    """The values of a field type, in words: `an integer`, `a number, or
    none`, `comma-separated integers`, `one of "a", "b"`."""
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        choices = [a for a in args if a is not types.NoneType]
        if set(choices) == {int, float}:
            words = "a number"
        else:
            words = " or ".join(describe_type(a) for a in choices)
        return f"{words}, or none" if types.NoneType in args else words
    if origin is tuple:
        element = args[0]
        plural = _WORDS[element][1] if element in _WORDS else describe_type(element)
        return f"comma-separated {plural}"
    if origin is Literal:
        return "one of " + ", ".join(format_value(a) for a in args)
    return _WORDS[hint][0] if hint in _WORDS else getattr(hint, "__name__", str(hint))


def format_value(value: object) -> str:
    """A value as written in a pipeline."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return ",".join(format_value(v) for v in value) or "(empty)"
    return str(value)


def _default(field: dataclasses.Field[Any]) -> object:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None


def _unknown_option(cls: type[OptionsPass], name: str) -> str:
    names = [option.name for option in options(cls)]
    written = option_name(name)
    close = difflib.get_close_matches(written, names, n=2, cutoff=0.6)
    if close:
        suggestion = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    elif names:
        suggestion = "its options are " + ", ".join(names)
    else:
        suggestion = "it takes no options"
    return f"{cls.name} has no option '{written}'; {suggestion}"


def _bad_value(cls: type[OptionsPass], name: str, hint: Any, values: ParameterListType) -> str:
    written = option_name(name)
    if not values:
        return f"{cls.name}: option '{written}' needs a value ({describe_type(hint)})"
    given = ",".join(format_value(v) if isinstance(v, bool) else str(v) for v in values)
    xdsl_type = hint.__name__ if isinstance(hint, type) else str(hint)
    return (
        f"Incompatible types: given {values}, expected {xdsl_type}: "
        f"{cls.name} option '{written}' takes {describe_type(hint)}; got '{given}'"
    )
