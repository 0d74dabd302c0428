"""Random, long and hostile input: always an Answer (never an exception), never a hang."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parambot.bot.service import MAX_QUESTION_CHARS, ask

VOCAB = ["lstm", "dense", "conv2d", "units", "input", "on", "vs", "->", "(", ")", "[", "]",
         ",", "=", "x", "28", "0", "-5", "1e3", "10k", "nn.", "Linear(", "keras", "pytorch",
         "bidirectional", "3x3", "28x28x1", "'", '"', "```", "\n", "import", "model",
         ".add(", "Sequential([", "None", "True", "*", "//", "#", "filters", "heads",
         "key_dim=", "2-layer", "1,024", "\t", "é", "💥", "\\", "@everyone", "<@123>"]


def _check(text: str) -> None:
    start = time.perf_counter()
    answer = ask(text)
    elapsed = time.perf_counter() - start
    # a generous guard against pathological slowness; speed itself is the benchmark's job
    assert elapsed < 2.0, (text[:80], elapsed)
    if answer.ok:
        assert answer.subjects
    else:
        assert answer.error is not None and answer.error.message
        pos = answer.error.position
        assert pos is None or 0 <= pos <= len(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(VOCAB), max_size=40).map(" ".join))
def test_token_soup_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises(text: str) -> None:
    _check(text)


def test_long_and_hostile_inputs() -> None:
    hostile = [
        "(" * 3000,
        "[" * 100 + "]" * 100,
        "dense " * 700,
        "1x" * 1900 + "1",
        "nn.Linear(" + "1+" * 1500 + "1, 10)",
        "x = " + "2 ** " * 50 + "2",
        "9" * 3999,
        "lstm " + "vs lstm " * 400 + "input 28",
        "a" * (MAX_QUESTION_CHARS + 1),
    ]
    for text in hostile:
        _check(text)
    assert not ask("a" * (MAX_QUESTION_CHARS + 1)).ok
