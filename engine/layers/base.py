"""Framework base classes for catalogue entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import Layer


@dataclass(frozen=True)
class KerasLayer(Layer):
    """Keras base: ``trainable=False`` turns every weight into a non-trainable one (but
    see :func:`unfrozen_note` for layers whose weights sit in sublayers)."""

    FRAMEWORK = "keras"
    trainable: bool = field(default=True, kw_only=True)


def unfrozen_note(type_name: str) -> str:
    """Keras 3 (3.15.1, recorded in tests/golden) passes ``trainable=False`` given to the
    constructor of a layer that keeps its weights in sublayers (MultiHeadAttention,
    GroupQueryAttention, ConvLSTM*, Bidirectional, TimeDistributed) on to none of them:
    ``model.summary()`` lists those weights as trainable and ``fit()`` trains them. The
    count follows Keras, and this note says why."""
    return (f"trainable=False given to {type_name}(...) does not freeze it in Keras 3: the "
            "flag does not reach the sublayers that hold its weights, so model.summary() "
            "lists them as trainable and fit() trains them. Set layer.trainable = False "
            "after building the model to freeze it.")


@dataclass(frozen=True)
class TorchModule(Layer):
    FRAMEWORK = "pytorch"
