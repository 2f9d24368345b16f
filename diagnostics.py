"""How the command-line tools report errors on bad input.

Every error a user can cause (unparsable or invalid IR, an unsupported ONNX
model, a pass that cannot apply, a missing or malformed input file) is printed
to stderr as a diagnostic and the tool exits with status 1: no Python
traceback, and no output file is written. Anything else is a bug in asic-opt
and keeps its traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

from xdsl.utils.exceptions import (
    ArgSpecParseError,
    DiagnosticException,
    InterpretationError,
    ParseError,
)

T = TypeVar("T")


class UserError(DiagnosticException):
    """An error in what the user gave a tool (files, options, inputs)."""


USER_ERRORS: tuple[type[BaseException], ...] = (
    DiagnosticException,
    ParseError,
    ArgSpecParseError,
    InterpretationError,
    OSError,
)


def format_error(error: BaseException) -> str:
    """The text of a diagnostic, with the notes xDSL attaches (the IR around
    the failing op, cut down by `ir_excerpt`)."""
    text = str(error)
    if isinstance(error, OSError) and error.filename is not None:
        text = f"cannot read '{error.filename}': {error.strerror}"
    if isinstance(error, ParseError):
        text = _cut_long_source_lines(text)
    notes = [ir_excerpt(note) for note in getattr(error, "__notes__", [])]
    return "\n".join([text, *notes]).rstrip("\n")


EXCERPT_CONTEXT = 3
"""Lines of IR shown before and after the failing op."""

_MARKER = re.compile(r"^\s*\^+-*$")
_LITERAL = re.compile(r"\b(dense|array)<")
_LONG_LINE = 160
_LONG_BODY = 40


def ir_excerpt(note: str, context: int = EXCERPT_CONTEXT) -> str:
    """A note holding a whole module, with xDSL's marker under the failing op
    (`^^^`, then `| message` lines and a line of dashes), cut down to the op
    and `context` lines on each side, with long `dense<...>` and
    `array<...>` literals elided; other notes longer than `2 * context + 1`
    lines keep their first and last lines."""
    lines = note.rstrip("\n").split("\n")
    marks = [i for i, line in enumerate(lines) if _MARKER.match(line)]
    if not marks:
        if len(lines) > 2 * context + 1:
            lines = [*lines[:context], "...", *lines[-context:]]
        return "\n".join(elide_literals(line) for line in lines)
    mark = marks[0]
    end = mark + 1
    while end < len(lines) and lines[end].lstrip().startswith("|"):
        end += 1
    if end < len(lines) and set(lines[end].strip()) == {"-"}:
        end += 1
    first, last = max(0, mark - 1 - context), min(len(lines), end + context)
    kept = [elide_literals(line) for line in lines[first:mark]]
    kept += lines[mark:end] + [elide_literals(line) for line in lines[end:last]]
    if first > 0:
        kept.insert(0, "...")
    if last < len(lines):
        kept.append("...")
    return "\n".join(kept)


def elide_literals(line: str) -> str:
    """`line` with the body of every `dense<...>` or `array<...>` longer than
    a few dozen characters shown as `...`, when the line is long."""
    if len(line) <= _LONG_LINE:
        return line
    out: list[str] = []
    i = 0
    while True:
        match = _LITERAL.search(line, i)
        if match is None:
            out.append(line[i:])
            return "".join(out)
        body_start = match.end()
        body_end = _closing_angle(line, body_start)
        out.append(line[i:body_start])
        if body_end - body_start > _LONG_BODY:
            out.append("...")
        else:
            out.append(line[body_start:body_end])
        i = body_end


def _closing_angle(line: str, start: int) -> int:
    """The index of the `>` closing the `<` before `start` (quotes and
    nested brackets skipped), or the end of the line."""
    depth, quoted, i = 1, False, start
    while i < len(line):
        c = line[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c == "<":
            depth += 1
        elif c == ">" and line[i - 1] != "-":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(line)


_CARETS = re.compile(r"^( *)(\^+)\s*$")
_SOURCE_WINDOW = 80
"""Characters of a long source line shown on each side of a parse error."""


def _cut_long_source_lines(text: str) -> str:
    """A parse error's text with each long source line above a `^^^` marker
    cut to `_SOURCE_WINDOW` characters on each side of the marker, the
    marker and the message below it moved with it (a line of deeply nested
    or minified IR may be megabytes long)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        carets = _CARETS.match(lines[i + 1])
        line = lines[i]
        if carets is None or len(line) <= _LONG_LINE:
            continue
        column = len(carets.group(1))
        width = min(len(carets.group(2)), _SOURCE_WINDOW)
        start, end = max(0, column - _SOURCE_WINDOW), min(len(line), column + width + _SOURCE_WINDOW)
        head, tail = ("..." if start > 0 else ""), ("..." if end < len(line) else "")
        shown = len(head) + column - start
        lines[i] = head + line[start:end] + tail
        lines[i + 1] = " " * shown + "^" * max(1, min(width, end - column))
        j = i + 2  # the message, indented to the marker
        while j < len(lines) and lines[j].startswith(" " * column) and lines[j].strip():
            lines[j] = " " * shown + lines[j][column:]
            j += 1
    return "\n".join(lines)


def fail(tool: str, message: str) -> NoReturn:
    print(f"{tool}: error: {message}", file=sys.stderr)
    sys.exit(1)


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are diagnostics of the tool
    named `prog` (usage, then `prog: error: ...`, status 1)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        fail(self.prog, message)


def run_reporting_errors(tool: str, action: Callable[[], T]) -> T:
    """Run `action`; turn a user error into a diagnostic and exit status 1."""
    try:
        return action()
    except USER_ERRORS as error:
        fail(tool, format_error(error))
