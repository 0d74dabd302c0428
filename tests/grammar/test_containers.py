"""Pasted PyTorch containers and comprehensions: ``nn.Sequential(*[... for _ in
range(n)])``, ``nn.ModuleList``, ``nn.ModuleDict``, nested ``nn.Sequential``.

Every expected figure is PyTorch's own, recorded by tests/golden/record_containers.py:
totals, buffers, and each row's module (by its named_modules() name), class and count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from parambot.bot.service import ask

GOLDEN = json.loads((Path(__file__).parents[1] / "golden" / "containers.json").read_text())
CASES: list[dict[str, Any]] = GOLDEN["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["paste"].splitlines()[2][:50] for c in CASES])
def test_paste_counts_as_pytorch_does(case: dict[str, Any]) -> None:
    answer = ask(case["paste"])
    if not case["subjects"]:
        assert not answer.ok
        return
    assert answer.ok, answer.error
    assert [s.label for s in answer.subjects] == [s["label"] for s in case["subjects"]]
    for got, want in zip(answer.subjects, case["subjects"], strict=True):
        assert got.framework == "pytorch"
        assert (got.total, got.buffers) == (want["total"], want["buffers"])
        modules = want["modules"]
        for row in got.layers:
            # each row is the module PyTorch names so, of the same class and count
            assert row.name in modules, (row.name, sorted(modules))
            assert [row.type, row.total] == modules[row.name], row.name
        names = [row.name for row in got.layers]
        assert not any(a != b and b.startswith(a + ".") for a in names for b in names)


def test_module_list_rows_stand_alone() -> None:
    """A ModuleList has no forward: each layer is counted on its own, no shape runs from
    one to the next (a Sequential of the same layers chains its shapes)."""
    listed = ask("import torch.nn as nn\n# input: 16 x 100\n"
                 "blocks = nn.ModuleList([nn.Conv1d(16, 16, 3) for _ in range(2)])")
    chained = ask("import torch.nn as nn\n# input: 16 x 100\n"
                  "blocks = nn.Sequential(*[nn.Conv1d(16, 16, 3) for _ in range(2)])")
    assert listed.ok and chained.ok
    assert listed.subjects[0].total == chained.subjects[0].total == 2 * 784
    assert [r.output_shape for r in chained.subjects[0].layers] == [(16, 98), (16, 96)]
    assert listed.subjects[0].output_shape is None


def test_comprehension_variable_is_scoped() -> None:
    answer = ask("import torch.nn as nn\ni = 4\n"
                 "m = nn.Sequential(*[nn.Linear(i + 1, i + 2) for i in range(2)])\n"
                 "last = nn.Linear(i, 1)")
    assert answer.ok, answer.error
    # nn.Linear(1, 2) + nn.Linear(2, 3), then i is 4 again: nn.Linear(4, 1)
    assert [s.total for s in answer.subjects] == [4 + 9, 5]


@pytest.mark.parametrize(("paste", "words"), [
    ("x = [nn.Linear(2, 2) for _ in range(10**6)]", "more than 1,000 items"),
    ("x = [[nn.Linear(2, 2) for _ in range(100)] for _ in range(100)]", "more than 1,000 items"),
    ("x = nn.Sequential(*[nn.Linear(2, 2) for _ in range(1, 5, 0)])", "range(...)"),
    ("x = nn.Sequential(*[nn.Linear(2, 2) for _ in 7])", "comprehension over"),
    ("x = nn.Sequential(*3)", "list or tuple"),
    ("x = nn.ModuleList(nn.Linear(2, 2), nn.Linear(2, 2))", "one list of modules"),
    ("x = nn.ModuleDict([nn.Linear(2, 2)])", "dict of name: module"),
    ("cls = nn.Parameter(torch.zeros(1, 1, 64))", "free-standing weight"),
])
def test_refused_clearly(paste: str, words: str) -> None:
    answer = ask("import torch\nimport torch.nn as nn\n" + paste)
    assert not answer.ok
    assert answer.error is not None and words in answer.error.message, answer.error.message


def test_tensor_lines_and_print_lines_change_nothing() -> None:
    answer = ask("import torch\nimport torch.nn as nn\n"
                 "model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 2))\n"
                 "x = torch.randn(4, 10)\n"
                 "y = model(x)\n"
                 "print(y.shape, sum(p.numel() for p in model.parameters()))\n"
                 "lin = nn.Linear(3, 4)\n"
                 "out = lin(torch.zeros(2, 3))")
    assert answer.ok, answer.error
    # PyTorch: 220 + 42, and nn.Linear(3, 4) 16
    assert [(s.label, s.total) for s in answer.subjects] == [("model", 262), ("lin", 16)]


def test_a_keras_subclass_is_refused_with_the_reason() -> None:
    answer = ask("class MyModel(keras.Model):\n    def __init__(self):\n        super()"
                 ".__init__()\n        self.d = layers.Dense(10)\n")
    assert not answer.ok and answer.error is not None
    assert "subclassed Keras model" in answer.error.message
