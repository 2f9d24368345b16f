"""The README's two set-up commands are exactly what CI runs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    marked = [i for i, line in enumerate(lines) if line.startswith("# README, ")]
    return [lines[i + 1] for i in marked]


def test_ci_runs_the_readme_commands() -> None:
    commands = _ci_commands()
    assert len(commands) == 2, "CI must run the install command and the test command"
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Set up and test", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.strip() for line in block.strip().splitlines()] == commands


def test_ci_installs_the_system_packages_of_the_readme() -> None:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    start = lines.index("# README (system packages of the ASIC flow), as root:")
    commands = [line for line in lines[start + 1 :] if line.startswith("apt-get")][:2]
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## System packages of the ASIC flow", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.strip() for line in block.strip().splitlines()] == commands
