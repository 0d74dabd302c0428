"""The one entry point every front end calls: question text in, :class:`Answer` out."""

from __future__ import annotations

from ..engine.answer import Answer, ErrorInfo
from ..engine.core import Framework
from ..engine.errors import ParamError
from ..grammar import answer_question, full_reader

#: Discord's message limit is 4,000 characters for Nitro users; nothing longer is parsed.
MAX_QUESTION_CHARS = 4000


def ask(question: str, framework: Framework | None = None, default: Framework = "keras") -> Answer:
    """Answer ``question``. ``framework`` is an explicit choice (a CLI flag, a slash-command
    option); ``default`` applies when neither the question nor ``framework`` picks one.
    Never raises for anything the user typed: refusals come back as ``Answer.error``."""
    fw: Framework = framework or default
    if len(question) > MAX_QUESTION_CHARS:
        return Answer(question[:200], fw, error=ErrorInfo(
            f"That question is {len(question):,} characters long; parambot reads at most "
            f"{MAX_QUESTION_CHARS:,}. Paste only the layers you want counted."))
    try:
        return answer_question(question, explicit=framework, default=default)
    except ParamError as exc:
        named = full_reader().framework_in_words(question)
        return Answer(question, named or framework or default, error=ErrorInfo.of(exc))
