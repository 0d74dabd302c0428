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

#: Rules that begin with a token the tree leaves out, and that token's width: the node
#: starts there, not at its first child.
_LEADING = {"group": 1, "tuple": 1, "list": 1, "dict": 1, "call_tail": 1, "neg": 1,
            "import_name": len("import"), "import_from": len("from")}


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
    """The node's text with its whitespace collapsed; empty when it has no tokens."""
    start = first_pos(node)
    end = end_pos(source, node)
    if start is None or end is None:
        return ""
    return " ".join(source[start:end].split())
