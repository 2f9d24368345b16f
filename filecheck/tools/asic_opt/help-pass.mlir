// `asic-opt --help-pass NAME`: the summary, every option (as written in a
// pipeline) with its type, default and meaning from the field's docstring,
// then the pass's module docstring.
// RUN: asic-opt --help-pass tile | filecheck %s
// CHECK:      tile: Choose the folding factors of every engine (`pe` and `simd` of an MVU) under a multiplier budget or a target interval.
// CHECK-EMPTY:
// CHECK-NEXT: usage: -p 'tile{option=value ...}'
// CHECK-EMPTY:
// CHECK-NEXT: options:
// CHECK-NEXT:   multipliers: an integer, or none; default none
// CHECK-NEXT:       The multiplier budget of each graph.
// CHECK-NEXT:   target-cycles: an integer, or none; default none
// CHECK-NEXT:       The cycles per frame to reach with the fewest multipliers.
// CHECK-NEXT:   padding: true or false; default true
// CHECK-NEXT:       Allow partial last folds; `padding=false` chooses divisors only (what FINN requires), a factor
// CHECK-NEXT:       given by hand is kept either way.
// CHECK-NEXT:   digits: true or false; default false
// CHECK-NEXT:       Allow digit-serial weights (`digits=true`): an MVU's weights may be taken a `w_bits/d`-bit
// CHECK-NEXT:       digit per cycle, `d` dividing the weights' bits, on a multiplier that costs a fraction of a
// CHECK-NEXT:       full one (`weight_digits`, chosen after `pe` and `simd`: among choices of equal multipliers
// CHECK-NEXT:       the fewest digits); a small layer then takes a fraction of a multiplier. Off by default:
// CHECK-NEXT:       `weight_digits` 1, as given, or as the IR says.
// CHECK-EMPTY:
// CHECK-NEXT: description (asic.passes.tile):
// CHECK-EMPTY:
// CHECK-NEXT:   `tile{multipliers=N}` or `tile{target-cycles=T}` (and `padding=false`,
//
// Types of every kind: numbers, strings, lists, optional values; defaults as
// written in a pipeline.
// RUN: asic-opt --help-pass prune | filecheck %s --check-prefix=PRUNE
// PRUNE:      options:
// PRUNE-NEXT:   sparsity: a number, or none; default none
// PRUNE-NEXT:       Fraction of weights (channels, in channel mode) to remove, in [0, 1).
// PRUNE-NEXT:   mode: a string; default "unstructured"
// PRUNE:        exclude: comma-separated strings; default (empty)
// PRUNE:        report: true or false; default false
// RUN: asic-opt --help-pass choose-bits | filecheck %s --check-prefix=BITS
// BITS: candidates: comma-separated integers; default 2,4,8
//
// A pass without options says so.
// RUN: asic-opt --help-pass schedule | filecheck %s --check-prefix=NONE
// NONE:      schedule: Store the initiation interval and latency of every engine and graph, and place the FIFOs that keep the slowest engine busy.
// NONE-EMPTY:
// NONE-NEXT: options: none
//
// xDSL's passes have a help too.
// RUN: asic-opt --help-pass canonicalize | filecheck %s --check-prefix=XDSL
// XDSL:      canonicalize: Applies all canonicalization patterns.
// XDSL-EMPTY:
// XDSL-NEXT: options: none
//
// An unknown pass is a diagnostic with the closest names.
// RUN: not asic-opt --help-pass til 2>&1 | filecheck %s --check-prefix=UNKNOWN
// UNKNOWN: asic-opt: error: unknown pass 'til'; did you mean 'tile'?
// RUN: not asic-opt --help-pass no-such-pass 2>&1 | filecheck %s --check-prefix=FAR
// FAR: asic-opt: error: unknown pass 'no-such-pass'; asic-opt --help lists the passes

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
