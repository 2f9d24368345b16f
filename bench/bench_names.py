"""The name uniquer (`asic.dialects.names.UniqueNames`) against the
search it replaced, which tried `base_1`, `base_2`, ... from 1 on every
call (quadratic in the names of one base): both hand out the same names;
the table gives the seconds of each and their ratio. The SystemVerilog of
the fully parallel digits MLP names about 24 000 identifiers through one
scope, most of them alike (`asic-opt rtl.mlir -t sv`: 12.7 s before, 8.3 s
after on the machine of the suite).
Run: python bench/bench_names.py"""

from __future__ import annotations

import time

from asic.dialects.names import UniqueNames


class FromOne(UniqueNames):
    """The earlier search: every call from N = 1."""

    def fresh(self, base: str) -> str:
        name, n = base, 0
        while name in self.taken:
            n += 1
            name = f"{base}{self.separator}{n}"
        self.taken.add(name)
        return name


def _names(uniquer: UniqueNames, count: int) -> tuple[list[str], float]:
    bases = [("w", "sum", "r")[i % 3] if i % 7 else f"x{i}" for i in range(count)]
    start = time.perf_counter()
    names = [uniquer.fresh(base) for base in bases]
    return names, time.perf_counter() - start


def main() -> None:
    print(f"{'names':>7} {'from 1 (s)':>11} {'resumed (s)':>12} {'ratio':>7}")
    for count in (1_000, 5_000, 25_000):
        old, t_old = _names(FromOne(["w_1", "r"], "_"), count)
        new, t_new = _names(UniqueNames(["w_1", "r"], "_"), count)
        assert old == new
        print(f"{count:7d} {t_old:11.3f} {t_new:12.4f} {t_old / t_new:7.0f}")


if __name__ == "__main__":
    main()
