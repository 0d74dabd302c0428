"""Stacks of layers: shape propagation, a per-layer summary table and totals."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .core import (
    MAX_SIZE,
    Framework,
    Layer,
    LayerResult,
    Shape,
    check_total,
    counted,
    dict_init,
    fmt,
    memo,
)
from .errors import ParamError


@dict_init
@dataclass(frozen=True)
class Subject:
    """One model or layer a question asks about, as its framework would summarise it."""

    label: str
    framework: Framework
    layers: tuple[LayerResult, ...]
    input_shape: Shape | None
    output_shape: Shape | None
    derivation: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    #: The layers' counts, summed.
    total = counted()

    #: The layers' trainable counts, summed.
    trainable = counted()

    #: The layers' frozen counts, summed.
    non_trainable = counted()

    #: The layers' buffers, summed.
    buffers = counted()

    def _count(self) -> None:
        total = trainable = non_trainable = buffers = 0
        for r in self.layers:
            total += r.total
            trainable += r.trainable
            non_trainable += r.non_trainable
            buffers += r.buffers
        d = self.__dict__
        d["total"], d["trainable"], d["non_trainable"], d["buffers"] = (
            total, trainable, non_trainable, buffers)

    @memo
    def macs(self) -> int | None:
        total = 0
        for r in self.layers:
            if r.macs is None:
                return None
            total += r.macs
        return total


@cache
def keras_auto_name(type_name: str) -> str:
    """Keras' default layer name, by Keras' own rule (``keras.src.utils.naming.to_snake_case``):
    ``Conv2D`` -> ``conv2d``, ``Conv2DTranspose`` -> ``conv2d_transpose``, ``PReLU`` ->
    ``p_re_lu``."""
    s = _SNAKE_WORD.sub(r"\1_\2", type_name)
    return _SNAKE_CAP.sub(r"\1_\2", s).lower()


_SNAKE_WORD = re.compile(r"(.)([A-Z][a-z]+)")
_SNAKE_CAP = re.compile(r"([a-z])([A-Z])")


def check_input_shape(shape: Shape | None) -> None:
    """Refuse an input shape with a size that is not a positive whole number (``on -784``
    would otherwise give a negative count); ``None`` is an unknown size, which is fine."""
    if shape is None:
        return
    for d in shape:
        if d is not None and (type(d) is not int or d < 1):
            raise ParamError(f"Every size of the input shape must be a positive whole "
                             f"number; got {d} in {tuple(shape)}.")
        if d is not None and d > MAX_SIZE:
            raise ParamError(f"The input size {d:,} is too large: parambot refuses sizes "
                             f"above {MAX_SIZE:,}.")


#: Keras layers called on a list, ``[query, value]`` or ``[query, value, key]``: Keras
#: refuses them on one tensor, so also anywhere in a Sequential, and on any other length.
LIST_CALLED = frozenset({"Attention", "AdditiveAttention"})


def list_called_refusal(layer_type: str, got: str) -> str:
    """Keras' refusal of a :data:`LIST_CALLED` layer called on ``got``, in words."""
    keras_says = ("accepts inputs list of length 2 or 3" if got.startswith("a list of")
                  else "must be called on a list of inputs")
    return (f"Keras calls {layer_type} on a list of tensors, `{layer_type}()([query, "
            f"value])` or `([query, value, key])`, and refuses it on {got} (\"{keras_says}\"). "
            "In pasted code, call it on such a list in a functional model; in words, ask "
            "about the layer alone (`attention use_scale on 10x16`).")


def check_sequential_calls(layers: Sequence[Layer]) -> None:
    """A Keras Sequential calls each layer on the one tensor before it: refused for the
    layers Keras calls only on a list. (A question in words about such a layer alone reads
    it as attending over its own input, ``Attention()([x, x])``; a Sequential can't.)"""
    for layer in layers:
        if layer.TYPE in LIST_CALLED:
            raise ParamError(f"A Sequential model calls each layer on one tensor, and "
                             f"{layer.TYPE} can't be called so. "
                             + list_called_refusal(layer.TYPE, "one tensor"))


def build_stack(
    framework: Framework,
    label: str,
    layers: Sequence[Layer],
    input_shape: Shape | None,
    *,
    names: Sequence[str | None] | None = None,
    input_name: str | None = None,
    chain: bool = True,
) -> Subject:
    """Run ``input_shape`` through ``layers`` in order and collect each layer's result.

    Rows are named as the framework names them: Keras ``dense``, ``dense_1``, ... (a name
    given in ``names`` takes the row, and like Keras' own counter the automatic names skip
    it), PyTorch ``0``, ``1``, ... ``input_name``: the model lists its InputLayer first
    under that name, as a Keras functional model's summary does. ``chain=False``: the
    layers are not a pipeline (an nn.ModuleList or nn.ModuleDict has no forward); each is
    built on its own, from its arguments alone."""
    check_input_shape(input_shape)
    results: list[LayerResult] = []
    shape = input_shape
    seen: dict[str, int] = {}
    if input_name is not None:
        results.append(LayerResult(input_name, "InputLayer", framework, (), input_shape,
                                   macs=0))
    for i, layer in enumerate(layers):
        given = names[i] if names is not None else None
        if given is not None:
            name = given
        elif framework == "keras":
            base = keras_auto_name(layer.TYPE)
            k = seen.get(base, 0)
            seen[base] = k + 1
            name = base if k == 0 else f"{base}_{k}"
        else:
            name = str(i)
        try:
            result = layer.build(shape, name)
        except ParamError as exc:
            if len(layers) > 1 and not exc.message.startswith("Layer "):
                raise ParamError(
                    f"Layer {i + 1} ({layer.TYPE}): {exc.message}",
                    position=exc.position,
                    expected=exc.expected,
                    suggestion=exc.suggestion,
                ) from None
            raise
        results.append(result)
        shape = result.output_shape if chain else None
    if framework == "keras" and names is not None:
        taken: set[str] = set()
        for r in results:
            if r.name in taken:
                # Keras: "All layers added to a Sequential model should have unique names."
                raise ParamError(f"Keras refuses this model: two of its layers are named "
                                 f"`{r.name}`, and every layer's name must be unique.")
            taken.add(r.name)
    total = sum(r.total for r in results)
    check_total(total, label)
    body = results[1:] if input_name is not None else results
    return Subject(label, framework, tuple(results), input_shape, shape,
                   stack_derivation(body, total))


def stack_derivation(body: Sequence[LayerResult], total: int) -> tuple[str, ...]:
    """A model's working: a lone layer's own, or each counted layer's first line (up to a
    summary's worth) and then the sum."""
    if len(body) == 1:
        return body[0].derivation
    counted = [r for r in body if r.total]
    per_layer = [f"{r.name}: {r.derivation[0]}" for r in counted if r.derivation]
    parts = [fmt(r.total) for r in counted]
    return (
        *(per_layer if len(per_layer) <= 30 else ()),
        "sum of the layers: " + " + ".join(parts or ["0"]) + f" = {fmt(total)}",
    )
