"""parambot: understanding questions (Lark grammar + interpretation into engine calls).

``answer_question(text, explicit=None, default="keras")`` is the one entry point; it
returns an :class:`~parambot.engine.answer.Answer` or raises
:class:`~parambot.engine.errors.ParamError` with a message, a position and a suggestion.

The commonest one-layer sentences are answered by the express lane (express.py); every
other question by the full reader (answer.py), which is imported, with Lark, on the first
question that needs it.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from ..engine.answer import Answer
from ..engine.core import Framework
from .express import express


def answer_question(
    question: str, *, explicit: Framework | None = None, default: Framework = "keras"
) -> Answer:
    """Read ``question`` (words or pasted code) and answer it with the engine."""
    fast = express(question, explicit, default)
    if fast is not None:
        return fast
    answer: Answer = full_reader().answer_question(question, explicit=explicit,
                                                   default=default)
    return answer


@cache
def full_reader() -> ModuleType:
    """``grammar.answer``, imported (with Lark) on the first question that needs it, and
    then kept: an import statement per question would cost microseconds each time."""
    from . import answer

    return answer


__all__ = ["answer_question", "full_reader"]
