"""Recurrent layers, wrappers and stacks: invariants that must hold for every size.

Exact values are checked against the frameworks in test_golden.py; these properties tie
the pieces together (a wrapper against the layer it wraps, a stack against its layers).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parambot.engine.catalogue import make
from parambot.engine.core import MissingInput
from parambot.engine.errors import ParamError
from parambot.engine.formula import input_formula
from parambot.engine.model import build_stack

from ..conftest import GOLDEN

sizes = st.integers(min_value=1, max_value=4096)
keras_rnn = st.sampled_from(["LSTM", "GRU", "SimpleRNN"])
torch_rnn = st.sampled_from(["LSTM", "GRU", "RNN"])


@settings(max_examples=200, deadline=None)
@given(layer=keras_rnn, units=sizes, feats=sizes, steps=st.none() | sizes,
       mode=st.sampled_from(["concat", "sum", "mul", "ave", None]))
def test_bidirectional_is_twice_the_wrapped_layer(layer: str, units: int, feats: int,
                                                  steps: int | None, mode: str | None) -> None:
    inner = make("keras", layer, [units]).layer
    one = inner.build((steps, feats), "x")
    both = make("keras", "Bidirectional", [inner], [("merge_mode", mode)]).layer.build(
        (steps, feats), "bidirectional")
    assert both.total == 2 * one.total
    assert both.output_shape == ((2 * units,) if mode == "concat" else (units,))


@settings(max_examples=200, deadline=None)
@given(layer=keras_rnn, units=sizes, feats=sizes, frozen=st.booleans(),
       use_bias=st.booleans())
def test_keras_total_is_trainable_plus_non_trainable(layer: str, units: int, feats: int,
                                                      frozen: bool, use_bias: bool) -> None:
    r = make("keras", layer, [units], [("use_bias", use_bias), ("trainable", not frozen)]
             ).layer.build((None, feats), "x")
    assert r.total == r.trainable + r.non_trainable
    assert (r.trainable == 0) == frozen


@settings(max_examples=200, deadline=None)
@given(layer=torch_rnn, hidden=sizes, feats=sizes, layers=st.integers(1, 4),
       bidirectional=st.booleans())
def test_torch_layers_after_the_first_read_the_previous_output(
        layer: str, hidden: int, feats: int, layers: int, bidirectional: bool) -> None:
    """num_layers=N is the first layer plus N-1 layers reading dirs × hidden features."""
    dirs = 2 if bidirectional else 1
    stacked = make("pytorch", layer, [feats, hidden, layers],
                   [("bidirectional", bidirectional)]).layer.build(None, "x").total
    first = make("pytorch", layer, [feats, hidden], [("bidirectional", bidirectional)]
                 ).layer.build(None, "x").total
    later = make("pytorch", layer, [dirs * hidden, hidden], [("bidirectional", bidirectional)]
                 ).layer.build(None, "x").total
    assert stacked == first + (layers - 1) * later


@settings(max_examples=100, deadline=None)
@given(widths=st.lists(sizes, min_size=2, max_size=8))
def test_stack_total_is_the_sum_of_its_layers(widths: list[int]) -> None:
    layers = [make("keras", "Dense", [w]).layer for w in widths[1:]]
    subject = build_stack("keras", "mlp", layers, (widths[0],))
    assert subject.total == sum(r.total for r in subject.layers)
    alone = [make("keras", "Dense", [b]).layer.build((a,), "d").total
             for a, b in zip(widths, widths[1:], strict=False)]
    assert subject.total == sum(alone)
    assert subject.output_shape == (widths[-1],)


def test_torch_stack_names_both_sizes_when_they_do_not_fit() -> None:
    layers = [make("pytorch", "Linear", [784, 128]).layer,
              make("pytorch", "Linear", [64, 10]).layer]
    with pytest.raises(ParamError) as exc:
        build_stack("pytorch", "net", layers, None)
    assert "64" in exc.value.message and "128" in exc.value.message


def test_missing_input_is_refused_with_a_formula() -> None:
    """The formula in the input size must give what Keras recorded for every input width."""
    lstm = make("keras", "LSTM", [128]).layer
    with pytest.raises(MissingInput):
        lstm.build(None, "lstm")
    formula = input_formula(lstm)
    assert formula is not None
    slope, _, rest = formula.partition(" × input + ")
    a, b = int(slope.replace(",", "")), int(rest.split(" ")[0].replace(",", ""))
    recorded = [
        r for r in map(json.loads, (GOLDEN / "recurrent.jsonl").read_text().splitlines())
        if r["framework"] == "keras" and r["layer"] == "LSTM" and r["args"] == [128]
        and not r["kwargs"] and "error" not in r
    ]
    assert len(recorded) >= 3
    for r in recorded:
        assert a * r["input_shape"][-1] + b == r["total"]


def test_huge_sizes_are_refused_not_computed() -> None:
    with pytest.raises(ParamError, match="too large"):
        make("keras", "Dense", [10**400]).layer.build((784,), "d")


def test_gpt3_scale_counts_stay_exact() -> None:
    # 96 stacked 12,288-wide projections: exact integers, each layer as one alone counts
    one = make("pytorch", "Linear", [12288, 12288]).layer
    subject = build_stack("pytorch", "big", [one] * 96, None)
    assert isinstance(subject.total, int)
    assert subject.total == 96 * one.build(None, "0").total
