"""The JSON answer object of design.md (``--json``, ``batch``), built from an :class:`Answer`.

Contract keys are always present; the extras (``notes``, ``input_shape``, ``buffers`` per
layer, ``memory``, ``macs``) only add information and may be ignored by tools.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..engine.answer import Answer, ErrorInfo
from ..engine.core import LayerResult
from ..engine.model import Subject
from .format import memory, shape_list

# a JSON array of numbers/nulls spread over lines by indent=2 (strings never contain a
# raw newline in JSON, so this cannot match inside one)
_SCALAR_LIST = re.compile(r"\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)\s*\]")
_SPACES = re.compile(r"\s+")


def error_object(error: ErrorInfo) -> dict[str, Any]:
    return {
        "message": error.message,
        "position": error.position,
        "expected": list(error.expected),
        "suggestion": error.suggestion,
    }


def layer_object(layer: LayerResult) -> dict[str, Any]:
    return {
        "name": layer.name,
        "type": layer.type,
        "total": layer.total,
        "trainable": layer.trainable,
        "non_trainable": layer.non_trainable,
        "output_shape": shape_list(layer.output_shape),
        "weights": {w.name: list(w.shape) for w in layer.weights},
        # extras
        "buffers": layer.buffers,
        "notes": list(layer.notes),
    }


def subject_object(subject: Subject) -> dict[str, Any]:
    return {
        "label": subject.label,
        "framework": subject.framework,
        "total": subject.total,
        "trainable": subject.trainable,
        "non_trainable": subject.non_trainable,
        "buffers": subject.buffers,
        "output_shape": shape_list(subject.output_shape),
        "layers": [layer_object(r) for r in subject.layers],
        "derivation": list(subject.derivation),
        # extras
        "input_shape": shape_list(subject.input_shape),
        "notes": list(subject.notes),
        "memory": memory(subject.total),
        "macs": subject.macs,
    }


def answer_object(answer: Answer, **extra: Any) -> dict[str, Any]:
    """The answer object; ``extra`` keys (``id`` for batch) come first, as tools read them."""
    obj: dict[str, Any] = dict(extra)
    obj.update(
        {
            "ok": answer.ok,
            "question": answer.question,
            "framework": answer.framework,
            "subjects": [subject_object(s) for s in answer.subjects] if answer.ok else [],
            "explanation": answer.explanation,
            "error": error_object(answer.error) if answer.error is not None else None,
            "notes": list(answer.notes),
        }
    )
    return obj


def failure_object(
    message: str,
    *,
    question: str | None,
    framework: str,
    suggestion: str | None = None,
    expected: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """An ``ok: false`` object for input that never reached the engine (a bad batch line)."""
    obj: dict[str, Any] = dict(extra)
    obj.update(
        {
            "ok": False,
            "question": question,
            "framework": framework,
            "subjects": [],
            "explanation": None,
            "error": {
                "message": message,
                "position": None,
                "expected": list(expected),
                "suggestion": suggestion,
            },
            "notes": [],
        }
    )
    return obj


def dumps(obj: dict[str, Any], *, pretty: bool = False) -> str:
    """Serialise an answer object: one line (batch) or indented (``ask --json``)."""
    if pretty:
        text = json.dumps(obj, ensure_ascii=False, indent=2)
        # shapes read better on one line: [28, 512], not five lines
        return _SCALAR_LIST.sub(lambda m: "[" + _SPACES.sub(" ", m.group(1)) + "]", text)
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def render(answer: Answer, *, pretty: bool = True, **extra: Any) -> str:
    return dumps(answer_object(answer, **extra), pretty=pretty)
