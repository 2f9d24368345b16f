"""The interpreter functions of the `func` dialect: xDSL's `FuncFunctions`,
imported without the rest of `xdsl.interpreters`.

Importing `xdsl.interpreters.func` the ordinary way first runs the
package's `__init__`, which imports every interpreter xDSL has (RISC-V,
Snitch, linalg, affine, ...): a third of a second at every start of a tool
that interprets, for dialects asic-opt never runs. So the module is loaded
from its file under its own name; a later `import xdsl.interpreters` (the
package's `__init__` imports `func` by name) finds and reuses it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import xdsl

_NAME = "xdsl.interpreters.func"


def _load() -> ModuleType:
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    path = Path(xdsl.__file__).parent / "interpreters" / "func.py"
    spec = importlib.util.spec_from_file_location(_NAME, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    spec.loader.exec_module(module)
    return module


FuncFunctions = _load().FuncFunctions
