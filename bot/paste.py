"""Grouping typed or piped lines into questions: a ``` code fence until its closing fence,
continuation lines while brackets are open or a line ends with ``:`` or ``\\``, and pasted
Python (imports, assignments, ``model.add(...)``) kept together with its blank lines."""

from __future__ import annotations

import re

FENCE = "```"

#: A line that starts pasted Python rather than a question in words.
_CODE_START = re.compile(
    r"""^\s*(?:
        import\s+\w
      | from\s+[\w.]+\s+import\s
      | (?:class|def)\s+\w
      | @\w
      | [A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?:=(?!=)|\+=)
      | model\.add\(
    )""",
    re.VERBOSE,
)
_ASSIGNED = re.compile(r"^([A-Za-z_][\w]*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:=(?!=)|\+=)")
_IMPORTED = re.compile(r"^(?:from\s+[\w.]+\s+)?import\s+(.+)$")


def _defined_names(lines: list[str]) -> set[str]:
    """Names a block of pasted Python binds at the top level (assignments, imports)."""
    names: set[str] = set()
    for line in lines:
        m = _ASSIGNED.match(line)
        if m:
            names.update(n.strip() for n in m.group(1).split(","))
            continue
        m = _IMPORTED.match(line)
        if m:
            for part in m.group(1).strip("()").split(","):
                words = part.split()
                if words:
                    names.add(words[-1].split(".")[0])
    return names


def looks_like_code(line: str) -> bool:
    return bool(_CODE_START.match(line))


def bracket_depth(text: str, depth: int = 0) -> int:
    """Open brackets after ``text``, skipping string literals and ``#`` comments; never
    below zero, so a stray closing bracket in prose does not swallow the next question."""
    quote: str | None = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            # an apostrophe in prose ("what's") is not a string: only treat a quote as
            # opening one when it is closed again on the same line
            rest = text[i + 1 :].split("\n", 1)[0]
            if c in rest:
                quote = c
        elif c == "#":
            nl = text.find("\n", i)
            if nl == -1:
                break
            i = nl
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        i += 1
    return depth


class Collector:
    """Feed lines one at a time; :meth:`feed` returns the finished question text (or
    several: a line that ends a pasted code block also starts the next question)."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.lines: list[str] = []
        self.kind: str | None = None  # None (empty), "text", "fence" or "code"
        self.depth = 0
        self.in_fence = False
        #: A finished line of text kept back for one line, in case a code fence follows.
        self.held = False

    @property
    def pending(self) -> bool:
        return bool(self.lines)

    def _continues(self) -> bool:
        """Whether the block cannot end here (open fence or bracket, ``:`` or ``\\``)."""
        if self.in_fence or self.depth > 0:
            return True
        last = self.lines[-1].rstrip() if self.lines else ""
        return last.endswith((":", "\\"))

    def _add(self, line: str) -> None:
        self.lines.append(line)
        if line.count(FENCE) % 2:
            self.in_fence = not self.in_fence
        if not self.in_fence and FENCE not in line:
            self.depth = bracket_depth(line, self.depth)

    def _start(self, line: str) -> None:
        self.kind = "code" if looks_like_code(line) else "text"
        self._add(line)
        if self.in_fence:
            self.kind = "fence"

    def take(self) -> str | None:
        """The question collected so far (trailing blank lines dropped), and reset."""
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
        text = "\n".join(self.lines)
        self._reset()
        return text if text.strip() else None

    def feed(self, line: str, *, more_pending: bool = False) -> list[str]:
        """Add one line; return the questions it finished (usually none or one, two when a
        line ends a pasted code block and is itself a whole question).

        ``more_pending`` says more input is already waiting (a paste in progress, or piped
        input), so a blank line inside pasted code does not end it early."""
        line = line.rstrip("\r\n")
        blank = not line.strip()
        out: list[str] = []
        if self.held:
            # a finished sentence straight before a code fence asks about that code
            self.held = False
            if line.lstrip().startswith(FENCE):
                self._add(line)
                self.kind = "fence"
                return out
            out += self._done()
        if not self.lines:
            if not blank:
                self._start(line)
        elif self.in_fence:
            self._add(line)
        elif blank:
            if self.kind == "code" and more_pending:
                self._add(line)
            else:
                out += self._done()
        elif self._continues():
            if self.kind == "text" and looks_like_code(line):
                self.kind = "code"  # "params for this model:" followed by the code
            self._add(line)
        elif self.kind == "code" and self._code_goes_on(line):
            self._add(line)
        else:
            out += self._done()
            self._start(line)
        if self.lines and self.kind != "code" and not self._continues():
            if more_pending and self.kind == "text":
                self.held = True
            else:
                out += self._done()
        return out

    def _code_goes_on(self, line: str) -> bool:
        """Whether ``line`` belongs to the pasted code block: a new statement, an indented
        or closing line, or a call on a name the block defined (``model.summary()``), so a
        question like ``nn.Linear(512, 256)`` right after pasted code stays its own."""
        if looks_like_code(line) or line[:1].isspace():
            return True
        stripped = line.lstrip()
        if stripped.startswith(("#", ")", "]", "}", "print(")):
            return True
        head = re.match(r"([A-Za-z_]\w*)\s*[.(\[]", stripped)
        return head is not None and head.group(1) in _defined_names(self.lines)

    def finish(self) -> list[str]:
        """End of input: whatever was collected is a question, complete or not."""
        return self._done()

    def _done(self) -> list[str]:
        text = self.take()
        return [text] if text else []

    def needs_more(self) -> bool:
        return bool(self.lines)
