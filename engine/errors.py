"""The one error type the engine and the grammar raise for anything a user got wrong."""

from __future__ import annotations


class ParamError(Exception):
    """A question or configuration parambot refuses, with words a student understands."""

    def __init__(
        self,
        message: str,
        *,
        position: int | None = None,
        expected: tuple[str, ...] = (),
        suggestion: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.expected = expected
        self.suggestion = suggestion

    def __repr__(self) -> str:
        return f"ParamError({self.message!r})"
