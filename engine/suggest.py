"""Did-you-mean suggestions by edit distance over a known vocabulary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def closest(word: str, vocabulary: Iterable[str], *, max_ratio: float = 0.34) -> str | None:
    """The vocabulary entry nearest to ``word`` (case-insensitive), if near enough."""
    w = word.lower()
    if len(w) > 64:
        return None
    best: tuple[int, str] | None = None
    letters = Counter(w)
    for cand in vocabulary:
        c = cand.lower()
        limit = max(1, int(len(c) * max_ratio))
        if abs(len(c) - len(w)) > limit:
            continue
        # Every edit fixes at most one letter the other word lacks: a cheap lower bound.
        if max(sum((letters - Counter(c)).values()), sum((Counter(c) - letters).values())) > limit:
            continue
        d = distance(w, c, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, cand)
    return best[1] if best else None
