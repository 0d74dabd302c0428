"""The layer catalogue: every layer parambot knows, by framework and class name, and the
one way to construct one from arguments as a user wrote them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from .core import (
    COMMON_NO_EFFECT_KERAS,
    COMMON_NO_EFFECT_TORCH,
    Framework,
    Layer,
    Shape,
    dict_init,
)
from .errors import ParamError
from .suggest import closest


@cache
def table(framework: Framework) -> Mapping[str, type[Layer]]:
    """Class name -> catalogue class, for one framework (imports every family)."""
    from .layers import entries, families

    out: dict[str, type[Layer]] = {}
    for module in families():
        out.update(entries(module, framework == "keras"))
    return out


@cache
def lookup(framework: Framework, type_name: str) -> type[Layer] | None:
    """The catalogue class, importing only the family module that defines it."""
    from .layers import entries, family
    from .layers.index import KERAS_INDEX, TORCH_INDEX

    index = KERAS_INDEX if framework == "keras" else TORCH_INDEX
    module = index.get(type_name)
    if module is None:
        return None
    return entries(family(module), framework == "keras").get(type_name)


def known_names(framework: Framework) -> tuple[str, ...]:
    from .layers.index import KERAS_INDEX, TORCH_INDEX

    return tuple(KERAS_INDEX if framework == "keras" else TORCH_INDEX)


@dataclass(frozen=True)
class Signature:
    """A catalogue class's constructor, read once from its dataclass fields."""

    positional: tuple[str, ...]
    names: tuple[str, ...]
    required: tuple[str, ...]


@cache
def _signature(cls: type) -> Signature:
    fields = [f for f in dataclasses.fields(cls) if f.init]
    return Signature(
        tuple(f.name for f in fields if not f.kw_only),
        tuple(f.name for f in fields),
        tuple(f.name for f in fields if f.default is dataclasses.MISSING
              and f.default_factory is dataclasses.MISSING),
    )


def signature(cls: type[Layer]) -> Signature:
    return _signature(cls)  # type: ignore[arg-type]  # classes hash; mypy sees the instance hash


def positional_fields(cls: type[Layer]) -> tuple[str, ...]:
    return signature(cls).positional


def all_fields(cls: type[Layer]) -> tuple[str, ...]:
    return signature(cls).names


@dict_init
@dataclass(frozen=True)
class Made:
    """A constructed layer, plus what the user gave that does not change the count."""

    layer: Layer
    #: Keyword arguments accepted but without effect on weights (``activation='relu'``).
    ignored: tuple[str, ...] = ()
    #: A Keras ``input_shape=`` / ``input_dim=`` given on the layer itself.
    input_shape: Shape | None = None
    #: A Keras ``name=`` given on the layer: its row in the summary goes by it.
    name: str | None = None


def make(
    framework: Framework,
    type_name: str,
    args: Sequence[object] = (),
    kwargs: Sequence[tuple[str, object]] = (),
) -> Made:
    """Construct a catalogue layer the way the framework's constructor binds arguments."""
    cls = lookup(framework, type_name)
    if cls is None:
        other: Framework = "pytorch" if framework == "keras" else "keras"
        if lookup(other, type_name) is not None:
            raise ParamError(
                f"`{type_name}` is a {_fw(other)} layer, not a {_fw(framework)} one.",
                suggestion=f"ask with `{other}` in the question",
            )
        guess = closest(type_name, known_names(framework))
        raise ParamError(
            f"I don't know a {_fw(framework)} layer called `{type_name}`.",
            suggestion=f"did you mean {guess}?" if guess else None,
        )
    sig = signature(cls)
    names, fields_ = sig.positional, sig.names
    if len(args) > len(names):
        raise ParamError(
            f"{type_name} takes at most {len(names)} positional argument"
            f"{'s' if len(names) != 1 else ''} ({', '.join(names)}); got {len(args)}."
        )
    bound: dict[str, object] = dict(zip(names, args, strict=False))
    ignored: list[str] = []
    input_shape: Shape | None = None
    name: str | None = None
    common = COMMON_NO_EFFECT_KERAS if framework == "keras" else COMMON_NO_EFFECT_TORCH
    for key, value in kwargs:
        if key in bound:
            raise ParamError(f"{type_name} got `{key}` twice (by position and by name).")
        if key in fields_:
            bound[key] = value
        elif framework == "keras" and key in ("input_shape", "batch_input_shape"):
            input_shape = _shape_arg(value, key, batch=key == "batch_input_shape")
        elif framework == "keras" and key == "input_dim":
            input_shape = _shape_arg((value,), key, batch=False)
        elif key in cls.NO_EFFECT or key in common:
            ignored.append(key)
            if key == "name" and framework == "keras" and isinstance(value, str) and value:
                name = value
        else:
            guess = closest(key, fields_ + tuple(cls.NO_EFFECT))
            raise ParamError(
                f"{type_name} has no argument `{key}`.",
                suggestion=f"did you mean {guess}?" if guess else None,
            )
    missing = [name for name in sig.required if name not in bound]
    if missing:
        raise ParamError(
            f"{type_name} needs `{missing[0]}`"
            + (f" (and {', '.join('`' + m + '`' for m in missing[1:])})" if missing[1:] else "")
            + ".",
            expected=tuple(missing),
        )
    try:
        layer = cls(**bound)
    except TypeError as exc:  # pragma: no cover - guarded above; kept as a last resort
        raise ParamError(f"{type_name}: {exc}") from None
    return Made(layer, tuple(ignored), input_shape, name)


def _shape_arg(value: object, key: str, *, batch: bool) -> Shape:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list)):
        raise ParamError(f"`{key}` must be a tuple of sizes, like (28, 28); got {value!r}.")
    dims: list[int | None] = []
    for v in value:
        if v is None:
            dims.append(None)
        elif isinstance(v, int) and not isinstance(v, bool) and v > 0:
            dims.append(v)
        else:
            raise ParamError(f"`{key}` must hold positive sizes or None; got {v!r}.")
    return tuple(dims[1:] if batch else dims)


def _fw(framework: Framework) -> str:
    return "Keras" if framework == "keras" else "PyTorch"
