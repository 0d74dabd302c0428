"""Number and shape formatting shared by every renderer (terminal, JSON, Discord).

Counts are always shown exactly (``160,768``); the short form (``≈ 160.8 K``) and the
memory figures are extras beside the exact number, never a replacement for it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

#: Bytes per weight for the storage types people ask about.
DTYPES: tuple[tuple[str, int], ...] = (("fp32", 4), ("fp16/bf16", 2), ("int8", 1))

_PADDED_DTYPES = tuple((f"{name:<{max(len(n) for n, _ in DTYPES)}}", b) for name, b in DTYPES)

#: Units as (sizes, names), smallest first.
_Units = tuple[tuple[int, ...], tuple[str, ...]]
_COUNT_UNITS: _Units = ((10**3, 10**6, 10**9, 10**12), ("K", "M", "B", "T"))
_BYTE_UNITS: _Units = ((10**3, 10**6, 10**9, 10**12), ("kB", "MB", "GB", "TB"))
_BINARY_UNITS: _Units = ((2**10, 2**20, 2**30, 2**40), ("KiB", "MiB", "GiB", "TiB"))


def exact(n: int) -> str:
    """Exact integer with thousands separators: ``160768`` -> ``'160,768'``."""
    return f"{n:,}"


def _scaled(n: int, units: _Units, sep: str = " ") -> str | None:
    """``n`` in the largest unit it reaches, one decimal, rounded half up in integers so
    that no float error shows (7,850 -> 7.9 K) and 999,950 becomes 1.0 M, not 1000.0 K."""
    # the unit by bisection: a terminal answer formats six figures, and walking the table
    # from the top unit down cost about 5% of a one-layer answer
    sizes, names = units
    i = bisect_right(sizes, n) - 1
    if i < 0:
        return None
    size = sizes[i]
    tenths = (n * 10 + size // 2) // size
    if tenths >= 10_000 and i + 1 < len(sizes):  # rounding carried into the next unit
        size = sizes[i + 1]
        tenths = (n * 10 + size // 2) // size
        i += 1
    return f"{tenths // 10:,}.{tenths % 10}{sep}{names[i]}"


def human(n: int) -> str:
    """Short form of a count: ``160768`` -> ``'≈ 160.8 K'``, ``124439808`` -> ``'≈ 124.4 M'``.
    Counts under a thousand are already short and come back exact (``'≈'`` left out)."""
    scaled = _scaled(n, _COUNT_UNITS)
    return str(n) if scaled is None else f"≈ {scaled}"


def with_human(n: int) -> str:
    """``'160,768 (≈ 160.8 K)'``; just ``'320'`` when the short form would add nothing."""
    return exact(n) if n < 10_000 else f"{exact(n)} ({human(n)})"


def size_text(nbytes: int) -> str:
    """A byte count in decimal units, binary units beside it: ``'1.2 MB (1.1 MiB)'``."""
    dec = _scaled(nbytes, _BYTE_UNITS)
    if dec is None:
        return f"{nbytes:,} bytes"
    binary = _scaled(nbytes, _BINARY_UNITS)
    return f"{dec} ({binary})" if binary else dec


def memory(total: int) -> dict[str, int]:
    """Bytes the weights take per storage type: ``{'fp32': ..., 'fp16/bf16': ..., 'int8': ...}``."""
    return {name: total * width for name, width in DTYPES}


def memory_lines(total: int) -> list[str]:
    """One line per storage type for ``total`` weights, e.g. ``'fp32       1.2 MB (1.1 MiB)'``.

    Only the weights themselves: activations, gradients and optimiser state come on top
    when training."""
    return [f"{name}  {size_text(total * b)}" for name, b in _PADDED_DTYPES]


def memory_inline(total: int) -> str:
    """The same figures on one line: ``'fp32 1.2 MB · fp16/bf16 583.7 kB · int8 291.8 kB'``."""
    return " · ".join(f"{name} {size_text(total * b)}" for name, b in DTYPES)


def shape_list(shape: Sequence[int | None] | None) -> list[int | None] | None:
    """A shape for JSON: a list with ``None`` (JSON ``null``) for an unknown size."""
    return None if shape is None else list(shape)


def shape_display(shape: Sequence[int | None] | None, framework: str) -> str:
    """A shape as the framework's own summary prints it, batch axis included:
    Keras ``(None, 28, 256)``; PyTorch ``(N, 28, 256)`` with ``?`` for unknown sizes."""
    if shape is None:
        return "?"
    if framework == "keras":
        dims = ["None", *("None" if d is None else str(d) for d in shape)]
    else:
        dims = ["N", *("?" if d is None else str(d) for d in shape)]
    return "(" + ", ".join(dims) + ")"
