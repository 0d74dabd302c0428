"""The LALR driver (grammar/parser.py ``driver``) gives exactly Lark's parse.

It runs Lark's own parse table, contextual scanners and tree callbacks in a tighter loop;
these tests hold it to Lark's public ``Lark.parse`` on every pasted-code and inline-call
form the tests know: a call for each of the 7,074 golden layer records, the public
examples, multi-line models, and random token soup. Equal trees where Lark parses; where
Lark refuses the input, the driver refuses it too (and Lark's error is what users see)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import UnexpectedInput
from parambot.grammar.parser import driver, parse, parser

from ..conftest import GOLDEN, example_questions


def _lark(source: str, start: str) -> Tree | None:
    try:
        return parser().parse(source, start=start)
    except UnexpectedInput:
        return None


def _agree(source: str, start: str) -> bool:
    """The driver's tree is Lark's; returns whether Lark parsed it."""
    drive = driver()
    assert drive is not None, "the driver must build with the pinned Lark"
    ours, theirs = drive(source, start), _lark(source, start)
    assert ours == theirs, (start, source)
    if theirs is not None:
        # Tree equality compares tokens as strings; every token's type and character
        # offsets too (the driver counts no lines or columns: nothing reads them)
        assert ours is not None and _tokens(ours) == _tokens(theirs), (start, source)
    return theirs is not None


def _tokens(tree: Tree) -> list[tuple[object, ...]]:
    return [(type(t), t.type, t.value, t.start_pos, t.end_pos)
            for t in tree.scan_values(lambda v: isinstance(v, Token))]


def _golden_calls() -> list[str]:
    calls = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            rec = json.loads(line)
            prefix = "nn." if rec["framework"] == "pytorch" else "layers."
            args = [repr(a) if not isinstance(a, list) else repr(tuple(a)) for a in rec["args"]]
            args += [f"{k}={v!r}" for k, v in rec["kwargs"].items()]
            calls.append(f"{prefix}{rec['layer']}({', '.join(args)})")
    return sorted(set(calls))


def test_every_golden_layer_call_parses_as_lark_does() -> None:
    calls = _golden_calls()
    assert len(calls) > 3000
    for call in calls:
        assert _agree(call, "code")
        assert _agree(f"x = {call}\nmodel.add({call})", "code")
        assert _agree(f"how many params in {call} on 28x28x1?", "text")


@pytest.mark.parametrize("question", example_questions())
def test_public_examples_parse_as_lark_does(question: str) -> None:
    body = question.split("```")[1].split("\n", 1)[-1] if "```" in question else question
    for start in ("code", "text"):
        _agree(body, start)
        _agree(question.replace("\n", " "), start)


MODELS = [
    "import torch.nn as nn\nnet = nn.Sequential(\n    nn.Conv2d(1, 32, 3, padding=1),  # (\n"
    "    nn.ReLU(),\n    nn.Flatten(),\n    nn.Linear(32 * 28 * 28, 10),\n)\n",
    "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
    "inputs = keras.Input(shape=(None, 28), name=\"seq\")\n"
    "x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(inputs)\n"
    "x = layers.Dense(10, activation='softmax')(x)\nmodel = keras.Model(inputs, x)\n",
    "m = nn.Linear(-3 + 2 ** 3 // 1, [4, 5][0] % 7 - -1)\ncfg = {'a': (1,), 'b': []}\n",
    "model = Sequential()\nmodel.add(Dense(\n  10,\n  input_shape=(784,)\n))\n\\\nmodel",
]


@pytest.mark.parametrize("source", MODELS)
def test_models_parse_as_lark_does(source: str) -> None:
    assert _agree(source, "code")


TOKENS = ["nn.Linear", "Dense", "(", ")", "[", "]", "{", "}", ",", "=", "x", "1", "28", "3.5",
          "'s'", "\n", " ", "import", "from", "as", "+", "-", "*", "**", ".", ":", "#c\n",
          "lstm", "128", "units", "on", "28x28x1", "->", "units=4", "None", "True"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=24), st.sampled_from(["code", "text"]))
def test_token_soup_parses_as_lark_does(parts: list[str], start: str) -> None:
    _agree("".join(parts), start)
    _agree(" ".join(parts), start)


def test_refusals_still_come_from_lark() -> None:
    with pytest.raises(Exception, match="character"):
        parse("nn.Linear(3, 4", "code")


def test_the_driver_takes_its_shortcuts_with_the_pinned_lark() -> None:
    """Every rule's tree callback compiles (none falls back to Lark's), and every scanner
    may step over blanks itself; a terminal that can start with a blank turns that off."""
    from lark.lexer import PatternRE, TerminalDef
    from parambot.grammar.parser import _skips_blanks, _tree_builders

    lark = parser()
    callbacks = lark.parser.parser.parser.callbacks
    assert len(_tree_builders(callbacks)) == len(callbacks)
    scanners = lark.parser.lexer.lexer.lexers.values()
    assert all(_skips_blanks(s.terminals, frozenset(s.ignore_types)) for s in scanners)
    blank = TerminalDef("__IGNORE_0", PatternRE("[\t \f]+"))
    assert _skips_blanks([blank], frozenset({"__IGNORE_0"}))
    indent = TerminalDef("INDENTED", PatternRE(" +x"))
    assert not _skips_blanks([blank, indent], frozenset({"__IGNORE_0"}))
    assert not _skips_blanks([blank], frozenset())  # blanks not ignored: read as tokens
