"""The JSON answer object of design.md (``--json``, ``batch``), built from an :class:`Answer`.

Contract keys are always present; the extras (``notes``, ``input_shape``, ``buffers`` per
layer, ``memory``, ``macs``) only add information and may be ignored by tools.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring
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
        try:
            return _pretty(obj)
        except _Unusual:
            text = json.dumps(obj, ensure_ascii=False, indent=2)
            # shapes read better on one line: [28, 512], not five lines
            return _SCALAR_LIST.sub(lambda m: "[" + _SPACES.sub(" ", m.group(1)) + "]", text)
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


class _Unusual(Exception):
    """A value the fast indenter leaves to the json module (non-string keys, other types)."""


_string = encode_basestring  # what ensure_ascii=False uses, in C


def _scalar(value: Any) -> str:
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float:
        return json.dumps(value)
    raise _Unusual


def _pretty(obj: Any) -> str:
    """``json.dumps(obj, indent=2)`` with lists of integers and nulls kept on one line.

    json's ``indent`` switches to its pure-Python encoder, which took about 10 ms for a
    ResNet's 177-layer answer; this writes the same text in a fraction of that. Only real
    arrays are joined onto one line (the old regex could also touch text inside a string
    that looked like one)."""
    parts: list[str] = []
    _emit(obj, "\n", parts)
    return "".join(parts)


def _emit(value: Any, nl: str, parts: list[str]) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            t = type(item)
            if key == "layers" and t is list and item:
                # one line per layer, like a summary table (and written by json's C encoder,
                # which keeps a 300-layer model's answer fast)
                rows = ("," + inner + "  ").join(
                    json.dumps(row, ensure_ascii=False, separators=(", ", ": "))
                    for row in item)
                parts.append(f"{sep}{_string(key)}: [{inner}  {rows}{inner}]")
            elif t is dict or t is list or t is tuple:
                parts.append(f"{sep}{_string(key)}: ")
                _emit(item, inner, parts)
            else:
                parts.append(f"{sep}{_string(key)}: {_scalar(item)}")
            sep = "," + inner
        parts.append(nl + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        if all(v is None or type(v) is int for v in value):
            parts.append("[" + ", ".join(["null" if v is None else int.__repr__(v)
                                          for v in value]) + "]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for item in value:
            parts.append(sep)
            _emit(item, inner, parts)
            sep = "," + inner
        parts.append(nl + "]")
    else:
        parts.append(_scalar(value))


def render(answer: Answer, *, pretty: bool = True, **extra: Any) -> str:
    return dumps(answer_object(answer, **extra), pretty=pretty)
