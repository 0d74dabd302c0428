"""Layer families, one module each; every module exports ``KERAS`` and ``TORCH`` tables
(class name -> catalogue class)."""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Protocol

from ..core import Layer


class Family(Protocol):
    KERAS: Mapping[str, type[Layer]]
    TORCH: Mapping[str, type[Layer]]


def _families() -> tuple[ModuleType, ...]:
    import importlib

    names = ("dense", "recurrent", "wrappers", "convolution", "pooling", "shaping",
             "normalization", "attention", "activation", "transformer")
    mods = []
    for n in names:
        try:
            mods.append(importlib.import_module(f"{__name__}.{n}"))
        except ModuleNotFoundError as exc:  # a family still being written
            if exc.name != f"{__name__}.{n}":
                raise
    return tuple(mods)


FAMILIES: tuple[ModuleType, ...] = _families()
