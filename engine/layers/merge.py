"""Keras merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate,
Dot. None has weights; each combines a list of tensors, so it is built by
:meth:`KerasMerge.merge` on several shapes (a functional model's graph calls it), never by
``build`` on one. The shape rules are Keras 3's own (``keras.src.layers.merging``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..core import Dim, LayerResult, Shape, constants_only, shape_text
from ..errors import ParamError
from .base import KerasLayer

_ZERO = "a merge layer: no weights, 0 parameters."


@dataclass(frozen=True)
class KerasMerge(KerasLayer):
    """A layer called on a list of tensors, with no weights of its own."""

    #: How many tensors it takes (None: two or more).
    INPUTS: ClassVar[int | None] = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        raise ParamError(
            f"`{self.TYPE}` is a Keras merge layer: it has no weights (0 parameters) and "
            f"combines a list of tensors, so it needs a functional model: "
            f"`z = layers.{self.TYPE}()([x, y])`, then keras.Model(inputs, outputs).")

    def merge(self, shapes: Sequence[Shape], name: str) -> LayerResult:
        """The row for this layer called on tensors of ``shapes`` (no batch axis)."""
        want = self.INPUTS
        if (want is not None and len(shapes) != want) or len(shapes) < 1:
            raise ParamError(f"A `{self.TYPE}` layer takes exactly {want} tensors; got "
                             f"{len(shapes)}.")
        out = self.output_shape(shapes)
        line = f"output {shape_text(out)} from " + ", ".join(shape_text(s) for s in shapes)
        return LayerResult(name, self.TYPE, "keras", (), out, (_ZERO, line), macs=0)

    def output_shape(self, shapes: Sequence[Shape]) -> Shape:
        """Element-wise merges broadcast like Keras' ``_compute_elemwise_op_output_shape``:
        sizes must match, except that a 1 or an unknown size takes the other."""
        out = shapes[0]
        for shape in shapes[1:]:
            out = _elementwise(out, shape, self.TYPE, shapes)
        return out


def _elementwise(a: Shape, b: Shape, type_name: str, shapes: Sequence[Shape]) -> Shape:
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return a
    out: list[Dim] = list(a[: len(a) - len(b)])
    for i, j in zip(a[len(a) - len(b):], b, strict=True):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1 or i == j:
            out.append(i)
        else:
            raise ParamError(
                f"`{type_name}` combines tensors element by element, so their shapes must "
                f"match (a size of 1 broadcasts); got {_shapes(shapes)}: {i} against {j}. "
                "Keras refuses this (\"Inputs have incompatible shapes\").")
    return tuple(out)


def _shapes(shapes: Sequence[Shape]) -> str:
    return ", ".join(shape_text(s) for s in shapes)


@constants_only
class Add(KerasMerge):
    TYPE = "Add"


@constants_only
class Subtract(KerasMerge):
    TYPE = "Subtract"
    INPUTS = 2


@constants_only
class Multiply(KerasMerge):
    TYPE = "Multiply"


@constants_only
class Average(KerasMerge):
    TYPE = "Average"


@constants_only
class Maximum(KerasMerge):
    TYPE = "Maximum"


@constants_only
class Minimum(KerasMerge):
    TYPE = "Minimum"


def _axis(axis: object, rank: int, what: str, type_name: str) -> int:
    """A Keras axis counted with the batch axis as 0 (negative from the end) -> the index
    into a shape without the batch axis."""
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ParamError(f"`{what}` of {type_name} must be a whole number; got {axis!r}.")
    full = axis % (rank + 1) if -(rank + 1) <= axis <= rank else None
    if full is None or full == 0:
        raise ParamError(f"{type_name} `{what}`={axis} is not a feature axis of inputs of "
                         f"rank {rank} (plus the batch axis, 0, which it can't take).")
    return full - 1


@dataclass(frozen=True)
class Concatenate(KerasMerge):
    TYPE = "Concatenate"
    axis: object = -1

    def output_shape(self, shapes: Sequence[Shape]) -> Shape:
        ranks = {len(s) for s in shapes}
        if len(ranks) != 1:
            raise ParamError(f"`Concatenate` needs inputs of the same rank; got "
                             f"{_shapes(shapes)}. Keras refuses this.")
        rank = ranks.pop()
        at = _axis(self.axis, rank, "axis", self.TYPE)
        rest = {s[:at] + s[at + 1:] for s in shapes}
        if len(rest) != 1:
            raise ParamError(
                f"`Concatenate(axis={self.axis})` joins tensors along axis {self.axis}, so "
                f"every other size must match; got {_shapes(shapes)}. Keras refuses this "
                "(\"matching shapes except for the concatenation axis\").")
        sizes = [s[at] for s in shapes]
        joined: Dim = None if None in sizes else sum(d for d in sizes if d is not None)
        first = shapes[0]
        return (*first[:at], joined, *first[at + 1:])


@dataclass(frozen=True)
class Dot(KerasMerge):
    TYPE = "Dot"
    INPUTS = 2
    axes: object
    normalize: object = False

    def output_shape(self, shapes: Sequence[Shape]) -> Shape:
        a, b = shapes
        axes = self.axes
        pair = (axes, axes) if isinstance(axes, int) and not isinstance(axes, bool) else axes
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ParamError(f"`axes` of Dot is a whole number or a pair of them; got {axes!r}.")
        i = _axis(pair[0], len(a), "axes", self.TYPE)
        j = _axis(pair[1], len(b), "axes", self.TYPE)
        if a[i] != b[j]:
            raise ParamError(
                f"`Dot(axes={axes})` multiplies along sizes {a[i]} and {b[j]}, which must be "
                f"equal; got {_shapes(shapes)}. Keras refuses this (\"Incompatible input "
                "shapes\").")
        out = (*a[:i], *a[i + 1:], *b[:j], *b[j + 1:])
        return out or (1,)


KERAS = {
    "Add": Add,
    "Subtract": Subtract,
    "Multiply": Multiply,
    "Average": Average,
    "Maximum": Maximum,
    "Minimum": Minimum,
    "Concatenate": Concatenate,
    "Dot": Dot,
}
TORCH: dict[str, type[KerasLayer]] = {}
