"""The Lark LALR parser (built once per process) and parse errors in plain words."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterator
from functools import cache, partial
from typing import Any, cast

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lark import PostLex
from lark.lexer import TerminalDef

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

#: The scanners below make a token as ``Token._future_new`` does, inline: the string, then
#: its eight slots set one by one (a call per token cost more than twice as much). Only
#: with the Lark whose Token has exactly these slots; otherwise the constructor above.
_str_new = str.__new__
_INLINE_TOKENS = getattr(Token, "__slots__", None) == (
    "type", "start_pos", "value", "line", "column", "end_line", "end_column", "end_pos")

#: The blanks between words; every text and code lexer ignores them (``%ignore``).
_BLANKS = " \t\f"
_blank_run = re.compile(r"[\t \f]+").match


def _skips_blanks(terminals: Collection[TerminalDef], ignore: frozenset[str]) -> bool:
    """Whether a scanner with these terminals reads a run of blanks only as an ignored
    terminal: then a scanner may step over the run itself instead of trying every pattern
    on it (about a third of all its tries, each failing on every other terminal first).
    Any terminal other than the ignored blank run that can match at a blank turns the
    shortcut off."""
    blank_terminal = False
    for t in terminals:
        run, at_blank = _blank_reading(t.pattern.to_regexp())
        if t.name in ignore and run:
            blank_terminal = True  # the blank run itself
        elif at_blank:
            return False
    return blank_terminal


_NOT_BLANKS = [chr(c) for c in range(1, 128) if chr(c) not in _BLANKS]
_BLANK_PROBES = [b + c for b in (" ", "\t", "\f", "  ") for c in _NOT_BLANKS]


@cache
def _blank_reading(regexp: str) -> tuple[bool, bool]:
    """(the pattern reads a run of blanks and nothing else, it can match at a blank),
    probed on blanks followed by every ASCII character. Once per terminal: the parser's
    71 scanners share 41 terminals, and probing each scanner's own took 120 ms in all."""
    pattern = re.compile(regexp)
    run = bool(pattern.fullmatch(" \t\f  ")) and not any(pattern.match(c) for c in _NOT_BLANKS)
    return run, any(pattern.match(p) for p in _BLANK_PROBES)


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

    blanks = _INLINE_TOKENS and _skips_blanks(lexer.terminals, frozenset(ignore))
    inline = _INLINE_TOKENS

    def lex(text: str) -> list[Token] | None:
        tokens: list[Token] = []
        pos, n = 0, len(text)
        while pos < n:
            if blanks and text[pos] in _BLANKS:
                pos = _blank_run(text, pos).end()  # type: ignore[union-attr]
                continue
            for pattern in patterns:
                m = pattern(text, pos)
                if m:
                    break
            else:
                return None
            value, kind = m.group(), m.lastgroup or ""
            end = m.end()
            if kind not in ignore:
                if inline:
                    tok = _str_new(Token, value)
                    tok.type, tok.start_pos, tok.value, tok.line = kind, pos, value, 1
                    tok.column, tok.end_line, tok.end_column, tok.end_pos = pos + 1, 1, end + 1, end
                else:
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
    rule. The trees are equal to Lark's, tokens' character offsets included (lines and
    columns are not counted: tests/grammar/test_driver.py compares them);
    anything it can't read returns None, and Lark's own parse takes over. With another
    Lark version whose internals differ, this returns None and Lark parses everything."""
    try:
        return _build_driver(parser())
    except (AttributeError, KeyError, TypeError, ImportError):  # pragma: no cover
        return None


_obj_new = object.__new__


def _tree_builders(callbacks: dict[Any, Any]) -> dict[Any, Callable[[list[Any]], Any]]:
    """Each rule's tree callback, compiled to a small function that builds the same tree.

    Lark reduces a rule by calling a child filter object (which drops anonymous tokens and
    splices in the children of ``_inlined`` rules) and then ``Tree(name, children)``. A
    question's every word is one such reduction (``text: item*`` is a left-recursive
    ``_star`` rule), at about a microsecond each. Here each rule's filter, as Lark worked
    it out (which children to keep, which to splice, where ``[x]`` adds a None), becomes
    straight-line code; an ``_inlined`` rule's value is the plain list of its children,
    since its only use is to be spliced into its parent, so no Tree is built for it. The
    trees that come out are Lark's (tests/grammar/test_driver.py); a callback of any other
    kind raises TypeError, and Lark's own callbacks are used instead."""
    from lark.parse_tree_builder import (
        ChildFilterLALR,
        ChildFilterLALR_NoPlaceholders,
        ExpandSingleChild,
    )

    def node(builder: Any) -> tuple[str, bool]:
        # the tree name of ``partial(Tree, name)``, and whether a ?rule's one child is
        # passed on instead (ExpandSingleChild around it)
        single = type(builder) is ExpandSingleChild
        if single:
            builder = builder.node_builder
        if type(builder) is not partial or builder.func is not Tree or builder.keywords or \
                len(builder.args) != 1 or not isinstance(builder.args[0], str):
            raise TypeError(f"not a plain tree builder: {builder!r}")
        return builder.args[0], single

    out: dict[Any, Callable[[list[Any]], Any]] = {}
    for rule, cb in callbacks.items():
        size = len(rule.expansion)
        inlined = rule.origin.name.startswith("_")
        if type(cb) is ExpandSingleChild or (
                type(getattr(cb, "node_builder", None)) is ExpandSingleChild):
            if inlined:  # a ?_rule would hand its parent one child where it splices a list
                raise TypeError(f"an inlined ?rule: {rule}")
        if type(cb) is ExpandSingleChild:
            if size == 1:
                if rule.expansion[0].name.startswith("_") and not rule.expansion[0].is_term:
                    raise TypeError("a ?rule of one inlined rule")  # the list would leak
                out[rule] = cb  # never called: the driver passes the one child through
                continue
            cb = cb.node_builder
        kind = type(cb)
        if kind is partial:
            (name, single), include = node(cb), [(i, False, 0) for i in range(size)]
            append_none = 0
        elif kind is ChildFilterLALR_NoPlaceholders:
            (name, single), include = node(cb.node_builder), [(i, e, 0) for i, e in cb.to_include]
            append_none = 0
        elif kind is ChildFilterLALR:
            (name, single), include = node(cb.node_builder), list(cb.to_include)
            append_none = cb.append_none
        else:
            raise TypeError(f"a tree callback of another kind: {cb!r}")
        body, started = [], False
        for i, expand, nones in include:
            if nones:
                body.append(f"f += [None] * {nones}" if started else f"f = [None] * {nones}")
                started = True
            if expand:
                # an inlined child is already a list: reused when first (left recursion),
                # else spliced in
                body.append(f"f += c[{i}]" if started else f"f = c[{i}]")
            else:
                body.append(f"f.append(c[{i}])" if started else f"f = [c[{i}]]")
            started = True
        if not started:
            body.append("f = []")
        if append_none:
            body.append(f"f += [None] * {append_none}")
        if single:
            body.append("if len(f) == 1:\n        return f[0]")
        if inlined:
            body.append("return f")
        else:
            body.append("t = _new(_Tree)\n    t.data, t.children, t._meta = _name, f, None\n"
                        "    return t")
        scope: dict[str, Any] = {"_new": _obj_new, "_Tree": Tree, "_name": name}
        exec("def build(c):\n    " + "\n    ".join(body), scope)
        out[rule] = scope["build"]
    return out


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
    try:
        builds = _tree_builders(callbacks)
    except TypeError:  # a callback this module does not know: Lark's own, as they are
        builds = dict(callbacks)
    lexers = contextual.lexers
    Scan = tuple[list[Callable[[str, int], "re.Match[str] | None"]], frozenset[str],
                 dict[str, Callable[[Token], Token]], bool]
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
            ignore = frozenset(lexer.ignore_types)
            found = (patterns, ignore, lexer.callback,
                     _INLINE_TOKENS and _skips_blanks(lexer.terminals, ignore))
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
                size = len(arg.expansion)
                passed_on = size == 1 and type(callbacks[arg]) is ExpandSingleChild
                unpacked[symbol] = (-1, size, arg.origin.name,
                                    None if passed_on else builds[arg])
        acts[state] = unpacked
        return unpacked

    inline = _INLINE_TOKENS

    def drive(text: str, start: str) -> Tree[Token] | None:
        state_stack = [start_states[start]]
        value_stack: list[object] = []
        end_state = end_states[start]
        pos, n, depth = 0, len(text), 0
        while True:
            if pos < n:
                state = state_stack[-1]
                patterns, ignore, token_callbacks, blanks = scans[state] or scan_for(state)
                if blanks and text[pos] in _BLANKS:
                    pos = _blank_run(text, pos).end()  # type: ignore[union-attr]
                    continue
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
                # positions are character offsets; lines and columns are not counted here
                # (pasted code has many lines, and nothing reads them)
                if inline:
                    value = m.group()
                    tok = _str_new(Token, value)
                    tok.type, tok.start_pos, tok.value, tok.end_pos = kind, pos, value, end
                    tok.line = tok.column = tok.end_line = tok.end_column = None
                else:
                    tok = _new_token(kind, m.group(), pos, None, None, None, None, end)
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
