"""A fork server for the tools the lit suite runs (asic-opt, asic-run,
asic-sim, asic-ppa, xdsl-opt, filecheck): each RUN line's tool still is a
process of its own, but one forked from a server that has already imported
Python's share of every run (xDSL, numpy, sympy, the dialects, the tools),
instead of a new interpreter importing it again (0.35 s of CPU per
asic-opt run, nearly all of an ordinary test's).

lit runs, in place of each tool, a small client (`client_script`) that
hands the server its command line, working directory, environment, umask
and its own standard input, output and error (the file descriptors
themselves, over a Unix socket), waits, and ends as the tool ended: the
same exit status, or killed by the same signal. So pipes, redirections,
`not` and `%t` files behave as with the tool itself. The server's child
runs the tool's entry point as its console script does (`sys.exit` of
what it returns; an uncaught exception through `sys.excepthook`, status
1; non-daemon threads joined, `atexit` functions run and the standard
streams flushed at the end), in a grandchild whose wait status it passes
on.

A run differs from a fresh interpreter only in what Python's start-up
reads from the environment: when a `PYTHON*` variable other than
PYTHONPATH differs from the server's (PYTHONHASHSEED above all), the client
runs the installed tool instead; PYTHONPATH's folders go in front of
`sys.path` as the interpreter would put them. Without a server (the
variable ADDRESS_VARIABLE unset or nobody listening) the client runs the
installed tool too.
"""

from __future__ import annotations

import atexit
import importlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

ADDRESS_VARIABLE = "ASIC_TOOL_SERVER"

# The console scripts served: name -> "module:function", as installed.
TOOLS = {
    "asic-opt": "asic.tools.asic_opt:main",
    "asic-run": "asic.tools.asic_run:main",
    "asic-sim": "asic.tools.asic_sim:main",
    "asic-ppa": "asic.tools.asic_ppa:main",
    "xdsl-opt": "xdsl.tools.xdsl_opt:main",
    "filecheck": "filecheck.main:main",
}

# Imported before serving, besides the tools' own modules and every pass
# and target of asic-opt's registry: what nearly every run imports, the
# levels' dialects, the cost models' sympy and the ONNX frontend.
PRELOAD = (
    "numpy",
    "sympy",
    "asic.dialects.nn",
    "asic.dialects.qnt",
    "asic.dialects.dataflow",
    "asic.dialects.rtl",
    "asic.lowering.onnx.importer",
)

_MESSAGE_LIMIT = 1 << 20


def _entry(tool: str) -> Callable[[], object]:
    module, _, function = TOOLS[tool].partition(":")
    return getattr(importlib.import_module(module), function)


def _status(code: object) -> int:
    """The exit status of `sys.exit(code)`, as the interpreter sets it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _finish(status: int) -> int:
    """What the interpreter does at exit: join non-daemon threads, run the
    `atexit` functions, flush the standard streams (status 120 when a
    flush fails)."""
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = 120
    return status


def _open_standard_streams() -> None:
    """sys.stdin, stdout and stderr on descriptors 0, 1 and 2 as the
    interpreter opens them at start-up (the server's were opened on other
    files, and a stream keeps what it learnt of its file: seekable, a
    terminal), with the server's encodings."""
    for descriptor, name in enumerate(("stdin", "stdout", "stderr")):
        previous = getattr(sys, name)
        buffer = open(descriptor, "wb" if descriptor else "rb", closefd=False)  # noqa: SIM115
        stream = io.TextIOWrapper(
            buffer, encoding=previous.encoding, errors=previous.errors, newline="\n",
            line_buffering=descriptor == 2 or buffer.raw.isatty(),
        )  # fmt: skip
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _run_tool(request: dict, descriptors: list[int]) -> None:
    """In the forked grandchild: become the tool's process and run it."""
    for target, descriptor in enumerate(descriptors):
        os.dup2(descriptor, target)
        os.close(descriptor)
    _open_standard_streams()
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[:0] = [p for p in request["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.argv = request["argv"]
    try:
        status = _status(_entry(Path(sys.argv[0]).name)())
    except SystemExit as exit_:
        status = _status(exit_.code)
    except BaseException:  # noqa: BLE001 (reported as the interpreter does)
        sys.excepthook(*sys.exc_info())
        status = 1
    os._exit(_finish(status))


def _same_startup(environment: dict[str, str]) -> bool:
    """Whether an interpreter started in `environment` starts as the
    server's did (the `PYTHON*` variables it reads, PYTHONPATH aside)."""

    def startup(env) -> dict[str, str]:
        return {k: v for k, v in env.items() if k.startswith("PYTHON") and k != "PYTHONPATH"}

    return startup(environment) == startup(os.environ)


def _serve_one(connection: socket.socket) -> None:
    """In the forked child: read a request, run its tool in a grandchild,
    reply with the grandchild's wait status."""
    message, descriptors, _, _ = socket.recv_fds(connection, _MESSAGE_LIMIT, 3)
    request = json.loads(message)
    if not _same_startup(request["env"]) or len(descriptors) != 3:
        connection.send(b"fallback")
        return
    pid = os.fork()
    if pid == 0:
        connection.close()
        _run_tool(request, descriptors)
    for descriptor in descriptors:
        os.close(descriptor)
    _, wait_status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(wait_status):
        connection.send(f"signal {os.WTERMSIG(wait_status)}".encode())
    else:
        connection.send(f"exit {os.WEXITSTATUS(wait_status)}".encode())


def serve(address: str, parent: int) -> None:
    """Import what the tools import, listen on the Unix socket `address`,
    print `ready`, and serve each connection in a forked child until the
    process `parent` ends."""
    for module in PRELOAD:
        importlib.import_module(module)
    for tool in TOOLS:
        _entry(tool)
    from asic.universe import ASIC_UNIVERSE

    for load in (*ASIC_UNIVERSE.all_passes.values(), *ASIC_UNIVERSE.all_targets.values()):
        load()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(address)
    listener.listen(64)
    listener.settimeout(1.0)
    print("ready", flush=True)
    while os.getppid() == parent:
        _reap()
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        if os.fork() == 0:
            listener.close()
            try:
                _serve_one(connection)
            finally:
                os._exit(0)
        connection.close()


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


CLIENT = """\
#!{python} -IS
# asic-opt's lit suite: runs {tool} in a process forked from the tool
# server (filecheck/tool_server.py), or {tool} itself without one.
import json, os, signal, socket, sys

TOOL = {tool!r}
try:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    server.connect(os.environ[{variable!r}])
except (KeyError, OSError):
    os.execv(TOOL, [TOOL, *sys.argv[1:]])
umask = os.umask(0)
os.umask(umask)
request = {{"argv": [TOOL, *sys.argv[1:]], "cwd": os.getcwd(), "umask": umask, "env": dict(os.environ)}}
socket.send_fds(server, [json.dumps(request).encode()], [0, 1, 2])
kind, _, value = server.recv(64).decode().partition(" ")
if kind == "signal":
    signal.signal(int(value), signal.SIG_DFL)
    os.kill(os.getpid(), int(value))
if kind != "exit":
    os.execv(TOOL, [TOOL, *sys.argv[1:]])
sys.exit(int(value))
"""


def client_scripts(folder: Path) -> None:
    """A client script in `folder` for each tool of TOOLS installed next to
    this interpreter."""
    bin_folder = Path(sys.executable).parent
    for tool in TOOLS:
        installed = bin_folder / tool
        if not installed.exists():
            continue
        script = folder / tool
        script.write_text(
            CLIENT.format(python=sys.executable, tool=str(installed), variable=ADDRESS_VARIABLE)
        )
        script.chmod(0o755)


def start(folder: Path, environment: dict[str, str]) -> subprocess.Popen:
    """Start a server in `environment` listening in `folder` (the clients
    there too), wait until it is ready, and set ADDRESS_VARIABLE in
    `environment`; the server ends with this process."""
    client_scripts(folder)
    address = str(folder / "socket")
    server = subprocess.Popen(
        [sys.executable, "-P", __file__, address, str(os.getpid())],
        env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
    )  # fmt: skip
    if server.stdout is None or server.stdout.readline().strip() != b"ready":
        raise RuntimeError("the tool server did not start")
    environment[ADDRESS_VARIABLE] = address
    atexit.register(_stop, server)
    return server


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
