"""The table `prune{report=true}` and `low-rank{report=true}` print.

One row per layer the pass looked at (named by its weight constant), with
parameters, non-zero parameters, multiply-accumulates per sample of the dense
computation, and those whose weight is non-zero ("sparse MACs"), each as
`before -> after`; a last row sums them. A factorized layer's `after` counts
both of its factors. A layer the pass left alone carries a note.

The table goes to stderr, so that the IR on stdout can still be piped on:
`asic-opt m.mlir -p 'prune{sparsity=0.5 report=true}' 2>&1 | filecheck`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from asic.passes.common.layers import Cost


@dataclass
class CompressionReport:
    title: str
    before: dict[str, Cost] = field(default_factory=dict)
    after: dict[str, Cost] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, kind: str, before: Cost) -> None:
        self.before[name] = before
        self.after.setdefault(name, before)
        self.kinds[name] = kind

    def format(self) -> str:
        columns = ("params", "nonzeros", "MACs", "sparse MACs")
        rows: list[list[str]] = [["layer", "op", *columns, "note"]]
        total_before, total_after = Cost(), Cost()
        for name, before in self.before.items():
            after = self.after[name]
            total_before, total_after = total_before + before, total_after + after
            rows.append([name, self.kinds[name], *_pairs(before, after), self.notes.get(name, "")])
        rows.append(["total", "", *_pairs(total_before, total_after), ""])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = [self.title]
        for r in rows:
            cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r[:-1], widths))]
            line = "  ".join(cells)
            if r[-1]:
                line += "  " + r[-1]
            lines.append(line.rstrip())
        return "\n".join(lines) + "\n"

    def print(self) -> None:
        sys.stderr.write(self.format())
        sys.stderr.flush()


def _pairs(before: Cost, after: Cost) -> list[str]:
    return [
        f"{getattr(before, f)} -> {getattr(after, f)}"
        for f in ("params", "nonzeros", "macs", "sparse_macs")
    ]


def remark(pass_name: str, message: str) -> None:
    """A remark on stderr: something the pass chose not to do, and why."""
    sys.stderr.write(f"remark: {pass_name}: {message}\n")
    sys.stderr.flush()
