"""Positions found on demand (grammar/spans.py) agree with Lark's own propagate_positions.

The parser no longer asks Lark to store positions on every node (it doubled parse time);
this checks the on-demand start and end of every call, statement and inline call against
a parser built with ``propagate_positions=True`` over code that tries to mislead the
bracket scan: brackets in strings and comments, calls with no arguments, chained calls,
calls split over lines. (Redundant parentheses around a whole expression, which the tree
leaves out, are where the two may differ by those parentheses: Lark counts them into the
enclosing node, parambot does not. Errors re-read the question with Lark's positions
(tests/grammar/test_error_positions.py); a label can lose parentheses around a whole
statement.)"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pytest
from lark import Lark, Token, Tree
from parambot.grammar.parser import _BracketNewlines, parser
from parambot.grammar.spans import end_pos, first_pos, source_of

SOURCES = [
    ("code", "model = Sequential()\nmodel.add(Dense(10, name=')'))\nmodel.add(Dense(3))"),
    ("code", "x = Input((28, 28, 1))\ny = Conv2D(32, (3, 3), name='a(b')(x)\nz = Dense(1)(y)"),
    ("code", "nn.Sequential(\n    nn.Linear(784, 256),  # hidden (first)\n    nn.ReLU(),\n"
             "    nn.Linear(256, 10),\n)"),
    ("code", "import torch.nn as nn\nm = nn.LSTM(input_size=28, hidden_size=[64][0])\nm"),
    ("code", "layers.Dense(units=10, activation=\"relu\", kernel_initializer={'a': (1, 2)})"),
    ("code", "f()()(1)\ng ( 2 ) ( 3 , 4 )"),
    ("code", "y = -3 + - 4 * [ -x, ( -1, 2) ]\nfrom  keras import layers\nimport torch\nz = {1: [2]}"),
    ("text", "how many params in nn.Linear(768, 3072) vs Dense(5)(x)?"),
    ("text", "Conv2D(64, 3, name='(')  on 32x32x3 then [Dense(10), (1, 2)]"),
]


@cache
def _positioned() -> Lark:
    text = resources.files("parambot.grammar").joinpath("question.lark").read_text("utf-8")
    return Lark(text, parser="lalr", start=["code", "text"], postlex=_BracketNewlines(),
                propagate_positions=True, maybe_placeholders=True)


def _nodes(tree: Tree[Token]) -> list[Tree[Token]]:
    return [t for t in tree.iter_subtrees_topdown()]


@pytest.mark.parametrize(("start", "source"), SOURCES)
def test_positions_match_lark(start: str, source: str) -> None:
    ours = parser().parse(source, start=start)
    theirs = _positioned().parse(source, start=start)
    checked = 0
    for a, b in zip(_nodes(ours), _nodes(theirs), strict=True):
        assert a.data == b.data
        if getattr(b.meta, "empty", True):
            continue
        assert first_pos(a, source) == b.meta.start_pos, (a.data, source)
        if a.data in ("call", "inline_call", "expr_stmt", "assign"):
            assert end_pos(source, a) == b.meta.end_pos, (a.data, source)
            checked += 1
    assert checked >= 2


def test_label_text_collapses_whitespace_and_keeps_brackets() -> None:
    source = "nn.Linear(\n    784,\n    256,  # in, out\n)"
    tree = parser().parse(source, start="code")
    call = next(tree.find_data("call"))
    assert source_of(source, call) == "nn.Linear( 784, 256, # in, out )"


def test_a_node_without_tokens_has_no_position() -> None:
    tree = parser().parse("x = ()", start="code")
    empty = next(tree.find_data("tuple"))
    assert first_pos(empty) is None
    assert source_of("x = ()", empty) == ""


def test_deep_trees_do_not_recurse() -> None:
    source = "x = " + " + ".join(["1"] * 3000)
    tree = parser().parse(source, start="code")
    assign = next(tree.find_data("assign"))
    assert first_pos(assign) == 0
    assert end_pos(source, assign) == len(source)
