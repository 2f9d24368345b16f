"""The one custom syntax of the nn and qnt ops, and of the dataflow engines.

`PropertySyntaxOp`: base of an op written `operands, non-default properties
as 'name value' pairs, attribute dictionary, types` (the syntax is
described in `asic.dialects.nn`); `SYNTAX` lists its properties and their
`PropertyKind` (`INTS`, `INT`, `FLOAT`, `BOOL`, `STRING`): how a property
is typed, printed and parsed."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, ClassVar

from xdsl.dialects.builtin import (
    DenseArrayBase,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    StringAttr,
    i1,
    i64,
)
from xdsl.ir import Attribute
from xdsl.irdl import (
    IRDLOperation,
    OptPropertyDef,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer

if TYPE_CHECKING:
    pass

from asic.dialects.attributes import bool_attr, f64_attr, format_float, i64_array, i64_attr, ints
from asic.dialects.checks import fail


I64_RANGE = (-(2**63), 2**63 - 1)
"""The integers of an i64 property, list element or type parameter."""


def parse_i64(parser: AttrParser, context_msg: str = "", *, allow_negative: bool = True) -> int:
    """An integer literal that fits in i64 (a larger one is a parse error at
    the literal, not an overflow when the attribute is built)."""
    start = parser.pos
    value = parser.parse_integer(
        allow_boolean=False, allow_negative=allow_negative, context_msg=context_msg
    )
    check_i64(parser, value, start)
    return value


def check_i64(parser: AttrParser, value: int, start: int) -> None:
    """A parse error at `start` unless `value` fits in i64."""
    lo, hi = I64_RANGE
    if not lo <= value <= hi:
        parser.raise_error(
            f"integer {value} is out of range: it must fit in i64 [{lo}, {hi}]", start, parser.pos
        )


class PropertyKind:
    """The kind of value a property of the custom syntax takes."""

    description: ClassVar[str]

    def matches(self, attr: Attribute) -> bool:
        raise NotImplementedError

    def print(self, printer: Printer, attr: Attribute) -> None:
        raise NotImplementedError

    def parse(self, parser: Parser, name: str) -> Attribute:
        raise NotImplementedError


class _Ints(PropertyKind):
    description = "an array<i64: ...>"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, DenseArrayBase) and attr.elt_type == i64

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, DenseArrayBase)
        printer.print_string("[" + ", ".join(str(v) for v in ints(attr)) + "]")

    def parse(self, parser: Parser, name: str) -> Attribute:
        if parser.parse_optional_punctuation("[") is None:
            parser.raise_error(f"expected a list of integers like [1, 1] after '{name}'")
        values: list[int] = []
        if parser.parse_optional_punctuation("]") is None:
            while True:
                values.append(parse_i64(parser, f" in the list of '{name}'"))
                if parser.parse_optional_punctuation(",") is None:
                    break
            parser.parse_punctuation("]", f" to end the list of '{name}'")
        return i64_array(values)


class _Int(PropertyKind):
    description = "an i64 integer"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, IntegerAttr) and attr.type == i64

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, IntegerAttr)
        printer.print_string(str(attr.value.data))

    def parse(self, parser: Parser, name: str) -> Attribute:
        start = parser.pos
        value = parser.parse_optional_integer(allow_boolean=False)
        if value is None:
            parser.raise_error(f"expected an integer after '{name}'")
        check_i64(parser, value, start)
        return i64_attr(value)




class _Float(PropertyKind):
    description = "an f64 float"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, FloatAttr) and attr.type == Float64Type()

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, FloatAttr)
        printer.print_string(format_float(float(attr.value.data)))

    def parse(self, parser: Parser, name: str) -> Attribute:
        sign = -1.0 if parser.parse_optional_punctuation("-") is not None else 1.0
        value: float | None = parser.parse_optional_float(allow_negative=False)
        if value is None:
            start = parser.pos
            integer = parser.parse_optional_integer(allow_boolean=False, allow_negative=False)
            try:
                value = float(integer) if integer is not None else None
            except OverflowError:
                parser.raise_error(f"integer {integer} is too large for an f64 '{name}'", start, parser.pos)
        if value is None and (word := parser.parse_optional_keyword_in(("inf", "nan"))):
            value = math.inf if word == "inf" else math.nan
        if value is None:
            parser.raise_error(
                f"expected a float after '{name}' (like 0.5, 1.0e-05, 2, inf or nan)"
            )
        return f64_attr(sign * value)


class _Bool(PropertyKind):
    description = "an i1 flag (true or false)"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, IntegerAttr) and attr.type == i1

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, IntegerAttr)
        printer.print_string("true" if attr.value.data else "false")

    def parse(self, parser: Parser, name: str) -> Attribute:
        value = parser.parse_optional_boolean()
        if value is None:
            parser.raise_error(f"expected true or false after '{name}'")
        return bool_attr(value)


class _String(PropertyKind):
    description = "a string"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, StringAttr)

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, StringAttr)
        printer.print_string_literal(attr.data)

    def parse(self, parser: Parser, name: str) -> Attribute:
        value = parser.parse_optional_str_literal()
        if value is None:
            parser.raise_error(f"expected a string literal after '{name}'")
        return StringAttr(value)


INTS, INT, FLOAT, BOOL, STRING = _Ints(), _Int(), _Float(), _Bool(), _String()


class PropertySyntaxOp(IRDLOperation):
    """Base of the ops of the nn and qnt dialects (but their constants): the
    shared custom syntax.

    `SYNTAX` lists every property of the op, in printing order, with its
    `PropertyKind` (`INTS`, `INT`, `FLOAT`, `BOOL`, `STRING`). A property
    equal to its IRDL default is omitted when printing and filled in when
    parsing. `verify_` checks the kinds of the properties and that no
    attribute shadows a property, then calls `verify_semantics`, which the
    ops override.
    """

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {}

    def verify_(self) -> None:
        for name, kind in self.SYNTAX.items():
            attr = self.properties.get(name)
            if attr is not None and not kind.matches(attr):
                fail(f"property '{name}' must be {kind.description}, got {attr}")
        for name in self.attributes:
            if name in self.SYNTAX:
                fail(
                    f"'{name}' is a property of {self.name}, not an attribute: "
                    f"write it in the properties <{{...}}> or as '{name} <value>' "
                    "in the custom syntax"
                )
        self.verify_semantics()

    def verify_semantics(self) -> None:
        """Op-specific verification (shapes, property values)."""

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.operands, printer.print_operand)
        prop_defs = self.get_irdl_definition().properties
        for name, kind in self.SYNTAX.items():
            value = self.properties.get(name)
            if value is None or value == prop_defs[name].default_value:
                continue
            printer.print_string(f" {name} ")
            if kind.matches(value):
                kind.print(printer, value)
            else:  # invalid IR (a wrongly typed property): show it as it is
                printer.print_attribute(value)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        types = [o.type for o in self.operands] + [r.type for r in self.results]
        if len(self.results) == 1 and all(t == types[0] for t in types):
            printer.print_attribute(types[0])
        else:
            printer.print_function_type(
                [o.type for o in self.operands], [r.type for r in self.results]
            )

    @classmethod
    def parse(cls, parser: Parser) -> PropertySyntaxOp:
        operands = parser.parse_optional_undelimited_comma_separated_list(
            parser.parse_optional_unresolved_operand, parser.parse_unresolved_operand
        ) or []
        properties: dict[str, Attribute] = {}
        while True:
            start = parser.pos
            name = parser.parse_optional_identifier()
            if name is None:
                break
            if name not in cls.SYNTAX and "." in name:  # the next op: no types
                parser.raise_error(
                    f"expected ':' and the types of {cls.name}", start, parser.pos
                )
            if name not in cls.SYNTAX:
                expected = (
                    f"expected one of {', '.join(cls.SYNTAX)}"
                    if cls.SYNTAX
                    else f"{cls.name} has no properties"
                )
                if re.fullmatch(r"[eE][0-9]*", name):
                    expected += " (a float with an exponent needs a '.', like 1.0e-05)"
                parser.raise_error(
                    f"unknown property '{name}' of {cls.name}, {expected}", start, parser.pos
                )
            if name in properties:
                parser.raise_error(f"property '{name}' is given twice", start, parser.pos)
            properties[name] = cls.SYNTAX[name].parse(parser, name)
        attributes = parser.parse_optional_attr_dict()
        pos = parser.pos
        # All properties in the op's order, defaults filled in, so that the
        # generic form prints them in one order however they were written.
        prop_defs = cls.get_irdl_definition().properties
        for name in cls.SYNTAX:
            if name in properties:
                properties[name] = properties.pop(name)
            elif (default := prop_defs[name].default_value) is not None:
                properties[name] = default
            elif not isinstance(prop_defs[name], OptPropertyDef):
                parser.raise_error(f"{cls.name} needs property '{name}'", pos)
        parser.parse_punctuation(":")
        pos = parser.pos
        if parser.parse_optional_punctuation("(") is not None:
            input_types = parser.parse_optional_undelimited_comma_separated_list(
                parser.parse_optional_type, parser.parse_type
            ) or []
            end = parser.pos + 1
            parser.parse_punctuation(")")
            if len(input_types) != len(operands):
                parser.raise_error(
                    f"expected {len(operands)} operand types, got {len(input_types)}",
                    pos,
                    end,
                )
            parser.parse_punctuation("->")
            if parser.parse_optional_punctuation("(") is not None:  # several results
                result_types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
                parser.parse_punctuation(")")
            else:
                result_types = [parser.parse_type()]
        else:
            ty = parser.parse_type()
            if parser.parse_optional_punctuation("->") is not None:
                parser.raise_error(
                    "operand types of the functional form must be in parentheses, "
                    "like (T1, T2) -> T3",
                    pos,
                    parser.pos,
                )
            input_types = [ty] * len(operands)
            result_types = [ty]
        resolved = parser.resolve_operands(operands, input_types, pos)
        return cls.create(
            operands=resolved,
            result_types=result_types,
            properties=properties,
            attributes=attributes,
        )
