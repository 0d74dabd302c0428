"""The JSON answer object of design.md (``--json``, ``batch``), built from an :class:`Answer`.

Contract keys are always present; the extras (``notes``, ``input_shape``, ``buffers`` per
layer, ``memory``, ``macs``) only add information and may be ignored by tools.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from ..engine.answer import Answer, ErrorInfo
from ..engine.core import LayerResult
from ..engine.model import Subject
from .format import memory

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
    shape = layer.output_shape
    return {
        "name": layer.name,
        "type": layer.type,
        "total": layer.total,
        "trainable": layer.trainable,
        "non_trainable": layer.non_trainable,
        "output_shape": None if shape is None else list(shape),
        "weights": {w.name: list(w.shape) for w in layer.weights},
        # extras
        "buffers": layer.buffers,
        "notes": list(layer.notes),
    }


def subject_object(subject: Subject) -> dict[str, Any]:
    return _subject_object(subject, [layer_object(r) for r in subject.layers])


def _subject_object(subject: Subject, layers: Any) -> dict[str, Any]:
    total = subject.total
    out, inp = subject.output_shape, subject.input_shape
    return {
        "label": subject.label,
        "framework": subject.framework,
        "total": total,
        "trainable": subject.trainable,
        "non_trainable": subject.non_trainable,
        "buffers": subject.buffers,
        "output_shape": None if out is None else list(out),
        "layers": layers,
        "derivation": list(subject.derivation),
        # extras
        "input_shape": None if inp is None else list(inp),
        "notes": list(subject.notes),
        "memory": memory(total),
        "macs": subject.macs,
    }


def answer_object(answer: Answer, **extra: Any) -> dict[str, Any]:
    """The answer object; ``extra`` keys (``id`` for batch) come first, as tools read them."""
    return _answer_object(answer, extra, subject_object)


def _answer_object(answer: Answer, extra: dict[str, Any],
                   subject: Callable[[Subject], Any]) -> dict[str, Any]:
    error = answer.error
    # (a key of ``extra`` that is also a body key keeps its place and takes the body's
    # value, as dict.update would give it)
    return {
        **extra,
        "ok": error is None,
        "question": answer.question,
        "framework": answer.framework,
        "subjects": [subject(s) for s in answer.subjects] if error is None else [],
        "explanation": answer.explanation,
        "error": None if error is None else error_object(error),
        "notes": list(answer.notes),
    }


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
    return _compact(obj)


def _not_json(value: object) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


# ``json.dumps`` with keyword arguments builds a new encoder object per call, a good part of
# the time for a one-layer answer; batch writes thousands, so this one is built once. No
# circular-reference check: answer objects are trees the renderer itself built.
_C_ENCODER = c_make_encoder(None, _not_json, encode_basestring, None, ": ", ", ", False,
                            False, True) if c_make_encoder is not None else None


def _compact(obj: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))``, the same text."""
    if _C_ENCODER is None:  # a Python without json's C accelerator
        return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    return "".join(_C_ENCODER(obj, 0))


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
    """The answer object as JSON text: the same text as ``dumps(answer_object(answer,
    **extra), pretty=pretty)``, written straight from the answer."""
    if not pretty:
        return _compact(_answer_object(answer, extra, subject_object))
    try:
        return _pretty_answer(answer, extra)
    except _Unusual:
        return dumps(answer_object(answer, **extra), pretty=True)


# -- the indented answer, written directly ---------------------------------------------------
# ``answer_object`` + ``_pretty`` build a dict per layer and walk it again; a 177-layer
# ResNet spent most of its answer time there. These write the same text from the frozen
# results, and text that layers share (renamed copies of one block share their weights and
# notes tuples; shapes repeat) is written once per answer.

_NL2 = "\n  "
_BODY_KEYS = frozenset({"ok", "question", "framework", "subjects", "explanation", "error",
                        "notes"})


def _pretty_answer(answer: Answer, extra: dict[str, Any]) -> str:
    parts: list[str] = []
    sep = "{\n  "
    for key, value in extra.items():
        if type(key) is not str or key in _BODY_KEYS:
            raise _Unusual  # the generic path keeps dict-update order for these
        parts.append(f"{sep}{_string(key)}: ")
        _emit(value, "\n  ", parts)
        sep = ",\n  "
    error = answer.error
    parts.append(f"{sep}\"ok\": {'true' if error is None else 'false'},\n"
                 f"  \"question\": {_scalar(answer.question)},\n"
                 f"  \"framework\": {_scalar(answer.framework)},\n  \"subjects\": ")
    if error is None and answer.subjects:
        cache = _Texts()
        parts.append("[\n    " + ",\n    ".join(_pretty_subject(s, cache)
                                                for s in answer.subjects) + "\n  ]")
    else:
        parts.append("[]")
    parts.append(f",\n  \"explanation\": {_scalar(answer.explanation)},\n  \"error\": ")
    _emit(None if error is None else error_object(error), "\n  ", parts)
    parts.append(f",\n  \"notes\": {_strings(answer.notes, _NL2)}\n}}")
    return "".join(parts)


def _strings(items: tuple[str, ...] | list[str], nl: str) -> str:
    """A list of strings as ``_pretty`` writes it: one per line, or ``[]``."""
    if not items:
        return "[]"
    for item in items:
        if type(item) is not str:
            raise _Unusual
    inner = nl + "  "
    return "[" + inner + ("," + inner).join([_string(item) for item in items]) + nl + "]"


def _shape_text(shape: tuple[int | None, ...] | None) -> str:
    if shape is None:
        return "null"
    for d in shape:
        if d is not None and type(d) is not int:
            raise _Unusual
    return "[" + ", ".join(["null" if d is None else int.__repr__(d) for d in shape]) + "]"


class _Texts:
    """JSON text already written in this answer, for parts that layers share."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        #: A row's text after its name and type, by (weights, notes, output shape): the
        #: tuples by identity (they outlive the rendering, and renamed copies of a row
        #: share them), the shape by value (a small tuple of ints).
        self.rows: dict[tuple[int, int, tuple[int | None, ...] | None], str] = {}


def _pretty_subject(s: Subject, cache: _Texts) -> str:
    total = s.total
    nl = "\n      "
    rows = s.layers
    layers = ("[" + nl + "  " + ("," + nl + "  ").join([_row(r, cache) for r in rows]) + nl
              + "]") if rows else "[]"
    mem = ("{" + nl + "  " + ("," + nl + "  ").join(
        [f"{_string(k)}: {v}" for k, v in memory(total).items()]) + nl + "}")
    macs = s.macs
    return (
        f"{{{nl}\"label\": {_scalar(s.label)},{nl}\"framework\": {_scalar(s.framework)},"
        f"{nl}\"total\": {_int(total)},{nl}\"trainable\": {_int(s.trainable)},"
        f"{nl}\"non_trainable\": {_int(s.non_trainable)},{nl}\"buffers\": {_int(s.buffers)},"
        f"{nl}\"output_shape\": {_shape_text(s.output_shape)},{nl}\"layers\": {layers},"
        f"{nl}\"derivation\": {_strings(s.derivation, nl)},"
        f"{nl}\"input_shape\": {_shape_text(s.input_shape)},"
        f"{nl}\"notes\": {_strings(s.notes, nl)},{nl}\"memory\": {mem},"
        f"{nl}\"macs\": {'null' if macs is None else _int(macs)}\n    }}"
    )


def _int(n: int) -> str:
    if type(n) is not int:
        raise _Unusual
    return int.__repr__(n)


def _row(r: LayerResult, cache: _Texts) -> str:
    """One layer as ``json.dumps(layer_object(r), separators=(", ", ": "))`` writes it."""
    # Everything after the type follows from the weights, output shape and notes, which a
    # renamed copy shares with the row it copies: written once for all of them.
    weights, notes, shape = r.weights, r.notes, r.output_shape
    key = (id(weights), id(notes), shape)
    tail = cache.rows.get(key)
    if tail is None:
        tail = cache.rows[key] = (
            f"\"total\": {_int(r.total)}, \"trainable\": {_int(r.trainable)}, "
            f"\"non_trainable\": {_int(r.non_trainable)}, \"output_shape\": "
            f"{_compact(None if shape is None else list(shape))}, \"weights\": "
            f"{_compact({w.name: list(w.shape) for w in weights})}, "
            f"\"buffers\": {_int(r.buffers)}, \"notes\": {_compact(list(notes))}}}")
    return f"{{\"name\": {_string(r.name)}, \"type\": {_string(r.type)}, {tail}"
