"""The RTL interpreter's fast path for one copy of a design: the flattened
netlist (`asic.interp.rtl.flatten`) compiled to one generated Python
function per clock cycle on plain Python ints, and the stream driver of
`asic.interp.rtl.simulate` written on ints too.

Same semantics as the vectorized `Simulator` (the reference path, whose
numpy arrays of one entry cost a microsecond per op where an int costs tens
of nanoseconds): every signal is an unsigned int in `[0, 2^W)`, each comb
op one expression (`comb_value`'s rules: arithmetic masked to `W` bits,
`shl`/`shru` by `W` or more give 0, `shrs` fills with the sign, signed
compares flip the sign bit), constants inlined as literals; `seq.compreg`
takes its reset value when the reset is high, `rtl.rom` is a list indexed
by the address (padded with zeros to the address range), `rtl.ram` a list
read before it is written, a write past the depth ignored. The tests run
both paths and compare outputs, frame cycles and stall counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import comb, seq

from asic.dialects.rtl import RamOp, RomOp, StreamAttr, address_bits, rom_word_values
from asic.dialects.rtl_comb import icmp_predicate
from asic.interp.rtl_semantics import Netlist, Node, divide, comb_value, power_on_value, width

_CMP = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


MAX_NESTING = 16
"""Expressions inlined into one another at most this deep (CPython's
parser allows 200 nested parentheses)."""


class _ScalarCodegen:
    """Each comb node becomes an expression; one whose value is used once
    (not an output port) is inlined into its user, one that is a constant
    (all inputs constant) or a bare copy of another signal is substituted;
    the others are assigned to a local variable."""

    def __init__(self, netlist: Netlist):
        self.net = netlist
        self.lines: list[str] = []
        self.consts: dict[str, object] = {"divide": divide}
        self.known: dict[str, str] = {}
        """Variables replaced by text: constants, copies, inlined expressions."""
        self.depth: dict[str, int] = {}
        self.uses: dict[str, int] = {}
        for node in (*netlist.comb, *netlist.state):
            for var in node.ins:
                self.uses[var] = self.uses.get(var, 0) + 1
        for var in netlist.outputs.values():
            self.uses[var] = self.uses.get(var, 0) + 2

    def ref(self, var: str) -> str:
        return self.known.get(var, var)

    def define(self, node: Node) -> None:
        """Substitute, inline or assign the value of a comb node."""
        out = node.outs[0]
        if all(_is_literal(self.ref(v)) for v in node.ins):
            values = [int(self.ref(v)) for v in node.ins]
            self.known[out] = str(comb_value(node.op, values))
            return
        depth = 1 + max((self.depth.get(v, 0) for v in node.ins), default=0)
        text = self.expr(node)
        if text.isidentifier() or _is_literal(text):
            self.known[out] = text
        elif self.uses.get(out, 0) == 1 and depth < MAX_NESTING:
            self.known[out] = f"({text})"
            self.depth[out] = depth
        else:
            self.emit(f"{out} = {text}")

    def emit(self, line: str) -> None:
        self.lines.append("    " + line)

    def expr(self, node: Node) -> str:
        op = node.op
        ins = [self.ref(v) for v in node.ins]
        w = self.net.widths[node.outs[0]]
        mask = (1 << w) - 1
        match op:
            case comb.AddOp():
                return f"({' + '.join(ins)}) & {mask}"
            case comb.MulOp():
                return f"({' * '.join(ins)}) & {mask}"
            case comb.SubOp():
                return f"({ins[0]} - {ins[1]}) & {mask}"
            case comb.AndOp():
                return " & ".join(ins)
            case comb.OrOp():
                return " | ".join(ins)
            case comb.XorOp():
                return " ^ ".join(ins)
            case comb.ShlOp():
                a, b = ins
                if _is_literal(b):
                    return f"({a} << {b}) & {mask}" if int(b) < w else "0"
                return f"(({a} << {b}) & {mask} if {b} < {w} else 0)"
            case comb.ShrUOp():
                a, b = ins
                if _is_literal(b):
                    return f"{a} >> {b}" if int(b) < w else "0"
                return f"({a} >> {b} if {b} < {w} else 0)"
            case comb.ShrSOp():
                a, b = ins
                sign = 1 << (w - 1)
                if _is_literal(b):
                    amount = str(min(int(b), w - 1))
                else:
                    amount = f"({b} if {b} < {w - 1} else {w - 1})"
                return f"((({a} ^ {sign}) - {sign}) >> {amount}) & {mask}"
            case comb.DivUOp() | comb.DivSOp() | comb.ModUOp() | comb.ModSOp():
                signed = isinstance(op, comb.DivSOp | comb.ModSOp)
                remainder = isinstance(op, comb.ModUOp | comb.ModSOp)
                return f"divide({ins[0]}, {ins[1]}, {signed}, {w}, {remainder})"
            case comb.ICmpOp():
                a, b = ins
                predicate = icmp_predicate(op)
                if predicate[0] == "s":
                    sign = 1 << (width(op.lhs) - 1)
                    a, b = f"({a} ^ {sign})", f"({b} ^ {sign})"
                return f"(1 if {a} {_CMP[predicate[-2:]]} {b} else 0)"
            case comb.MuxOp():
                c, a, b = ins
                if _is_literal(c):
                    return a if int(c) else b
                return f"({a} if {c} else {b})"
            case comb.ExtractOp():
                low = op.low_bit.value.data
                shifted = f"{ins[0]} >> {low}" if low else ins[0]
                if low + w == self.net.widths[node.ins[0]]:  # the top bits: no mask
                    return shifted
                return f"({shifted}) & {mask}" if low else f"{shifted} & {mask}"
            case comb.ConcatOp():
                parts = []
                offset = w
                for var, text in zip(node.ins, ins):
                    offset -= self.net.widths[var]
                    if text != "0":
                        parts.append(f"({text} << {offset})" if offset else text)
                return " | ".join(parts) or "0"
            case comb.ReplicateOp():
                bits = self.net.widths[node.ins[0]]
                return f"{ins[0]} * {sum(1 << (i * bits) for i in range(w // bits))}"
            case comb.ParityOp():
                return f"{ins[0]}.bit_count() & 1"
            case _:
                raise AssertionError(op.name)

    def build(self):
        net = self.net
        self.lines = ["def step(I, S):"]
        for i, var in enumerate(net.inputs.values()):
            self.emit(f"{var} = I[{i}]")
        for i, node in enumerate(net.state):
            self.emit(f"{node.outs[0]} = S[{i}]")
        for node in net.comb:
            self.define(node)
        next_state = []
        memories: list[list[int]] = []
        for i, node in enumerate(net.state):
            op, ins = node.op, [self.ref(v) for v in node.ins]
            if isinstance(op, seq.CompRegOp):
                if op.reset is not None:
                    self.emit(f"N{i} = {ins[3]} if {ins[2]} else {ins[0]}")
                else:
                    self.emit(f"N{i} = {ins[0]}")
            elif isinstance(op, RomOp):
                words = rom_word_values(op)
                padding = (1 << address_bits(len(words))) - len(words)
                self.consts[f"T{i}"] = words + [0] * padding
                self.emit(f"N{i} = T{i}[{ins[0]}]")
            else:
                assert isinstance(op, RamOp)
                _, raddr, waddr, wdata, we = ins
                depth = op.depth_value
                memory = [0] * (1 << address_bits(depth))
                memories.append(memory)
                self.consts[f"M{i}"] = memory
                self.emit(f"N{i} = M{i}[{raddr}]")
                self.emit(f"if {we} and {waddr} < {depth}: M{i}[{waddr}] = {wdata}")
            next_state.append(f"N{i}")
        outs = ", ".join(self.ref(v) for v in net.outputs.values())
        comma = "," if len(net.outputs) == 1 else ""
        self.emit(f"return ({outs}{comma}), [{', '.join(next_state)}]")
        self.source = "\n".join(self.lines) + "\n"
        namespace = dict(self.consts)
        exec(compile(self.source, f"<rtl-sim-scalar {net.top.sym_name.data}>", "exec"), namespace)
        return namespace["step"], memories


def _is_literal(text: str) -> bool:
    return text.isdigit()


class ScalarSimulator:
    """One copy of a flattened design, advanced one clock cycle per `step`
    on Python ints (inputs and outputs in port order)."""

    def __init__(self, netlist: Netlist):
        self.netlist = netlist
        codegen = _ScalarCodegen(netlist)
        self._step, self._memories = codegen.build()
        self.source = codegen.source
        self._initial = [power_on_value(node) for node in netlist.state]
        self.input_names = list(netlist.inputs)
        self.output_names = list(netlist.outputs)
        self.reset_state()

    def reset_state(self) -> None:
        self.state = list(self._initial)
        for memory in self._memories:
            memory[:] = [0] * len(memory)

    def step(self, inputs: Sequence[int]) -> tuple[int, ...]:
        outputs, self.state = self._step(inputs, self.state)
        return outputs


def stream_one_copy(
    sim: ScalarSimulator,
    source: StreamAttr,
    sink: StreamAttr,
    beats: Sequence[int],
    valid_bits: Sequence[bool],
    ready_bits: Sequence[bool],
    timeout: int,
    reset_cycles: int,
    on_timeout,
) -> tuple[list[int], list[int], list[int], int, int]:
    """`asic.interp.rtl.simulate`'s driver for one copy: reset, then the
    input beats offered back to back (gated by `valid_bits`), the output
    drained (gated by `ready_bits`). Returns the output beats, per frame
    the cycles of its first input beat and last output beat, the cycles
    and the stall cycles; `on_timeout(cycle, frames_out)` raises."""
    names = sim.input_names
    index = {n: i for i, n in enumerate(names)}
    out_index = {n: i for i, n in enumerate(sim.output_names)}
    p_in, p_out = source.prefix, sink.prefix
    i_data, i_valid, i_rst = index[f"{p_in}_data"], index[f"{p_in}_valid"], index["rst"]
    o_ready_in = index[f"{p_out}_ready"]
    o_ready, o_data, o_valid = (
        out_index[f"{p_in}_ready"], out_index[f"{p_out}_data"], out_index[f"{p_out}_valid"]
    )  # fmt: skip
    in_bpf, out_bpf = source.beat_count, sink.beat_count
    total_in = len(beats)
    total_out = total_in // in_bpf * out_bpf
    ins = [0] * len(names)
    ins[i_rst] = 1
    for _ in range(reset_cycles):
        sim.step(ins)
    ins[i_rst] = 0
    out: list[int] = []
    start: list[int] = []
    end: list[int] = []
    beat_in = last_progress = cycle = stalls = 0
    step = sim._step
    state = sim.state
    n_valid, n_ready = len(valid_bits), len(ready_bits)
    while len(out) < total_out:
        offer = beat_in < total_in and valid_bits[cycle % n_valid]
        ins[i_valid] = 1 if offer else 0
        ins[i_data] = beats[min(beat_in, total_in - 1)]
        accept = ready_bits[cycle % n_ready]
        ins[o_ready_in] = 1 if accept else 0
        outs, state = step(ins, state)
        moved = False
        if offer and outs[o_ready]:
            if beat_in % in_bpf == 0:
                start.append(cycle)
            beat_in += 1
            moved = True
        if outs[o_valid]:
            if accept:
                out.append(outs[o_data])
                if len(out) % out_bpf == 0:
                    end.append(cycle)
                moved = True
            else:
                stalls += 1
        if moved:
            last_progress = cycle
        elif cycle - last_progress >= timeout:
            sim.state = state
            on_timeout(cycle, len(out) // out_bpf)
        cycle += 1
    sim.state = state
    return out, start, end, cycle, stalls
