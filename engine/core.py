"""Values every layer family shares: weights, layer results, shapes, argument checks.

Shapes never include the batch axis; ``None`` stands for a size nobody gave (a sequence
length, an image height). Counts are Python ints, so they are exact at any size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar, overload

from .errors import ParamError

Framework = Literal["keras", "pytorch"]
FRAMEWORKS: tuple[Framework, ...] = ("keras", "pytorch")
Dim = int | None
Shape = tuple[Dim, ...]

#: Sizes above this are refused: a weight this wide would not fit any machine, and a
#: number with hundreds of digits is a typo or a test of the bot, not a question.
MAX_SIZE = 10**12
#: Whole-model totals above this are refused (far beyond any model ever trained).
MAX_TOTAL = 10**16


_T = TypeVar("_T")


class memo(Generic[_T]):  # noqa: N801 - used like @property
    """A read-once property for frozen results: computed on first access, then a plain
    attribute. functools.cached_property does the same but takes a lock on every first
    access in Python 3.11, which showed up in the batch profile."""

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name: str = fn.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> memo[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> _T | memo[_T]:
        if obj is None:
            return self
        value: _T = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


class counted:  # noqa: N801 - used like @property
    """One of several counts that a single pass fills together (``total``, ``trainable``,
    ...): the first read of any calls the owner's ``_count``, which stores every one of
    them as a plain attribute, so later reads never reach this descriptor."""

    name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> counted: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> int: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> int | counted:
        if obj is None:
            return self
        obj._count()  # type: ignore[attr-defined]
        value: int = obj.__dict__[self.name]
        return value


_C = TypeVar("_C", bound=type)


def constants_only(cls: _C) -> _C:
    """For a catalogue class that only sets class constants (``TYPE``, ``RANK``) on a
    frozen dataclass parent. It inherits the parent's generated ``__init__``, ``__eq__``,
    ``__hash__`` and ``__repr__``, which all go by the instance's own class; decorating it
    with ``@dataclass`` again would only compile them anew (about 2.5 ms a class, most of
    a family module's import). A field declared here would be a bug, so it is refused."""
    own = vars(cls)
    names = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else None
    if names is None or own.get("__annotations__") or not names.isdisjoint(own):
        raise TypeError(f"{cls.__name__} declares fields: use @dataclass(frozen=True)")
    # the parent's frozen __setattr__ refuses every name only on the parent's own instances
    cls.__setattr__ = _refuse_setattr  # type: ignore[assignment,method-assign]
    cls.__delattr__ = _refuse_delattr  # type: ignore[assignment,method-assign]
    return cls


def dict_init(cls: _C) -> _C:
    """For a frozen dataclass built many times per answer (weights, layer results): an
    ``__init__`` with the same signature that stores the fields straight into the
    instance's ``__dict__``. The generated one calls ``object.__setattr__`` per field (the
    class' own ``__setattr__`` refuses); that was the largest single item in a profile of
    answering, and this takes about half as long. Frozen-ness, equality and hashing are
    the dataclass' own. Put it above ``@dataclass(frozen=True)``; classes this can't serve
    (``__post_init__``, default factories, fields outside ``__init__``, slots) are refused."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen:
        raise TypeError(f"{cls.__name__}: dict_init is for frozen dataclasses")
    fields = dataclasses.fields(cls)
    if (hasattr(cls, "__post_init__") or "__slots__" in vars(cls)
            or any(not f.init or f.default_factory is not dataclasses.MISSING
                   for f in fields)):
        raise TypeError(f"{cls.__name__}: dict_init can't give this class its __init__")
    defaults: dict[str, object] = {}
    positional: list[str] = []
    keyword: list[str] = []
    for f in fields:
        param = f.name
        if f.default is not dataclasses.MISSING:
            defaults[f"_default_{f.name}"] = f.default
            param += f"=_default_{f.name}"
        (keyword if f.kw_only else positional).append(param)
    signature = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    body = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields)
    exec(f"def __init__({signature}):\n    d = self.__dict__\n{body}", defaults)
    init = defaults["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls


def _refuse_setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dict_init
@dataclass(frozen=True)
class Weight:
    """One tensor a layer owns, under the framework's own name."""

    name: str
    shape: tuple[int, ...]
    trainable: bool = True
    #: PyTorch buffers (BatchNorm running statistics): reported apart, never in ``total``.
    buffer: bool = False

    @memo
    def size(self) -> int:
        return product(self.shape)


@dict_init
@dataclass(frozen=True)
class LayerResult:
    """What one layer contributes to a summary: its weights, output shape and working."""

    name: str
    type: str
    framework: Framework
    weights: tuple[Weight, ...]
    output_shape: Shape | None
    derivation: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: Multiply-accumulate operations for one example, when the input size is known.
    macs: int | None = None

    # Counted once, all four in one pass over the weights, on the first read of any:
    # renderers read them many times, and the weights never change.
    #: The weights that count: every one that is not a buffer.
    total = counted()

    #: The trainable ones among them.
    trainable = counted()

    #: The frozen ones among them.
    non_trainable = counted()

    #: PyTorch buffers (running statistics): reported apart, never in ``total``.
    buffers = counted()

    def _count(self) -> None:
        total = trainable = buffers = 0
        for w in self.weights:
            n = w.size
            if w.buffer:
                buffers += n
            else:
                total += n
                if w.trainable:
                    trainable += n
        d = self.__dict__
        d["total"], d["trainable"], d["non_trainable"], d["buffers"] = (
            total, trainable, total - trainable, buffers)


@dataclass(frozen=True)
class Layer:
    """Base of every catalogue entry: a frozen dataclass whose positional fields follow
    the framework's real constructor signature, so pasted code maps onto it directly."""

    FRAMEWORK: ClassVar[Framework]
    #: The class name in the framework (``Dense``, ``Conv2d``).
    TYPE: ClassVar[str]
    #: Constructor arguments that exist in the framework but change no count or shape
    #: (activations, initialisers, ``batch_first``): accepted and reported, never an error.
    NO_EFFECT: ClassVar[frozenset[str]] = frozenset()

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        """Count this layer's weights on an input of ``input_shape`` (no batch axis)."""
        raise NotImplementedError


COMMON_NO_EFFECT_KERAS = frozenset(
    {
        "activation", "kernel_initializer", "bias_initializer", "recurrent_initializer",
        "kernel_regularizer", "bias_regularizer", "recurrent_regularizer",
        "activity_regularizer", "kernel_constraint", "bias_constraint",
        "recurrent_constraint", "dtype", "name", "seed", "autocast", "input_dim",
        "input_shape", "batch_input_shape", "batch_size", "input_length",
        "beta_initializer", "gamma_initializer", "moving_mean_initializer",
        "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
        "beta_constraint", "gamma_constraint", "embeddings_initializer",
        "embeddings_regularizer", "embeddings_constraint", "depthwise_initializer",
        "pointwise_initializer", "depthwise_regularizer", "pointwise_regularizer",
        "depthwise_constraint", "pointwise_constraint", "alpha_initializer",
        "alpha_regularizer", "alpha_constraint", "lora_alpha",
    }
)
COMMON_NO_EFFECT_TORCH = frozenset({"device", "dtype"})


# -- argument checks: every refusal says which argument and why ---------------------------


def positive_int(value: object, arg: str, *, allow_zero: bool = False) -> int:
    """Check a size argument: a whole number, positive, and not absurdly large."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamError(f"`{arg}` must be a whole number, not {_show(value)}.")
    if value > MAX_SIZE:
        raise ParamError(
            f"`{arg}` = {_short(value)} is too large: parambot refuses sizes above "
            f"{MAX_SIZE:,} (no machine could hold such a weight)."
        )
    if value < 0 or (value == 0 and not allow_zero):
        need = "zero or more" if allow_zero else "a positive whole number"
        raise ParamError(f"`{arg}` must be {need}; got {value}.")
    return value


#: The most copies of a layer one answer lists (``num_layers``): the deepest published
#: models have a few hundred, and each copy is a row, so this bounds an answer's time and
#: size (``num_layers=10**9`` would otherwise run until memory ran out).
MAX_LAYERS = 1000


def layer_count(value: object, arg: str, *, allow_zero: bool = False) -> int:
    """Check a number of stacked layers: a whole number, positive, at most ``MAX_LAYERS``."""
    n = positive_int(value, arg, allow_zero=allow_zero)
    if n > MAX_LAYERS:
        raise ParamError(
            f"`{arg}` = {n:,} is more layers than parambot lists (at most {MAX_LAYERS:,}); "
            "the deepest published models have a few hundred."
        )
    return n


def int_tuple(value: object, n: int, arg: str, *, allow_zero: bool = False) -> tuple[int, ...]:
    """An int or a sequence of ``n`` ints (``kernel_size=3`` or ``(3, 3)``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        v = positive_int(value, arg, allow_zero=allow_zero)
        return (v,) * n
    if isinstance(value, (tuple, list)):
        if len(value) != n:
            raise ParamError(
                f"`{arg}` needs {n} value{'s' if n != 1 else ''} here; got {len(value)}: "
                f"{_show(value)}."
            )
        return tuple(positive_int(v, arg, allow_zero=allow_zero) for v in value)
    raise ParamError(f"`{arg}` must be a whole number or a tuple of {n}; got {_show(value)}.")


def boolean(value: object, arg: str) -> bool:
    if not isinstance(value, bool):
        raise ParamError(f"`{arg}` must be True or False; got {_show(value)}.")
    return value


def choice(value: object, arg: str, options: Sequence[str]) -> str:
    if not isinstance(value, str) or value.lower() not in options:
        opts = ", ".join(repr(o) for o in options)
        raise ParamError(f"`{arg}` must be one of {opts}; got {_show(value)}.")
    return value.lower()


def check_total(total: int, what: str) -> None:
    if total > MAX_TOTAL:
        raise ParamError(
            f"{what} would have {_short(total)} parameters, which is too large to be a "
            f"real model; parambot refuses totals above 10^16."
        )


def _short(n: int) -> str:
    s = str(n)
    return s if len(s) <= 20 else f"a {len(s)}-digit number ({s[:6]}…)"


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- shapes ----------------------------------------------------------------------------------


def require_shape(input_shape: Shape | None, layer: str, what: str) -> Shape:
    """The input shape, or a refusal naming the size that was not given."""
    if input_shape is None:
        raise MissingInput(layer, what)
    return input_shape


def last_dim(input_shape: Shape | None, layer: str, what: str = "input features") -> int:
    """The last axis (features, channels-last), which must be known to count weights."""
    shape = require_shape(input_shape, layer, what)
    if not shape or shape[-1] is None:
        raise MissingInput(layer, what)
    return shape[-1]


class MissingInput(ParamError):
    """A count depends on an input size nobody gave; the grammar may add a formula."""

    def __init__(self, layer: str, what: str) -> None:
        super().__init__(
            f"{layer} needs the input size to count its weights: give the {what} "
            f"(for example `... input 28` or `on 28x28x1`).",
            expected=("input size",),
        )
        self.layer = layer
        self.what = what


def product(sizes: Iterable[int]) -> int:
    """Product of sizes that are all known (a weight's elements, a kernel's window)."""
    n = 1
    for d in sizes:
        n *= d
    return n


def elements(shape: Sequence[Dim] | None) -> int | None:
    """Values in one example of ``shape``; None when the shape or any size is unknown,
    so a count that depends on it (MACs, a flattened width) stays unknown too."""
    if shape is None:
        return None
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def over_positions(positions: Sequence[Dim], each: int) -> int | None:
    """``each`` repeated at every position of ``positions`` (a kernel's MACs over the
    output grid, a Dense layer's over the leading axes); None when a size is unknown."""
    n = elements(positions)
    return None if n is None else n * each


def dims_text(sizes: Iterable[int]) -> str:
    """Sizes for a derivation line: (3, 3, 64) -> '3 × 3 × 64'."""
    return " × ".join(fmt(d) for d in sizes)


def fmt(n: int) -> str:
    """Exact integer with thousands separators: 160768 -> '160,768'."""
    return f"{n:,}"


def shape_text(shape: Shape | None) -> str:
    if shape is None:
        return "?"
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"
