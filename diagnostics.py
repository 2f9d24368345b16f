"""How the command-line tools report errors on bad input.

Every error a user can cause (unparsable or invalid IR, an unsupported ONNX
model, a pass that cannot apply, a missing or malformed input file) is printed
to stderr as a diagnostic and the tool exits with status 1: no Python
traceback, and no output file is written. Anything else is a bug in asic-opt
and keeps its traceback.
"""

from __future__ import annotations

import argparse
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
    the failing op)."""
    text = str(error)
    if isinstance(error, OSError) and error.filename is not None:
        text = f"cannot read '{error.filename}': {error.strerror}"
    notes = getattr(error, "__notes__", [])
    return "\n".join([text, *notes]).rstrip("\n")


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
