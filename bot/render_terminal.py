"""Plain-text answers for a terminal: a ``model.summary()``-like table per subject, the
totals, the working, the notes, and errors with a caret under the spot that went wrong."""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from ..engine.answer import Answer, ErrorInfo
from ..engine.model import Subject
from .format import exact, human, memory_lines, shape_display, with_human


def wants_colour(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


@dataclass(frozen=True)
class Style:
    """ANSI styling that collapses to plain text when colour is off."""

    colour: bool = False

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def head(self, text: str) -> str:
        return self._wrap("1;36", text)

    def good(self, text: str) -> str:
        return self._wrap("1;32", text)

    def bad(self, text: str) -> str:
        return self._wrap("1;31", text)

    def warn(self, text: str) -> str:
        return self._wrap("33", text)


_PLAIN, _COLOUR = Style(False), Style(True)

FRAMEWORK_NAMES = {"keras": "Keras 3", "pytorch": "PyTorch"}

_LABELS = ("Total params", "Trainable params", "Non-trainable params", "Buffers (not params)")
#: The totals' labels with their colon, padded to the widest shown: without the buffers
#: line (three) and with it (four).
_TOTAL_LABELS = {n: tuple(f"{label + ':':<{max(map(len, _LABELS[:n])) + 1}}"
                          for label in _LABELS[:n]) for n in (3, 4)}


def render(answer: Answer, *, colour: bool = False, memory: bool = True) -> str:
    """The whole answer as terminal text (no trailing newline)."""
    st = _PLAIN if not colour else _COLOUR
    if answer.error is not None:
        return render_error(answer.question, answer.error, colour=colour)
    parts = [render_subject(s, st, memory=memory) for s in answer.subjects]
    if len(answer.subjects) > 1:
        parts.append(render_comparison(answer.subjects, st,
                                       differences=not answer.explanation))
    tail: list[str] = []
    if answer.explanation:
        prose = [textwrap.fill(p, 86) if p.strip() else p
                 for p in answer.explanation.splitlines()]
        tail += [st.head("Why"), *_indent("\n".join(prose).splitlines())]
    if answer.notes:
        tail += [st.head("Notes"), *_bullets(answer.notes)]
    if tail:
        parts.append("\n".join(tail))
    if not parts:
        parts.append("(nothing to count)")
    return "\n\n".join(parts)


def render_subject(subject: Subject, st: Style, *, memory: bool = True) -> str:
    fw = subject.framework
    headers = ("Layer (type)", "Output Shape", "Param #")
    names: list[str] = []
    cells: list[tuple[str, str]] = []  # (shape, params) per row
    # a model repeats a handful of (shape, count) pairs over hundreds of rows: each is
    # formatted once, and padded once below
    seen: dict[tuple[tuple[int | None, ...] | None, int], tuple[str, str]] = {}
    for r in subject.layers:
        names.append(f"{r.name} ({r.type})")
        key = (r.output_shape, r.total)
        cell = seen.get(key)
        if cell is None:
            cell = seen[key] = (shape_display(r.output_shape, fw), f"{r.total:,}")
        cells.append(cell)
    w0 = max([len(headers[0]), *map(len, names)])
    w1 = max([len(headers[1]), *(len(c[0]) for c in seen.values())])
    w2 = max([len(headers[2]), *(len(c[1]) for c in seen.values())])
    width = w0 + w1 + w2 + 4
    rule = "─" * width
    padded = {cell: f"  {cell[0]:<{w1}}  {cell[1]:>{w2}}" for cell in seen.values()}

    lines = [st.head(f"{subject.label}") + st.dim(f"  · {FRAMEWORK_NAMES.get(fw, fw)}")]
    if subject.input_shape is not None:
        lines[0] += st.dim(f" · input {shape_display(subject.input_shape, fw)}")
    lines.append(rule)
    lines.append(st.bold(f"{headers[0]:<{w0}}  {headers[1]:<{w1}}  {headers[2]:>{w2}}"))
    lines.append(rule)
    lines += [name.ljust(w0) + padded[cell] for name, cell in zip(names, cells, strict=True)]
    lines.append(rule)

    counts = [subject.total, subject.trainable, subject.non_trainable]
    if fw == "pytorch" or subject.buffers:
        counts.append(subject.buffers)
    nums = [f"{n:,}" for n in counts]
    num_w = max(map(len, nums))
    labels = _TOTAL_LABELS[len(counts)]
    for i, (label, n, num) in enumerate(zip(labels, counts, nums, strict=True)):
        text = f"{label} {num:>{num_w}}"
        if n >= 10_000:
            text += f"  ({human(n)})"
        lines.append(st.bold(text) if i == 0 else text)  # the total in bold

    if subject.derivation:
        lines += ["", st.head("Working"), *_indent(subject.derivation)]
    notes = [*subject.notes, *_layer_notes(subject)]
    if notes:
        lines += ["", st.head("Notes"), *_bullets(notes)]
    if memory and subject.total:
        lines += ["", st.head("Memory for the weights"), *_indent(memory_lines(subject.total))]
    return "\n".join(lines)


def render_comparison(subjects: Iterable[Subject], st: Style, *, differences: bool = True
                      ) -> str:
    subs = list(subjects)
    w = max(len(s.label) for s in subs)
    lines = [st.head("Side by side")]
    for s in subs:
        lines.append(f"  {s.label:<{w}}  {with_human(s.total)}")
    if len(subs) == 2 and differences:
        a, b = subs
        diff = a.total - b.total
        if diff:
            bigger, smaller = (a, b) if diff > 0 else (b, a)
            ratio = bigger.total / smaller.total if smaller.total else None
            tail = f" ({ratio:.2f}×)" if ratio is not None else ""
            lines.append(
                f"  {bigger.label} has {exact(abs(diff))} more parameters than "
                f"{smaller.label}{tail}"
            )
        else:
            lines.append("  Both have the same number of parameters.")
    return "\n".join(lines)


def render_error(question: str, error: ErrorInfo, *, colour: bool = False) -> str:
    """``error: ...``, the offending line with a caret under the position, what was
    expected and the suggestion."""
    st = Style(colour)
    lines = [st.bad("error: ") + error.message]
    if error.position is not None and 0 <= error.position <= len(question):
        line, column = _line_at(question, error.position)
        shown, caret_col = _clip(line, column)
        lines += ["", "  " + shown, "  " + " " * caret_col + st.bad("^")]
    if error.expected:
        lines.append("expected: " + ", ".join(error.expected))
    if error.suggestion:
        lines.append(st.good(error.suggestion))
    return "\n".join(lines)


def _line_at(text: str, pos: int) -> tuple[str, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else len(text)]
    return line.replace("\t", " "), pos - start


def _clip(line: str, column: int, width: int = 76) -> tuple[str, int]:
    """Keep a long line readable: a window around the caret, with ``…`` where cut."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 2, len(line) - width))
    shown = line[start : start + width]
    caret = column - start
    if start > 0:
        shown = "…" + shown[1:]
    if start + width < len(line):
        shown = shown[:-1] + "…"
    return shown, caret


def _indent(lines: Iterable[str]) -> list[str]:
    return ["  " + line for line in lines]


def _bullets(lines: Iterable[str]) -> list[str]:
    return ["  • " + line for line in lines]


def _layer_notes(subject: Subject) -> list[str]:
    """Each layer's notes once per kind: a ResNet's fifty BatchNormalization layers say the
    same thing with different numbers, so the first says it and counts the others."""
    if len(subject.layers) == 1:
        return list(subject.layers[0].notes)
    first: dict[str, tuple[str, str]] = {}
    repeats: dict[str, int] = {}
    keys: dict[str, str] = {}  # note -> its kind; copies of one block repeat their notes
    for r in subject.layers:
        for note in r.notes:
            key = keys.get(note)
            if key is None:
                key = keys[note] = _DIGITS.sub("#", note)
            if key in first:
                repeats[key] += 1
            else:
                first[key] = (r.name, note)
                repeats[key] = 0
    out = []
    for key, (name, note) in first.items():
        more = repeats[key]
        tail = f" (and {more} more layer{'s' if more != 1 else ''} like it)" if more else ""
        out.append(f"{name}: {note}{tail}")
    return out


_DIGITS = re.compile(r"\d[\d,]*")
