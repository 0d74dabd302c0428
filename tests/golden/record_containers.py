"""Record what PyTorch counts for pasted containers and comprehensions (run by hand,
never in CI; see recorder.py for the environment):

    /work/fwvenv/bin/python tests/golden/record_containers.py

Each paste in ``PASTES`` is run by Python itself, and for each name in it the script
writes the module's total and buffer counts and every named submodule with its class and
parameter count to ``tests/golden/containers.json``. Nothing here is computed by parambot.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent

IMPORTS = "import torch\nimport torch.nn as nn\n"
#: (paste, the names it binds that parambot answers about, in order)
PASTES: list[tuple[str, list[str]]] = [
    ("mlp = nn.Sequential(*[nn.Linear(32, 32) for _ in range(5)], nn.Linear(32, 1))",
     ["mlp"]),
    ("blocks = nn.ModuleList([nn.Conv1d(16, 16, 3, padding=1) for i in range(4)])",
     ["blocks"]),
    ("model = nn.Sequential(\n    nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU()),\n"
     "    nn.Sequential(nn.Conv2d(8, 16, 3), nn.ReLU(), nn.Flatten()),\n"
     "    nn.Linear(16 * 24 * 24, 10),\n)", ["model"]),
    ('heads = nn.ModuleDict({"age": nn.Linear(64, 1), "gender": nn.Linear(64, 2),\n'
     '                       "emotion": nn.Linear(64, 7)})', ["heads"]),
    ("layers = nn.ModuleList([nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.ReLU())\n"
     "                        for _ in range(3)])", ["layers"]),
    ("widths = [64, 128, 256]\n"
     "convs = nn.Sequential(*[nn.Conv2d(c, c * 2, 3, padding=1) for c in widths])", ["convs"]),
    ("tower = nn.Sequential(*[nn.Linear(2 ** i, 2 ** (i + 1)) for i in range(1, 6)])",
     ["tower"]),
    ("model = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 2))\n"
     "x = torch.randn(4, 10)\n"
     "print(sum(p.numel() for p in model.parameters()))\n"
     "print(sum(p.numel() for p in model.parameters() if p.requires_grad))", ["model"]),
    ("stack = nn.Sequential(*[nn.Sequential(nn.Conv2d(3 if i == 0 else 32, 32, 3), nn.ReLU())"
     " for i in range(2)])", []),
]


def record(module: torch.nn.Module) -> dict[str, object]:
    params = {id(p): p for p in module.parameters()}
    return {
        "total": sum(p.numel() for p in params.values()),
        "buffers": sum(b.numel() for b in module.buffers()),
        "modules": {name: [type(m).__name__, sum(p.numel() for p in m.parameters())]
                    for name, m in module.named_modules() if name},
    }


def main() -> int:
    cases = []
    for paste, names in PASTES:
        scope: dict[str, object] = {}
        exec(IMPORTS + paste, scope)  # noqa: S102 - our own strings
        cases.append({"paste": IMPORTS + paste,
                      "subjects": [{"label": n, **record(scope[n])} for n in names]})
    out = {"recorded_with": f"torch {torch.__version__}", "cases": cases}
    (HERE / "containers.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(cases)} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
