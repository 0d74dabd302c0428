"""Every public example question answers with the counts the frameworks recorded, and every
public refusal is refused with the word it should mention."""

from __future__ import annotations

import json
from typing import Any

import pytest
from parambot.bot.service import ask

from ..conftest import EXAMPLES


def _load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (EXAMPLES / name).read_text().splitlines() if line]


QUESTIONS = _load("questions.jsonl")
ERRORS = _load("errors.jsonl")


def test_example_files_present() -> None:
    assert len(QUESTIONS) >= 100 and len(ERRORS) >= 30


@pytest.mark.parametrize("case", QUESTIONS, ids=[q["question"][:60] for q in QUESTIONS])
def test_question(case: dict[str, Any]) -> None:
    answer = ask(case["question"])
    assert answer.ok, answer.error
    assert answer.framework == case["framework"]
    assert len(answer.subjects) == len(case["expect"])
    for subject, want in zip(answer.subjects, case["expect"], strict=True):
        assert subject.total == want["total"]
        assert subject.trainable == want["trainable"]
        assert subject.non_trainable == want["non_trainable"]
        assert subject.buffers == want["buffers"]
        if want["output_shape"] is not None:
            assert list(subject.output_shape or ()) == want["output_shape"]
    if len(answer.subjects) > 1:
        assert answer.explanation


@pytest.mark.parametrize("case", ERRORS, ids=[e["why"][:60] for e in ERRORS])
def test_refusal(case: dict[str, Any]) -> None:
    answer = ask(case["question"])
    if answer.ok:
        assert case.get("may_answer"), "answered what must be refused"
        return
    assert answer.error is not None
    text = f"{answer.error.message} {answer.error.suggestion or ''}".lower()
    for word in case["must_mention"]:
        assert word.lower() in text, (word, answer.error)


def test_seed_explanation_says_why() -> None:
    seed = QUESTIONS[3]["question"]
    answer = ask(seed)
    assert [s.total for s in answer.subjects] == [291840, 160768]
    assert answer.explanation is not None
    assert "units²" in answer.explanation
