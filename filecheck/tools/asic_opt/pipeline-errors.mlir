// Mistakes in a pipeline are diagnostics that say what would be right.
//
// A misspelled pass: the closest names.
// RUN: not asic-opt %s -p 'fuse-bias,tiel' 2>&1 | filecheck %s --check-prefix=PASS
// PASS: asic-opt: error: Unrecognized passes: ['tiel']; did you mean 'tile'?
// PASS-NOT: Traceback
// RUN: not asic-opt %s -p 'quantise' 2>&1 | filecheck %s --check-prefix=QUANTISE
// QUANTISE: asic-opt: error: Unrecognized passes: ['quantise']; did you mean 'quantize'?
//
// A misspelled option: the closest names; an option of a pass that has none.
// RUN: not asic-opt %s -p 'tile{multiplers=3}' 2>&1 | filecheck %s --check-prefix=OPTION
// OPTION: asic-opt: error: Provided arguments ["multiplers"] not found in expected arguments ["multipliers", "target_cycles", "padding", "digits"]: tile has no option 'multiplers'; did you mean 'multipliers'?
// RUN: not asic-opt %s -p 'quantize{weight-bit=4}' 2>&1 | filecheck %s --check-prefix=HYPHEN
// HYPHEN: quantize has no option 'weight-bit'; did you mean 'weight-bits' or 'weight-range'?
// RUN: not asic-opt %s -p 'fold-constants{bogus}' 2>&1 | filecheck %s --check-prefix=FAROPTION
// FAROPTION: fold-constants has no option 'bogus'; its options are max-elements, identities
// RUN: not asic-opt %s -p 'schedule{depth=3}' 2>&1 | filecheck %s --check-prefix=NOOPTIONS
// NOOPTIONS: schedule has no option 'depth'; it takes no options
//
// A value of the wrong type: the pass, the option, what it takes.
// RUN: not asic-opt %s -p 'tile{multipliers=abc}' 2>&1 | filecheck %s --check-prefix=TYPE
// TYPE: asic-opt: error: Incompatible types: given ('abc',), expected int | None: tile option 'multipliers' takes an integer, or none; got 'abc'
// TYPE-NOT: Traceback
// RUN: not asic-opt %s -p 'tile{padding=3}' 2>&1 | filecheck %s --check-prefix=BOOL
// BOOL: tile option 'padding' takes true or false; got '3'
// RUN: not asic-opt %s -p 'choose-bits{candidates=2,x}' 2>&1 | filecheck %s --check-prefix=LIST
// LIST: choose-bits option 'candidates' takes comma-separated integers; got '2,x'
// RUN: not asic-opt %s -p 'tile{padding}' 2>&1 | filecheck %s --check-prefix=EMPTY
// EMPTY: asic-opt: error: tile: option 'padding' needs a value (true or false)
//
// The pass's own checks of its values.
// RUN: not asic-opt %s -p 'tile{multipliers=0}' 2>&1 | filecheck %s --check-prefix=RANGE
// RANGE: asic-opt: error: tile: multipliers must be >= 1, got 0
//
// A file name (or any value with other characters than letters, digits,
// '-' and '_') must be quoted: the hint shows the pipeline quoted.
// RUN: not asic-opt %s -p 'calibrate{data=calib.npz method=minmax}' 2>&1 | filecheck %s --check-prefix=QUOTE
// QUOTE:      asic-opt: error: Error parsing pass pipeline specification:
// QUOTE-NEXT: pass-pipeline:1:21
// QUOTE:      Unknown token
// QUOTE-NEXT: hint: quote an option value that is not a number, true, false or a name of letters, digits, '-' and '_' (a file name): calibrate{data="calib.npz" method=minmax}
// QUOTE-NEXT:       (in a shell: -p 'calibrate{data="calib.npz" method=minmax}')
// RUN: not asic-opt %s -p 'prune{sparsity=0.5 data=../calib.npz criterion=activation}' 2>&1 | filecheck %s --check-prefix=PATH
// PATH: hint: {{.*}}: prune{sparsity=0.5 data="../calib.npz" criterion=activation}
// Other syntax errors get no hint.
// RUN: not asic-opt %s -p 'tile{multipliers=8' 2>&1 | filecheck %s --check-prefix=SYNTAX
// SYNTAX:     asic-opt: error: Error parsing pass pipeline specification:
// SYNTAX-NOT: hint

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
