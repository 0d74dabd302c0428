"""Answer -> a Discord reply: Markdown content for the answer, embeds for the full working.

Everything here is plain data (no discord.py import), so the limits can be checked in unit
tests; :mod:`parambot.bot.discord_cog` turns :class:`Embed` into ``discord.Embed``.

Discord refuses a message over its limits outright (HTTP 400), so every renderer here
measures what it builds and shortens it step by step: fewer table rows (with a line saying
how many were left out), fewer derivation lines, a shorter explanation, and only then
fewer subjects. Lines are dropped whole, never cut in the middle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import product

from ..engine.answer import Answer
from ..engine.core import LayerResult, shape_text
from ..engine.model import Subject
from .format import exact, memory_inline, with_human

# Discord's documented limits (https://discord.com/developers/docs/resources/message).
CONTENT_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELDS_LIMIT = 25
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10

FRAMEWORK_NAMES = {"keras": "Keras 3", "pytorch": "PyTorch"}
#: Embed colours: Keras red, PyTorch orange, errors grey.
COLOURS = {"keras": 0xD00000, "pytorch": 0xEE4C2C, "error": 0x99AAB5}
EXAMPLE = "conv2d 32 filters 3x3 on 28x28x1"


@dataclass(frozen=True)
class EmbedField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Embed:
    """The parts of a Discord embed parambot uses, already within Discord's limits."""

    title: str
    description: str = ""
    fields: tuple[EmbedField, ...] = ()
    footer: str = ""
    colour: int = COLOURS["error"]

    def size(self) -> int:
        """Characters Discord counts towards the 6,000 total of a message's embeds."""
        return (len(self.title) + len(self.description) + len(self.footer)
                + sum(len(f.name) + len(f.value) for f in self.fields))

    def to_dict(self) -> dict[str, object]:
        """The embed as Discord's JSON (what ``discord.Embed.from_dict`` takes)."""
        out: dict[str, object] = {"type": "rich", "title": self.title, "color": self.colour}
        if self.description:
            out["description"] = self.description
        if self.fields:
            out["fields"] = [{"name": f.name, "value": f.value, "inline": f.inline}
                             for f in self.fields]
        if self.footer:
            out["footer"] = {"text": self.footer}
        return out


@dataclass(frozen=True)
class DiscordReply:
    """One message to send: Markdown ``content`` and/or ``embeds``."""

    content: str = ""
    embeds: tuple[Embed, ...] = ()
    #: True when something was left out to fit (the full-derivation button shows it all).
    shortened: bool = False
    #: An error or refusal: slash commands answer these ephemerally.
    error: bool = False


# -- text helpers ------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\*_~|`\[\]])")
_LINE_START = re.compile(r"^([#>-])", re.MULTILINE)


def escape(text: str) -> str:
    """Escape Markdown so a label like ``model_a_b`` shows as written."""
    return _LINE_START.sub(r"\\\1", _MARKDOWN.sub(r"\\\1", text))


def prose(text: str) -> str:
    """Engine and grammar sentences: their `code spans` stay code, the rest is escaped."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: treat it all as plain text
        return escape(text)
    return "`".join(p if i % 2 else escape(p) for i, p in enumerate(parts))


def code_safe(text: str) -> str:
    """Text that cannot close a code block early (a zero-width joiner splits backticks)."""
    return text.replace("`", "`\u200d")


def inline_code(text: str) -> str:
    return f"`{code_safe(text)}`" if text else ""


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def fit_rows(rows: Sequence[str], keep: int | None, what: str = "rows") -> list[str]:
    """The first and last rows of a long list with one line saying how many were left out."""
    if keep is None or len(rows) <= keep:
        return list(rows)
    keep = max(keep, 2)
    head = (keep + 1) // 2
    tail = keep - head
    left = len(rows) - head - tail
    return [*rows[:head], f"… {left:,} {what} left out …", *(rows[-tail:] if tail else [])]


# -- the answer as Markdown content -------------------------------------------------------------


def _table_lines(layers: Sequence[LayerResult]) -> tuple[str, list[str]]:
    """The header and one aligned row per layer, as ``model.summary()`` lays them out."""
    header = ("Layer (type)", "Output shape", "Param #")
    cells = [(clip(f"{r.name} ({r.type})", 40), clip(shape_text(r.output_shape), 24), exact(r.total))
             for r in layers]
    w0 = max([len(header[0])] + [len(c[0]) for c in cells])
    w1 = max([len(header[1])] + [len(c[1]) for c in cells])
    w2 = max([len(header[2])] + [len(c[2]) for c in cells])

    def row(c: tuple[str, str, str]) -> str:
        return code_safe(f"{c[0]:<{w0}}  {c[1]:<{w1}}  {c[2]:>{w2}}".rstrip())

    return row(header), [row(c) for c in cells]


def _table(lines: tuple[str, list[str]], keep: int | None) -> str:
    header, rows = lines
    return "```\n" + "\n".join([header, *fit_rows(rows, keep, "layers")]) + "\n```"


def _headline(s: Subject) -> str:
    fw = FRAMEWORK_NAMES.get(s.framework, s.framework)
    return f"**{escape(clip(s.label, 120))}**: **{with_human(s.total)}** parameters ({fw})"


def _details(s: Subject) -> str:
    parts = []
    if s.non_trainable:
        parts.append(f"trainable {exact(s.trainable)} · non-trainable {exact(s.non_trainable)}")
    if s.buffers:
        parts.append(f"buffers {exact(s.buffers)} (not in the total)")
    if s.output_shape is not None:
        parts.append(f"output {shape_text(s.output_shape)}")
    if s.total >= 1_000_000:
        parts.append(f"weights {memory_inline(s.total)}")
    return "-# " + " · ".join(parts) if parts else ""


@dataclass
class _Parts:
    """What a subject's block is made of, computed once however often it is shortened."""

    head: list[str]
    table: tuple[str, list[str]]
    derivation: list[str]
    notes: list[str]

    @classmethod
    def of(cls, s: Subject) -> _Parts:
        details = _details(s)
        return cls([_headline(s), *([details] if details else [])], _table_lines(s.layers),
                   [clip(d, 300) for d in s.derivation],
                   [f"-# {prose(clip(n, 300))}" for n in s.notes])


def _subject_block(p: _Parts, rows: int | None, deriv: int | None, table: bool) -> str:
    lines = list(p.head)
    if table and p.table[1]:
        lines.append(_table(p.table, rows))
    derivation = fit_rows(p.derivation, deriv, "derivation lines")
    lines += [f"> {code_safe(d)}" if not d.startswith("…") else f"> *{d}*" for d in derivation]
    lines += p.notes
    return "\n".join(lines)


@dataclass(frozen=True)
class _Shape:
    """How much of an answer to show: one rung of the shortening ladder."""

    subjects: int | None = None
    rows: int | None = None
    deriv: int | None = None
    prose: int | None = None
    table: bool = True


def _ladder() -> list[_Shape]:
    rungs = [_Shape()]
    for subjects, table, rows, deriv, prose in product(
        (None, 6, 3, 1), (True, False), (40, 24, 14, 8, 4), (None, 8, 4, 2, 0), (None, 600, 250)
    ):
        if not table and rows != 4:
            continue
        rungs.append(_Shape(subjects, rows if table else 0, deriv, prose, table))
    return rungs


_LADDER = _ladder()


def _compose(answer: Answer, shape: _Shape, parts: list[_Parts],
             cache: dict[tuple[int, int | None, int | None, bool], str]) -> tuple[str, bool]:
    subjects = answer.subjects if shape.subjects is None else answer.subjects[: shape.subjects]
    blocks = []
    for i in range(len(subjects)):
        key = (i, shape.rows, shape.deriv, shape.table)
        if key not in cache:
            cache[key] = _subject_block(parts[i], shape.rows, shape.deriv, shape.table)
        blocks.append(cache[key])
    shortened = shape != _Shape()
    left = len(answer.subjects) - len(subjects)
    if left:
        blocks.append(f"*… and {left} more, left out to fit Discord's limit.*")
    if answer.explanation:
        text = answer.explanation if shape.prose is None else clip(answer.explanation, shape.prose)
        blocks.append(prose(text))
    for note in answer.notes:
        blocks.append(f"-# {prose(clip(note, shape.prose or 400))}")
    if shortened:
        blocks.append("-# Shortened to fit Discord; **Full derivation** shows the rest.")
    return "\n".join(blocks), shortened


def render_answer(answer: Answer) -> DiscordReply:
    """The reply to a question: a bold total per subject, its layer table, the working."""
    if not answer.ok:
        return render_error(answer)
    if not answer.subjects:
        return DiscordReply(clip(answer.explanation or "Nothing to count.", CONTENT_LIMIT))
    cache: dict[tuple[int, int | None, int | None, bool], str] = {}
    parts = [_Parts.of(s) for s in answer.subjects]
    for shape in _LADDER:
        content, shortened = _compose(answer, shape, parts, cache)
        if len(content) <= CONTENT_LIMIT:
            return DiscordReply(content, shortened=shortened)
    # Even one subject without its table is too long (a label or a note of thousands of
    # characters): fall back to the totals alone.
    lines = fit_rows([_headline(s) for s in answer.subjects], 10, "subjects")
    return DiscordReply(clip("\n".join(lines), CONTENT_LIMIT), shortened=True)


def render_error(answer: Answer) -> DiscordReply:
    """A refusal: what was wrong, where, what would have worked."""
    err = answer.error
    if err is None:
        return render_answer(answer)
    lines = [f"**I couldn't count that.** {prose(clip(err.message, 900))}"]
    if err.position is not None and answer.question:
        lines.append(_pointer(answer.question, err.position))
    if err.expected:
        shown = ", ".join(inline_code(clip(e, 40)) for e in err.expected[:8])
        more = f" and {len(err.expected) - 8} more" if len(err.expected) > 8 else ""
        lines.append(f"Expected {shown}{more}.")
    if err.suggestion:
        lines.append(f"💡 {prose(clip(err.suggestion, 300))}")
    lines.append(f"-# Try something like {inline_code(EXAMPLE)} or paste a Keras/PyTorch model.")
    return DiscordReply(clip("\n".join(lines), CONTENT_LIMIT), error=True)


def _pointer(question: str, position: int) -> str:
    """The line of the question holding ``position``, with a caret under it."""
    position = max(0, min(position, len(question)))
    start = question.rfind("\n", 0, position) + 1
    end = question.find("\n", position)
    line = question[start: end if end != -1 else len(question)]
    col = position - start
    # Keep a window of 60 characters around the caret so the code block stays one line.
    lo = max(0, min(col - 30, len(line) - 60))
    window = line[lo: lo + 60]
    return "```\n" + code_safe(window) + "\n" + " " * (col - lo) + "^\n```"


def render_cooldown(retry_after: float) -> DiscordReply:
    seconds = max(1, round(retry_after + 0.49))
    return DiscordReply(
        f"⏳ Slow down a little: you can ask again in {seconds} second{'s' if seconds != 1 else ''}.",
        error=True,
    )


def render_notice(text: str) -> DiscordReply:
    return DiscordReply(clip(text, CONTENT_LIMIT), error=True)


# -- the full working as embeds -----------------------------------------------------------------


def _layer_lines(s: Subject) -> list[str]:
    lines = [f"• {inline_code(d)}" for d in s.derivation]
    if len(s.layers) > 1:
        for r in s.layers:
            if not r.derivation and not r.total:
                continue
            head = f"**{escape(clip(r.name, 60))}** ({escape(clip(r.type, 60))}): {exact(r.total)}"
            lines.append(head)
            lines += [f"  {inline_code(clip(d, 300))}" for d in r.derivation]
    for r in s.layers:
        lines += [f"-# {prose(clip(n, 300))}" for n in r.notes]
    lines += [f"-# {prose(clip(n, 300))}" for n in s.notes]
    return lines


def _fit_description(lines: list[str], limit: int) -> str:
    keep: int | None = None
    while True:
        text = "\n".join(fit_rows(lines, keep, "lines"))
        if len(text) <= limit:
            return text
        keep = (len(lines) if keep is None else keep) - 1
        if keep < 2:
            return clip("\n".join(lines[:1]), limit)


def render_full(answer: Answer) -> DiscordReply:
    """Everything parambot worked out, one embed per subject (for the derivation button)."""
    if not answer.ok:
        return render_error(answer)
    subjects = answer.subjects[:EMBEDS_PER_MESSAGE]
    # Share the 6,000-character budget of a message's embeds between the subjects.
    per = (EMBED_TOTAL_LIMIT - 200) // max(1, len(subjects))
    embeds = []
    for s in subjects:
        title = clip(f"{s.label}: {exact(s.total)} parameters", EMBED_TITLE_LIMIT)
        fields = (
            EmbedField("Trainable", exact(s.trainable), True),
            EmbedField("Non-trainable", exact(s.non_trainable), True),
            EmbedField("Buffers", exact(s.buffers), True),
            EmbedField("Output shape", clip(shape_text(s.output_shape), 100), True),
            EmbedField("Layers", exact(len(s.layers)), True),
        )
        footer = f"as {FRAMEWORK_NAMES.get(s.framework, s.framework)} counts it"
        fixed = len(title) + len(footer) + sum(len(f.name) + len(f.value) for f in fields)
        budget = max(100, min(EMBED_DESCRIPTION_LIMIT, per - fixed))
        desc = _fit_description(_layer_lines(s), budget)
        embeds.append(Embed(title, desc, fields, footer, COLOURS.get(s.framework, 0)))
    content = ""
    if answer.explanation:
        content = clip(prose(answer.explanation), CONTENT_LIMIT)
    if len(answer.subjects) > len(subjects):
        content = clip(content + f"\n*{len(answer.subjects) - len(subjects)} more subjects "
                       "left out (10 embeds at most).*", CONTENT_LIMIT)
    return DiscordReply(content, tuple(embeds))


# -- limits, checked by tests and before every send ---------------------------------------------


@dataclass(frozen=True)
class LimitReport:
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


def check_limits(reply: DiscordReply) -> LimitReport:
    """Every Discord limit ``reply`` would break (none, for anything rendered here)."""
    problems: list[str] = []
    check: Callable[[bool, str], None] = lambda bad, what: problems.append(what) if bad else None  # noqa: E731
    check(len(reply.content) > CONTENT_LIMIT, f"content {len(reply.content)} > {CONTENT_LIMIT}")
    check(len(reply.embeds) > EMBEDS_PER_MESSAGE, "too many embeds")
    check(sum(e.size() for e in reply.embeds) > EMBED_TOTAL_LIMIT, "embeds over 6000 in total")
    for e in reply.embeds:
        check(len(e.title) > EMBED_TITLE_LIMIT, "embed title")
        check(len(e.description) > EMBED_DESCRIPTION_LIMIT, "embed description")
        check(len(e.fields) > EMBED_FIELDS_LIMIT, "embed fields")
        check(len(e.footer) > EMBED_FOOTER_LIMIT, "embed footer")
        for f in e.fields:
            check(len(f.name) > EMBED_FIELD_NAME_LIMIT or not f.name, "field name")
            check(len(f.value) > EMBED_FIELD_VALUE_LIMIT or not f.value, "field value")
    return LimitReport(tuple(problems))
