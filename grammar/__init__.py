"""parambot: understanding questions (Lark grammar + interpretation into engine calls).

``answer_question(text, explicit=None, default="keras")`` is the one entry point; it
returns an :class:`~parambot.engine.answer.Answer` or raises
:class:`~parambot.engine.errors.ParamError` with a message, a position and a suggestion.
"""

from __future__ import annotations

from .answer import answer_question

__all__ = ["answer_question"]
