"""Activations that learn weights: Keras PReLU, PyTorch PReLU. (Parameter-free
activations such as ReLU live with the shaping layers.)"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import (
    Layer,
    LayerResult,
    MissingInput,
    Shape,
    Weight,
    dims_text,
    elements,
    fmt,
    positive_int,
    product,
    require_shape,
    shape_text,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule


@dataclass(frozen=True)
class PReLU(KerasLayer):
    TYPE = "PReLU"
    alpha_initializer: object = "Zeros"
    alpha_regularizer: object = None
    alpha_constraint: object = None
    shared_axes: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        shape = require_shape(input_shape, "PReLU", "input shape (alpha has one value per "
                              "element)")
        pshape: list[int | None] = list(shape)
        axes = self.shared_axes
        if axes is not None:
            if isinstance(axes, int) and not isinstance(axes, bool):
                axes = [axes]
            if not isinstance(axes, (list, tuple)) or any(
                    isinstance(a, bool) or not isinstance(a, int) for a in axes):
                raise ParamError(f"PReLU: `shared_axes` must be an axis or a list of axes, "
                                 f"like [1, 2]; got {self.shared_axes!r}.")
            for a in axes:
                # Keras sets param_shape[a - 1] = 1: axes count from 1 (0 is the batch).
                if not -len(pshape) <= a - 1 < len(pshape):
                    raise ParamError(f"PReLU: shared_axes {a} is out of range for an input "
                                     f"of shape {shape_text(shape)} (axes count from 1; 0 "
                                     f"is the batch).")
                pshape[a - 1] = 1
        if any(d is None for d in pshape):
            raise MissingInput("PReLU", "size of every axis alpha covers (or share the "
                               "unknown axes with shared_axes=[1])")
        alpha = tuple(d for d in pshape if d is not None)
        n = product(alpha)
        line = f"alpha shaped {shape_text(alpha)}: {dims_text(alpha)} = {fmt(n)}"
        notes = (
            f"Keras PReLU learns one alpha per element unless shared_axes shares them "
            f"({fmt(n)} here); PyTorch nn.PReLU() learns a single alpha shared by every "
            f"element (1), or one per channel with num_parameters=C.",
        )
        return LayerResult(name, "PReLU", "keras",
                           (Weight("alpha", alpha, trainable=self.trainable),), shape,
                           (line,), notes, macs=elements(shape))


@dataclass(frozen=True)
class TorchPReLU(TorchModule):
    TYPE = "PReLU"
    NO_EFFECT = frozenset({"init"})
    num_parameters: int = 1
    init: float = 0.25
    device: object = None
    dtype: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n = positive_int(self.num_parameters, "num_parameters")
        if input_shape is not None and n > 1:
            got = input_shape[0] if input_shape else None
            if got is not None and got != n:
                raise ParamError(f"PReLU(num_parameters={n}) needs {n} channels on the first "
                                 f"axis after the batch; the input {shape_text(input_shape)} "
                                 f"has {got}.")
        line = (f"num_parameters = {fmt(n)}: one alpha per channel" if n > 1
                else "num_parameters = 1: one alpha shared by every element")
        notes = ("PyTorch nn.PReLU() shares a single alpha by default; Keras PReLU learns "
                 "one alpha per input element unless shared_axes is given.",)
        return LayerResult(name, "PReLU", "pytorch", (Weight("weight", (n,)),), input_shape,
                           (line,), notes, macs=elements(input_shape))


KERAS: dict[str, type[Layer]] = {"PReLU": PReLU}
TORCH: dict[str, type[Layer]] = {"PReLU": TorchPReLU}
