"""Framework base classes for catalogue entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import Layer


@dataclass(frozen=True)
class KerasLayer(Layer):
    """Keras base: ``trainable=False`` turns every weight into a non-trainable one."""

    FRAMEWORK = "keras"
    trainable: bool = field(default=True, kw_only=True)


@dataclass(frozen=True)
class TorchModule(Layer):
    FRAMEWORK = "pytorch"
