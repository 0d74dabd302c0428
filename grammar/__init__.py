"""parambot: understanding questions (Lark grammar + transformer into engine specs)."""

from __future__ import annotations

from ..engine.answer import Answer
from ..engine.core import Framework
from ..engine.errors import ParamError


def answer_question(question: str, *, explicit: Framework | None, default: Framework) -> Answer:
    """Parse ``question`` and answer it with the engine (placeholder until the grammar lands)."""
    raise ParamError("The grammar is not written yet.")
