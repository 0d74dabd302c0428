"""The engine against every configuration recorded from the real frameworks.

The records in ``tests/golden/*.jsonl`` were written by ``tests/golden/record_*.py``,
which builds each layer in Keras 3 or PyTorch and reads the framework's own counts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from parambot.engine.catalogue import make
from parambot.engine.core import Layer
from parambot.engine.errors import ParamError

from ..conftest import GOLDEN


def _records() -> list[dict[str, Any]]:
    out = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for i, line in enumerate(path.read_text().splitlines()):
            if line.strip():
                rec = json.loads(line)
                rec["_id"] = f"{path.stem}:{i + 1}:{rec['framework']}:{rec['layer']}"
                out.append(rec)
    return out


RECORDS = _records()


def _decode(framework: str, value: Any) -> Any:
    if isinstance(value, dict) and "layer" in value:
        return _build_layer(framework, value)
    return value


def _build_layer(framework: str, rec: dict[str, Any]) -> tuple[Layer, Any]:
    made = make(
        framework,  # type: ignore[arg-type]
        rec["layer"],
        [_decode(framework, a) for a in rec["args"]],
        [(k, _decode(framework, v)) for k, v in rec["kwargs"].items()]
        # extra call inputs (attention's value/key) reach the engine as `<name>_shape`
        + [(f"{k}_shape", tuple(v)) for k, v in rec.get("call", {}).items()],
    )
    return made.layer  # type: ignore[return-value]


def test_enough_golden_records() -> None:
    assert len(RECORDS) >= 50


@pytest.mark.parametrize("rec", RECORDS, ids=[r["_id"] for r in RECORDS])
def test_golden(rec: dict[str, Any]) -> None:
    fw = rec["framework"]
    shape = tuple(rec["input_shape"]) if rec["input_shape"] is not None else None
    if "error" in rec:
        with pytest.raises(ParamError):
            _build_layer(fw, rec).build(shape, "layer")
        return
    result = _build_layer(fw, rec).build(shape, "layer")
    got = {
        "total": result.total,
        "trainable": result.trainable,
        "non_trainable": result.non_trainable,
        "buffers": result.buffers,
    }
    want = {k: rec[k] for k in got}
    assert got == want
    if rec["output_shape"] is not None:
        assert list(result.output_shape or ()) == rec["output_shape"]
    params = [[w.name, list(w.shape), w.trainable] for w in result.weights if not w.buffer]
    assert sorted(params) == sorted(rec["weights"])
    if fw == "pytorch":
        bufs = [[w.name, list(w.shape)] for w in result.weights if w.buffer]
        assert sorted(bufs) == sorted(rec.get("buffer_list", []))
