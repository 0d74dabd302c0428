"""The answer to one question: subjects in the order asked, an explanation, or an error."""

from __future__ import annotations

from dataclasses import dataclass

from .core import Framework, dict_init
from .errors import ParamError
from .model import Subject


@dataclass(frozen=True)
class ErrorInfo:
    message: str
    position: int | None = None
    expected: tuple[str, ...] = ()
    suggestion: str | None = None

    @classmethod
    def of(cls, exc: ParamError) -> ErrorInfo:
        return cls(exc.message, exc.position, exc.expected, exc.suggestion)


@dict_init
@dataclass(frozen=True)
class Answer:
    question: str
    framework: Framework
    subjects: tuple[Subject, ...] = ()
    explanation: str | None = None
    error: ErrorInfo | None = None
    #: Remarks about the question itself (arguments that change nothing, assumptions).
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None
