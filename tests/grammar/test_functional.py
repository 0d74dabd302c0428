"""Pasted Keras functional models that branch: merges, shared layers, several inputs and
outputs.

Every expected figure is Keras 3's own, recorded by tests/golden/record_functional.py:
totals, and each row of ``model.layers`` (name, class, count, trainable count, output
shape) in Keras' order. A paste Keras itself refuses is recorded with Keras' message, and
parambot must refuse it too, saying why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from parambot.bot.service import ask

GOLDEN = json.loads((Path(__file__).parents[1] / "golden" / "functional.json").read_text())
CASES: list[dict[str, Any]] = GOLDEN["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_paste_counts_as_keras_does(case: dict[str, Any]) -> None:
    answer = ask(case["paste"])
    if "refused" in case:
        assert not answer.ok, case["keras_error"]
        assert answer.error is not None and case["refused"] in answer.error.message, \
            answer.error.message
        return
    assert answer.ok, answer.error
    assert [s.label for s in answer.subjects] == [s["label"] for s in case["subjects"]]
    for got, want in zip(answer.subjects, case["subjects"], strict=True):
        assert got.framework == "keras"
        assert (got.total, got.trainable, got.non_trainable) == (
            want["total"], want["trainable"], want["non_trainable"])
        rows = [[r.name, r.type, r.total, r.trainable, list(r.output_shape or [])]
                for r in got.layers]
        assert rows == [[r["name"], r["type"], r["params"], r["trainable"], r["output_shape"]]
                        for r in want["rows"]]


def test_the_branching_example_reads_as_a_summary() -> None:
    case = next(c for c in CASES if c["id"] == "residual_dense")
    answer = ask(case["paste"])
    s = answer.subjects[0]
    assert s.input_shape == (32,) and s.output_shape == (10,)
    assert s.derivation[-1] == "sum of the layers: 2,112 + 2,112 + 650 = 4,874"


def test_a_dropped_branch_is_named_in_a_note() -> None:
    case = next(c for c in CASES if c["id"] == "unused_branch_is_dropped")
    notes = ask(case["paste"]).subjects[0].notes
    assert any("`dense_1`" in n and "leaves it out" in n for n in notes), notes


def test_layers_of_an_earlier_model_are_not_noted_as_dropped() -> None:
    case = next(c for c in CASES if c["id"] == "two_models_one_paste")
    second = ask(case["paste"]).subjects[1]
    assert not any("Not in the model" in n for n in second.notes), second.notes


def test_several_outputs_have_no_single_output_shape() -> None:
    case = next(c for c in CASES if c["id"] == "two_outputs")
    s = ask(case["paste"]).subjects[0]
    assert s.output_shape is None
    assert any("age (1,)" in n and "kind (5,)" in n for n in s.notes), s.notes


PRELUDE = "import keras\nfrom keras import layers\ninp = keras.Input(shape=(8,))\n" \
          "x = layers.Dense(8)(inp)\ny = layers.Dense(8)(inp)\n"


@pytest.mark.parametrize(("paste", "words"), [
    # parambot's own limits, said plainly (Keras accepts these)
    ("z = keras.ops.add(x, y)\nm = keras.Model(inp, z)", "is an operation, not a layer"),
    ("z = x + y\nm = keras.Model(inp, z)", "Arithmetic (+) on Keras tensors"),
    ("z = layers.Lambda(lambda t: t * 2)(x)\nm = keras.Model(inp, z)", "A Lambda layer"),
    # (att(x, y) is read: tests/golden/functional.json's attention cases; key= by keyword
    # is not, since Keras then orders the model's inputs by keyword name)
    ("att = layers.MultiHeadAttention(2, 4)\nz = att(x, value=y, key=y)\n"
     "m = keras.Model(inp, z)", "other tensor arguments"),
    ("sub = keras.Model(inp, [x, y])\nz = sub(x)\nm = keras.Model(inp, z)",
     "one input and one output"),
    ("m = keras.Model(inp, {'a': x, 'b': y})", "a dict or anything else"),
    ("z = layers.Dense(4)([x, y])\nm = keras.Model(inp, z)", "takes one tensor"),
    ("z = layers.Add()(x)\nm = keras.Model(inp, z)", "called on a list of tensors"),
    ("m = keras.Model(x, y)", "keras.Input tensors"),
    ("m = keras.Model(inp, layers.Add()([x, y]))\nouter = keras.Sequential([m, "
     "layers.Dense(1)])", "used as a layer"),
    ("s = keras.Sequential([keras.Input(shape=(8,)), layers.Add()])", "merge layer"),
])
def test_unsupported_is_refused_clearly(paste: str, words: str) -> None:
    answer = ask(PRELUDE + paste)
    assert not answer.ok
    assert answer.error is not None and words in answer.error.message, answer.error.message
