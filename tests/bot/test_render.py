"""Terminal and JSON renderers, and the shared number formatting, over engine results.

Expected counts come from /work/shared/examples (recorded from Keras 3 / PyTorch), never
from parambot's own output.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parambot.bot import render_json, render_terminal
from parambot.bot.format import (
    exact,
    human,
    memory,
    memory_lines,
    shape_display,
    size_text,
    with_human,
)
from parambot.engine.answer import Answer, ErrorInfo
from parambot.engine.catalogue import make
from parambot.engine.model import Subject, build_stack

from ..conftest import EXAMPLES

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def example(question: str) -> dict[str, Any]:
    for line in (EXAMPLES / "questions.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec["question"] == question:
            return rec
    raise KeyError(question)


def keras_dense_stack(units: list[int], input_width: int, label: str) -> Subject:
    layers = [make("keras", "Dense", [u]).layer for u in units]
    return build_stack("keras", label, layers, (input_width,))


# -- format ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "short"),
    [
        (160768, "≈ 160.8 K"),
        (124439808, "≈ 124.4 M"),
        (7850, "≈ 7.9 K"),  # half rounds up, in integers (a float would say 7.8)
        (999_950, "≈ 1.0 M"),  # rounding carries into the next unit
        (138357544, "≈ 138.4 M"),
        (1_500_000_000, "≈ 1.5 B"),
        (320, "320"),
        (0, "0"),
    ],
)
def test_human(n: int, short: str) -> None:
    assert human(n) == short


def _short_by_decimal(n: int, units: list[tuple[int, str]]) -> str | None:
    """The short form worked out another way: Decimal division rounded half up to one
    decimal in the largest unit reached, moving up a unit when that reads 1000.0."""
    reached = [(size, unit) for size, unit in units if n >= size]
    if not reached:
        return None
    size, unit = reached[-1]
    value = (Decimal(n) / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    bigger = [(s, u) for s, u in units if s > size]
    if value >= 1000 and bigger:
        size, unit = bigger[0]
        value = (Decimal(n) / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:,.1f} {unit}"


_THOUSANDS = [(10**3, "K"), (10**6, "M"), (10**9, "B"), (10**12, "T")]


@given(st.one_of(st.integers(0, 10**16),
                 st.sampled_from([999, 1000, 999_949, 999_950, 10**9 - 50, 10**12 - 1])))
def test_short_forms_agree_with_decimal_rounding(n: int) -> None:
    short = _short_by_decimal(n, _THOUSANDS)
    assert human(n) == (str(n) if short is None else f"≈ {short}")
    dec = _short_by_decimal(n, [(10**3, "kB"), (10**6, "MB"), (10**9, "GB"), (10**12, "TB")])
    binary = _short_by_decimal(n, [(2**10, "KiB"), (2**20, "MiB"), (2**30, "GiB"),
                                   (2**40, "TiB")])
    if dec is None:
        assert size_text(n) == f"{n:,} bytes"
    else:  # binary units join once a kibibyte is reached
        assert size_text(n) == (dec if binary is None else f"{dec} ({binary})")


def test_exact_and_with_human() -> None:
    assert exact(160768) == "160,768"
    assert with_human(160768) == "160,768 (≈ 160.8 K)"
    assert with_human(320) == "320"


def test_memory() -> None:
    total = example("GPT-2 small params (GPT2LMHeadModel)")["expect"][0]["total"]
    bytes_ = memory(total)
    assert bytes_ == {"fp32": 4 * total, "fp16/bf16": 2 * total, "int8": total}
    lines = memory_lines(total)
    assert [line.split()[0] for line in lines] == ["fp32", "fp16/bf16", "int8"]
    assert "497.8 MB" in lines[0]  # 4 × 124,439,808 bytes
    assert "474.7 MiB" in lines[0]
    assert memory_lines(14)[0].endswith("56 bytes")


def test_shape_display() -> None:
    assert shape_display((28, 256), "keras") == "(None, 28, 256)"
    assert shape_display((None, 256), "keras") == "(None, None, 256)"
    assert shape_display((64, None), "pytorch") == "(N, 64, ?)"
    assert shape_display(None, "keras") == "?"


# -- terminal --------------------------------------------------------------------------


def test_terminal_table_matches_summary() -> None:
    rec = example("dense 784 -> 128 -> 10")
    subject = keras_dense_stack([128, 10], 784, "Sequential[Dense(128), Dense(10)]")
    text = render_terminal.render(Answer(rec["question"], "keras", (subject,)))
    assert not ANSI.search(text)
    assert "Layer (type)" in text and "Output Shape" in text and "Param #" in text
    assert re.search(r"^dense \(Dense\)\s+\(None, 128\)", text, re.M)
    assert re.search(r"^dense_1 \(Dense\)\s+\(None, 10\)", text, re.M)
    total = rec["expect"][0]["total"]
    assert re.search(rf"^Total params:\s+{exact(total)}\s+\({re.escape(human(total))}\)$",
                     text, re.M)
    assert re.search(r"^Non-trainable params:\s+0$", text, re.M)
    assert "Buffers" not in text  # Keras has no buffers
    for line in memory_lines(total):
        assert line in text


def test_terminal_pytorch_shows_buffers() -> None:
    rec = example("nn.Linear(512, 256)")
    subject = build_stack("pytorch", "nn.Linear(512, 256)",
                          [make("pytorch", "Linear", [512, 256]).layer], None)
    text = render_terminal.render(Answer(rec["question"], "pytorch", (subject,)))
    assert re.search(rf"^Total params:\s+{exact(rec['expect'][0]['total'])}\b", text, re.M)
    assert re.search(r"^Buffers \(not params\):\s+0$", text, re.M)
    assert "0 (Linear)" in text


def test_terminal_200_layer_stack() -> None:
    rec = example("a dense layer of 1,024 units on an input of 1,024 features")
    per_layer = rec["expect"][0]["total"]
    subject = keras_dense_stack([1024] * 200, 1024, "Sequential[200 × Dense(1024)]")
    text = render_terminal.render(Answer("200 dense layers", "keras", (subject,)))
    rows = [line for line in text.splitlines() if re.match(r"^dense(_\d+)? \(Dense\)", line)]
    assert len(rows) == 200
    assert rows[0].startswith("dense (Dense)") and rows[-1].startswith("dense_199 (Dense)")
    assert all(row.endswith(exact(per_layer)) for row in rows)
    widths = {len(row) for row in rows}
    assert len(widths) == 1  # the columns line up
    assert re.search(rf"^Total params:\s+{exact(200 * per_layer)}\b", text, re.M)
    assert not ANSI.search(text)


def test_terminal_colour_only_when_asked() -> None:
    subject = keras_dense_stack([10], 784, "Dense(10)")
    answer = Answer("dense 10 units on 784 inputs", "keras", (subject,))
    coloured = render_terminal.render(answer, colour=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == render_terminal.render(answer, colour=False)


class FakeTTY:
    def isatty(self) -> bool:
        return True


def test_wants_colour_respects_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert render_terminal.wants_colour(FakeTTY())  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert not render_terminal.wants_colour(FakeTTY())  # type: ignore[arg-type]


def test_terminal_comparison_and_explanation() -> None:
    a = keras_dense_stack([128, 10], 784, "Sequential[Dense(128), Dense(10)]")
    b = keras_dense_stack([10], 784, "Dense(10)")
    ta = example("dense 784 -> 128 -> 10")["expect"][0]["total"]
    tb = example("dense 10 units on 784 inputs")["expect"][0]["total"]
    text = render_terminal.render(Answer("q", "keras", (a, b)))
    assert f"has {exact(ta - tb)} more parameters" in text
    text = render_terminal.render(Answer("q", "keras", (a, b), explanation="Because."))
    assert "Because." in text


def test_terminal_error_with_caret() -> None:
    question = "conv2x 32 filters 3x3 on 28x28x1"
    err = ErrorInfo("I don't know a Keras layer called `conv2x`.", position=0,
                    expected=("a layer name",), suggestion="did you mean Conv2D?")
    text = render_terminal.render(Answer(question, "keras", error=err))
    lines = text.splitlines()
    assert lines[0] == "error: I don't know a Keras layer called `conv2x`."
    i = lines.index("  " + question)
    assert lines[i + 1] == "  ^"
    assert "expected: a layer name" in text
    assert "did you mean Conv2D?" in text


def test_terminal_error_caret_on_second_line() -> None:
    question = "model = nn.Sequential(\n    nn.Lineer(3, 4))"
    pos = question.index("Lineer")
    err = ErrorInfo("unknown layer", position=pos)
    lines = render_terminal.render(Answer(question, "pytorch", error=err)).splitlines()
    i = lines.index("      nn.Lineer(3, 4))")
    assert lines[i + 1].index("^") == lines[i].index("Lineer")


# -- JSON ------------------------------------------------------------------------------

CONTRACT_ANSWER = {"ok", "question", "framework", "subjects", "explanation", "error"}
CONTRACT_SUBJECT = {"label", "framework", "total", "trainable", "non_trainable", "buffers",
                    "output_shape", "layers", "derivation"}
CONTRACT_LAYER = {"name", "type", "total", "trainable", "non_trainable", "output_shape",
                  "weights"}


def test_json_contract_keys_and_values() -> None:
    rec = example("dense 784 -> 128 -> 10")
    subject = keras_dense_stack([128, 10], 784, "Sequential[Dense(128), Dense(10)]")
    obj = json.loads(render_json.render(Answer(rec["question"], "keras", (subject,))))
    assert CONTRACT_ANSWER <= obj.keys()
    assert obj["ok"] is True and obj["error"] is None and obj["explanation"] is None
    assert obj["question"] == rec["question"]
    [s] = obj["subjects"]
    assert CONTRACT_SUBJECT <= s.keys()
    want = rec["expect"][0]
    for key in ("total", "trainable", "non_trainable", "buffers", "output_shape"):
        assert s[key] == want[key], key
    assert all(CONTRACT_LAYER <= layer.keys() for layer in s["layers"])
    assert s["layers"][0]["weights"] == {"kernel": [784, 128], "bias": [128]}
    assert s["layers"][0]["output_shape"] == [128]
    assert isinstance(s["derivation"], list) and s["derivation"]


def test_json_unknown_dimension_is_null() -> None:
    rec = example("keras LSTM 64 units, my input shape is (None, 28, 28)")
    assert rec  # the contract's own example of an unknown sequence length
    subject = build_stack("keras", "Dense(64)", [make("keras", "Dense", [64]).layer],
                          (None, 32))
    obj = render_json.answer_object(Answer("q", "keras", (subject,)))
    assert obj["subjects"][0]["output_shape"] == [None, 64]
    assert '"output_shape": [null, 64]' in render_json.render(Answer("q", "keras", (subject,)))


def test_json_error_object() -> None:
    err = ErrorInfo("Dense needs the input size", position=3, expected=("input size",),
                    suggestion="did you mean dense?")
    obj = json.loads(render_json.render(Answer("dens 64", "keras", error=err), pretty=False))
    assert obj["ok"] is False and obj["subjects"] == []
    assert obj["error"] == {"message": "Dense needs the input size", "position": 3,
                            "expected": ["input size"], "suggestion": "did you mean dense?"}


def test_json_extra_keys_first() -> None:
    obj = render_json.answer_object(Answer("q", "keras", error=ErrorInfo("x")), id=7)
    assert next(iter(obj)) == "id" and obj["id"] == 7


def _questions() -> list[tuple[str, str | None]]:
    rows = [json.loads(line) for line in (EXAMPLES / "questions.jsonl").read_text().splitlines()
            if line.strip()]
    return [(r["question"], r.get("framework")) for r in rows] + [
        ("torchvision resnet50 params", None), ("DenseNet121", "keras"),
        ("gpt2 params", None), ("dens 64", None), ("", None)]


def test_json_render_is_the_answer_object_text() -> None:
    """``render`` writes the answer straight from the frozen results; its text must be the
    answer object's, both indented (one line per layer, shapes on one line) and compact
    (what json.dumps writes)."""
    from parambot.bot.service import ask

    seen_model = False
    for question, fw in _questions():
        answer = ask(question, framework=fw)  # type: ignore[arg-type]
        seen_model |= any(len(s.layers) > 100 for s in answer.subjects)
        for extra in ({}, {"id": 3}, {"id": "ü \"q\""}, {"ok": "first"}):
            obj = render_json.answer_object(answer, **extra)
            assert render_json.render(answer, pretty=True, **extra) == render_json.dumps(
                obj, pretty=True)
            compact = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
            assert render_json.render(answer, pretty=False, **extra) == compact
            assert render_json.dumps(obj) == compact
    assert seen_model


def test_json_pretty_matches_json_module_layout() -> None:
    """The indented text is json.dumps(indent=2) with number lists and layer rows joined."""
    subject = build_stack("keras", "Sequential", [make("keras", "Dense", [u]).layer
                                                  for u in (8, 8, 3)], (None, 4))
    answer = Answer('q "é" \\ x', "keras", (subject, subject), explanation="same\nlines",
                    notes=("a", "b"))
    text = render_json.render(answer, pretty=True, id=[1, None])
    assert json.loads(text) == render_json.answer_object(answer, id=[1, None])
    assert '      "output_shape": [null, 3],\n' in text
    assert '\n        {"name": "dense_1", "type": "Dense", "total": 72,' in text
    assert text.startswith('{\n  "id": [1, null],\n  "ok": true,\n')


def test_json_compact_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        render_json.dumps({"x": object()})
