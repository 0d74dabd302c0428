"""Error positions and labels after parsing stopped storing positions on every node
(grammar/spans.py). A review found these cases where the answer had moved from what
Lark's propagate_positions gave (commit 316d8ec); each expected value is that answer.
Errors now re-read the question with positions stored, so they point where they did."""

from __future__ import annotations

import pytest
from parambot.bot.service import ask

from ..conftest import examples


@pytest.mark.parametrize(("question", "position"), [
    # `starred: "*" expr`: the '*' the tree leaves out is not in spans._LEADING
    ("Dense(*3)", 6),
    # `*` spreads a list written in the paste (nn.Linear(*[2, 3]) is nn.Linear(2, 3)); a
    # number can't be spread
    ("import torch.nn as nn\nnn.Linear(*3)", 32),
    # a comment between a left-out bracket and the first token: the position lands in
    # the comment (9 is the 'c' of '# c')
    ("y = (  # c\n 1, 2) + 1", 4),
    # a node that starts with an empty (), [] or {}: the position moves to a later token
    ("y = ()(3)", 4),
    ("y = {}.shape", 4),
    ("y = [] + 1", 4),
    # an empty argument list after an inline call has no token at all: position 0
    ("nn.Linear(2, 3)()", 15),
    ("what about nn.Linear(2, 3)()", 26),
])
def test_error_position_as_before(question: str, position: int) -> None:
    answer = ask(question)
    assert answer.error is not None
    assert answer.error.position == position


@pytest.mark.parametrize(("code", "label"), [
    # the label's start skipped the '(' but its end passed over the ')': unbalanced text
    ("import torch.nn as nn\n(nn.Linear)(2, 3)", "(nn.Linear)(2, 3)"),
    # accepted changes: parentheses or a plus sign around a whole statement are left out
    ("import torch.nn as nn\n(nn.Linear(2, 3))", "nn.Linear(2, 3)"),
    ("import torch.nn as nn\n+nn.Linear(2, 3)", "nn.Linear(2, 3)"),
])
def test_pasted_code_label_as_before(code: str, label: str) -> None:
    answer = ask(code)
    assert answer.error is None
    assert [s.label for s in answer.subjects] == [label]


def test_an_unknown_inline_call_points_at_its_name() -> None:
    """An improvement the review noted: this pointed at character 0 before."""
    answer = ask("what is foo(3)")
    assert answer.error is not None
    assert answer.error.position == 8


def test_answers_never_read_the_question_a_second_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only errors re-read a question with positions stored; an answered question (every
    public example, pasted models included) must not pay for it."""
    import parambot.grammar.parser as parser_module

    def refuse() -> None:
        raise AssertionError("an answer re-read its question with positions")

    monkeypatch.setattr(parser_module, "positioned_parser", refuse)
    questions = examples("questions.jsonl")
    for q in questions:
        answer = ask(q["question"], framework=q.get("framework"))
        assert answer.error is None, (q["question"], answer.error)
    assert len(questions) > 100
