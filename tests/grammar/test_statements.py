"""Statements in pasted code: `;` separates them as in Python, and the assignments parambot
does not apply (an attribute, an item, `+=`) are refused by name, never dropped. Python's
own parser (``ast.parse``) says which pastes are Python; the counts were printed by
PyTorch 2.13.0 running the same pastes."""

from __future__ import annotations

import ast

import pytest
from parambot.bot.service import ask

#: (paste, the model's name, its parameter count as PyTorch printed it)
SEMICOLONS = [
    ("import torch.nn as nn; model = nn.Sequential(nn.Linear(10, 5), nn.ReLU())", "model", 55),
    ("import torch.nn as nn; model = nn.Sequential(nn.Linear(10, 5), nn.ReLU());", "model", 55),
    ("a = nn.Linear(10, 5); b = nn.Linear(5, 2)\nm = nn.Sequential(a, b)", "m", 67),
]


@pytest.mark.parametrize(("paste", "label", "total"), SEMICOLONS)
def test_semicolons_separate_statements(paste: str, label: str, total: int) -> None:
    ast.parse(paste)  # Python reads it
    answer = ask(paste)
    assert answer.error is None, answer.error
    assert [(s.label, s.total) for s in answer.subjects] == [(label, total)]
    # the same statements on lines of their own give the same answer
    lines = ask(paste.replace("; ", "\n").rstrip(";"))
    assert [(s.label, s.total) for s in lines.subjects] == [(label, total)]


def test_a_semicolon_inside_brackets_is_refused_as_python_refuses_it() -> None:
    paste = "m = nn.Sequential(nn.Linear(10, 5); nn.ReLU())"
    with pytest.raises(SyntaxError):
        ast.parse(paste)
    answer = ask(paste)
    assert answer.error is not None and "';'" in answer.error.message
    assert answer.error.position == paste.index(";")


#: (paste, what the refusal must name): valid Python that sets something after the layer is
#: built, which parambot can't follow
ASSIGNMENTS = [
    ("model = keras.Sequential([layers.Dense(64, input_shape=(32,)), layers.Dense(10)])\n"
     "model.trainable = False", "`model.trainable = ...`"),
    ("model = keras.Sequential([layers.Dense(64, input_shape=(32,)), layers.Dense(10)])\n"
     "model.layers[0].trainable = False", "`model.layers[0].trainable = ...`"),
    ("model = nn.Sequential(nn.Linear(10, 5))\nmodel[0].weight.requires_grad = False",
     "`model[0].weight.requires_grad = ...`"),
    ("m = nn.Linear(3, 4); m.bias = None", "`m.bias = ...`"),
    ("sizes = [1, 2]\nsizes[0] = 5\nm = nn.Linear(3, 4)", "`sizes[0] = ...`"),
    ("layers = [nn.Linear(10, 5)]\nlayers += [nn.Linear(5, 2)]\nmodel = nn.Sequential(*layers)",
     "`layers += ...`"),
    ("n = 3\nn *= 2\nm = nn.Linear(n, 4)", "`n *= ...`"),
]


@pytest.mark.parametrize(("paste", "named"), ASSIGNMENTS)
def test_assignments_not_applied_are_refused_by_name(paste: str, named: str) -> None:
    ast.parse(paste)
    answer = ask(paste)
    assert answer.error is not None
    assert named in answer.error.message
    assert "does not run Python" in answer.error.message


def test_a_frozen_flag_refusal_says_how_to_freeze() -> None:
    answer = ask(ASSIGNMENTS[0][0])
    assert answer.error is not None
    assert "trainable=False" in answer.error.message and answer.error.suggestion


@pytest.mark.parametrize("paste", [
    "x = keras.Input(shape=(4,))\ny = layers.Dense(3, name='a=b')(x)\nmodel = keras.Model(x, y)",
    "a = nn.Linear(3, 4)\nprint(a.weight.shape == (4, 3))",
    "m = nn.Linear(3, 4)  # m.bias = None would drop the bias",
])
def test_an_equals_sign_elsewhere_is_no_assignment(paste: str) -> None:
    answer = ask(paste)
    assert answer.error is None or "does not run Python" not in answer.error.message
