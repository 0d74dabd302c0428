"""A layer's count as a formula in an input size nobody gave."""

from __future__ import annotations

from .core import Layer, Shape, fmt
from .errors import ParamError

_TEMPLATES: tuple[tuple[int | None, ...], ...] = ((), (None,), (None, None), (None, None, None))


def input_formula(layer: Layer, what: str = "input") -> str | None:
    """``512 × input + 66,048`` for a Keras LSTM(128), or None when the count is not a
    straight line in the last input axis (or the layer cannot be probed)."""
    for lead in _TEMPLATES:
        counts: list[int] = []
        for f in (1, 2, 3):
            shape: Shape = (*lead, f)
            try:
                counts.append(layer.build(shape, "probe").total)
            except (ParamError, AssertionError, TypeError, ValueError):
                break
        if len(counts) == 3:
            a = counts[1] - counts[0]
            b = counts[0] - a
            if counts[2] != 3 * a + b or a <= 0:
                return None
            x = "input"
            example = 28
            return (f"{fmt(a)} × {x} + {fmt(b)}" if b else f"{fmt(a)} × {x}") + (
                f" (for example {fmt(a * example + b)} with {example} input features)")
    return None
