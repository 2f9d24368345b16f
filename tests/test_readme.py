"""The README's two commands are those of the `run` script, CI runs the
test one, and the Debian packages the README lists are those `run`
installs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _block(section: str) -> list[str]:
    readme = (ROOT / "README.md").read_text()
    block = readme.split(f"## {section}", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines()]


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if line.startswith("# README, ")]


def test_ci_runs_the_readme_test_command() -> None:
    demo, test = _block("Set up and test")
    assert demo == "./run demo" and test == "./run test"
    assert _ci_commands() == [test]


def test_run_installs_the_system_packages_of_the_readme() -> None:
    update, install = _block("System packages of the ASIC flow")
    assert update == "apt-get update" and install.startswith("apt-get install -y ")
    script = (ROOT / "run").read_text()
    packages = re.search(r"^DEBIAN_PACKAGES=\(([^)]*)\)$", script, re.MULTILINE)
    assert packages is not None
    assert install.removeprefix("apt-get install -y ").split() == packages[1].split()
    assert "apt-get update" in script and 'apt-get install -y "${DEBIAN_PACKAGES[@]}"' in script


def test_run_names_its_commands() -> None:
    result = subprocess.run([str(ROOT / "run"), "nothing"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: ./run demo [OUT]") and "./run test | ./run quick" in result.stderr
