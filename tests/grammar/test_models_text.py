"""Whole-model questions in words: named models, transformer hyperparameters, inverse
questions and memory, against counts recorded from transformers / torchvision / Keras
(tests/golden/models.json) and from single layers (tests/golden/recurrent.jsonl)."""

from __future__ import annotations

import json

import pytest
from parambot.bot.service import ask

from ..conftest import GOLDEN

MODELS = json.loads((GOLDEN / "models.json").read_text())
HF = MODELS["transformers"]


@pytest.mark.parametrize("question,key", [
    ("decoder-only transformer d_model 768, 12 layers, 12 heads, vocab 50257, context "
     "1024, tied embeddings", "gpt2"),
    ("gpt-style decoder: d_model 1024, 24 layers, 16 heads, vocab 50257, context 1024",
     "gpt2-medium"),
    ("transformer with d_model 1600, 48 layers, 25 heads, vocab 50257, context 1024",
     "gpt2-xl"),
    ("decoder-only transformer d_model 768, 12 layers, 12 heads, vocab 50257, context 1024, "
     "untied", "gpt2:untied"),
    ("llama-style transformer d_model 4096, 32 layers, 32 heads, vocab 32000, swiglu, "
     "rmsnorm, rotary, untied, no bias, intermediate size 11008", "llama-7b"),
])
def test_transformer_from_hyperparameters(question: str, key: str) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    (subject,) = answer.subjects
    assert subject.total == HF[key]["total"]
    assert any("12·L·d²" in line for line in subject.derivation)


@pytest.mark.parametrize("question,key", [
    ("gpt2 medium in fp16, how much memory?", "gpt2-medium"),
    ("GPT-2 small params (GPT2LMHeadModel)", "gpt2"),
    ("llama 7b parameter count", "llama-7b"),
])
def test_named_transformers(question: str, key: str) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == HF[key]["total"]


def test_memory_question_gives_the_asked_precision_and_adam() -> None:
    answer = ask("gpt2 medium in fp16, how much memory?")
    total = HF["gpt2-medium"]["total"]
    text = " ".join(answer.notes)
    assert f"{total * 2:,} bytes" in text  # fp16: two bytes per parameter
    assert "Adam" in text and f"{total * 16:,} bytes" in text


@pytest.mark.parametrize("fw,key", [("pytorch", "pytorch:resnet50"), ("keras", "keras:ResNet50")])
def test_resnet50_in_both_frameworks(fw: str, key: str) -> None:
    answer = ask("resnet50 params in pytorch vs keras")
    assert answer.ok, answer.error
    by_fw = {s.framework: s for s in answer.subjects}
    assert by_fw[fw].total == MODELS["models"][key]["total"]
    assert answer.explanation


def test_inverse_question_lands_on_a_recorded_layer() -> None:
    # Keras recorded LSTM(128) on 28 features as 80,384: asking for that count must give 128
    answer = ask("how many units for an LSTM with about 80,384 parameters at input 28")
    assert answer.ok, answer.error
    assert [s.total for s in answer.subjects] == [80384]
    assert answer.explanation and "units = 128" in answer.explanation


def test_inverse_question_brackets_the_target() -> None:
    answer = ask("how many units for an LSTM with about 1M parameters at input 28")
    assert answer.ok, answer.error
    below, above = answer.subjects
    assert below.total < 1_000_000 < above.total
    assert below.label == "LSTM(485)" and above.label == "LSTM(486)"


def test_inverse_d_model_reaches_gpt2_small_at_768() -> None:
    answer = ask(f"what d_model gives about {HF['gpt2']['total']} parameters with 12 layers "
                 "and vocab 50257")
    assert answer.ok, answer.error
    assert [s.total for s in answer.subjects] == [HF["gpt2"]["total"]]
