"""Where a parse-tree node lies in the source, worked out only when it is needed.

Lark's ``propagate_positions`` stores a start and end on every node as it is built, which
more than doubled the time of parsing a layer call. Positions are needed only for a
layer's label and for an error, so they are found on demand: the start from the node's
first token, the end of a call by matching its bracket in the source. Brackets inside
string literals and comments are skipped exactly as the lexer reads them (``STRING`` and
``COMMENT`` in question.lark), so ``Dense(1, name=")")`` ends where Python says.
"""

from __future__ import annotations

import re

from lark import Token, Tree

#: One step of the bracket scan: a string literal or a comment (skipped whole), or a
#: bracket. Each alternative is a plain character class run: linear on any input.
_SCAN = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*|[()\[\]{}]")
#: The same step, for other modules that count brackets (grammar/code.py).
BRACKET_SCAN = _SCAN

#: Rules that begin with a token the tree leaves out, and that token's width: the node
#: starts there, not at its first child.
_LEADING = {"group": 1, "tuple": 1, "list": 1, "dict": 1, "call_tail": 1, "neg": 1,
            "starred": 1, "import_name": len("import"), "import_from": len("from")}


def first_pos(node: Tree[Token] | Token | None, source: str | None = None) -> int | None:
    """The character offset where the node starts; None for a node without tokens (an
    empty ``()``, ``[]`` or ``{}``). Given the source, a node that opens with a token the
    tree leaves out (a bracket, a minus sign, ``import``) starts at that token.
    Iterative: a 1,500-term sum is a deep tree."""
    leading: list[int] = []  # widths of left-out tokens before the first token found
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Token):
            pos = item.start_pos
            if source is None or pos is None:
                return pos
            for skip in reversed(leading):
                while pos > 0 and source[pos - 1] in " \t\f\r\n\\":
                    pos -= 1
                pos -= skip
            return max(pos, 0)
        if isinstance(item, Tree):
            if item.children:
                width = _LEADING.get(item.data)
                if width is not None:
                    leading.append(width)
                    stack.append(_Pop(len(leading)))
            stack.extend(reversed(item.children))
        elif isinstance(item, _Pop):
            del leading[item.depth - 1:]
    return None


class _Pop:
    """Marks the end of a leading-token node's children in :func:`first_pos`'s walk."""

    __slots__ = ("depth",)

    def __init__(self, depth: int) -> None:
        self.depth = depth


def _last_end(node: Tree[Token] | Token | None) -> int | None:
    stack: list[Tree[Token] | Token | None] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Token):
            return item.end_pos
        if isinstance(item, Tree):
            stack.extend(item.children)
    return None


def closing(source: str, start: int) -> int:
    """The offset just after the bracket that closes the first opening bracket at or after
    ``start`` (closing brackets before it, of parentheses the tree leaves out, are passed
    over); ``len(source)`` when it is never closed."""
    depth = 0
    for m in _SCAN.finditer(source, start):
        ch = m.group()
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
            if not depth:
                return m.end()
    return len(source)


#: Rules written between brackets: their text ends at the bracket closing their first.
_BRACKETED = frozenset({"group", "tuple", "list", "dict"})


def end_pos(source: str, node: Tree[Token] | Token | None) -> int | None:
    """The offset just after the node's text, closing brackets included (parentheses
    around a whole expression, which the tree leaves out, are not part of it)."""
    calls = 0  # argument lists that follow the text reached so far
    end: int | None
    while True:
        if isinstance(node, Token):
            end = node.end_pos
            break
        if not isinstance(node, Tree) or not node.children:
            return None
        data = node.data
        if data == "call":  # primary "(" [arguments] ")"
            calls += 1
            node = node.children[0]
        elif data == "inline_call":  # CALLNAME "(" [arguments] ")" call_tail*
            calls += len(node.children) - 1
            node = node.children[0]
        elif data in _BRACKETED:
            start = first_pos(node, source)
            end = None if start is None else closing(source, start)
            break
        elif node.children[-1] is None:
            end = _last_end(node)
            break
        else:
            node = node.children[-1]
    if end is None:
        return None
    for _ in range(calls):
        end = closing(source, end)
    return end


def source_of(source: str, node: Tree[Token] | Token | None) -> str:
    """The node's text with its whitespace collapsed; empty when it has no tokens.
    Parentheses around its start that the tree leaves out (``(nn.Linear)(2, 3)``) are
    taken back in, so the text is always balanced."""
    start = first_pos(node, source)
    end = end_pos(source, node)
    if start is None or end is None:
        return ""
    unopened = 0
    depth = 0
    for m in _SCAN.finditer(source, start, end):
        ch = m.group()
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth:
                depth -= 1
            else:
                unopened += 1
    while unopened:
        while start > 0 and source[start - 1] in " \t\f\r\n":
            start -= 1
        if start == 0 or source[start - 1] != "(":
            break
        start -= 1
        unopened -= 1
    return " ".join(source[start:end].split())


def exact_start(source: str, start_rule: str, root: Tree[Token],
                node: Tree[Token] | Token) -> int | None:
    """Where ``node`` (a node of ``root``, the parse of ``source``) starts, exactly as Lark's
    ``propagate_positions`` has it: the question is read again with positions stored and
    the node found there by its path from the root. Only errors ask, so answers never
    pay for it. None when that can't be done (the node is not in ``root``)."""
    from lark.exceptions import UnexpectedInput

    from .parser import positioned_parser

    path = _path_to(root, node)
    if path is None:
        return None
    try:
        found: Tree[Token] | Token = positioned_parser().parse(source, start=start_rule)
    except UnexpectedInput:
        return None
    for i in path:
        if not isinstance(found, Tree) or i >= len(found.children):
            return None
        child = found.children[i]
        if child is None:
            return None
        found = child
    if isinstance(found, Token):
        return found.start_pos
    meta = found.meta
    return None if meta.empty else meta.start_pos


def _path_to(root: Tree[Token], node: Tree[Token] | Token) -> list[int] | None:
    """Child indexes leading from ``root`` to ``node`` (found by identity), iteratively."""
    stack: list[tuple[Tree[Token], list[int]]] = [(root, [])]
    while stack:
        tree, path = stack.pop()
        if tree is node:
            return path
        for i, child in enumerate(tree.children):
            if child is node:
                return [*path, i]
            if isinstance(child, Tree):
                stack.append((child, [*path, i]))
    return None
