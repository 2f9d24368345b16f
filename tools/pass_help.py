"""What `asic-opt` says about passes: the list at the end of `--help`,
`--help-pass NAME`, and the diagnostics of a pipeline it cannot use.

- `--help` lists the project's passes first (those of `asic.universe`, in
  pipeline order), each with its one-line summary, then the names of the
  other passes installed (xDSL's own, other packages').
- `--help-pass NAME` prints a pass's summary, its options (as written in a
  pipeline, with type, default and meaning, from `asic.pass_options`) and
  its module docstring.
- A pipeline naming an unknown pass is a diagnostic with the closest names
  ("did you mean ...?"); one that xDSL's pipeline lexer rejects because an
  option value holds characters other than letters, digits, `-` and `_`
  (`calibrate{data=calib.npz}`) gets a hint to quote the value.

Pass classes are imported only here, when help is asked for or a pipeline
names them, so that a run imports only the passes it uses.
"""

from __future__ import annotations

import difflib
import inspect
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping

from xdsl.passes import ModulePass
from xdsl.utils.arg_spec import parse_pipeline
from xdsl.utils.exceptions import ArgSpecParseError

from asic.diagnostics import UserError
from asic.pass_options import options, summary

PassFactory = Callable[[], type[ModulePass]]

WIDTH = 100


def passes_text(project: Mapping[str, PassFactory], others: Iterable[str]) -> str:
    """The pass list at the end of `asic-opt --help`."""
    width = max(len(name) for name in project) + 2
    lines = ["asic-opt passes (asic-opt --help-pass NAME for options):"]
    for name, factory in project.items():
        lines += textwrap.wrap(
            summary(factory()),
            WIDTH,
            initial_indent=f"  {name:<{width}}",
            subsequent_indent=" " * (width + 2),
        )
    lines += ["", "other passes (xDSL and installed packages):"]
    lines += textwrap.wrap(
        ", ".join(sorted(others)),
        WIDTH,
        initial_indent="  ",
        subsequent_indent="  ",
        break_on_hyphens=False,
    )
    return "\n".join(lines)


def pass_text(name: str, cls: type[ModulePass]) -> str:
    """What `asic-opt --help-pass NAME` prints."""
    lines = [f"{name}: {summary(cls)}", ""]
    fields = options(cls)
    if fields:
        lines += [f"usage: -p '{name}{{option=value ...}}'", "", "options:"]
        for option in fields:
            lines.append(f"  {option.name}: {option.type}; default {option.default}")
            lines += textwrap.wrap(
                option.doc or "(undocumented)",
                WIDTH,
                initial_indent="      ",
                subsequent_indent="      ",
            )
    else:
        lines.append("options: none")
    description = inspect.getdoc(sys.modules[cls.__module__])
    if description:
        lines += ["", f"description ({cls.__module__}):", ""]
        lines += ["  " + line if line else "" for line in description.splitlines()]
    return "\n".join(lines)


def unknown_pass(name: str, available: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(available), n=3, cutoff=0.6)
    if not close:
        return "asic-opt --help lists the passes"
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def check_pipeline(pipeline: str, available: Mapping[str, PassFactory]) -> None:
    """Raise a UserError for a pipeline that does not parse or names an
    unknown pass (what xDSL's `PassPipeline.parse_spec` rejects), with hints."""
    try:
        specs = list(parse_pipeline(pipeline))
    except ArgSpecParseError as error:
        raise UserError("\n".join([str(error).rstrip(), *_quoting_hint(pipeline)])) from None
    unknown = [spec.name for spec in specs if spec.name not in available]
    if unknown:
        raise UserError(f"Unrecognized passes: {unknown}; {unknown_pass(unknown[0], available)}")


_BARE_VALUE = re.compile(r"(?<=[{\s,=])([A-Za-z0-9_-]+)=([^\"\s{},][^\s{},]*)")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+|[-+]?[0-9]+(\.[0-9]*([eE][-+]?[0-9]+)?)?")
"""An option value xDSL's lexer reads unquoted: a name or a number."""


def _quoting_hint(pipeline: str) -> list[str]:
    def quote(match: re.Match[str]) -> str:
        key, value = match.groups()
        return f'{key}="{value}"' if _TOKEN.fullmatch(value) is None else match.group(0)

    fixed = _BARE_VALUE.sub(quote, pipeline)
    if fixed == pipeline:
        return []
    hint = (
        "hint: quote an option value that is not a number, true, false or a name of letters, "
        f"digits, '-' and '_' (a file name): {fixed}"
    )
    return [hint, f"      (in a shell: -p '{fixed}')"]
