"""The ONNX frontend on the onnx package's own node tests.

The cases are generated at test time, in-process, from onnx's test-case
definitions (`onnx.backend.test.case.node.collect_testcases`, what
`python -m onnx.backend.test.cmd_tools generate-data` writes to files).
Every case is imported and run through `asic.interp.runner` (asic-run's
path) on each of its data sets, and either

- passes: every output has the expected shape and matches within rtol 1e-3,
  atol 1e-4 (float), exactly (integer and boolean outputs), or
- is refused by a diagnostic (a `UserError`, or an `InterpretationError`
  of the run, as asic-run reports them) whose first problem matches one of
  the reasons of `REFUSALS`.

No case may crash (any other exception) or give a wrong answer. Inputs the
frontend needs at compile time (axes, shapes, pads, split sizes, ...: a
diagnostic "(input 'name') must be a constant") are given as initializers
with the data set's value, as a deployment fixes them (when the input asked
for is computed from graph inputs, the integer graph inputs: shapes and
sizes); a case whose data sets disagree on such an input stays refused.

The counts by outcome and by reason are printed (`pytest -s`) and recorded
as the test's properties, with the op types not converted. With onnx
1.23.2: 1459 pass, 425 refused:

    158  element type not imported (float8, 4- and 2-bit, string)
     80  op type not converted (Bernoulli, Col2Im, ConvInteger, DeformConv,
         DynamicQuantizeLinear, ImageDecoder, MatMulInteger, MaxUnpool,
         MelWeightMatrix, NonMaxSuppression, NonZero, Optional*,
         QLinearConv, QLinearMatMul, RandomUniformLike, RoiAlign, STFT,
         SplitToSequence, TfIdfVectorizer, Unique)
     72  attribute value or form (3-D pooling and convolution, casts to
         float8 and 4-bit types, training-mode Dropout and
         BatchNormalization, Resize antialias and tf_crop_and_resize, ...)
     49  If, Loop, Scan (subgraphs; the expanded LinearAttention and
         AffineGrid cases among them)
     21  other domains (ai.onnx.preview.training, FlexAttention's)
     13  invalid for static shapes (empty ReduceMax/Min, bfloat16
         constants, Clip with min > max, a rank-0 Einsum)
     12  bfloat16 (numpy has none)
     10  sequence, map and optional values
      6  QDQ forms outside the integer import
      3  compile-time inputs that vary between data sets
      1  an element type outside the op's (MaxPool of UINT8)
"""

from __future__ import annotations

import collections
import re
import warnings

import numpy as np
import onnx
from onnx import numpy_helper
from xdsl.utils.exceptions import InterpretationError

from asic.diagnostics import UserError
from asic.lowering.onnx.importer import import_onnx, supported_op_types

RTOL, ATOL = 1e-3, 1e-4

MIN_PASSING = 1450
"""1459 cases pass with onnx 1.23.2 (of 1884; onnxruntime passes 1578); the
test fails below this."""

REFUSALS: dict[str, str] = {
    r"op type \w+ is not supported": "op type not converted",
    r"ops with subgraphs are not supported": "If, Loop, Scan (subgraphs)",
    r"is supported on float tensors only|is supported on (boolean|float|integer) \(": "element type outside the op's (integer transcendental functions, boolean arithmetic, ...)",
    r"graph input '[^']*' has element type": "element type not imported (float8, 4-bit, string, ...)",
    r"imports no opset of the default ONNX domain|domain '[^']*' is not supported": "other domains",
    r"must be a constant or computable": "compile-time input that varies between data sets",
    r"has element type bf16|numpy has no bfloat16|has no numpy equivalent": "bfloat16 (numpy has none)",
    r"is not supported|are not supported|not supported;": "attribute value or form outside what is supported",
    r"must be|must have|do not|does not|out of range|cannot": "invalid for asic-opt's static shapes",
    r"is not a tensor": "sequence, map and optional values",
    r"quantiz|QuantizeLinear|DequantizeLinear": "QDQ form outside the integer import (per-axis activations, ...)",
}
"""Reasons a case may be refused: a pattern of the diagnostic's first
problem, and the reason it stands for (first match wins)."""

_CONSTANT_INPUT = re.compile(r"\(input '([^']+)'\) must be a constant")


def _cases() -> list:
    from onnx.backend.test.case import node

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        cases = node.collect_testcases(None)
    for case in cases:  # some data sets hold TensorProtos (bfloat16, float8, ...)
        case.data_sets[:] = [
            ([_array(a) for a in inputs], [_array(a) for a in outputs]) for inputs, outputs in case.data_sets
        ]
    return cases


def _array(value):
    return numpy_helper.to_array(value) if isinstance(value, onnx.TensorProto) else value


def _reason(message: str) -> str | None:
    lines = message.splitlines()
    first = lines[1] if len(lines) > 1 and lines[0].endswith("problems:") else lines[0]
    for pattern, reason in REFUSALS.items():
        if re.search(pattern, first):
            return reason
    return None


def _with_constant_inputs(model: onnx.ModelProto, data_sets: list, message: str):
    """The model with the graph inputs the diagnostic asks for as
    initializers (None when there are none, or the data sets differ)."""
    names = {v.name: i for i, v in enumerate(model.graph.input)}
    asked = _CONSTANT_INPUT.findall(message)
    wanted = [n for n in asked if n in names]
    if asked and not wanted:  # computed from graph inputs: the integer ones (shapes, sizes)
        initializers = {t.name for t in model.graph.initializer}
        wanted = [
            v.name for v in model.graph.input
            if v.name not in initializers
            and np.asarray(data_sets[0][0][names[v.name]]).dtype.kind in "iu"
        ]
    if not wanted:
        return None
    model = onnx.ModelProto.FromString(model.SerializeToString())
    for name in wanted:
        values = [np.asarray(inputs[names[name]]) for inputs, _ in data_sets]
        if any(v.shape != values[0].shape or not np.array_equal(v, values[0]) for v in values):
            return None
        model.graph.initializer.append(numpy_helper.from_array(values[0], name))
    return model


def _import(model: onnx.ModelProto, data_sets: list):
    """The module of `model`, after up to eight rounds of giving the inputs
    the diagnostics ask for as initializers; re-raises the last diagnostic."""
    for _ in range(8):
        try:
            return import_onnx(model), model
        except UserError as error:
            fixed = _with_constant_inputs(model, data_sets, str(error))
            if fixed is None:
                raise
            model = fixed
    return import_onnx(model), model


def _check(name: str, got: np.ndarray, expected: np.ndarray) -> str | None:
    expected = np.asarray(expected)
    if got.shape != expected.shape:
        return f"{name}: shape {got.shape} != {expected.shape}"
    try:
        if expected.dtype.kind in "fc":
            np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)
        else:
            np.testing.assert_array_equal(got, expected)
    except AssertionError as error:
        return f"{name}: {str(error)[:300]}"
    return None


def _outcome(case) -> tuple[str, str]:
    """("pass", ""), ("refused", reason), ("wrong", what) or ("crash", what)."""
    from asic.interp.runner import run_function

    try:
        module, model = _import(case.model, case.data_sets)
        weights = {t.name for t in model.graph.initializer}
        names = [v.name for v in model.graph.input]
        for inputs, outputs in case.data_sets:
            feed = {n: a for n, a in zip(names, inputs) if n not in weights}
            results = run_function(module, feed)
            if len(results) != len(outputs):
                return "wrong", f"{len(results)} outputs, expected {len(outputs)}"
            for (output, got), expected in zip(results.items(), outputs):
                if (problem := _check(output, got, expected)) is not None:
                    return "wrong", problem
    except (UserError, InterpretationError) as error:  # the diagnostics of asic-run
        reason = _reason(str(error))
        if reason is None:
            return "crash", f"refused for no listed reason: {error}"
        return "refused", reason
    except Exception as error:  # noqa: BLE001  (every crash is reported)
        return "crash", f"{type(error).__name__}: {error}"
    return "pass", ""


def test_onnx_node_tests(record_property) -> None:
    cases = _cases()
    outcomes = collections.Counter()
    reasons = collections.Counter()
    refused_ops = collections.Counter()
    supported = set(supported_op_types())
    failures = []
    for case in cases:
        outcome, detail = _outcome(case)
        outcomes[outcome] += 1
        if outcome == "refused":
            reasons[detail] += 1
            if detail == "op type not converted":
                refused_ops.update(n.op_type for n in case.model.graph.node if n.op_type not in supported)
        elif outcome != "pass":
            failures.append(f"{case.name}: {outcome}: {detail.splitlines()[0][:300]}")
    print(f"\nonnx node tests: {len(cases)} cases, {dict(outcomes)}")
    for reason, count in reasons.most_common():
        print(f"  refused {count:4d}: {reason}")
    print("  op types not converted: " + ", ".join(sorted(refused_ops)))
    record_property("outcomes", dict(outcomes))
    record_property("refusals", dict(reasons))
    record_property("refused_op_types", sorted(refused_ops))
    assert not failures, "\n".join(failures)
    assert outcomes["pass"] >= MIN_PASSING, dict(outcomes)
