"""The fast path for questions in words (Lark's scanner driven directly) reads exactly the
tokens Lark's own LALR parser reads, positions included, and leaves every question it can't
read to the full parser, which words the error."""

from __future__ import annotations

import pytest
from lark.exceptions import UnexpectedInput
from parambot.grammar.parser import _STRUCTURE, parser, words_lexer

from ..conftest import example_questions

HAND = [
    "lstm 128 units input 28",
    "conv2d 32 filters 3x3 on 28x28x1",
    "dense 784 -> 128 → 10, then gru 64",
    "mlp 784-256-10 with 3-layer lstm, 1,000 classes, 1.5k units, 7B model",
    "what's the param count of a 2d conv with 64 kernels 5 by 5 on 224 × 224 × 3?",
    "bilstm 128 'units' \"input\" 28; kernel_size 3 ... 12e3 units",
    "Conv1D 1d 3D layer_norm nn.LayerNorm tf.keras.layers.Dense",
    # blanks of every kind the grammar ignores, in runs, first and last
    "  lstm\t128 \f units  \t input   28 ",
    "\tdense 64 on 784\t",
]


def _questions() -> list[str]:
    out = [*HAND, *example_questions()]
    return [q.replace("\n", " ") for q in out if _STRUCTURE.isdisjoint(q)]


@pytest.mark.parametrize("question", _questions())
def test_same_tokens_as_the_full_parser(question: str) -> None:
    fast = words_lexer()(question)
    try:
        full = parser().parse(question, start="text").children  # Lark's own parse
    except UnexpectedInput:
        assert fast is None  # what the full parser refuses, the fast path doesn't read
        return
    assert fast is not None
    assert [_token(t) for t in fast] == [_token(t) for t in full]


def _token(t: object) -> tuple[object, ...]:
    return (type(t), *(getattr(t, a) for a in (
        "type", "value", "start_pos", "end_pos", "line", "column", "end_line", "end_column")))


def test_unreadable_character_goes_to_the_full_parser() -> None:
    assert words_lexer()("lstm 128 units\x00") is None
