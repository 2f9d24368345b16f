"""The `sv` target: synthesizable SystemVerilog-2012 from hw / comb / seq / rtl.

Two steps, as in CIRCT's ExportVerilog:

`prepare(module)` checks and legalizes the IR in place:
- every op is one the printer knows (hw.module / module.extern / instance /
  output / constant, comb.*, seq.compreg without powerOn, rtl.rom,
  rtl.ram), every state element is clocked by a `!seq.clock` port, extracts
  lie inside their input, a top module with `rtl.streams` follows the stream
  contract (`asic.dialects.rtl.check_top`); anything else is a
  diagnostic naming the op;
- names become SystemVerilog identifiers (`[A-Za-z_][A-Za-z0-9_]*`, not a
  keyword of SystemVerilog or C++ -- Verilator's SYMRSVDWORD), unique in
  their scope, chosen deterministically: module names across the file; in
  each module the ports first, then instances, then values (the SSA name
  hint when there is one, else the op's kind: `_add`, `_mux`, ...), a clash
  getting the first free `_<n>` suffix. Module and port renames update the
  instances and `hw.output`; the names of values are materialized as an
  `sv.names` array attribute on their op (xDSL's name hints drop `_<n>`
  suffixes, so they cannot hold them).

`print_sv(module, out)` then prints without touching the IR. The printed
form is chosen so that widths are exact and `verilator --lint-only -Wall`
is silent:
- every non-constant value is one `logic` signal and one `assign` (or
  register): no expression nesting, so Verilog's context-determined widths
  never widen an intermediate result (a nested `(a + b) >> 1` would keep
  the carry the IR drops). Constants are inlined as sized literals.
- all signals are unsigned; `$signed(...)` appears exactly where the op is
  signed: `comb.icmp s*`, `comb.divs`, `comb.mods`, `comb.shrs` (`>>>`),
  and on the operands of `comb.mul`, whose `W`-bit result is the same
  either way: a signed product lets synthesis see a sign-extended operand
  as the narrow number it is (Yosys' `wreduce` drops the copies of the
  sign bit), an unsigned one multiplies every copy.
- a product by a constant prints as the shifts and adds of the constant's
  canonical signed digits (`csd_digits`; `a * 7` is `(a << 3) - a`, all
  `W` bits wide, exact modulo `2^W`): the fewest adders of any binary
  signed-digit form, what ASIC synthesis does itself for a constant
  multiplier and generic Yosys does not (its multiplier keeps a row per
  one bit of the constant). With both forms a fully parallel
  matrix-vector unit, whose requantization multipliers are constants
  (its weights are digits already, `asic.lowering.rtl.constant_products`),
  took a quarter fewer Yosys cells (the digits MLP's output layer:
  129605 -> 98179; bench/bench_hardware.py (b)).
- a shift by a non-constant amount is guarded, `b < W ? a >> b : '0` (sign
  fill for `>>>`), and a division or remainder by a non-constant divisor
  `b == 0 ? '0 : a / b`, with both branches signed for the signed ops (an
  unsigned branch would make the whole `?:`, and so the division or `>>>`,
  unsigned). Verilog already gives these values, but Verilator's
  optimizer does not: it merges `(a >> b) >> c` into `a >> (b + c)` with the
  sum wrapping at the amount's width, and folds `x / x` to 1 even for x = 0
  (both found by tests/test_asic_sim.py's random expressions). The guards make
  the IR's semantics explicit for every tool; shifts by a constant, what
  requantization uses, print plain.
- `seq.compreg` is an `always_ff @(posedge clk)` with `if (rst) ... else`.
- `rtl.rom` is a `logic [W-1:0] mem [0:D-1]` array filled word by word
  in an `initial` block and read by `always_ff` (`'0` past the last word
  when D is not a power of two). Every tool reads it as the constant table
  it is: Verilator keeps it as data (the `case` statement with one item per
  word printed before made its build superlinear: the 1024-1024-1024-10
  MLP at 256 multipliers spent 118 s and 2 GB in Verilator alone, against
  8 s and 120 MB for the array; bench/bench_large.py); Yosys reads an
  initialized array without write ports as a ROM and `synth` maps it onto
  logic on the constants, as it did the `case` (which its `proc_rom` made
  the same ROM): the digits MLP at 64 multipliers took 61612 generic cells
  against 61943 with the `case`, the same 1945 flip-flops, and a zero word
  still costs nothing; Icarus Verilog reads it as written.
- `rtl.ram` is a `logic [W-1:0] mem [0:D-1]` array written and read in one
  `always_ff` (read-first, guarded when D is not a power of two).
- bits the IR never reads (an input port nobody uses, the upper bits of a
  value only partly extracted) are gathered into
  `assign _unused = &{1'b0, ..., 1'b0};`, Verilator's documented idiom for
  intentionally unused signals (its default `--unused-regexp` is `*unused*`),
  instead of a lint_off pragma.
- the file starts with `// verilator lint_off DECLFILENAME`: one file holds
  every module of the design, so all but one module name differ from the file
  name; that rule is about file organization, not the design, and is the only
  one turned off.
- the top module is preceded by `// rtl.streams = [...]`, the stream contract
  in MLIR syntax, which `asic-sim` reads back from a `.sv` file.

Output is a function of the IR alone (no dict or set order, no hashes), so
repeated runs are byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects import comb, hw, seq
from xdsl.dialects.builtin import (
    ArrayAttr,
    FlatSymbolRefAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
)
from xdsl.ir import Attribute, BlockArgument, Operation, SSAValue
from xdsl.utils.exceptions import DiagnosticException
from xdsl.utils.target import Target

from asic.dialects.names import UniqueNames
from asic.dialects.rtl import (
    STREAMS_ATTR,
    RamOp,
    RomOp,
    address_bits,
    check_top,
    rom_word_values,
)
from asic.dialects.rtl_comb import check_comb_op, icmp_predicate
from asic.lowering.rtl.constant_products import csd_digits

NAMES_ATTR = "sv.names"


class EmitError(DiagnosticException):
    """The IR cannot be printed as SystemVerilog."""


# fmt: off
SV_KEYWORDS = frozenset("""
accept_on alias always always_comb always_ff always_latch and assert assign assume automatic
before begin bind bins binsof bit break buf bufif0 bufif1 byte case casex casez cell chandle
checker class clocking cmos config const constraint context continue cover covergroup
coverpoint cross deassign default defparam design disable dist do edge else end endcase
endchecker endclass endclocking endconfig endfunction endgenerate endgroup endinterface
endmodule endpackage endprimitive endprogram endproperty endspecify endsequence endtable
endtask enum event eventually expect export extends extern final first_match for force
foreach forever fork forkjoin function generate genvar global highz0 highz1 if iff ifnone
ignore_bins illegal_bins implements implies import incdir include initial inout input
inside instance int integer interconnect interface intersect join join_any join_none
large let liblist library local localparam logic longint macromodule matches medium
modport module nand negedge nettype new nexttime nmos nor noshowcancelled not notif0
notif1 null or output package packed parameter pmos posedge primitive priority program
property protected pull0 pull1 pulldown pullup pulsestyle_ondetect pulsestyle_onevent
pure rand randc randcase randsequence rcmos real realtime ref reg reject_on release repeat
restrict return rnmos rpmos rtran rtranif0 rtranif1 s_always s_eventually s_nexttime
s_until s_until_with scalared sequence shortint shortreal showcancelled signed small soft
solve specify specparam static string strong strong0 strong1 struct super supply0 supply1
sync_accept_on sync_reject_on table tagged task this throughout time timeprecision
timeunit tran tranif0 tranif1 tri tri0 tri1 triand trior trireg type typedef union unique
unique0 unsigned until until_with untyped use uwire var vectored virtual void wait
wait_order wand weak weak0 weak1 while wildcard wire with within wor xnor xor
""".split())

CPP_KEYWORDS = frozenset("""
alignas alignof and_eq asm atomic_cancel atomic_commit atomic_noexcept auto bitand bitor
bool catch char char8_t char16_t char32_t compl concept consteval constexpr constinit
const_cast co_await co_return co_yield decltype delete double dynamic_cast explicit
false float friend goto inline long mutable namespace noexcept not_eq nullptr operator
or_eq private public reflexpr register reinterpret_cast requires short signed sizeof
static_assert static_cast switch template thread_local throw true try typeid typename
unsigned using volatile wchar_t xor_eq
""".split())
# fmt: on

RESERVED = SV_KEYWORDS | CPP_KEYWORDS | {"_unused"}

_OP_KIND = {
    comb.AddOp: "add", comb.SubOp: "sub", comb.MulOp: "mul",
    comb.DivUOp: "div", comb.DivSOp: "div", comb.ModUOp: "mod", comb.ModSOp: "mod",
    comb.ShlOp: "shl", comb.ShrUOp: "shr", comb.ShrSOp: "shr",
    comb.AndOp: "and", comb.OrOp: "or", comb.XorOp: "xor", comb.ICmpOp: "cmp",
    comb.MuxOp: "mux", comb.ExtractOp: "bits", comb.ConcatOp: "cat",
    comb.ReplicateOp: "rep", comb.ParityOp: "parity",
    seq.CompRegOp: "reg", RomOp: "rom", RamOp: "ram", hw.InstanceOp: "inst",
}  # fmt: skip

_SUPPORTED = (hw.ConstantOp, hw.OutputOp, *_OP_KIND)


def legal_identifier(name: str) -> str:
    """`name` as an SV identifier: characters outside `[A-Za-z0-9_]` become
    `_`, a leading digit (or nothing) gets a `_` in front, a reserved word a
    `_` behind."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not ident or ident[0].isdigit():
        ident = "_" + ident
    if ident in RESERVED:
        ident += "_"
    return ident


class Namespace(UniqueNames):
    """Unique identifiers in one SV scope, handed out in call order:
    `fresh(name)` is the legal identifier of `name`, or that with the first
    free suffix `_1`, `_2`, ... (the reserved words are taken)."""

    def __init__(self) -> None:
        super().__init__(RESERVED, separator="_")

    def fresh(self, base: str) -> str:
        return super().fresh(legal_identifier(base))


# --------------------------------------------------------------------------
# Preparation
# --------------------------------------------------------------------------


def _where(op: Operation) -> str:
    module = op.parent_op()
    while module is not None and not isinstance(module, hw.HWModuleOp):
        module = module.parent_op()
    return f"module '{module.sym_name.data}'" if module is not None else "the design"


def _width(ty: Attribute) -> int:
    if isinstance(ty, seq.ClockType):
        return 1
    assert isinstance(ty, IntegerType)
    return ty.width.data


def _check(module: ModuleOp) -> None:
    for op in module.ops:
        if not isinstance(op, hw.HWModuleOp | hw.HWModuleExternOp):
            raise EmitError(
                f"the sv target prints hw.module and hw.module.extern only, found {op.name}"
            )
        if isinstance(op, hw.HWModuleExternOp):
            continue
        if STREAMS_ATTR in op.attributes:
            try:
                check_top(op)
            except Exception as error:
                raise EmitError(str(error)) from None
        for port in op.module_type.ports.data:
            if not isinstance(port.type, IntegerType | seq.ClockType):
                raise EmitError(
                    f"port '{port.port_name.data}' of module '{op.sym_name.data}' has "
                    f"type {port.type}; the sv target supports integer and !seq.clock ports"
                )
        for inner in op.body.block.ops:
            if not isinstance(inner, _SUPPORTED):
                raise EmitError(
                    f"{inner.name} in {_where(inner)} is not supported by the sv target "
                    "(supported: hw.instance, hw.output, hw.constant, comb.*, "
                    "seq.compreg, rtl.rom, rtl.ram)"
                )
            for value in (*inner.operands, *inner.results):
                if not isinstance(value.type, IntegerType | seq.ClockType):
                    raise EmitError(
                        f"{inner.name} in {_where(inner)} has a value of type {value.type}; "
                        "the sv target supports integer and !seq.clock values"
                    )
            try:
                check_comb_op(inner)
            except Exception as error:
                raise EmitError(f"{error} in {_where(inner)}") from None
            if isinstance(inner, seq.CompRegOp) and inner.power_on_value is not None:
                raise EmitError(
                    f"seq.compreg in {_where(inner)} has a powerOn value, which an ASIC "
                    "register cannot have: use a synchronous reset"
                )
            clock = _clock_of(inner)
            if clock is not None and not (
                isinstance(clock, BlockArgument) and isinstance(clock.type, seq.ClockType)
            ):
                raise EmitError(
                    f"{inner.name} in {_where(inner)} is clocked by "
                    f"{clock.owner.name if isinstance(clock.owner, Operation) else 'a value'}; "
                    "the sv target needs a !seq.clock port of the module"
                )


def _clock_of(op: Operation) -> SSAValue | None:
    if isinstance(op, seq.CompRegOp | RomOp):
        return op.clk
    if isinstance(op, RamOp):
        return op.clk
    return None


def prepare(module: ModuleOp) -> None:
    """Check that the design can be printed and legalize its names (module
    docstring). Raises `EmitError`."""
    _check(module)
    modules = [op for op in module.ops if isinstance(op, hw.HWModuleOp | hw.HWModuleExternOp)]
    # Module names, unique across the file.
    file_scope = Namespace()
    renamed: dict[str, str] = {}
    for op in modules:
        old = op.sym_name.data
        new = old if isinstance(op, hw.HWModuleExternOp) else file_scope.fresh(old)
        renamed[old] = new
        op.sym_name = StringAttr(new)
    # Port names, unique per module.
    port_renames: dict[str, dict[str, str]] = {}
    for op in modules:
        scope = Namespace()
        mapping: dict[str, str] = {}
        ports = []
        for port in op.module_type.ports.data:
            new = (
                port.port_name.data
                if isinstance(op, hw.HWModuleExternOp)
                else scope.fresh(port.port_name.data)
            )
            mapping[port.port_name.data] = new
            ports.append(hw.ModulePort(StringAttr(new), port.type, port.dir))
        port_renames[op.sym_name.data] = mapping
        op.module_type = hw.ModuleType(ArrayAttr(ports))
        if isinstance(op, hw.HWModuleOp):
            _name_values(op, scope)
    for op in module.walk():
        if isinstance(op, hw.InstanceOp):
            callee = renamed.get(op.module_name.string_value(), op.module_name.string_value())
            mapping = port_renames.get(callee, {})
            op.module_name = FlatSymbolRefAttr(callee)
            op.arg_names = ArrayAttr(StringAttr(mapping.get(n.data, n.data)) for n in op.arg_names)
            op.result_names = ArrayAttr(
                StringAttr(mapping.get(n.data, n.data)) for n in op.result_names
            )


def _name_values(module: hw.HWModuleOp, scope: Namespace) -> None:
    ops = list(module.body.block.ops)
    for op in ops:
        if isinstance(op, hw.InstanceOp):
            op.instance_name = StringAttr(scope.fresh(op.instance_name.data))
    for op in ops:
        if isinstance(op, hw.ConstantOp | hw.OutputOp):
            continue
        names = []
        for i, result in enumerate(op.results):
            if isinstance(op, hw.InstanceOp):
                hint = f"{op.instance_name.data}_{op.result_names.data[i].data}"
            else:
                hint = result.name_hint or f"_{_OP_KIND[type(op)]}"
            names.append(StringAttr(scope.fresh(hint)))
        if isinstance(op, RamOp | RomOp):  # the memory array's name
            names.append(StringAttr(scope.fresh(f"{names[0].data}_mem")))
        op.attributes[NAMES_ATTR] = ArrayAttr(names)


# --------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------


def _constant(value: SSAValue) -> int | None:
    """The unsigned value of a hw.constant, else None."""
    owner = value.owner
    if isinstance(owner, hw.ConstantOp):
        return owner.value.value.data & ((1 << _width(value.type)) - 1)
    return None


def shift_add(operand: str, value: int, bits: int) -> str:
    """`operand * value` modulo `2^bits` as shifts and adds of the
    constant's canonical signed digits, the largest shift first (the first
    positive one leading; a `0 -` before an all-negative sum)."""
    digits = sorted(csd_digits(value, bits), key=lambda dk: -dk[1])
    if not digits:
        return literal(0, bits)
    first = next((i for i, (d, _) in enumerate(digits) if d > 0), None)
    if first is not None:
        digits.insert(0, digits.pop(first))
    if len(digits) == 1 and first is not None:
        k = digits[0][1]
        return operand if k == 0 else f"{operand} << {k}"
    text = "" if first is not None else literal(0, bits)
    for d, k in digits:
        term = operand if k == 0 else f"({operand} << {k})"
        text = term if not text else f"{text} {'+' if d > 0 else '-'} {term}"
    return text


def literal(value: int, bits: int) -> str:
    """A sized SV literal of the unsigned value `value mod 2^bits`."""
    value &= (1 << bits) - 1
    if bits == 1:
        return f"1'b{value}"
    if value < 1024:
        return f"{bits}'d{value}"
    return f"{bits}'h{value:x}"


def _guarded_read(mem: str, addr: str, depth: int, abits: int) -> str:
    """`mem[addr]`, or `'0` when the address is past the array's `depth`
    words (only possible when `depth` is not a power of two)."""
    read = f"{mem}[{addr}]"
    if depth < (1 << abits):
        return f"{addr} < {literal(depth, abits)} ? {read} : '0"
    return read


def _type(ty: Attribute) -> str:
    w = _width(ty)
    return "logic" if w == 1 else f"logic [{w - 1}:0]"


@dataclass
class _ModulePrinter:
    module: hw.HWModuleOp
    out: list[str]

    def __post_init__(self) -> None:
        block = self.module.body.block
        self.names: dict[SSAValue, str] = {}
        inputs = [p for p in self.module.module_type.ports.data if p.dir.data.is_input_like()]
        for arg, port in zip(block.args, inputs):
            self.names[arg] = port.port_name.data
        for op in block.ops:
            if NAMES_ATTR in op.attributes:
                names = op.attributes[NAMES_ATTR]
                assert isinstance(names, ArrayAttr)
                for result, name in zip(op.results, names.data):
                    assert isinstance(name, StringAttr)
                    self.names[result] = name.data
            elif op.results and not isinstance(op, hw.ConstantOp):
                raise EmitError(f"{op.name} in {_where(op)} has no name: run prepare first")
        # bits of each signal read by the design: name -> set of bit indices
        self.reads: dict[SSAValue, set[int] | None] = {}

    # -- expressions --------------------------------------------------------
    def ref(self, value: SSAValue) -> str:
        owner = value.owner
        if isinstance(owner, hw.ConstantOp):
            return literal(owner.value.value.data, _width(value.type))
        self._read(value, None)
        return self.names[value]

    def bits(self, value: SSAValue, low: int, count: int) -> str:
        """Bits [low, low + count) of `value`."""
        total = _width(value.type)
        owner = value.owner
        if isinstance(owner, hw.ConstantOp):
            return literal(owner.value.value.data >> low, count)
        if low == 0 and count == total:
            return self.ref(value)
        self._read(value, range(low, low + count))
        name = self.names[value]
        return f"{name}[{low}]" if count == 1 else f"{name}[{low + count - 1}:{low}]"

    def _read(self, value: SSAValue, bits: range | None) -> None:
        if value not in self.reads:
            self.reads[value] = set()
        known = self.reads[value]
        if known is None:
            return
        if bits is None:
            self.reads[value] = None
        else:
            known.update(bits)

    def expr(self, op: Operation) -> str:
        ins = op.operands
        w = _width(op.results[0].type)

        def join(sep: str) -> str:
            return f" {sep} ".join(self.ref(v) for v in ins)

        def signed(v: SSAValue) -> str:
            return f"$signed({self.ref(v)})"

        match op:
            case comb.AddOp():
                return join("+")
            case comb.SubOp():
                return join("-")
            case comb.MulOp():
                constants = [_constant(v) for v in ins]
                if len(ins) == 2 and (constants[0] is None) != (constants[1] is None):
                    value = constants[0] if constants[0] is not None else constants[1]
                    assert value is not None
                    if value % (1 << w) == 0:  # no digits: keep the operand in use (lint)
                        return " * ".join(signed(v) for v in ins)
                    operand = ins[1] if constants[0] is not None else ins[0]
                    assert value is not None
                    return shift_add(self.ref(operand), value, w)
                return " * ".join(signed(v) for v in ins)
            case comb.AndOp():
                return join("&")
            case comb.OrOp():
                return join("|")
            case comb.XorOp():
                return join("^")
            case comb.DivUOp() | comb.ModUOp() | comb.DivSOp() | comb.ModSOp():
                symbol = "/" if isinstance(op, comb.DivUOp | comb.DivSOp) else "%"
                if isinstance(op, comb.DivSOp | comb.ModSOp):
                    quotient = f"{signed(ins[0])} {symbol} {signed(ins[1])}"
                else:
                    quotient = join(symbol)
                if _constant(ins[1]) not in (None, 0):
                    return quotient
                # Both branches signed for divs/mods: one unsigned branch
                # would make the whole ?: (and so the division) unsigned.
                zero = f"{w}'sd0" if isinstance(op, comb.DivSOp | comb.ModSOp) else literal(0, w)
                return f"{self.ref(ins[1])} == {literal(0, w)} ? {zero} : {quotient}"
            case comb.ShlOp() | comb.ShrUOp() | comb.ShrSOp():
                symbol = {comb.ShlOp: "<<", comb.ShrUOp: ">>", comb.ShrSOp: ">>>"}[type(op)]
                value = signed(ins[0]) if isinstance(op, comb.ShrSOp) else self.ref(ins[0])
                amount = _constant(ins[1])
                if amount is not None and amount < w:
                    return f"{value} {symbol} {self.ref(ins[1])}"
                if isinstance(op, comb.ShrSOp):
                    # signed, or it would make the ?: and so `>>>` unsigned
                    fill = f"$signed({{{w}{{{self.bits(ins[0], w - 1, 1)}}}}})" if w > 1 else self.ref(ins[0])
                else:
                    fill = literal(0, w)
                if amount is not None:
                    return fill
                shifted = f"{value} {symbol} {self.ref(ins[1])}"
                return f"{self.ref(ins[1])} < {literal(w, w)} ? {shifted} : {fill}"
            case comb.ICmpOp():
                predicate = icmp_predicate(op)
                symbol = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[
                    predicate[-2:]
                ]
                if predicate[0] == "s":
                    return f"{signed(ins[0])} {symbol} {signed(ins[1])}"
                return f"{self.ref(ins[0])} {symbol} {self.ref(ins[1])}"
            case comb.MuxOp():
                return f"{self.ref(ins[0])} ? {self.ref(ins[1])} : {self.ref(ins[2])}"
            case comb.ExtractOp():
                return self.bits(ins[0], op.low_bit.value.data, _width(op.result.type))
            case comb.ConcatOp():
                return "{" + ", ".join(self.ref(v) for v in ins) + "}"
            case comb.ReplicateOp():
                times = _width(op.result.type) // _width(ins[0].type)
                return f"{{{times}{{{self.ref(ins[0])}}}}}"
            case comb.ParityOp():
                return f"^{self.ref(ins[0])}"
            case _:
                raise AssertionError(op.name)

    # -- module ---------------------------------------------------------------
    def print(self) -> None:
        module = self.module
        streams = module.attributes.get(STREAMS_ATTR)
        if streams is not None:
            self.out.append(f"// {STREAMS_ATTR} = {streams}")
        ports = module.module_type.ports.data
        header = [
            f"  {'input ' if p.dir.data.is_input_like() else 'output'} {_type(p.type)} {p.port_name.data}"
            for p in ports
        ]
        self.out.append(f"module {module.sym_name.data} (")
        self.out.append(",\n".join(header))
        self.out.append(");")
        body: list[str] = []
        decls: list[str] = []
        for op in module.body.block.ops:
            if isinstance(op, hw.ConstantOp):
                continue
            if isinstance(op, hw.OutputOp):
                outputs = [p for p in ports if p.dir.data.is_output_like()]
                for port, value in zip(outputs, op.operands):
                    body.append(f"  assign {port.port_name.data} = {self.ref(value)};")
                continue
            for result in op.results:
                decls.append(f"  {_type(result.type)} {self.names[result]};")
            body.extend(self.statement(op, decls))
        unused = self.unused()
        if unused:
            decls.append("  logic _unused;")
            body.append("  assign _unused = &{1'b0, " + ", ".join(unused) + ", 1'b0};")
        self.out.extend(decls)
        self.out.extend(body)
        self.out.append("endmodule")

    def statement(self, op: Operation, decls: list[str]) -> list[str]:
        match op:
            case hw.InstanceOp():
                conns = [
                    f".{n.data}({self.ref(v)})" for n, v in zip(op.arg_names.data, op.operands)
                ]
                conns += [
                    f".{n.data}({self.names[r]})" for n, r in zip(op.result_names.data, op.results)
                ]
                lines = [f"  {op.module_name.string_value()} {op.instance_name.data} ("]
                lines.append(",\n".join(f"    {c}" for c in conns))
                lines.append("  );")
                return lines
            case seq.CompRegOp():
                q = self.names[op.data]
                clk = self.ref(op.clk)
                if op.reset is not None:
                    assert op.reset_value is not None
                    return [
                        f"  always_ff @(posedge {clk}) begin",
                        f"    if ({self.ref(op.reset)}) {q} <= {self.ref(op.reset_value)};",
                        f"    else {q} <= {self.ref(op.input)};",
                        "  end",
                    ]
                return [f"  always_ff @(posedge {clk}) {q} <= {self.ref(op.input)};"]
            case RomOp():
                return self.rom(op, decls)
            case RamOp():
                return self.ram(op, decls)
            case _:
                return [f"  assign {self.names[op.results[0]]} = {self.expr(op)};"]

    def memory(self, op: RomOp | RamOp, depth: int, decls: list[str]) -> str:
        """Declare the op's `logic [W-1:0] mem [0:depth-1]` array (its
        second name); the name."""
        names = op.attributes[NAMES_ATTR]
        assert isinstance(names, ArrayAttr) and isinstance(names.data[1], StringAttr)
        mem = names.data[1].data
        decls.append(f"  {_type(op.results[0].type)} {mem} [0:{depth - 1}];")
        return mem

    def rom(self, op: RomOp, decls: list[str]) -> list[str]:
        mem = self.memory(op, op.depth, decls)
        words = rom_word_values(op)
        wbits = _width(op.data.type)
        lines = ["  initial begin"]
        lines += [f"    {mem}[{address}] = {literal(word, wbits)};" for address, word in enumerate(words)]
        lines += [
            "  end",
            f"  always_ff @(posedge {self.ref(op.clk)}) {self.names[op.data]} <= "
            f"{_guarded_read(mem, self.ref(op.addr), op.depth, _width(op.addr.type))};",
        ]
        return lines

    def ram(self, op: RamOp, decls: list[str]) -> list[str]:
        q = self.names[op.rdata]
        depth = op.depth_value
        mem = self.memory(op, depth, decls)
        abits = address_bits(depth)
        raddr, waddr = self.ref(op.raddr), self.ref(op.waddr)
        write = f"{self.ref(op.we)}"
        if depth < (1 << abits):
            write = f"{write} && {waddr} < {literal(depth, abits)}"
        return [
            f"  always_ff @(posedge {self.ref(op.clk)}) begin",
            f"    if ({write}) {mem}[{waddr}] <= {self.ref(op.wdata)};",
            f"    {q} <= {_guarded_read(mem, raddr, depth, abits)};",
            "  end",
        ]

    def unused(self) -> list[str]:
        """References to every bit the module never reads (not output ports)."""
        block = self.module.body.block
        values: list[SSAValue] = list(block.args)
        for op in block.ops:
            if not isinstance(op, hw.ConstantOp):
                values.extend(op.results)
        refs = []
        for value in values:
            reads = self.reads.get(value, set())
            if reads is None:
                continue
            total = _width(value.type)
            name = self.names[value]
            if not reads:
                refs.append(name)
                continue
            bit = 0
            while bit < total:
                if bit in reads:
                    bit += 1
                    continue
                end = bit
                while end < total and end not in reads:
                    end += 1
                refs.append(f"{name}[{bit}]" if end - bit == 1 else f"{name}[{end - 1}:{bit}]")
                bit = end
        return refs


def print_sv(module: ModuleOp, out: IO[str]) -> None:
    """Print a prepared design (see `prepare`) as SystemVerilog."""
    lines = [
        "// Generated by asic-opt (-t sv).",
        "// One file holds every module of the design; the file-name rule cannot hold.",
        "// verilator lint_off DECLFILENAME",
    ]
    for op in module.ops:
        if isinstance(op, hw.HWModuleOp):
            lines.append("")
            _ModulePrinter(op, lines).print()
    out.write("\n".join(lines) + "\n")


def emit_sv(module: ModuleOp, out: IO[str]) -> None:
    """`prepare` then `print_sv`."""
    prepare(module)
    print_sv(module, out)


def sv_text(module: ModuleOp) -> str:
    """The SystemVerilog of `module` (prepared in place)."""
    from io import StringIO

    buffer = StringIO()
    emit_sv(module, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class SVTarget(Target):
    """`-t sv`: synthesizable SystemVerilog (see the module docstring)."""

    name = "sv"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        emit_sv(module, output)


__all__: Sequence[str] = [
    "EmitError",
    "SVTarget",
    "csd_digits",
    "emit_sv",
    "prepare",
    "print_sv",
    "shift_add",
    "sv_text",
]
