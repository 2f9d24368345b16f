"""Textual IR as the tools read it: located ops, readable verifier errors.

- `parse_ir(ctx, data, path)`: the bytes of a `.mlir` file to a module. A
  file that is not UTF-8 text (an ONNX model named `.mlir`, say) is a
  diagnostic, and so is one of only blanks and comments. Ops are parsed
  with `LocatedParser`, which gives every op
  without an explicit `loc(...)` the `FileLineColLoc` of its first token
  (where its results start), as MLIR's parser does; the printer shows
  locations only with `--print-debuginfo`. Its lexer reads string
  literals in linear time (`_Lexer`), a dense literal of more than
  `MAX_CONSTANT_ELEMENTS` elements is refused before xDSL expands it, and
  a literal xDSL cannot turn into an attribute (a value or size out of
  range) is a parse error at the op, and so is IR nested deeper than the
  parser's recursion can follow (a few hundred levels).
- `verify_module(module)`: `module.verify()`, whose error, when a verifier
  fails, names the op's location and shows only the lines of IR around it
  (`locating_verify_errors`; the excerpt is `asic.diagnostics.ir_excerpt`'s).
"""

from __future__ import annotations

import bisect
import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from xdsl.context import Context
from xdsl.dialects.builtin import (
    FileLineColLoc,
    IntAttr,
    ModuleOp,
    ShapedType,
    StringAttr,
    UnknownLoc,
)
from xdsl.dialects.func import FuncOp
from xdsl.ir import Attribute, Block, Operation, OpResult, SSAValue
from xdsl.parser import Parser
from xdsl.parser.generic_parser import ParserState
from xdsl.utils.exceptions import ParseError, VerifyException
from xdsl.utils.lexer import Input
from xdsl.utils.mlir_lexer import MLIRLexer, MLIRTokenKind

from asic.diagnostics import UserError
from asic.dialects.attributes import MAX_CONSTANT_ELEMENTS


class _Lexer(MLIRLexer):
    """xDSL's lexer with a string literal pattern that cannot backtrack:
    xDSL 0.74's repeats a repeated group (`(?:[^"...]+|...)*`), so an
    unterminated string literal took time exponential in the length of its
    line. This one matches the same strings as runs of plain characters
    between escapes ("unrolling the loop"), in linear time."""

    _unescaped_characters_regex = re.compile(
        r'"[^"\\\n\v\f]*(?:\\(?:["nt\\]|[0-9A-Fa-f]{2})[^"\\\n\v\f]*)*"'
    )


class LocatedParser(Parser):
    """xDSL's parser, recording each op's position as its location.
    `line_offset` is added to line numbers (a chunk of a split file)."""

    def __init__(self, ctx: Context, text: str, name: str = "<unknown>", line_offset: int = 0):
        super().__init__(ctx, "", name)
        self._parser_state = ParserState(_Lexer(Input(text, name)))
        self._line_offset = line_offset
        self._line_starts: list[int] | None = None

    def parse_module(self, allow_implicit_module: bool = True) -> ModuleOp:
        """xDSL's; IR nested deeper than the parser's recursion can follow
        (regions, attributes or types inside each other, some hundreds
        deep) is a parse error where it gave up."""
        try:
            module = super().parse_module(allow_implicit_module)
        except RecursionError:
            pass
        else:
            check_defined_before_use(module)
            return module
        self.raise_error(
            f"the IR nests too deeply here to be read (regions, attributes or types inside each "
            f"other beyond Python's recursion limit of {sys.getrecursionlimit()} frames)"
        )

    def parse_operation(self) -> Operation:
        start = self._current_token.span.start
        try:
            op = super().parse_operation()
        except (ValueError, OverflowError) as error:
            # An attribute xDSL builds from a literal it did not check (an
            # element count beyond the index type, a value beyond its type).
            self.raise_error(f"invalid op: {error}", start, self.pos)
        if isinstance(op.location, UnknownLoc):
            line, column = self._line_and_column(start)
            op.location = FileLineColLoc(
                StringAttr(self.lexer.input.name), IntAttr(line), IntAttr(column)
            )
        return op

    def parse_dense_int_or_fp_elements_attr(self, type):  # noqa: A002 - xDSL's name
        """xDSL's, after checking that the literal's type (read ahead, after
        the literal) has at most `MAX_CONSTANT_ELEMENTS` elements: xDSL
        expands a splat to all of them."""
        ahead = type
        if ahead is None:
            start = self._current_token.span.start
            ahead = self._dense_type_ahead()
            self._resume_from(start)
        if isinstance(ahead, ShapedType):
            count = math.prod(ahead.get_shape())
            if count > MAX_CONSTANT_ELEMENTS:
                self.raise_error(
                    f"a dense literal of type {ahead} has {count} elements; a literal holds at "
                    f"most {MAX_CONSTANT_ELEMENTS} (MAX_CONSTANT_ELEMENTS)"
                )
        return super().parse_dense_int_or_fp_elements_attr(type)

    def _dense_type_ahead(self) -> Attribute | None:
        """The type after the dense literal at the current `<`, or None."""
        depth = 0
        while True:
            kind = self._current_token.kind
            if kind == MLIRTokenKind.EOF:
                return None
            self._consume_token()
            depth += {MLIRTokenKind.LESS: 1, MLIRTokenKind.GREATER: -1}.get(kind, 0)
            if depth == 0:
                break
        if self.parse_optional_punctuation(":") is None:
            return None
        try:
            return self.parse_optional_type()
        except ParseError:
            return None

    def _line_and_column(self, position: int) -> tuple[int, int]:
        if self._line_starts is None:
            text = self.lexer.input.content
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        index = bisect.bisect_right(self._line_starts, position) - 1
        return index + 1 + self._line_offset, position - self._line_starts[index] + 1


def parse_ir(ctx: Context, data: bytes, path: str, line_offset: int = 0) -> ModuleOp:
    """The module in the text `data` of the file `path`, parsed with
    located ops (not verified)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(
            f"'{path}' is not a text file (byte {error.start} is not UTF-8): textual IR is "
            "UTF-8 text (.mlir); an ONNX model is read by its .onnx name"
        ) from None
    if _NO_IR.fullmatch(text):
        chunk = f" (the chunk of --split-input-file at line {line_offset + 1})" if line_offset else ""
        raise UserError(
            f"'{path}'{chunk} holds no IR (only blanks and comments): a module "
            "(builtin.module {...}) or the ops of one is expected"
        )
    return LocatedParser(ctx, text, path, line_offset).parse_module()


_NO_IR = re.compile(r"(?:\s|//[^\n]*)*")


def check_defined_before_use(module: ModuleOp) -> None:
    """In a function's body, every operand of an op is defined above it:
    earlier in the body or as an argument (SSA dominance, which xDSL's
    verifier does not check and the interpreters rely on). A function of
    more than one block is left to its branches; the regions inside a
    function's ops check their own order (a dataflow.graph's engines come
    in stream order), and hw.module bodies (graph regions, registers
    feeding back) are not functions."""
    for function in module.walk():
        if not isinstance(function, FuncOp):
            continue
        for op in (op for block in function.body.blocks for op in block.ops):
            for index, operand in enumerate(op.operands):
                problem = _not_above(op, operand)
                if problem:
                    raise UserError(f"{where(op)}: operand #{index} %{operand.name_hint or '?'} {problem}")


def _not_above(op: Operation, value: SSAValue) -> str | None:
    """Why `value` is not defined above `op`, or None."""
    block = value.owner.parent_block() if isinstance(value, OpResult) else value.owner
    ancestor: Operation | None = op
    while ancestor is not None and ancestor.parent_block() is not block:
        ancestor = ancestor.parent_op()
    if ancestor is None:
        region = block.parent if isinstance(block, Block) else None
        if region is not None and len(region.blocks) > 1:
            return None
        definer = value.owner if isinstance(value, OpResult) else block.parent_op()
        inside = where(definer) if definer is not None else "another region"
        return f"is defined inside {inside}, whose region does not enclose this use"
    if isinstance(value, OpResult) and not value.owner.is_before_in_block(ancestor):
        return f"is used before it is defined ({where(value.owner)}): a value is defined above its uses"
    return None


def verify_module(module: ModuleOp) -> None:
    """Verify `module`; a failing verifier is located (`locating_verify_errors`)."""
    with locating_verify_errors(module):
        module.verify()


@contextmanager
def locating_verify_errors(module: ModuleOp) -> Iterator[None]:
    """Add where the failing op is to a `VerifyException` raised in the
    block, as the first of its notes: `file:line:col: op 'nn.relu' does not
    verify`, or the op's name and results when it was not parsed from text.
    The failing op is found by verifying each op of `module` alone; an
    error raised on an op outside `module` is left as it is."""
    try:
        yield
    except VerifyException as error:
        op = _failing_op(module, str(error))
        if op is not None:
            if not hasattr(error, "__notes__"):
                error.__notes__ = []
            error.__notes__.insert(0, f"{where(op)} does not verify:")
        raise


def where(op: Operation) -> str:
    """`file:line:col: op 'name'` for a parsed op, else `op 'name'` and its
    result names."""
    loc = op.location
    if isinstance(loc, FileLineColLoc):
        return f"{loc.filename.data}:{loc.line.data}:{loc.column.data}: op '{op.name}'"
    results = ", ".join(f"%{r.name_hint}" for r in op.results if r.name_hint)
    return f"op '{op.name}'" + (f" (result {results})" if results else "")


def _failing_op(module: ModuleOp, message: str) -> Operation | None:
    for op in module.walk():
        try:
            op.verify(verify_nested_ops=False)
        except VerifyException as error:
            if str(error) == message:
                return op
    return None
