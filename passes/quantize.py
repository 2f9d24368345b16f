"""`quantize{...}`: nn to qnt, integers only, for every op the hardware sees.

    asic-opt m.mlir -p 'fuse-bias,calibrate{data="calib.npz"},quantize{weight-bits=8 act-bits=8}'

The entry function must be at nn level and calibrated: every activation the
quantized region computes needs its `calibration.range` (`calibrate`); a
missing one is an error that names the value ("run calibrate first"). The
function keeps its float signature: a `qnt.quantize` (the argument's range)
starts the quantized region, a `qnt.dequantize` ends it wherever float
resumes (the return, a final softmax). Every op between computes on
integers only (see `asic.dialects.qnt` for the arithmetic).

Op by op (`asic.passes.quantization.mapping`):

- `conv2d`, `dense` (constant weight and bias), `matmul` (a constant right
  operand is a weight; two activations multiply per tensor): the weight
  becomes a `qnt.constant` (`weight-bits`, per output channel with
  `per-channel=true`, symmetric with zero point 0 and the narrowed range
  `[-(2^(b-1)-1), 2^(b-1)-1]` with `symmetric=true`, else asymmetric with
  a zero point per channel); the bias a signless integer constant at the
  accumulator scale `s_x * s_w[o]` (round half away from zero), as narrow as
  its values allow; then `qnt.conv2d`/`dense`/`matmul` into the smallest
  accumulator that cannot overflow, and `qnt.requantize` to the result's
  type with the multipliers and shifts encoding `s_x * s_w[o] / s_y`
  (`qnt.encode_multiplier`; `multiplier-bits`-bit multipliers, fewer when
  the accumulator is wider than `63 - multiplier-bits` bits, so that the
  product stays within 63 bits).
- A ReLU or clip that is the only user of a layer, an add or a batchnorm is
  fused into its requantization: the result takes the activation's type and
  range, and its storage bounds `min` (the zero point, for ReLU) and `max`
  (ReLU6: `6 / s_y` rounded, plus the zero point) are explicit. Elsewhere a
  ReLU or clip is a `qnt.clamp` of its input's type.
- `batchnorm` (constant parameters, rank 4, or rank 2 through reshapes) and
  a per-channel `mul` (fold-batchnorm's scale-shift form, with the
  per-channel `add` that follows it as bias) become a depthwise 1x1
  `qnt.conv2d`, whose per-channel weights represent the scales exactly up to
  rounding of the multiplier: `fold-batchnorm` first is better (one layer
  fewer) but not required.
- `add`: `qnt.add` with both inputs rescaled to the result's type; a constant
  operand is quantized on its own range.
- every other elementwise function (`sigmoid`, `tanh`, `leaky_relu`: the
  ops of `nn.ELEMENTWISE_FUNCTIONS` but relu and clip): `qnt.lut`, a table of
  the op's own `float_function` over every input value, quantized to the
  result's type.
- `maxpool2d`, `flatten`, `reshape`, `transpose`: the same op on stored
  integers, the input's type; `avgpool2d`, `global_avgpool2d`, `concat`:
  rescaled to the result's type; `argmax`: on stored integers, `i64`.

Float tail. An op with no integer form (softmax, div, lrn, ...) stays nn
(with a remark) together with every op that uses its result; its quantized
inputs are dequantized. A layer (conv2d, dense, matmul, batchnorm) must not
be in that tail: it is an error that names the op without integer form.

Activation types (`asic.passes.quantization.params`): the calibrated range cut
into the grid of its scheme, `act-bits` wide, signed or unsigned storage by
`act-signed=auto|true|false`.

Mixed precision: `quant.weight_bits` and `quant.act_bits` attributes on nn
ops (written by hand, or by `choose-bits`) override `weight-bits` and
`act-bits` for that op (`asic.passes.quantization.params`).

Weight rounding: `rounding=nearest` (default) rounds each weight to the
nearest grid point; `rounding=gptq` runs GPTQ layer by layer on the Gram
matrices of each layer's inputs over the calibration inputs `data=`
(`asic.passes.quantization.layers`, `asic.passes.quantization.weights`).
`weight-range=minmax` (default) spans each row's largest magnitude;
`weight-range=mse` clips each row where its rounding error is least.

Requantization multipliers: `multiplier-bits=B` (2 to 31, default 31)
bounds every integer multiplier `M` of requantize, add, avgpool2d,
global_avgpool2d and concat below `2^B` (`qnt.encode_multiplier(real, B)`):
`M / 2^s` is within a relative `1 / (2^B - 1)` of the real multiplier, so
a result of `y` steps of its grid moves by at most `|y| / (2^B - 1)` steps
before rounding. The multipliers are integers in the IR, so every level
below computes with exactly these. Hardware pays for `B`: each output
lane of a matrix-vector unit multiplies its accumulator by `M`, a fixed
cost per output channel that pruning does not shrink. `multiplier-bits=16`
moves 8-bit results by less than 1/256 of a step (the digits MLP at W8A8
keeps its top-1; bench/bench_hardware.py (b) shows the area). A real
multiplier of `2^B` or more (a rescale to a much finer scale) is an error.

Requantization by shifts: `requantize=shift` (default `multiply`) makes
the requantization of every layer (conv2d, dense, matmul by a constant,
batchnorm and per-channel mul) a power of two, `M = 1` and a rounding
shift `s` (or `M = 2^e` when the result's scale is finer than the
accumulator's), so the hardware has no multiplier after the accumulator:
each output channel's weight scale `s_w` is raised, by a factor in
`[1, 2)`, to the next `s_y / s_x * 2^e` (`asic.passes.quantization.layers.ScaleConstraint`),
and the requantization is exact (the real multiplier is the power of
two, up to the float rounding of the scales). The price is less than one
bit of weight resolution (half a bit on average), and smaller weight
integers, which shrink shift-and-add products too. This is the
power-of-two scaling of fixed-point accelerators. Requantizations without
a weight scale to absorb the rounding (add, avgpool2d, global_avgpool2d,
concat, a matmul of two activations) keep `multiplier-bits` multipliers.
A layer's `M = 2^e` is a shift in hardware, so `multiplier-bits` does not
bound it.

Options: `weight-bits=8`, `act-bits=8` (2 to 16), `per-channel=true`,
`symmetric=true`, `rounding=nearest|gptq`, `weight-range=minmax|mse`,
`act-signed=auto|true|false`, `multiplier-bits=31` (2 to 31),
`requantize=multiply|shift`, `data="calib.npz"` (gptq only),
`batch-size=256`.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from asic.diagnostics import UserError
from asic.dialects.qnt import MAX_STORAGE_BITS, MIN_STORAGE_BITS, MULTIPLIER_BITS
from asic.interp.calibration import load_calibration_inputs
from asic.interp.runner import entry_function
from asic.pass_options import OptionsPass
from asic.passes.common.finite import FINITE_TO_QUANTIZE, check_finite_constants
from asic.passes.quantization.layers import (
    ROUNDINGS,
    WeightOptions,
    sequential_gptq,
    weighted_layers,
)
from asic.passes.quantization.mapping import Lowering, Settings
from asic.passes.quantization.params import check_attributes
from asic.passes.quantization.weights import RANGES

SIGNED = ("auto", "true", "false")
REQUANTIZE = ("multiply", "shift")


def check_width(pass_name: str, option: str, bits: int) -> None:
    if not MIN_STORAGE_BITS <= bits <= MAX_STORAGE_BITS:
        raise ValueError(
            f"{pass_name}: {option} must be from {MIN_STORAGE_BITS} to {MAX_STORAGE_BITS}, got {bits}"
        )


def check_choice(pass_name: str, option: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(
            f"{pass_name}: {option}={value} is not supported; expected one of {', '.join(choices)}"
        )


def check_nn_level(pass_name: str, function: func.FuncOp) -> None:
    for op in function.body.walk():
        if not (op.name.startswith("nn.") or isinstance(op, func.ReturnOp)):
            raise UserError(
                f"{pass_name}: function '{function.sym_name.data}' is not at nn level: it contains "
                f"'{op.name}'; {pass_name} runs on calibrated float nn IR"
            )


@dataclass(frozen=True)
class QuantizePass(OptionsPass):
    """Quantize the calibrated entry function from nn to qnt: integer-only
    arithmetic for every op the hardware computes."""

    name = "quantize"

    weight_bits: int = 8
    """Width of the weights, 2 to 16 bits (a layer's `quant.weight_bits`
    overrides it)."""
    act_bits: int = 8
    """Width of the activations, 2 to 16 bits (an op's `quant.act_bits`
    overrides it)."""
    per_channel: bool = True
    """A weight scale per output channel rather than per tensor."""
    symmetric: bool = True
    """Symmetric weights: zero point 0 and the narrowed range."""
    rounding: str = "nearest"
    """How weights are rounded to their grid: `nearest` or `gptq` (needs
    `data`)."""
    weight_range: str = "minmax"
    """The range of each weight row: `minmax` (its largest magnitude) or
    `mse` (clipped where the rounding error is least)."""
    act_signed: str | bool = "auto"
    """Storage of activations: `auto` (unsigned for a range that starts at
    0), `true` or `false`."""
    multiplier_bits: int = MULTIPLIER_BITS
    """Requantization multipliers stay below `2^B`, B from 2 to 31."""
    requantize: str = "multiply"
    """Requantization of layers: `multiply` (an integer multiplier and a
    shift) or `shift` (a rounding shift only: weight scales rounded to powers
    of two)."""
    data: str | None = None
    """An .npz of calibration inputs, for `rounding=gptq` only."""
    batch_size: int = 256
    """Calibration samples run through the interpreter at a time."""

    def __post_init__(self) -> None:
        if isinstance(self.act_signed, bool):
            object.__setattr__(self, "act_signed", "true" if self.act_signed else "false")
        check_width("quantize", "weight-bits", self.weight_bits)
        check_width("quantize", "act-bits", self.act_bits)
        check_choice("quantize", "rounding", self.rounding, ROUNDINGS)
        check_choice("quantize", "weight-range", self.weight_range, RANGES)
        check_choice("quantize", "act-signed", self.act_signed, SIGNED)
        check_choice("quantize", "requantize", self.requantize, REQUANTIZE)
        if not 2 <= self.multiplier_bits <= MULTIPLIER_BITS:
            raise ValueError(
                f"quantize: multiplier-bits must be from 2 to {MULTIPLIER_BITS}, got {self.multiplier_bits}"
            )
        if self.rounding == "gptq" and self.data is None:
            raise ValueError('quantize: rounding=gptq needs calibration inputs: data="file.npz"')
        if self.rounding != "gptq" and self.data is not None:
            raise ValueError("quantize: data= is used only by rounding=gptq")
        if self.batch_size < 1:
            raise ValueError(f"quantize: batch-size must be >= 1, got {self.batch_size}")

    @property
    def weight_options(self) -> WeightOptions:
        return WeightOptions(self.weight_bits, self.per_channel, self.symmetric, self.weight_range)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        function = entry_function(op)
        check_nn_level("quantize", function)
        check_attributes(function)
        settings = Settings(
            self.weight_options, self.act_bits, str(self.act_signed), self.multiplier_bits, self.requantize
        )
        lowering = Lowering(function, settings)
        floating = lowering.classify(list(function.body.block.ops))
        quantized = [o for o in function.body.block.ops if o not in floating]
        check_finite_constants("quantize", quantized, FINITE_TO_QUANTIZE)
        if self.rounding == "gptq":
            assert self.data is not None
            inputs = load_calibration_inputs(self.data, op)
            layers = [v for v in weighted_layers(function) if v.op not in floating]
            lowering.weights = sequential_gptq(
                op, layers, self.weight_options, inputs, self.batch_size, lowering.constraint
            )
        lowering.run(floating)
