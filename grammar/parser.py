"""The Lark LALR parser (built once per process) and parse errors in plain words."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import cast

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lark import PostLex

from ..engine.errors import ParamError

_OPEN = {"LPAR", "LSQB", "LBRACE"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}


class _BracketNewlines(PostLex):
    """Python's implicit line joining: a newline inside brackets ends no statement."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        depth = 0
        for tok in stream:
            if tok.type in _OPEN:
                depth += 1
            elif tok.type in _CLOSE:
                depth = max(0, depth - 1)
            elif tok.type == "_NL" and depth:
                continue
            yield tok


def _cache_file(name: str = "grammar") -> str | bool:
    """Where the built parse tables are kept between processes: a private directory of
    the user's (never a shared /tmp file, since the cache is a pickle). Building the LALR
    tables takes ~0.3 s; loading them ~0.03 s. Without a writable home: no cache."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "parambot")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return False
    except OSError:
        return False
    return os.path.join(folder, f"{name}.lark-cache")


#: Token's constructor without the check for a deprecated keyword that ``Token(...)``
#: makes on every token (Lark 1.x; the public constructor elsewhere).
_new_token: Callable[..., Token] = getattr(Token, "_future_new", Token)

#: The grammar files sit beside this module (package data); reading them by path spares
#: the start-up of importlib.resources.
_HERE = os.path.dirname(os.path.abspath(__file__))


@cache
def parser() -> Lark:
    """The one parser of this process (LALR with a contextual lexer)."""
    return _lark(positions=False)


@cache
def positioned_parser() -> Lark:
    """The same grammar with every node's start and end stored (``propagate_positions``).
    Storing them doubles a parse, so answers don't; an error re-reads its question with
    this parser to point at the exact character (see spans.exact_start)."""
    return _lark(positions=True)


def _lark(*, positions: bool) -> Lark:
    with open(os.path.join(_HERE, "question.lark"), encoding="utf-8") as f:
        text = f.read()
    return Lark(
        text,
        parser="lalr",
        start=["code", "text"],
        postlex=_BracketNewlines(),
        maybe_placeholders=True,
        propagate_positions=positions,
        cache=_cache_file("grammar-positions" if positions else "grammar"),
    )


#: Brackets nested deeper than this are refused before parsing (no real layer call needs
#: more, and the tree walkers are recursive).
MAX_NESTING = 48


@cache
def words_lexer() -> Callable[[str], list[Token] | None]:
    """The text rule's terminals alone, for questions that are a flat list of tokens.

    Lark's own scanner (its terminals in its priority order, string terminals a regex also
    matches resolved by its callbacks) is driven directly: Lark's lexer thread adds a line
    counter and a generator per token, which cost more than the matching. None when the
    text has a character no terminal matches (the full parser then words the error)."""
    lark = Lark.open(
        os.path.join(_HERE, "words.lark"), parser="lalr", lexer="basic",
        cache=_cache_file("words"),
    )
    try:
        lexer = lark._build_lexer()
        patterns = [m.match for m in lexer.scanner._mres]
        ignore = lexer.ignore_types
        callbacks = lexer.callback
    except AttributeError:  # pragma: no cover - other Lark versions: the public path
        def public(text: str) -> list[Token] | None:
            try:
                return list(lark.lex(text))
            except UnexpectedInput:
                return None

        return public

    def lex(text: str) -> list[Token] | None:
        tokens: list[Token] = []
        pos, n = 0, len(text)
        while pos < n:
            for pattern in patterns:
                m = pattern(text, pos)
                if m:
                    break
            else:
                return None
            value, kind = m.group(), m.lastgroup
            end = m.end()
            if kind not in ignore:
                tok = _new_token(kind, value, pos, 1, pos + 1, 1, end + 1, end)
                if kind in callbacks:
                    tok = callbacks[kind](tok)
                tokens.append(tok)
            pos = end
        return tokens

    return lex


#: Characters that need the full parser in a question written in words: brackets and
#: '=' build groups, calls and key=value pairs; '#' starts a comment.
_STRUCTURE = frozenset("()[]{}=#")


def parse_text(source: str) -> Tree[Token]:
    """Parse a one-line question in words. Without brackets or '=' its tree is the flat
    token list, which the lexer alone produces (the LALR parse would add nothing)."""
    if _STRUCTURE.isdisjoint(source):
        tokens = words_lexer()(source)
        if tokens is not None:
            return Tree("text", tokens)  # type: ignore[arg-type]
        # a character no terminal reads: the full parser words the error
    return parse(source, "text")


def parse(source: str, start: str) -> Tree[Token]:
    """Parse ``source`` as ``code`` or ``text``; a failure is a :class:`ParamError`."""
    _check_nesting(source)
    drive = driver()
    if drive is not None:
        tree = drive(source, start)
        if tree is not None:
            return tree
    # the driver stops at the first token the grammar refuses: Lark's own parse finds the
    # same place and words the error (and parses whatever a driver could not)
    try:
        return parser().parse(source, start=start)
    except UnexpectedInput as exc:
        raise plain_error(exc, source) from None


def _check_nesting(source: str) -> None:
    if source.count("(") + source.count("[") + source.count("{") <= MAX_NESTING:
        return  # too few brackets to nest that deep
    depth = deepest = 0
    for i, ch in enumerate(source):
        if ch in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise ParamError(
                        f"Brackets are nested more than {MAX_NESTING} deep at character "
                        f"{i + 1}; parambot reads layer calls, not deeply nested expressions.",
                        position=i,
                    )
        elif ch in ")]}":
            depth = max(0, depth - 1)


#: A parse: the tree, or None where the grammar refuses the input.
Drive = Callable[[str, str], "Tree[Token] | None"]


@cache
def driver() -> Drive | None:
    """Lark's LALR parse of :func:`parser`, driven by a tighter loop.

    Lark runs its parse tables through a lexer thread, a generator per stage (the
    contextual lexer, the post-lexer) and a line counter for every token; for the short
    inputs parambot reads, that machinery cost as much as the parse. This loop uses the
    same pieces, read from the built parser: the LALR table, the contextual lexer's
    scanner for each parser state (built on first use, as Lark does), its token
    callbacks (keywords), the tree-building callbacks, and :class:`_BracketNewlines`'
    rule. The trees are equal to Lark's (tests/grammar/test_driver.py compares them);
    anything it can't read returns None, and Lark's own parse takes over. With another
    Lark version whose internals differ, this returns None and Lark parses everything."""
    try:
        return _build_driver(parser())
    except (AttributeError, KeyError, TypeError, ImportError):  # pragma: no cover
        return None


def _build_driver(lark: Lark) -> Drive:
    from lark.lexer import BasicLexer, ContextualLexer
    from lark.parse_tree_builder import ExpandSingleChild
    from lark.parsers.lalr_analysis import Shift

    frontend = lark.parser
    contextual = frontend.lexer.lexer  # PostLexConnector(ContextualLexer, _BracketNewlines)
    if not isinstance(contextual, ContextualLexer) or not isinstance(
            frontend.lexer.postlexer, _BracketNewlines):
        raise TypeError("not the parser this driver was written for")
    lalr = frontend.parser.parser
    table = lalr.parse_table
    states, start_states, end_states = table.states, table.start_states, table.end_states
    callbacks = lalr.callbacks
    lexers = contextual.lexers
    Scan = tuple[list[Callable[[str, int], "re.Match[str] | None"]], frozenset[str],
                 dict[str, Callable[[Token], Token]]]
    # parser state (0 .. n-1) -> its lexer's patterns, ignores, callbacks; lists indexed by
    # state, filled on first use (a list index is cheaper than a dict lookup per token)
    if sorted(states) != list(range(len(states))):
        raise TypeError("parse table states are not numbered 0 .. n-1")
    scans: list[Scan | None] = [None] * len(states)
    by_lexer: dict[int, Scan] = {}

    def scan_for(state: int) -> Scan:
        lexer = cast(BasicLexer, lexers[state])
        found = by_lexer.get(id(lexer))
        if found is None:
            patterns = [m.match for m in lexer.scanner._mres]  # builds it, as Lark would
            found = (patterns, frozenset(lexer.ignore_types), lexer.callback)
            by_lexer[id(lexer)] = found
        scans[state] = found
        return found

    # parser state -> {symbol: (state to shift to, or -1 to reduce; the rule's length, its
    # name and its tree callback)}: the table's actions unpacked once per state, so a
    # reduction doesn't hash a Rule (a Python method) or walk its attributes. A `?rule`
    # reduced from one symbol, with nothing to filter, is Lark's ExpandSingleChild alone:
    # it hands its child on as it is, so its callback is None and the value stays put
    # (expressions pass through several such levels per number).
    Act = tuple[int, int, str, Callable[[list[object]], object] | None]
    acts: list[dict[str, Act] | None] = [None] * len(states)

    def acts_for(state: int) -> dict[str, Act]:
        unpacked: dict[str, Act] = {}
        for symbol, (action, arg) in states[state].items():
            if action is Shift:
                unpacked[symbol] = (arg, 0, "", None)
            else:
                size, build = len(arg.expansion), callbacks[arg]
                if size == 1 and type(build) is ExpandSingleChild:
                    build = None
                unpacked[symbol] = (-1, size, arg.origin.name, build)
        acts[state] = unpacked
        return unpacked

    def drive(text: str, start: str) -> Tree[Token] | None:
        state_stack = [start_states[start]]
        value_stack: list[object] = []
        end_state = end_states[start]
        pos, n, depth = 0, len(text), 0
        while True:
            if pos < n:
                state = state_stack[-1]
                patterns, ignore, token_callbacks = scans[state] or scan_for(state)
                # the words lexer's reading of a token, inline: a call per token here
                # cost 8% of a parse
                for pattern in patterns:
                    m = pattern(text, pos)
                    if m:
                        break
                else:
                    return None
                kind = m.lastgroup or ""
                end = m.end()
                if kind in ignore:
                    pos = end
                    continue
                tok = _new_token(kind, m.group(), pos, 1, pos + 1, 1, end + 1, end)
                pos = end
                if kind in token_callbacks:
                    tok = token_callbacks[kind](tok)
                    kind = tok.type
                if kind in _OPEN:
                    depth += 1
                elif kind in _CLOSE:
                    depth = max(0, depth - 1)
                elif kind == "_NL" and depth:
                    continue
            else:
                tok, kind = None, "$END"
            # shift the token, after every reduction it completes
            while True:
                state = state_stack[-1]
                act = (acts[state] or acts_for(state)).get(kind)
                if act is None:
                    return None
                target, size, origin, build = act
                if target >= 0:
                    if tok is None:
                        return None
                    state_stack.append(target)
                    value_stack.append(callbacks[kind](tok) if kind in callbacks else tok)
                    break
                if build is None:
                    del state_stack[-1]  # the one child stays on the value stack
                else:
                    if size:
                        children = value_stack[-size:]
                        del state_stack[-size:]
                        del value_stack[-size:]
                    else:
                        children = []
                    value_stack.append(build(children))
                state = state_stack[-1]
                state_stack.append((acts[state] or acts_for(state))[origin][0])
                if tok is None and state_stack[-1] == end_state:
                    tree = value_stack[-1]
                    return tree if isinstance(tree, Tree) else None

    return drive


_WORDS = {
    "RPAR": "')'",
    "LPAR": "'('",
    "RSQB": "']'",
    "LSQB": "'['",
    "RBRACE": "'}'",
    "COMMA": "','",
    "NAME": "a name",
    "INT": "a number",
    "FLOAT": "a number",
    "NUMBER": "a number",
    "STRING": "a quoted string",
    "_NL": "a new line",
    "EQUAL": "'='",
    "EQUALS": "'='",
    "COLON": "':'",
    "DOT": "'.'",
    "CALLNAME": "a layer call",
    "WORD": "a word",
    "$END": "the end of the input",
}


def _plain(expected: set[str] | frozenset[str]) -> tuple[str, ...]:
    words = sorted({_WORDS.get(t, "") for t in expected} - {""})
    return tuple(words)


def _where(source: str, pos: int) -> str:
    line = source.count("\n", 0, pos) + 1
    col = pos - (source.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}" if "\n" in source else f"character {pos + 1}"


def plain_error(exc: UnexpectedInput, source: str) -> ParamError:
    """Turn a Lark exception into a message a person understands."""
    if isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    ):
        expected = _plain(set(exc.expected) if isinstance(exc, UnexpectedEOF) else exc.expected)
        opened = _unclosed(source)
        if opened is not None:
            ch, at = opened
            close = {"(": ")", "[": "]", "{": "}"}[ch]
            return ParamError(
                f"The input ends before the '{ch}' at {_where(source, at)} is closed: a "
                f"'{close}' is missing.",
                position=len(source),
                expected=(f"'{close}'",),
                suggestion=f"add '{close}' at the end",
            )
        return ParamError(
            "The input ends too early" + (f"; expected {' or '.join(expected)}." if expected
                                          else "."),
            position=len(source),
            expected=expected,
        )
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        pos = tok.start_pos if tok.start_pos is not None else 0
        expected = _plain(exc.expected)
        shown = str(tok).strip() or "a new line"
        if tok.type in _CLOSE:
            return ParamError(
                f"Unexpected '{shown}' at {_where(source, pos)}: nothing open to close there.",
                position=pos,
                expected=expected,
            )
        exp = f"; expected {' or '.join(expected[:4])}" if expected else ""
        return ParamError(
            f"I couldn't read {shown!r} at {_where(source, pos)}{exp}.",
            position=pos,
            expected=expected,
        )
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = source[pos] if pos < len(source) else "?"
        return ParamError(
            f"I couldn't read the character {ch!r} at {_where(source, pos)}.",
            position=pos,
        )
    return ParamError("I couldn't read that question.")  # pragma: no cover


def _unclosed(source: str) -> tuple[str, int] | None:
    """The innermost bracket still open at the end, ignoring brackets inside strings."""
    stack: list[tuple[str, int]] = []
    quote = ""
    for i, ch in enumerate(source):
        if quote:
            if ch == quote or ch == "\n":
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            stack.append((ch, i))
        elif ch in ")]}" and stack:
            stack.pop()
    return stack[-1] if stack else None
