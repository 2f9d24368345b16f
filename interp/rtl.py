"""The RTL interpreter: cycle-based simulation of hw / comb / seq / rtl.

Semantics are those written in `asic.dialects.rtl`'s docstring; the
Verilator simulation of the emitted SystemVerilog gives the same bits and the
same cycle counts (tests/test_asic_sim.py checks both).

Three layers:

- `comb_value(op, operands)` (`asic.interp.rtl_semantics`): one hw.constant
  or comb op on Python ints (the reference semantics, unsigned values in
  `[0, 2^W)`); `RtlFunctions`
  exposes it to xDSL's `Interpreter` (`asic.interp.runner` registers it, so
  `evaluate_op` folds comb ops).
- `Simulator(module, top, batch)`: the top module with its instances
  flattened into one netlist, sorted topologically (registers and memories
  break the cycles; a combinational loop is an error), and compiled to one
  generated Python function per clock cycle (settle the combinational
  values, then compute every state element's next value). Signals are numpy
  arrays of shape `[batch]`, one independent copy of the design per entry:
  uint64 for widths up to 64 bits (wrapping arithmetic plus a mask), Python
  ints in object arrays above. `step(inputs)` runs one cycle;
  `run_cycles(inputs_per_cycle)` drives the ports directly.
- `simulate(module, inputs)`: drives a top module that follows the stream
  contract (`check_top`) the way the Verilator testbench of `asic-sim` does:
  reset for `RESET_CYCLES` cycles, then the frames back to back on the input
  stream (optionally gated by a `valid_pattern`), the output drained (gated
  by a `ready_pattern`), per-frame start and end cycles recorded; a design
  that stops making progress for `timeout` cycles is a deadlock
  (`SimulationTimeout`). `instances` copies of the design run side by side,
  each streaming a contiguous block of the frames, which is where the
  vectorization pays (each copy's timeline equals the first frames of a
  single-copy run, for designs whose timing does not depend on the data).
  One copy runs on a fast path instead, `asic.interp.rtl_scalar`: the same
  netlist compiled to code on Python ints (a numpy array of one entry
  costs a microsecond per op), which the tests compare with this one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.dialects import comb, hw, seq
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import BlockArgument, Operation, SSAValue
from xdsl.utils.exceptions import InterpretationError, VerifyException

from asic.dialects import rtl, rtl_comb
from asic.dialects.rtl import (
    RESET_CYCLES,
    RamOp,
    RomOp,
    StreamAttr,
    address_bits,
    beats_to_frames,
    check_top,
    frames_from_input,
    frames_to_beats,
    frames_to_output,
    rom_word_values,
)
from asic.dialects.rtl_comb import icmp_predicate
from asic.interp.impls import Compute, OpFunctions, computes, register_op_impls
from asic.interp.rtl_scalar import ScalarSimulator, stream_one_copy
from asic.interp.rtl_semantics import (
    Netlist,
    Node,
    divide,
    comb_value,
    power_on_value,
    width,
)

# --------------------------------------------------------------------------
# Comb ops for xDSL's interpreter (semantics: asic.interp.rtl_semantics)
# --------------------------------------------------------------------------

COMB_OPS: tuple[type[Operation], ...] = (
    hw.ConstantOp,
    comb.AddOp, comb.MulOp, comb.SubOp, comb.AndOp, comb.OrOp, comb.XorOp,
    comb.ShlOp, comb.ShrUOp, comb.ShrSOp,
    comb.DivUOp, comb.DivSOp, comb.ModUOp, comb.ModSOp,
    comb.ICmpOp, comb.MuxOp, comb.ExtractOp, comb.ConcatOp, comb.ReplicateOp,
    comb.ParityOp,
)  # fmt: skip


def check_comb_op(op: Operation) -> None:
    """`asic.dialects.rtl_comb.check_comb_op`, raising InterpretationError."""
    try:
        rtl_comb.check_comb_op(op)
    except VerifyException as error:
        raise InterpretationError(str(error)) from None


@register_op_impls
class RtlFunctions(OpFunctions):
    """hw.constant and comb ops for xDSL's `Interpreter`, on Python ints (for
    constant folding and op-by-op evaluation; whole designs run in
    `Simulator`)."""

    def evaluate(self, op: Operation, compute: Compute, args: tuple[int, ...]) -> int:
        check_comb_op(op)
        return compute(op, *(int(a) & ((1 << width(v)) - 1) for a, v in zip(args, op.operands)))

    @computes(*COMB_OPS)
    def run_comb(op: Operation, *operands: int) -> int:
        return comb_value(op, operands)


# --------------------------------------------------------------------------
# Flattening a design into one netlist
# --------------------------------------------------------------------------

STATE_OPS = (seq.CompRegOp, RomOp, RamOp)


def modules_of(module: ModuleOp) -> dict[str, hw.HWModuleOp | hw.HWModuleExternOp]:
    return {
        op.sym_name.data: op
        for op in module.walk()
        if isinstance(op, hw.HWModuleOp | hw.HWModuleExternOp)
    }


def find_top(module: ModuleOp, top: str | None = None) -> hw.HWModuleOp:
    """The module named `top`; by default the only one with `rtl.streams`, or
    else the only one no other instantiates."""
    modules = {n: m for n, m in modules_of(module).items() if isinstance(m, hw.HWModuleOp)}
    names = ", ".join(f"'{n}'" for n in modules) or "none"
    if top is not None:
        if top not in modules:
            raise InterpretationError(f"no hw.module named '{top}' (modules: {names})")
        return modules[top]
    tops = [m for m in modules.values() if rtl.STREAMS_ATTR in m.attributes]
    if not tops:
        used = {
            op.module_name.string_value()
            for op in module.walk()
            if isinstance(op, hw.InstanceOp)
        }
        tops = [m for n, m in modules.items() if n not in used]
    if len(tops) != 1:
        found = ", ".join(f"'{m.sym_name.data}'" for m in tops) or "none"
        raise InterpretationError(
            f"cannot tell the top module (candidates: {found}); name it (--top NAME)"
        )
    return tops[0]


class _Flattener:
    def __init__(self, module: ModuleOp, top: hw.HWModuleOp):
        self.modules = modules_of(module)
        self.names: dict[tuple[tuple[int, ...], SSAValue], str] = {}
        self.widths: dict[str, int] = {}
        self.instances: dict[tuple[int, ...], tuple[hw.InstanceOp, tuple[int, ...], hw.HWModuleOp]] = {}
        self.paths: dict[tuple[int, ...], str] = {(): top.sym_name.data}
        self.resolving: set[tuple[tuple[int, ...], SSAValue]] = set()
        self.nodes: list[Node] = []
        self.top = top
        self._walk(top, (), (top.sym_name.data,))

    def var(self, path: tuple[int, ...], value: SSAValue) -> str:
        key = (path, value)
        if key in self.names:
            return self.names[key]
        if key in self.resolving:
            raise InterpretationError(
                f"combinational loop through the ports of instance '{self.paths[path]}'"
            )
        self.resolving.add(key)
        owner = value.owner
        if isinstance(value, BlockArgument) and path:
            inst, caller, _ = self.instances[path]
            name = self.var(caller, inst.operands[value.index])
        elif isinstance(owner, hw.InstanceOp):
            callee_path = self._register(path, owner)
            _, _, callee = self.instances[callee_path]
            output = callee.body.block.last_op
            assert isinstance(output, hw.OutputOp)
            name = self.var(callee_path, output.operands[value.index])  # pyright: ignore[reportAttributeAccessIssue]
        else:
            name = f"v{len(self.widths)}"
            self.widths[name] = width(value)
        self.resolving.discard(key)
        self.names[key] = name
        return name

    def _instance_index(self, path: tuple[int, ...], inst: hw.InstanceOp) -> int:
        block = inst.parent_block()
        assert block is not None
        return block.get_operation_index(inst)

    def _register(self, path: tuple[int, ...], op: hw.InstanceOp) -> tuple[int, ...]:
        """The path of instance `op` inside `path` (registered on first use)."""
        child = path + (self._instance_index(path, op),)
        if child in self.instances:
            return child
        callee_name = op.module_name.string_value()
        callee = self.modules.get(callee_name)
        where = f"{self.paths[path]}/{op.instance_name.data}"
        if callee is None:
            raise InterpretationError(f"instance '{where}' of unknown module '{callee_name}'")
        if isinstance(callee, hw.HWModuleExternOp):
            raise InterpretationError(
                f"instance '{where}' of external module '{callee_name}', "
                "which has no body to simulate"
            )
        self.instances[child] = (op, path, callee)
        self.paths[child] = where
        return child

    def _walk(self, module: hw.HWModuleOp, path: tuple[int, ...], stack: tuple[str, ...]) -> None:
        for op in module.body.block.ops:
            if isinstance(op, hw.InstanceOp):
                callee_name = op.module_name.string_value()
                child = self._register(path, op)
                if callee_name in stack:
                    raise InterpretationError(f"module '{callee_name}' instantiates itself")
                self._walk(self.instances[child][2], child, stack + (callee_name,))
            elif isinstance(op, hw.OutputOp):
                continue
            elif isinstance(op, COMB_OPS + STATE_OPS):
                if isinstance(op, COMB_OPS):
                    check_comb_op(op)
                self.nodes.append(
                    Node(
                        op,
                        self.paths[path],
                        [self.var(path, v) for v in op.operands],
                        [self.var(path, r) for r in op.results],
                    )
                )
            else:
                raise InterpretationError(
                    f"{op.name} (in '{self.paths[path]}') is not supported by the RTL "
                    "interpreter (supported: hw.module, hw.instance, hw.output, "
                    "hw.constant, comb.*, seq.compreg, rtl.rom, rtl.ram)"
                )


def flatten(module: ModuleOp, top: hw.HWModuleOp) -> Netlist:
    """The netlist of `top` with every instance inlined, its combinational
    nodes in evaluation order."""
    flat = _Flattener(module, top)
    block = top.body.block
    inputs: dict[str, str] = {}
    outputs: dict[str, str] = {}
    args = iter(block.args)
    output_op = block.last_op
    assert isinstance(output_op, hw.OutputOp)
    out_values = iter(output_op.operands)
    for port in top.module_type.ports.data:
        if port.dir.data.is_input_like():
            inputs[port.port_name.data] = flat.var((), next(args))
        else:
            outputs[port.port_name.data] = flat.var((), next(out_values))
    comb_nodes = [n for n in flat.nodes if not isinstance(n.op, STATE_OPS)]
    state = [n for n in flat.nodes if isinstance(n.op, STATE_OPS)]
    clocks = {n.ins[1] if isinstance(n.op, seq.CompRegOp | RomOp) else n.ins[0] for n in state}
    clock = inputs.get("clk")
    for node in state:
        node_clock = node.ins[1] if isinstance(node.op, seq.CompRegOp | RomOp) else node.ins[0]
        if node_clock not in inputs.values():
            raise InterpretationError(
                f"{node.op.name} in '{node.where}' is clocked by a derived clock; "
                "the RTL interpreter supports one clock, a port of the top module"
            )
    if len(clocks) > 1:
        raise InterpretationError("the RTL interpreter supports one clock domain")
    if clocks:
        clock = next(iter(clocks))
    return Netlist(top, inputs, outputs, flat.widths, _sorted(comb_nodes), state, clock)


def _sorted(nodes: list[Node]) -> list[Node]:
    """Topological order of combinational nodes (Kahn, stable in IR order)."""
    producer = {out: i for i, n in enumerate(nodes) for out in n.outs}
    users: list[list[int]] = [[] for _ in nodes]
    pending = [0] * len(nodes)
    for i, node in enumerate(nodes):
        for var in set(node.ins):
            if var in producer:
                users[producer[var]].append(i)
                pending[i] += 1
    import heapq

    ready = [i for i, p in enumerate(pending) if p == 0]
    heapq.heapify(ready)
    order: list[Node] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(nodes[i])
        for u in users[i]:
            pending[u] -= 1
            if pending[u] == 0:
                heapq.heappush(ready, u)
    if len(order) != len(nodes):
        loop = [n for i, n in enumerate(nodes) if pending[i] > 0]
        ops = ", ".join(f"{n.op.name} in '{n.where}'" for n in loop[:4])
        raise InterpretationError(
            f"combinational loop (not broken by a register) through {ops}"
            + (", ..." if len(loop) > 4 else "")
        )
    return order


# --------------------------------------------------------------------------
# Code generation: one Python function per clock cycle
# --------------------------------------------------------------------------


class _Codegen:
    """Vectorized code: every signal is a numpy array of shape [batch],
    uint64 up to 64 bits, object (Python ints) above."""

    def __init__(self, netlist: Netlist, batch: int):
        self.net = netlist
        self.batch = batch
        self.lines: list[str] = []
        self.consts: dict[str, object] = {"np": np, "_where": np.where, "_min": np.minimum}
        self._const_ids: dict[tuple[int, bool], str] = {}

    def wide(self, var: str) -> bool:
        return self.net.widths[var] > 64

    def k(self, value: int, wide: bool) -> str:
        """A constant usable in an expression on signals (scalar)."""
        key = (value, wide)
        if key not in self._const_ids:
            name = f"K{len(self._const_ids)}"
            self.consts[name] = value if wide else np.uint64(value)
            self._const_ids[key] = name
        return self._const_ids[key]

    def array(self, value: int, wide: bool) -> str:
        """A constant signal (an array of the batch)."""
        name = f"C{len(self.consts)}"
        self.consts[name] = (
            np.full(self.batch, value, dtype=object) if wide else np.full(self.batch, value, dtype=np.uint64)
        )
        return name

    def emit(self, line: str) -> None:
        self.lines.append("    " + line)

    def node(self, node: Node) -> None:
        op, ins = node.op, node.ins
        out = node.outs[0]
        w = self.net.widths[out]
        wide = w > 64
        mask = self.k((1 << w) - 1, wide)
        full = w == 64  # uint64 arithmetic wraps modulo 2^64 by itself

        def masked(expr: str) -> str:
            return expr if full else f"({expr}) & {mask}"

        match op:
            case hw.ConstantOp():
                self.emit(f"{out} = {self.array(comb_value(op, []), wide)}")
            case comb.AddOp():
                self.emit(f"{out} = {masked(' + '.join(ins))}")
            case comb.MulOp():
                self.emit(f"{out} = {masked(' * '.join(ins))}")
            case comb.SubOp():
                self.emit(f"{out} = {masked(f'{ins[0]} - {ins[1]}')}")
            case comb.AndOp():
                self.emit(f"{out} = {' & '.join(ins)}")
            case comb.OrOp():
                self.emit(f"{out} = {' | '.join(ins)}")
            case comb.XorOp():
                self.emit(f"{out} = {' ^ '.join(ins)}")
            case comb.ShlOp():
                a, b = ins
                top = self.k(w - 1, wide)
                self.emit(
                    f"{out} = _where({b} < {self.k(w, wide)}, "
                    f"{masked(f'{a} << _min({b}, {top})')}, {self.k(0, wide)})"
                )
            case comb.ShrUOp():
                a, b = ins
                top = self.k(w - 1, wide)
                self.emit(
                    f"{out} = _where({b} < {self.k(w, wide)}, {a} >> _min({b}, {top}), {self.k(0, wide)})"
                )
            case comb.ShrSOp():
                a, b = ins
                top = self.k(w - 1, wide)
                self.emit(f"_s = _min({b}, {top})")
                self.emit(
                    f"{out} = ({a} >> _s) | _where(({a} >> {top}) & {self.k(1, wide)} != {self.k(0, wide)}, "
                    f"{mask} ^ ({mask} >> _s), {self.k(0, wide)})"
                )
            case comb.DivUOp() | comb.DivSOp() | comb.ModUOp() | comb.ModSOp():
                name = f"F{len(self.consts)}"
                signed = isinstance(op, comb.DivSOp | comb.ModSOp)
                rem = isinstance(op, comb.ModUOp | comb.ModSOp)
                self.consts[name] = np.frompyfunc(
                    lambda a, b, s=signed, r=rem, w=w: divide(int(a), int(b), s, w, r), 2, 1
                )
                cast = "" if wide else ".astype(np.uint64)"
                self.emit(f"{out} = {name}({ins[0]}, {ins[1]}){cast}")
            case comb.ICmpOp():
                a, b = ins
                bits = width(op.lhs)
                predicate = icmp_predicate(op)
                lwide = bits > 64
                if predicate[0] == "s":
                    sign = self.k(1 << (bits - 1), lwide)
                    a, b = f"({a} ^ {sign})", f"({b} ^ {sign})"
                cmp = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[
                    predicate[-2:]
                ]
                self.emit(f"{out} = ({a} {cmp} {b}).astype(np.uint64)")
            case comb.MuxOp():
                c, a, b = ins
                self.emit(f"{out} = _where({c} != {self.k(0, False)}, {a}, {b})")
            case comb.ExtractOp():
                (a,) = ins
                low = op.low_bit.value.data
                src_wide = self.wide(a)
                shifted = f"({a} >> {self.k(low, src_wide)})" if low else a
                expr = f"{shifted} & {self.k((1 << w) - 1, src_wide)}"
                if src_wide and not wide:
                    expr = f"({expr}).astype(np.uint64)"
                self.emit(f"{out} = {expr}")
            case comb.ConcatOp():
                parts = []
                offset = w
                for v in ins:
                    offset -= self.net.widths[v]
                    term = f"{v}.astype(object)" if wide and not self.wide(v) else v
                    parts.append(f"({term} << {self.k(offset, wide)})" if offset else term)
                self.emit(f"{out} = {' | '.join(parts)}")
            case comb.ReplicateOp():
                (a,) = ins
                bits = self.net.widths[a]
                factor = sum(1 << (i * bits) for i in range(w // bits))
                term = f"{a}.astype(object)" if wide and not self.wide(a) else a
                self.emit(f"{out} = {term} * {self.k(factor, wide)}")
            case comb.ParityOp():
                (a,) = ins
                if self.wide(a):
                    name = f"F{len(self.consts)}"
                    self.consts[name] = np.frompyfunc(lambda v: int(v).bit_count() & 1, 1, 1)
                    self.emit(f"{out} = {name}({a}).astype(np.uint64)")
                else:
                    self.emit(f"{out} = np.bitwise_count({a}).astype(np.uint64) & {self.k(1, False)}")
            case _:
                raise AssertionError(op.name)

    def build(self) -> tuple[Callable, list[tuple[str, int]], list[object]]:
        """The cycle function `step(inputs, state) -> (outputs, next_state)`,
        the state layout [(kind, size)] and the initial state."""
        net = self.net
        self.lines.append("def step(I, S):")
        for i, var in enumerate(net.inputs.values()):
            self.emit(f"{var} = I[{i}]")
        state_init: list[object] = []
        for i, node in enumerate(net.state):
            self.emit(f"{node.outs[0]} = S[{i}]")
            w = net.widths[node.outs[0]]
            state_init.append(self._initial(node, w))
        for node in net.comb:
            self.node(node)
        next_state = []
        for i, node in enumerate(net.state):
            out = node.outs[0]
            wide = self.wide(out)
            op = node.op
            if isinstance(op, seq.CompRegOp):
                d = node.ins[0]
                if op.reset is not None:
                    rst, value = node.ins[2], node.ins[3]
                    self.emit(f"N{i} = _where({rst} != {self.k(0, False)}, {value}, {d})")
                else:
                    self.emit(f"N{i} = {d}")
            elif isinstance(op, RomOp):
                table = f"T{i}"
                words = rom_word_values(op)
                size = 1 << address_bits(len(words))
                padded = words + [0] * (size - len(words))
                self.consts[table] = np.array(padded, dtype=object if wide else np.uint64)
                self.emit(f"N{i} = {table}[{node.ins[0]}.astype(np.intp)]")
            elif isinstance(op, RamOp):
                _, raddr, waddr, wdata, we = node.ins
                mem = f"M{i}"
                depth = op.depth_value
                size = 1 << address_bits(depth)
                self.consts[mem] = np.zeros((self.batch, size), dtype=object if wide else np.uint64)
                self.consts["_rows"] = np.arange(self.batch)
                self.emit(f"N{i} = {mem}[_rows, {raddr}.astype(np.intp)]")
                self.emit(f"_w = ({we} != {self.k(0, False)}) & ({waddr} < {self.k(depth, False)})")
                self.emit(f"{mem}[_rows[_w], {waddr}[_w].astype(np.intp)] = {wdata}[_w]")
            next_state.append(f"N{i}")
        outs = ", ".join(net.outputs.values())
        self.emit(f"return ({outs}{',' if len(net.outputs) == 1 else ''}), [{', '.join(next_state)}]")
        source = "\n".join(self.lines) + "\n"
        namespace = dict(self.consts)
        exec(compile(source, f"<rtl-sim {net.top.sym_name.data}>", "exec"), namespace)
        self.source = source
        self.memories = [v for k, v in namespace.items() if k.startswith("M") and k[1:].isdigit()]
        return namespace["step"], [], state_init

    def _initial(self, node: Node, w: int) -> np.ndarray:
        return np.full(self.batch, power_on_value(node), dtype=object if w > 64 else np.uint64)


class Simulator:
    """A compiled design: `batch` independent copies of the top module of
    `module`, advanced one clock cycle per `step`."""

    def __init__(self, module: ModuleOp, top: str | hw.HWModuleOp | None = None, batch: int = 1):
        self.module = module
        self.top = top if isinstance(top, hw.HWModuleOp) else find_top(module, top)
        self.batch = batch
        self.netlist = flatten(module, self.top)
        codegen = _Codegen(self.netlist, batch)
        self._step, _, self._initial = codegen.build()
        self._memories = codegen.memories
        self.source = codegen.source
        self.input_names = list(self.netlist.inputs)
        self.output_names = list(self.netlist.outputs)
        self.input_widths = [self.netlist.widths[v] for v in self.netlist.inputs.values()]
        self.output_widths = [self.netlist.widths[v] for v in self.netlist.outputs.values()]
        self.cycle = 0
        self.reset_state()

    def reset_state(self) -> None:
        """Registers to their power-on values (0 by default), memories to 0."""
        self.state = [s.copy() for s in self._initial]
        for mem in self._memories:
            mem[...] = 0
        self.cycle = 0

    def zeros(self, bits: int) -> np.ndarray:
        return np.zeros(self.batch, dtype=object if bits > 64 else np.uint64)

    def step(self, inputs: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
        """One clock cycle: `inputs` (arrays [batch], in input port order; the
        clock's entry is ignored) settle, the outputs are returned, and the
        state advances at the rising edge."""
        outputs, self.state = self._step(inputs, self.state)
        self.cycle += 1
        return outputs

    def signal(self, bits: int, values: np.ndarray | int) -> np.ndarray:
        """A port value for every copy, masked to `bits`."""
        if bits > 64:
            array = np.empty(self.batch, dtype=object)
            array[...] = [int(v) & ((1 << bits) - 1) for v in np.broadcast_to(values, self.batch)]
            return array
        raw = np.broadcast_to(np.asarray(values), (self.batch,))
        if raw.dtype == object:
            raw = np.array([int(v) & ((1 << 64) - 1) for v in raw], dtype=np.uint64)
        return raw.astype(np.uint64) & np.uint64((1 << bits) - 1)

    def run_cycles(self, inputs_per_cycle: Mapping[str, np.ndarray | Sequence[int]]) -> dict[str, np.ndarray]:
        """Drive the input ports cycle by cycle: each entry is `[T]` (the same
        for every copy) or `[T, batch]`; ports not given are 0 (the clock is
        implicit). Returns every output port as `[T, batch]` (uint64 or
        Python ints), sampled before each cycle's rising edge."""
        unknown = [n for n in inputs_per_cycle if n not in self.input_names]
        if unknown:
            raise InterpretationError(
                f"'{unknown[0]}' is not an input port of '{self.top.sym_name.data}' "
                f"(inputs: {', '.join(self.input_names)})"
            )
        lengths = {len(v) for v in inputs_per_cycle.values()}
        if len(lengths) > 1:
            raise InterpretationError(f"inputs cover different numbers of cycles: {sorted(lengths)}")
        cycles = lengths.pop() if lengths else 0
        per_cycle = {n: np.asarray(v, dtype=object if w > 64 else None) for n, v, w in (
            (n, inputs_per_cycle[n], self.input_widths[self.input_names.index(n)]) for n in inputs_per_cycle
        )}
        results: list[list[np.ndarray]] = [[] for _ in self.output_names]
        for t in range(cycles):
            ins = [
                self.signal(w, per_cycle[n][t]) if n in per_cycle else self.zeros(w)
                for n, w in zip(self.input_names, self.input_widths)
            ]
            for i, value in enumerate(self.step(ins)):
                results[i].append(value)
        return {
            n: np.stack(r) if r else np.zeros((0, self.batch), dtype=np.uint64)
            for n, r in zip(self.output_names, results)
        }


# --------------------------------------------------------------------------
# Driving the stream contract
# --------------------------------------------------------------------------


class SimulationTimeout(InterpretationError):
    """The design stopped making progress (a deadlock, or a frame that never
    comes out)."""


@dataclass
class SimResult:
    outputs: dict[str, np.ndarray]
    """Output stream name -> frames, in the batch layout of the inputs."""
    frame_start: np.ndarray
    """Per frame, the cycle its first input beat moved (relative to its
    copy's timeline: cycle 0 is the first cycle after reset)."""
    frame_end: np.ndarray
    """Per frame, the cycle its last output beat moved."""
    cycles: int
    """Cycles after reset until the last output beat moved, plus one."""
    instances: int
    frames_per_instance: int
    stall_cycles: int | None = None
    """Cycles in which the sink did not take a valid output beat (it was
    not ready): the cycles backpressure stalled the pipeline (None: not
    counted, as by a gate-level simulation)."""
    latency: int = field(init=False)
    interval: int = field(init=False)
    """`frame_end[1] - frame_end[0]` of the last two frames of the first
    copy, or -1 with a single frame per copy."""

    def __post_init__(self) -> None:
        self.latency = int(self.frame_end[0] - self.frame_start[0])
        m = self.frames_per_instance
        self.interval = int(self.frame_end[m - 1] - self.frame_end[m - 2]) if m >= 2 else -1


DEFAULT_TIMEOUT = 100_000
"""Cycles without any beat moving after which a simulation is a deadlock."""


def _pattern(text: str, what: str) -> np.ndarray:
    if not text or set(text) - {"0", "1"} or "1" not in text:
        raise InterpretationError(
            f"{what} must be a string of 0s and 1s with at least one 1, got '{text}'"
        )
    return np.array([c == "1" for c in text])


def simulate(
    module: ModuleOp,
    inputs: Mapping[str, np.ndarray] | np.ndarray,
    *,
    top: str | None = None,
    instances: int = 1,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    timeout: int = DEFAULT_TIMEOUT,
    fast: bool = True,
) -> SimResult:
    """Stream frames through the top module (stream contract, see
    `asic.dialects.rtl`) and collect the output frames and cycle counts.

    `inputs` maps the input stream's name to its frames (one frame of the
    stream's shape, or a batch, see `frames_from_input`; a bare array is the
    input stream's). The frames are split into `instances` contiguous blocks
    streamed back to back through as many copies of the design, in lockstep.
    In cycle t the source offers a beat when `valid_pattern[t % len]` is 1,
    and the sink accepts one when `ready_pattern[t % len]` is 1.

    One copy runs on the fast path (`asic.interp.rtl_scalar`, Python ints)
    unless `fast` is false; several copies, or `fast=False`, run the
    vectorized `Simulator`, the reference.
    """
    top_op = find_top(module, top)
    try:
        streams = check_top(top_op)
    except Exception as error:
        raise InterpretationError(str(error)) from None
    source = next(s for s in streams if s.is_input)
    sink = next(s for s in streams if not s.is_input)
    if isinstance(inputs, np.ndarray):
        inputs = {source.stream: inputs}
    if set(inputs) != {source.stream}:
        raise InterpretationError(
            f"expected the input '{source.stream}', got {', '.join(map(repr, inputs)) or 'none'}"
        )
    try:
        frames, layout = frames_from_input(source, inputs[source.stream])
    except ValueError as error:
        raise InterpretationError(str(error)) from None
    count = frames.shape[0]
    instances = max(1, min(instances, count))
    per = -(-count // instances)
    instances = -(-count // per)
    valid_bits = _pattern(valid_pattern, "valid_pattern")
    ready_bits = _pattern(ready_pattern, "ready_pattern")

    def deadlock(cycle: int, done: int) -> None:
        raise SimulationTimeout(
            f"simulation timeout: no beat moved for {timeout} cycles (cycle "
            f"{cycle}); {done} of {count} frames came out, the design is "
            "deadlocked or a frame never comes out"
        )

    if instances == 1 and fast:
        return _simulate_one_copy(
            top_op, module, source, sink, frames, layout, valid_bits, ready_bits, timeout, deadlock
        )
    sim = Simulator(module, top_op, batch=instances)
    beats_in = frames_to_beats(source, frames)  # [F, beats]
    in_bpf, out_bpf = source.beat_count, sink.beat_count
    # Per copy: its frames' beats, flattened; copies with fewer frames pad.
    frames_of = [list(range(i * per, min(count, (i + 1) * per))) for i in range(instances)]
    n_frames = np.array([len(f) for f in frames_of])
    in_wide = source.data_width > 64
    out_wide = sink.data_width > 64
    stream_in = np.zeros((instances, per * in_bpf), dtype=object if in_wide else np.uint64)
    for i, fs in enumerate(frames_of):
        stream_in[i, : len(fs) * in_bpf] = beats_in[fs].reshape(-1)
    stream_out = np.zeros((instances, per * out_bpf), dtype=object if out_wide else np.uint64)
    total_in = n_frames * in_bpf
    total_out = n_frames * out_bpf
    start = np.full((instances, per), -1, dtype=np.int64)
    end = np.full((instances, per), -1, dtype=np.int64)
    rows = np.arange(instances)

    names = sim.input_names
    p_in, p_out = source.prefix, sink.prefix
    index = {n: i for i, n in enumerate(names)}
    out_index = {n: i for i, n in enumerate(sim.output_names)}
    ins = [sim.zeros(w) for w in sim.input_widths]
    one = np.ones(instances, dtype=np.uint64)
    zero = np.zeros(instances, dtype=np.uint64)
    # Reset: rst high, every valid and ready low.
    ins[index["rst"]] = one
    for _ in range(RESET_CYCLES):
        sim.step(ins)
    ins[index["rst"]] = zero
    beat_in = np.zeros(instances, dtype=np.int64)
    beat_out = np.zeros(instances, dtype=np.int64)
    i_data, i_valid = index[f"{p_in}_data"], index[f"{p_in}_valid"]
    o_ready_in = index[f"{p_out}_ready"]
    o_ready, o_data, o_valid = (
        out_index[f"{p_in}_ready"], out_index[f"{p_out}_data"], out_index[f"{p_out}_valid"]
    )
    last_progress = 0
    cycle = stalls = 0
    while (beat_out < total_out).any():
        offer = (beat_in < total_in) & valid_bits[cycle % len(valid_bits)]
        ins[i_valid] = offer.astype(np.uint64)
        ins[i_data] = stream_in[rows, np.minimum(beat_in, per * in_bpf - 1)]
        accept = bool(ready_bits[cycle % len(ready_bits)])
        ins[o_ready_in] = one if accept else zero
        outs = sim.step(ins)
        moved_in = offer & (outs[o_ready] != 0)
        moved_out = (outs[o_valid] != 0) & accept & (beat_out < total_out)
        stalls += int(not accept and ((outs[o_valid] != 0) & (beat_out < total_out)).any())
        if moved_in.any():
            first = moved_in & (beat_in % in_bpf == 0)
            start[rows[first], beat_in[first] // in_bpf] = cycle
            beat_in += moved_in
        if moved_out.any():
            stream_out[rows[moved_out], beat_out[moved_out]] = outs[o_data][moved_out]
            last = moved_out & (beat_out % out_bpf == out_bpf - 1)
            end[rows[last], beat_out[last] // out_bpf] = cycle
            beat_out += moved_out
        if moved_in.any() or moved_out.any():
            last_progress = cycle
        elif cycle - last_progress >= timeout:
            deadlock(cycle, int((beat_out // out_bpf).sum()))
        cycle += 1
    out_frames_beats = np.concatenate(
        [stream_out[i, : len(fs) * out_bpf].reshape(len(fs), out_bpf) for i, fs in enumerate(frames_of)]
    )
    out_frames = beats_to_frames(sink, out_frames_beats)
    frame_start = np.concatenate([start[i, : len(fs)] for i, fs in enumerate(frames_of)])
    frame_end = np.concatenate([end[i, : len(fs)] for i, fs in enumerate(frames_of)])
    return SimResult(
        outputs={sink.stream: frames_to_output(sink, out_frames, layout)},
        frame_start=frame_start,
        frame_end=frame_end,
        cycles=cycle,
        instances=instances,
        frames_per_instance=int(n_frames[0]),
        stall_cycles=stalls,
    )


def _simulate_one_copy(
    top: hw.HWModuleOp, module: ModuleOp, source: StreamAttr, sink: StreamAttr,
    frames: np.ndarray, layout, valid_bits: np.ndarray, ready_bits: np.ndarray,
    timeout: int, deadlock: Callable[[int, int], None],
) -> SimResult:  # fmt: skip
    """`simulate` on one copy, on the fast path."""
    sim = ScalarSimulator(flatten(module, top))
    beats = [int(b) for b in frames_to_beats(source, frames).reshape(-1)]
    out, start, end, cycles, stalls = stream_one_copy(
        sim, source, sink, beats, [bool(b) for b in valid_bits], [bool(b) for b in ready_bits],
        timeout, RESET_CYCLES, deadlock,
    )  # fmt: skip
    count = frames.shape[0]
    out_beats = np.array(out, dtype=object if sink.data_width > 64 else np.uint64)
    out_frames = beats_to_frames(sink, out_beats.reshape(count, sink.beat_count))
    return SimResult(
        outputs={sink.stream: frames_to_output(sink, out_frames, layout)},
        frame_start=np.array(start, dtype=np.int64),
        frame_end=np.array(end, dtype=np.int64),
        cycles=cycles,
        instances=1,
        frames_per_instance=count,
        stall_cycles=stalls,
    )


__all__ = [
    "RtlFunctions",
    "SimResult",
    "SimulationTimeout",
    "Simulator",
    "StreamAttr",
    "comb_value",
    "find_top",
    "flatten",
    "simulate",
]
