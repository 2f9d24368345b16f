"""Running one fuzzing case (`support.fuzz`): a tool's `main` on a command
line and its files, in a forked child of this process (the imports are
already done, so a case costs what the tool does), with its memory bounded
by `MEMORY_LIMIT` above what the parent uses and a timeout. The result is
sorted into an outcome: `ok` (status 0), `diagnostic` (status 1 with an
`error:` line, no output file), or one of the failures `FAILURES`: `crash`
(a Python traceback, or the child died), `bad-exit` (another status, or
status 1 without a diagnostic), `partial-output` (an output file left by a
failed run), `timeout`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import select
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FAILURES = ("crash", "bad-exit", "partial-output", "timeout")
MEMORY_LIMIT = 2 << 30
"""Bytes a case may allocate beyond what this process holds."""
TIMEOUT = 60.0


@dataclass
class Case:
    """A command line (`@name@` names a file of `files`, `@out@` the output) of
    one tool, the files it reads, and what the case was made from."""

    tool: str  # asic-opt, asic-run, asic-sim
    argv: list[str]
    files: dict[str, bytes]
    output: str | None
    origin: str

    def command(self, directory: str) -> list[str]:
        """The arguments with every `@name@` replaced by the file's path."""
        argv = list(self.argv)
        for name in [*self.files, "out"]:
            argv = [arg.replace(f"@{name}@", os.path.join(directory, name)) for arg in argv]
        return argv

    def describe(self) -> str:
        return f"{self.tool} {' '.join(self.argv)}  [{self.origin}]"


@dataclass
class Result:
    outcome: str
    status: int | None
    stderr: str
    seconds: float

    @property
    def failed(self) -> bool:
        return self.outcome in FAILURES


def _main(tool: str) -> Callable[[list[str]], None]:
    if tool == "asic-opt":
        from asic.tools.asic_opt import main
    elif tool == "asic-run":
        from asic.tools.asic_run import main
    else:
        from asic.tools.asic_sim import main
    return main


def run_case(case: Case, timeout: float = TIMEOUT) -> Result:
    """Run `case` in a forked child (module docstring) in a fresh directory."""
    directory = tempfile.mkdtemp(prefix="asic-fuzz.")
    try:
        for name, data in case.files.items():
            Path(directory, name).write_bytes(data)
        argv = case.command(directory)
        start = time.monotonic()
        report = _forked(_main(case.tool), argv, timeout)
        seconds = time.monotonic() - start
        output = os.path.join(directory, "out") if case.output else None
        return _classify(report, output, seconds)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _vm_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _forked(main: Callable[[list[str]], None], argv: list[str], timeout: float) -> dict:
    """Run `main(argv)` in a child: {status, stderr, exception} or
    {signal} when it died, {timeout} when it was killed."""
    limit = _vm_bytes() + MEMORY_LIMIT
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        payload: dict = {}
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            out, err = io.StringIO(), io.StringIO()
            status: int | None = 0
            exception = False
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    main(argv)
                except SystemExit as exit:
                    code = exit.code
                    status = code if isinstance(code, int) else (0 if code is None else 1)
                except BaseException:  # noqa: BLE001 - what the fuzzer looks for
                    traceback.print_exc(file=err)
                    exception, status = True, None
            text = err.getvalue()  # its head (the error: line) and its tail
            text = text if len(text) <= 20000 else f"{text[:4000]}\n[...]\n{text[-16000:]}"
            payload = {"status": status, "stderr": text, "exception": exception}
        except BaseException:  # noqa: BLE001
            payload = {"status": None, "stderr": traceback.format_exc(), "exception": True}
        finally:
            data = json.dumps(payload).encode()
            view = memoryview(data)
            while view:
                written = os.write(write_end, view)
                view = view[written:]
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            ready, _, _ = select.select([pipe], [], [], left)
            if ready:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    _, wait_status = os.waitpid(pid, 0)
    if timed_out:
        return {"timeout": True}
    if os.WIFSIGNALED(wait_status) or not chunks:
        return {"signal": os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None}
    return json.loads(b"".join(chunks))


def _classify(report: dict, output: str | None, seconds: float) -> Result:
    if report.get("timeout"):
        return Result("timeout", None, "", seconds)
    if "signal" in report:
        return Result("crash", None, f"the child died (signal {report['signal']})", seconds)
    status, stderr = report["status"], report["stderr"]
    if report["exception"] or "Traceback (most recent call last)" in stderr:
        return Result("crash", status, stderr, seconds)
    if status == 0:
        return Result("ok", status, stderr, seconds)
    if status != 1 or not re.search(r"^[\w-]+: error: ", stderr, re.MULTILINE):
        return Result("bad-exit", status, stderr, seconds)
    if output is not None and os.path.exists(output):
        return Result("partial-output", status, stderr, seconds)
    return Result("diagnostic", status, stderr, seconds)
