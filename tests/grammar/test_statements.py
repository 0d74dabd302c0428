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


@pytest.mark.parametrize("paste", [
    "m = nn.Sequential(nn.Linear(10, 5); nn.ReLU())",
    "m = nn.Linear(3, 4);; n = nn.Linear(4, 2)",
    "m = nn.Linear(3, 4)\n;",
])
def test_a_semicolon_python_refuses_is_refused(paste: str) -> None:
    with pytest.raises(SyntaxError):
        ast.parse(paste)
    answer = ask(paste)
    assert answer.error is not None and "';'" in answer.error.message
    assert answer.error.position is not None and paste[answer.error.position] == ";"


@pytest.mark.parametrize("paste", [
    "m = nn.Linear(3, 4)  # note; m.bias = None would drop the bias",
    "# setup; model.trainable = False\nm = nn.Linear(3, 4)",
    "x = 1  # a/b; c /= 2\nm = nn.Linear(3, 4)",
    "m = nn.Linear(3, 4); s = 'a; m.bias = None'",
])
def test_a_semicolon_in_a_comment_or_string_splits_nothing(paste: str) -> None:
    ast.parse(paste)
    answer = ask(paste)
    assert answer.error is None, answer.error
    assert [(s.label, s.total) for s in answer.subjects] == [("m", 16)]  # PyTorch: 16


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
    ("m = nn.Linear(3, 4, device='cpu'); m.bias = None", "`m.bias = ...`"),
    ("m = nn.Linear(3, 4)\nm.requires_grad_(False)", "`requires_grad_(...)`"),
    ("m = nn.Linear(3, 4); m.weight.requires_grad_(False)", "`requires_grad_(...)`"),
    ("m = nn.Linear(3, 4)\n[p.requires_grad_(False) for p in m.parameters()]",
     "`requires_grad_(...)`"),
    ("m = nn.Sequential(nn.Linear(3, 4))\nm.add_module('out', nn.Linear(4, 2))",
     "`add_module(...)`"),
    ("m = nn.Linear(3, 4)\nm.register_buffer('mask', torch.ones(4))", "`register_buffer(...)`"),
]


@pytest.mark.parametrize(("paste", "named"), ASSIGNMENTS)
def test_assignments_not_applied_are_refused_by_name(paste: str, named: str) -> None:
    ast.parse(paste)
    answer = ask(paste)
    assert answer.error is not None
    assert named in answer.error.message
    assert "does not run Python" in answer.error.message


def test_a_frozen_flag_refusal_says_how_to_freeze() -> None:
    keras_flag = ask(ASSIGNMENTS[0][0]).error
    assert keras_flag is not None
    assert "trainable=False" in keras_flag.message and keras_flag.suggestion
    torch_flag = ask(ASSIGNMENTS[2][0]).error  # PyTorch has no such constructor argument
    assert torch_flag is not None
    assert "trainable=False" not in torch_flag.message and torch_flag.suggestion is None
    assert "as constructed" in torch_flag.message


@pytest.mark.parametrize("paste", [
    "x = keras.Input(shape=(4,))\ny = layers.Dense(3, name='a=b')(x)\nmodel = keras.Model(x, y)",
    "a = nn.Linear(3, 4)\nprint(a.weight.shape == (4, 3))",
    "m = nn.Linear(3, 4)  # m.bias = None would drop the bias",
])
def test_an_equals_sign_elsewhere_is_no_assignment(paste: str) -> None:
    answer = ask(paste)
    assert answer.error is None or "does not run Python" not in answer.error.message


#: (paste, the model's name, its count as PyTorch 2.13.0 printed it): lines that read a
#: layer or move it leave it whole
KEPT = [
    ("m = nn.Linear(3, 4)\nprint(m)", "m", 16),
    ("m = nn.Linear(3, 4).to('cpu')", "m", 16),
    ("m = nn.Linear(3, 4)\nm = m.to(device)", "m", 16),
    ("m = nn.Linear(3, 4).eval()\nn = nn.Sequential(m, nn.ReLU())", "n", 16),
]


@pytest.mark.parametrize(("paste", "label", "total"), KEPT)
def test_a_layer_read_or_moved_is_still_counted(paste: str, label: str, total: int) -> None:
    answer = ask(paste)
    assert answer.error is None, answer.error
    assert [(s.label, s.total) for s in answer.subjects] == [(label, total)]
