"""Feedback on long work: progress bars (tqdm) on the terminal.

`spinner(what)` is a context manager showing `what` with the elapsed time
(refreshed a few times a second) while a step of unknown length runs (a
Verilator build, a Yosys run); `bar(items, what, total)` iterates over
`items` with a bar of the part done (calibration batches); `counter(what,
total)` a bar advanced by hand (frames a subprocess reports).

They write to stderr, and only when stderr is a terminal and the tool was
not asked to be quiet (`set_quiet(True)`, the tools' `--quiet`); otherwise
they print nothing, so the output of lit, pytest, pipes and files is the
same with or without them. The bar disappears when its step ends.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_quiet = False


def set_quiet(quiet: bool) -> None:
    """Turn the bars off (a tool's `--quiet`) or back on."""
    global _quiet
    _quiet = quiet


def enabled() -> bool:
    """Whether bars are shown: stderr is a terminal and not quiet."""
    return not _quiet and sys.stderr.isatty()


@contextmanager
def spinner(what: str, refresh: float = 0.25) -> Iterator[None]:
    """`what` and the elapsed time on stderr while the body runs."""
    if not enabled():
        yield
        return
    from tqdm import tqdm

    shown = tqdm(total=None, desc=what, bar_format="{desc} {elapsed}", file=sys.stderr, leave=False)
    done = threading.Event()

    def tick() -> None:
        while not done.wait(refresh):
            shown.refresh()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        shown.close()


def bar(items: Iterable[T], what: str, total: int | None = None, unit: str = "it") -> Iterable[T]:
    """`items`, with a bar of the part done on stderr while they are used."""
    if not enabled():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=what, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)


def counter(what: str, total: int, unit: str = "it"):
    """A bar the caller advances (`update(n)`, `close()`), for work whose
    steps are reported from elsewhere; only when `enabled()`."""
    from tqdm import tqdm

    return tqdm(desc=what, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)
