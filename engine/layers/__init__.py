"""Layer families, one module each; every module exports ``KERAS`` and ``TORCH`` tables
(class name -> catalogue class). ``index.py`` says which module holds which class, so
families are imported only when a question needs them."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import ModuleType

from ..core import Layer

FAMILY_NAMES = ("dense", "recurrent", "wrappers", "convolution", "convolution_variants",
                "pooling", "shaping", "normalization", "attention", "activation", "transformer",
                "merge")


def family(name: str) -> ModuleType:
    """One family module, imported on first use."""
    return importlib.import_module(f"{__name__}.{name}")


def families() -> tuple[ModuleType, ...]:
    return tuple(family(n) for n in FAMILY_NAMES)


def entries(module: ModuleType, keras: bool) -> Mapping[str, type[Layer]]:
    table: Mapping[str, type[Layer]] = module.KERAS if keras else module.TORCH
    return table
