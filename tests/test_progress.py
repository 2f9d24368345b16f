"""Progress bars: shown on a terminal's stderr only, never with --quiet or
when stderr is a pipe or a file (so lit and pytest output is unchanged)."""

from __future__ import annotations

import io
import sys
import time

import pytest

from asic import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """Makes stderr a terminal; called in the test's body (pytest's capture
    sets stderr again after the fixtures)."""

    def make() -> Terminal:
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        return screen

    yield make
    progress.set_quiet(False)


def test_off_without_a_terminal(capsys):
    assert not progress.enabled()
    items = [1, 2, 3]
    assert progress.bar(items, "work") is items
    with progress.spinner("building"):
        pass
    assert capsys.readouterr().err == ""


def test_on_a_terminal(terminal):
    screen = terminal()
    assert progress.enabled()
    assert list(progress.bar(range(3), "calibrating", unit="batch")) == [0, 1, 2]
    with progress.spinner("building", refresh=0.01):
        time.sleep(0.05)
    shown = screen.getvalue()
    assert "calibrating" in shown and "building" in shown


def test_quiet_on_a_terminal(terminal):
    screen = terminal()
    progress.set_quiet(True)
    assert not progress.enabled()
    list(progress.bar(range(3), "calibrating"))
    with progress.spinner("building"):
        pass
    assert screen.getvalue() == ""
