"""A segment's slots read without a layer class are reused for the layer's own reading
only when no argument name could have changed them (grammar/slots.py, ``classless``).
These tests hold every answer to the one it gets when the slots are always read afresh."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from parambot.bot.render_json import render
from parambot.engine.answer import Answer, ErrorInfo
from parambot.engine.errors import ParamError
from parambot.grammar import realise as realise_module
from parambot.grammar import slots as slots_module
from parambot.grammar.answer import answer_question as full_reader
from parambot.grammar.slots import Segment, fill_slots

from ..conftest import example_questions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench import layer_specs, question_for  # noqa: E402

#: Questions where a class's argument names decide a reading: a key that is also a size
#: word, a word before a value it might take.
DECIDED_BY_NAMES = [
    "linear in=256 out=512",
    "nn.Linear with in_features=3 out_features=4",
    "dense 10 use_bias=False on 784",
    "dense 10 bias false on 784",
    "lstm 64 bias false input 28",
    "gru 64 reset_after false input 10",
    "gru 64 reset_after=False input 10",
    "pytorch lstm input 10 hidden 20 bias False",
    "conv2d 32 3x3 padding same on 28x28x1",
    "conv2d 32 kernel 3 padding 'same' on 28x28x1",
    "bidirectional lstm 64 merge_mode sum input 28",
    "layernorm 64 elementwise_affine false",
    "batchnorm2d 64 affine false",
    "batchnorm2d 64 track_running_stats false",
    "nn.RNN(10, 20) with nonlinearity relu",
    "simple rnn 32 return_sequences true input 5",
    "embedding vocab 1000 dim 64 mask_zero true",
    "multiheadattention heads=8 key_dim=64 on (None, 512)",
    "conv1d filters=16 kernel_size=3 groups=2 on (100, 8)",
    "nn.Conv2d(3, 8, 3) with in=3",
]


def _questions() -> list[str]:
    return [*DECIDED_BY_NAMES, *example_questions(),
            *(question_for(k, s) for k, s in layer_specs(240, seed=3))]


def _rendered(question: str) -> str:
    """The full reader's answer (never the express lane's, which reads no slots)."""
    try:
        answer = full_reader(question)
    except ParamError as exc:
        answer = Answer(question, "keras", error=ErrorInfo.of(exc))
    return render(answer, pretty=False)


def test_every_answer_is_the_one_fresh_slots_give(monkeypatch: pytest.MonkeyPatch) -> None:
    questions = _questions()
    assert len(questions) > 300
    reused = {q: _rendered(q) for q in questions}

    real = slots_module.fill_slots

    def fresh(seg: Segment, layer_cls: object, placed: object = None) -> object:
        seg.classless = None  # never hand a reading on: every call reads the items
        return real(seg, layer_cls, placed)  # type: ignore[arg-type]

    for module in ("parambot.grammar.realise", "parambot.grammar.answer",
                   "parambot.grammar.models_text"):
        monkeypatch.setattr(f"{module}.fill_slots", fresh)
    assert realise_module.fill_slots is fresh
    for q in questions:
        assert _rendered(q) == reused[q], q


def test_a_reading_is_reused_only_when_names_decide_nothing() -> None:
    from parambot.engine.catalogue import lookup
    from parambot.grammar.answer import parse_text
    from parambot.grammar.code import Evaluator
    from parambot.grammar.items import fold, to_items
    from parambot.grammar.slots import split_segments

    def segment(question: str) -> Segment:
        tree = parse_text(question)
        items = fold(to_items(tree, Evaluator(question, "keras", tree, "text")), "keras")
        (seg,) = [s for s in split_segments(items) if s.head is not None]
        return seg

    seg = segment("dense 10 units on 784 inputs")
    plain = fill_slots(seg, None)
    assert seg.classless is plain
    dense = lookup("keras", "Dense")
    assert fill_slots(seg, dense) is plain and seg.classless is None
    assert fill_slots(segment("dense 10 units on 784 inputs"), dense) == plain

    # `mask_zero true`: taken as an argument only if the class has one by that name
    seg = segment("embedding vocab 1000 dim 64 mask_zero true")
    fill_slots(seg, None)
    assert seg.classless is None
    # `in=256`: a size, unless the class has an argument `in`
    seg = segment("linear in=256 out=512")
    fill_slots(seg, None)
    assert seg.classless is None
    # `use_bias false` reads the same for every class (a known option and its value)
    seg = segment("dense 10 use_bias false on 784")
    assert fill_slots(seg, None) is seg.classless
