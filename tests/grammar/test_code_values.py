"""Values read from pasted code are Python's own: string literals as ``ast.literal_eval``
reads them, whichever path the evaluator takes (the text between plain quotes is taken as
it is; a literal with a backslash goes through literal_eval)."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st
from parambot.bot.service import ask
from parambot.grammar.code import Evaluator
from parambot.grammar.parser import parse

# what the STRING terminal admits between its quotes: no newline, not its own quote
_BODY = st.text(st.characters(blacklist_characters="\n'\"\r", blacklist_categories=("Cs",)),
                max_size=40)


def _string_value(literal: str) -> object:
    source = f"x = {literal}"
    tree = parse(source, "code")
    ev = Evaluator(source, "keras", tree, "code")
    assign = tree.children[0]
    return ev.eval(assign.children[1])


@settings(max_examples=300, deadline=None)
@given(_BODY, st.sampled_from(["'", '"']))
def test_string_literals_read_as_python_reads_them(body: str, quote: str) -> None:
    literal = f"{quote}{body}{quote}"
    try:
        expected = ast.literal_eval(literal)
    except (ValueError, SyntaxError):  # a NUL byte: Python can't compile it
        expected = body
    assert _string_value(literal) == expected


def test_escapes_are_decoded() -> None:
    assert _string_value(r"'a\tb'") == "a\tb"
    assert _string_value(r"'\x41'") == "A"
    assert _string_value(r'"a\\b"') == "a\\b"


def test_a_string_argument_reaches_the_layer() -> None:
    answer = ask("Bidirectional(GRU(32), merge_mode='sum') with 16 features per step")
    assert answer.ok
    # Keras 3.15.1: Bidirectional(GRU(32), merge_mode='sum') on (None, 16) has 9,600
    # parameters and output (None, 32): 'sum' keeps the GRU's width (concat would double it)
    assert answer.subjects[0].output_shape == (32,)
    assert answer.subjects[0].total == 9600


def test_prefixed_strings_in_pasted_code() -> None:
    """f"...", r"...", b"..." and u"..." are Python strings; a name written as an f-string
    (common in Keras code) used to stop the parse at its prefix."""
    assert _string_value('r"a\\tb"') == "a\\tb"
    assert _string_value("u'same'") == "same"
    assert _string_value('b"q"') == "q"
    assert _string_value('rb"q"') == "q"
    assert _string_value('f"block{i}_conv"') == "block{i}_conv"
    answer = ask('x = layers.Dense(3, name=f"dense_{1}")\nmodel = keras.Sequential('
                 '[layers.Input((4,)), x])')
    assert answer.ok, answer.error
    assert answer.subjects[0].total == 15  # Keras 3.15.1: Dense(3) on (None, 4)
    # Keras 3.15.1: Conv2D(8, 3, padding='same') on (None, 8, 8, 3): 224, (None, 8, 8, 8)
    answer = ask('layers.Conv2D(8, 3, padding=r"same") on 8x8x3')
    assert answer.ok and answer.subjects[0].output_shape == (8, 8, 8)


def test_a_prefix_letter_before_an_apostrophe_in_words_is_still_a_word() -> None:
    answer = ask("what's the count of r's dense 3 on 4")
    assert answer.ok and answer.subjects[0].total == 15


def test_keras_layer_names_given_in_code_name_the_rows() -> None:
    """Recorded from Keras 3.15.1 (KERAS_BACKEND=torch): ``[l.name for l in m.layers]`` for
    this model is ['hidden', 'dense', 'dense_7', 'dense_1']: a given name takes its row
    and the automatic names skip it."""
    answer = ask('m = keras.Sequential([layers.Input((784,)), layers.Dense(64, name="hidden"),'
                 ' layers.Dense(10), layers.Dense(5, name="dense_7"), layers.Dense(3)])')
    assert answer.ok, answer.error
    assert [r.name for r in answer.subjects[0].layers] == ["hidden", "dense", "dense_7",
                                                           "dense_1"]
    assert answer.subjects[0].total == 50_963  # Keras 3.15.1: m.count_params()
    # a call inside a question keeps its name; PyTorch has no name= (rows are indices)
    assert [r.name for r in ask('Dense(64, name="hidden") on 784').subjects[0].layers] == [
        "hidden"]
    assert [r.name for r in ask("dense 64 on 784").subjects[0].layers] == ["dense"]
