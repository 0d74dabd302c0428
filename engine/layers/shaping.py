"""Layers without weights that only move, drop or squash values: Flatten, Reshape,
Permute, RepeatVector, dropout and noise, padding, cropping, up-sampling, parameter-free
activations (Keras and PyTorch). PReLU has weights and lives in activation.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..core import (
    Dim,
    Layer,
    LayerResult,
    Shape,
    constants_only,
    elements,
    fmt,
    int_tuple,
    positive_int,
    require_shape,
    shape_text,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule
from .convolution import keras_data_format

_ZERO = "no weights: 0 parameters."


def _zero(layer: Layer, name: str, out: Shape | None, *lines: str) -> LayerResult:
    return LayerResult(name, layer.TYPE, layer.FRAMEWORK, (), out, (_ZERO, *lines), macs=0)


def _rate(value: object, arg: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParamError(f"`{arg}` must be a number between 0 and 1; got {value!r}.")
    if not 0 <= value <= 1:
        raise ParamError(f"`{arg}` must be between 0 and 1 (a fraction dropped); got {value}.")
    return float(value)


def _ndim(shape: Shape, want: int, layer: str, what: str) -> None:
    if len(shape) != want:
        raise ParamError(f"{layer} expects a {want}-D input ({what}) without the batch axis; "
                         f"got {shape_text(shape)}.")


# -- Keras ---------------------------------------------------------------------------------


@constants_only
class _KerasSame(KerasLayer):
    """Output shape = input shape (activations, dropout, noise)."""

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return _zero(self, name, input_shape)


@dataclass(frozen=True)
class _KerasDropout(_KerasSame):
    NO_EFFECT = frozenset({"noise_shape", "seed"})
    rate: float
    noise_shape: object = None
    seed: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        _rate(self.rate, "rate")
        return _zero(self, name, input_shape,
                     "the dropout rate is a setting, not a weight; nothing is learned.")


@constants_only
class Dropout(_KerasDropout):
    TYPE = "Dropout"


@constants_only
class AlphaDropout(_KerasDropout):
    TYPE = "AlphaDropout"


@dataclass(frozen=True)
class GaussianDropout(_KerasSame):
    TYPE = "GaussianDropout"
    rate: float
    seed: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        _rate(self.rate, "rate")
        return _zero(self, name, input_shape)


@dataclass(frozen=True)
class GaussianNoise(_KerasSame):
    TYPE = "GaussianNoise"
    stddev: float
    seed: object = None


@dataclass(frozen=True)
class _KerasSpatialDropout(_KerasSame):
    RANK: ClassVar[int] = 1

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        _rate(getattr(self, "rate"), "rate")  # noqa: B009 - field defined by subclasses
        if input_shape is not None:
            _ndim(input_shape, self.RANK + 1, self.TYPE, "spatial axes and channels")
        return _zero(self, name, input_shape,
                     "drops whole channels at a time; the rate is not a weight.")


@dataclass(frozen=True)
class SpatialDropout1D(_KerasSpatialDropout):
    TYPE = "SpatialDropout1D"
    RANK = 1
    rate: float
    seed: object = None
    name: object = None
    dtype: object = None


@dataclass(frozen=True)
class _SpatialDropoutND(_KerasSpatialDropout):
    rate: float
    data_format: object = None
    seed: object = None
    name: object = None
    dtype: object = None


@constants_only
class SpatialDropout2D(_SpatialDropoutND):
    TYPE = "SpatialDropout2D"
    RANK = 2


@constants_only
class SpatialDropout3D(_SpatialDropoutND):
    TYPE = "SpatialDropout3D"
    RANK = 3


@dataclass(frozen=True)
class ActivityRegularization(_KerasSame):
    TYPE = "ActivityRegularization"
    l1: float = 0.0
    l2: float = 0.0


@dataclass(frozen=True)
class Activation(_KerasSame):
    TYPE = "Activation"
    activation: object


@dataclass(frozen=True)
class ReLU(_KerasSame):
    TYPE = "ReLU"
    max_value: object = None
    negative_slope: float = 0.0
    threshold: float = 0.0


@dataclass(frozen=True)
class Softmax(_KerasSame):
    TYPE = "Softmax"
    axis: object = -1


@dataclass(frozen=True)
class LeakyReLU(_KerasSame):
    TYPE = "LeakyReLU"
    negative_slope: float = 0.3


@dataclass(frozen=True)
class ELU(_KerasSame):
    TYPE = "ELU"
    alpha: float = 1.0


@dataclass(frozen=True)
class Rescaling(_KerasSame):
    TYPE = "Rescaling"
    scale: float
    offset: float = 0.0


@constants_only
class Identity(_KerasSame):
    TYPE = "Identity"


@dataclass(frozen=True)
class Masking(_KerasSame):
    TYPE = "Masking"
    mask_value: float = 0.0


@dataclass(frozen=True)
class Lambda(KerasLayer):
    TYPE = "Lambda"
    function: object
    output_shape: object = None
    mask: object = None
    arguments: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        raise ParamError(
            "A Lambda layer runs arbitrary Python code, so its output cannot be worked out "
            "without running it (it has no weights of its own: 0 parameters). Describe what "
            "it computes with ordinary layers instead."
        )


@dataclass(frozen=True)
class Flatten(KerasLayer):
    TYPE = "Flatten"
    data_format: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        keras_data_format(self.data_format)
        if input_shape is None:
            return _zero(self, name, None)
        n = elements(input_shape)
        line = (f"output size = {' × '.join(fmt(d) for d in input_shape if d is not None)} = "
                f"{fmt(n)}" if n is not None else "an unknown input size gives an unknown "
                "output size")
        return _zero(self, name, (n,), line)


def _target(value: object, arg: str) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list)) or not value:
        raise ParamError(f"`{arg}` must be a tuple of sizes, like (7, 7, 64); got {value!r}.")
    out = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int) or (v <= 0 and v != -1):
            raise ParamError(f"`{arg}` must hold positive sizes (or one -1); got {value!r}.")
        out.append(v)
    if out.count(-1) > 1:
        raise ParamError(f"`{arg}` may contain -1 only once; got {value!r}.")
    return tuple(out)


def _resolve(target: tuple[int, ...], n_in: Dim, layer: str, arg: str,
             have: Shape) -> tuple[Dim, ...]:
    known = 1
    for v in target:
        if v != -1:
            known *= v
    if n_in is None:
        return tuple(None if v == -1 else v for v in target)
    if -1 in target:
        if n_in % known:
            raise ParamError(f"{layer}: cannot reshape {shape_text(have)} ({fmt(n_in)} values) "
                             f"into {target}: {fmt(n_in)} is not divisible by {fmt(known)}.")
        return tuple(n_in // known if v == -1 else v for v in target)
    if known != n_in:
        raise ParamError(f"{layer}: `{arg}` {target} holds {fmt(known)} values but the input "
                         f"{shape_text(have)} has {fmt(n_in)}; the totals must match.")
    return target


@dataclass(frozen=True)
class Reshape(KerasLayer):
    TYPE = "Reshape"
    target_shape: object

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        target = _target(self.target_shape, "target_shape")
        if input_shape is None:
            return _zero(self, name, tuple(None if v == -1 else v for v in target))
        out = _resolve(target, elements(input_shape), self.TYPE, "target_shape", input_shape)
        return _zero(self, name, out)


@dataclass(frozen=True)
class Permute(KerasLayer):
    TYPE = "Permute"
    dims: object

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        dims = self.dims
        if not isinstance(dims, (tuple, list)) or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ParamError(f"`dims` must be a reordering of 1..n (axis 0 is the batch); got "
                             f"{dims!r}.")
        if input_shape is None:
            return _zero(self, name, None)
        if len(dims) != len(input_shape):
            raise ParamError(f"`dims` {tuple(dims)} has {len(dims)} axes but the input "
                             f"{shape_text(input_shape)} has {len(input_shape)}.")
        return _zero(self, name, tuple(input_shape[d - 1] for d in dims))


@dataclass(frozen=True)
class RepeatVector(KerasLayer):
    TYPE = "RepeatVector"
    n: int

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n = positive_int(self.n, "n")
        shape = require_shape(input_shape, self.TYPE, "input features")
        _ndim(shape, 1, self.TYPE, "features")
        return _zero(self, name, (n, shape[0]))


def _pairs(value: object, rank: int, arg: str) -> tuple[tuple[int, int], ...]:
    """Keras padding/cropping: int, (a, b) per axis symmetric, or ((a, b), ...)."""
    if isinstance(value, int) and not isinstance(value, bool):
        v = positive_int(value, arg, allow_zero=True)
        return ((v, v),) * rank
    if rank == 1 and isinstance(value, (tuple, list)):
        a, b = int_tuple(value, 2, arg, allow_zero=True)
        return ((a, b),)
    if isinstance(value, (tuple, list)) and len(value) == rank:
        out = []
        for v in value:
            if isinstance(v, int) and not isinstance(v, bool):
                w = positive_int(v, arg, allow_zero=True)
                out.append((w, w))
            else:
                a, b = int_tuple(v, 2, arg, allow_zero=True)
                out.append((a, b))
        return tuple(out)
    raise ParamError(f"`{arg}` must be a whole number, a tuple of {rank}, or {rank} pairs; "
                     f"got {value!r}.")


def _spatial(input_shape: Shape, rank: int, data_format: str, layer: str) -> Shape:
    _ndim(input_shape, rank + 1, layer, "spatial axes and channels")
    return input_shape[:-1] if data_format == "channels_last" else input_shape[1:]


def _rejoin(input_shape: Shape, spatial: Shape, data_format: str) -> Shape:
    if data_format == "channels_last":
        return (*spatial, input_shape[-1])
    return (input_shape[0], *spatial)


@dataclass(frozen=True)
class _KerasPadCrop(KerasLayer):
    RANK: ClassVar[int] = 2
    CROP: ClassVar[bool] = False

    def _apply(self, value: object, data_format: object, input_shape: Shape | None,
               name: str) -> LayerResult:
        arg = "cropping" if self.CROP else "padding"
        pairs = _pairs(value, self.RANK, arg)
        fmt_ = keras_data_format(data_format)
        if input_shape is None:
            return _zero(self, name, None)
        spatial = _spatial(input_shape, self.RANK, fmt_, self.TYPE)
        out: list[Dim] = []
        for i, (n, (a, b)) in enumerate(zip(spatial, pairs, strict=True)):
            if n is None:
                out.append(None)
            elif self.CROP:
                if a + b >= n:
                    raise ParamError(f"`cropping` {a} + {b} removes all {n} positions along "
                                     f"spatial axis {i + 1}; crop less.")
                out.append(n - a - b)
            else:
                out.append(n + a + b)
        return _zero(self, name, _rejoin(input_shape, tuple(out), fmt_))


@dataclass(frozen=True)
class ZeroPadding1D(_KerasPadCrop):
    TYPE = "ZeroPadding1D"
    RANK = 1
    padding: object = 1
    data_format: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._apply(self.padding, self.data_format, input_shape, name)


@dataclass(frozen=True)
class ZeroPadding2D(ZeroPadding1D):
    TYPE = "ZeroPadding2D"
    RANK = 2
    padding: object = (1, 1)


@dataclass(frozen=True)
class ZeroPadding3D(ZeroPadding1D):
    TYPE = "ZeroPadding3D"
    RANK = 3
    padding: object = ((1, 1), (1, 1), (1, 1))


@dataclass(frozen=True)
class Cropping1D(_KerasPadCrop):
    TYPE = "Cropping1D"
    RANK = 1
    CROP = True
    cropping: object = (1, 1)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._apply(self.cropping, None, input_shape, name)


@dataclass(frozen=True)
class Cropping2D(_KerasPadCrop):
    TYPE = "Cropping2D"
    RANK = 2
    CROP = True
    cropping: object = ((0, 0), (0, 0))
    data_format: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._apply(self.cropping, self.data_format, input_shape, name)


@dataclass(frozen=True)
class Cropping3D(Cropping2D):
    TYPE = "Cropping3D"
    RANK = 3
    cropping: object = ((1, 1), (1, 1), (1, 1))


@dataclass(frozen=True)
class _KerasUpSampling(KerasLayer):
    RANK: ClassVar[int] = 2

    def _apply(self, size: object, data_format: object, input_shape: Shape | None,
               name: str) -> LayerResult:
        factors = int_tuple(size, self.RANK, "size")
        fmt_ = keras_data_format(data_format)
        if input_shape is None:
            return _zero(self, name, None)
        spatial = _spatial(input_shape, self.RANK, fmt_, self.TYPE)
        out = tuple(None if n is None else n * f for n, f in zip(spatial, factors, strict=True))
        return _zero(self, name, _rejoin(input_shape, out, fmt_),
                     "up-sampling repeats values; nothing is learned (Conv2DTranspose "
                     "is the learned alternative).")


@dataclass(frozen=True)
class UpSampling1D(_KerasUpSampling):
    TYPE = "UpSampling1D"
    RANK = 1
    size: object = 2

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._apply(self.size, None, input_shape, name)


@dataclass(frozen=True)
class UpSampling2D(_KerasUpSampling):
    TYPE = "UpSampling2D"
    RANK = 2
    NO_EFFECT = frozenset({"interpolation"})
    size: object = (2, 2)
    data_format: object = None
    interpolation: object = "nearest"

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._apply(self.size, self.data_format, input_shape, name)


@dataclass(frozen=True)
class UpSampling3D(_KerasUpSampling):
    TYPE = "UpSampling3D"
    RANK = 3
    size: object = (2, 2, 2)
    data_format: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._apply(self.size, self.data_format, input_shape, name)


# -- PyTorch -------------------------------------------------------------------------------


@constants_only
class _TorchSame(TorchModule):
    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return _zero(self, name, input_shape)


@dataclass(frozen=True)
class _TorchDropout(_TorchSame):
    NO_EFFECT = frozenset({"inplace"})
    p: float = 0.5
    inplace: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        _rate(self.p, "p")
        return _zero(self, name, input_shape,
                     "the dropout probability p is a setting, not a weight.")


def _torch_dropout(type_name: str) -> type[_TorchDropout]:
    return dataclass(frozen=True)(type(type_name, (_TorchDropout,), {"TYPE": type_name}))


@dataclass(frozen=True)
class _TorchInplace(_TorchSame):
    NO_EFFECT = frozenset({"inplace"})
    inplace: bool = False


def _inplace(type_name: str) -> type[_TorchInplace]:
    return dataclass(frozen=True)(type(type_name, (_TorchInplace,), {"TYPE": type_name}))


def _plain(type_name: str) -> type[_TorchSame]:
    return dataclass(frozen=True)(type(type_name, (_TorchSame,), {"TYPE": type_name}))


@dataclass(frozen=True)
class TorchSoftmax(_TorchSame):
    TYPE = "Softmax"
    dim: int | None = None


@constants_only
class TorchLogSoftmax(TorchSoftmax):
    TYPE = "LogSoftmax"


@constants_only
class TorchSoftmin(TorchSoftmax):
    TYPE = "Softmin"


@dataclass(frozen=True)
class TorchLeakyReLU(_TorchSame):
    TYPE = "LeakyReLU"
    NO_EFFECT = frozenset({"inplace"})
    negative_slope: float = 0.01
    inplace: bool = False


@dataclass(frozen=True)
class TorchELU(_TorchSame):
    TYPE = "ELU"
    NO_EFFECT = frozenset({"inplace"})
    alpha: float = 1.0
    inplace: bool = False


@constants_only
class TorchCELU(TorchELU):
    TYPE = "CELU"


@dataclass(frozen=True)
class TorchGELU(_TorchSame):
    TYPE = "GELU"
    approximate: str = "none"


@dataclass(frozen=True)
class TorchHardtanh(_TorchSame):
    TYPE = "Hardtanh"
    NO_EFFECT = frozenset({"inplace"})
    min_val: float = -1.0
    max_val: float = 1.0
    inplace: bool = False
    min_value: float | None = None
    max_value: float | None = None


@dataclass(frozen=True)
class TorchSoftplus(_TorchSame):
    TYPE = "Softplus"
    beta: float = 1.0
    threshold: float = 20.0


@dataclass(frozen=True)
class TorchHardshrink(_TorchSame):
    TYPE = "Hardshrink"
    lambd: float = 0.5


@constants_only
class TorchSoftshrink(TorchHardshrink):
    TYPE = "Softshrink"


@dataclass(frozen=True)
class TorchThreshold(_TorchSame):
    TYPE = "Threshold"
    NO_EFFECT = frozenset({"inplace"})
    threshold: float
    value: float
    inplace: bool = False


@dataclass(frozen=True)
class TorchRReLU(_TorchSame):
    TYPE = "RReLU"
    NO_EFFECT = frozenset({"inplace"})
    lower: float = 0.125
    upper: float = 1 / 3
    inplace: bool = False


@dataclass(frozen=True)
class TorchGLU(TorchModule):
    TYPE = "GLU"
    dim: int = -1

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        if input_shape is None:
            return _zero(self, name, None)
        axis = _torch_axis(self.dim, len(input_shape), "dim", self.TYPE)
        n = input_shape[axis]
        if n is not None and n % 2:
            raise ParamError(f"GLU splits `dim` in two halves, so its size must be even; "
                             f"got {n}.")
        out = list(input_shape)
        out[axis] = None if n is None else n // 2
        return _zero(self, name, tuple(out), "GLU halves the size of `dim`.")


def _torch_axis(dim: object, ndim: int, arg: str, layer: str) -> int:
    """A torch dim (counted with the batch axis) as an index into the shape without it."""
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise ParamError(f"`{arg}` must be a whole number; got {dim!r}.")
    full = ndim + 1
    d = dim + full if dim < 0 else dim
    if not 1 <= d < full:
        raise ParamError(f"{layer}: `{arg}`={dim} is out of range for an input of {ndim} "
                         f"axes plus the batch axis" + (" (dim 0 is the batch)" if d == 0
                                                         else "") + ".")
    return d - 1


@dataclass(frozen=True)
class TorchFlatten(TorchModule):
    TYPE = "Flatten"
    start_dim: int = 1
    end_dim: int = -1

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        if input_shape is None:
            return _zero(self, name, None)
        a = _torch_axis(self.start_dim, len(input_shape), "start_dim", self.TYPE)
        b = _torch_axis(self.end_dim, len(input_shape), "end_dim", self.TYPE)
        if b < a:
            raise ParamError(f"Flatten: `start_dim` ({self.start_dim}) comes after `end_dim` "
                             f"({self.end_dim}).")
        n = elements(input_shape[a:b + 1])
        out = (*input_shape[:a], n, *input_shape[b + 1:])
        dims = input_shape[a:b + 1]
        line = (f"flattened size = {' × '.join(fmt(d) for d in dims if d is not None)} = "
                f"{fmt(n)}" if n is not None else "an unknown size gives an unknown output")
        return _zero(self, name, out, line)


@dataclass(frozen=True)
class TorchUnflatten(TorchModule):
    TYPE = "Unflatten"
    dim: int
    unflattened_size: object

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        target = _target(self.unflattened_size, "unflattened_size")
        if input_shape is None:
            return _zero(self, name, None)
        axis = _torch_axis(self.dim, len(input_shape), "dim", self.TYPE)
        part = _resolve(target, input_shape[axis], self.TYPE, "unflattened_size",
                        input_shape)
        return _zero(self, name, (*input_shape[:axis], *part, *input_shape[axis + 1:]))


@constants_only
class TorchIdentity(_TorchSame):
    TYPE = "Identity"


@dataclass(frozen=True)
class _TorchPad(TorchModule):
    RANK: ClassVar[int] = 2
    MODE: ClassVar[str] = "zeros"
    padding: object

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        raw = self.padding
        if isinstance(raw, int) and not isinstance(raw, bool):
            pads: tuple[int, ...] = (raw,) * (2 * r)
        elif (isinstance(raw, (tuple, list)) and len(raw) == 2 * r
              and all(isinstance(v, int) and not isinstance(v, bool) for v in raw)):
            pads = tuple(raw)
        else:
            raise ParamError(f"`padding` must be a whole number or a tuple of {2 * r} "
                             f"(left, right{', top, bottom' if r > 1 else ''}"
                             f"{', front, back' if r > 2 else ''}); got {raw!r}.")
        if self.MODE != "zeros" and min(pads) < 0:
            raise ParamError(f"{self.TYPE}: `padding` cannot be negative; got {raw!r}.")
        if input_shape is None:
            return _zero(self, name, None)
        if len(input_shape) < r:
            raise ParamError(f"{self.TYPE} pads the last {r} axes; the input "
                             f"{shape_text(input_shape)} has only {len(input_shape)}.")
        out = list(input_shape)
        for j in range(r):  # pads are given for the last axis first
            axis = len(out) - 1 - j
            a, b = pads[2 * j], pads[2 * j + 1]
            n = out[axis]
            if n is None:
                continue
            if self.MODE == "reflect" and (a >= n or b >= n):
                raise ParamError(f"{self.TYPE}: `padding` ({max(a, b)}) must be smaller than "
                                 f"the input size ({n}) it reflects.")
            if self.MODE == "circular" and (a > n or b > n):
                raise ParamError(f"{self.TYPE}: `padding` ({max(a, b)}) must not exceed the "
                                 f"input size ({n}) it wraps around.")
            length = n + a + b
            if length <= 0:
                raise ParamError(f"{self.TYPE}: negative `padding` {a}, {b} removes all {n} "
                                 "positions.")
            out[axis] = length
        return _zero(self, name, tuple(out))


def _pad(type_name: str, rank: int, mode: str) -> type[_TorchPad]:
    return dataclass(frozen=True)(
        type(type_name, (_TorchPad,), {"TYPE": type_name, "RANK": rank, "MODE": mode}))


@dataclass(frozen=True)
class _TorchConstantPad(_TorchPad):
    value: float


@constants_only
class ConstantPad1d(_TorchConstantPad):
    TYPE = "ConstantPad1d"
    RANK = 1


@constants_only
class ConstantPad2d(_TorchConstantPad):
    TYPE = "ConstantPad2d"
    RANK = 2


@constants_only
class ConstantPad3d(_TorchConstantPad):
    TYPE = "ConstantPad3d"
    RANK = 3


@dataclass(frozen=True)
class PixelShuffle(TorchModule):
    TYPE = "PixelShuffle"
    upscale_factor: int

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        f = positive_int(self.upscale_factor, "upscale_factor")
        if input_shape is None:
            return _zero(self, name, None)
        if len(input_shape) < 3:
            raise ParamError(f"PixelShuffle needs (channels, height, width); got "
                             f"{shape_text(input_shape)}.")
        *lead, c, h, w = input_shape
        if c is not None and c % (f * f):
            raise ParamError(f"PixelShuffle: the {c} input channels must be divisible by "
                             f"upscale_factor² = {f * f}.")
        out = (*lead, None if c is None else c // (f * f), None if h is None else h * f,
               None if w is None else w * f)
        return _zero(self, name, out)


@dataclass(frozen=True)
class PixelUnshuffle(TorchModule):
    TYPE = "PixelUnshuffle"
    downscale_factor: int

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        f = positive_int(self.downscale_factor, "downscale_factor")
        if input_shape is None:
            return _zero(self, name, None)
        if len(input_shape) < 3:
            raise ParamError(f"PixelUnshuffle needs (channels, height, width); got "
                             f"{shape_text(input_shape)}.")
        *lead, c, h, w = input_shape
        for n, what in ((h, "height"), (w, "width")):
            if n is not None and n % f:
                raise ParamError(f"PixelUnshuffle: the {what} ({n}) must be divisible by "
                                 f"downscale_factor ({f}).")
        out = (*lead, None if c is None else c * f * f, None if h is None else h // f,
               None if w is None else w // f)
        return _zero(self, name, out)


@dataclass(frozen=True)
class ChannelShuffle(TorchModule):
    TYPE = "ChannelShuffle"
    groups: int

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        g = positive_int(self.groups, "groups")
        if input_shape is not None and input_shape and input_shape[0] is not None:
            if input_shape[0] % g:
                raise ParamError(f"ChannelShuffle: the {input_shape[0]} channels must be "
                                 f"divisible by `groups` ({g}).")
        return _zero(self, name, input_shape)


@dataclass(frozen=True)
class Upsample(TorchModule):
    TYPE = "Upsample"
    NO_EFFECT = frozenset({"mode", "align_corners", "recompute_scale_factor"})
    size: object = None
    scale_factor: object = None
    mode: str = "nearest"
    align_corners: bool | None = None
    recompute_scale_factor: bool | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        if (self.size is None) == (self.scale_factor is None):
            raise ParamError("Upsample needs exactly one of `size` and `scale_factor`.")
        if input_shape is None:
            return _zero(self, name, None)
        if len(input_shape) < 2:
            raise ParamError(f"Upsample needs (channels, spatial...); got "
                             f"{shape_text(input_shape)}.")
        c, *spatial = input_shape
        r = len(spatial)
        if self.size is not None:
            sizes = int_tuple(self.size, r, "size")
            return _zero(self, name, (c, *sizes))
        sf = self.scale_factor
        factors = (sf,) * r if not isinstance(sf, (tuple, list)) else tuple(sf)
        if len(factors) != r:
            raise ParamError(f"`scale_factor` needs {r} values here; got {sf!r}.")
        out: list[Dim] = []
        for n, f in zip(spatial, factors, strict=True):
            if isinstance(f, bool) or not isinstance(f, (int, float)) or f <= 0:
                raise ParamError(f"`scale_factor` must be positive; got {sf!r}.")
            out.append(None if n is None else int(n * f))
        return _zero(self, name, (c, *out),
                     "up-sampling interpolates; nothing is learned.")


@dataclass(frozen=True)
class UpsamplingNearest2d(TorchModule):
    TYPE = "UpsamplingNearest2d"
    size: object = None
    scale_factor: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        if input_shape is not None:
            _ndim(input_shape, 3, self.TYPE, "channels × height × width")
        inner = Upsample(self.size, self.scale_factor)
        res = inner.build(input_shape, name)
        return _zero(self, name, res.output_shape)


@constants_only
class UpsamplingBilinear2d(UpsamplingNearest2d):
    TYPE = "UpsamplingBilinear2d"


KERAS: dict[str, type[Layer]] = {
    c.TYPE: c for c in (
        Dropout, AlphaDropout, GaussianDropout, GaussianNoise, SpatialDropout1D,
        SpatialDropout2D, SpatialDropout3D, ActivityRegularization, Activation, ReLU, Softmax,
        LeakyReLU, ELU, Rescaling, Identity, Masking, Lambda, Flatten, Reshape, Permute,
        RepeatVector, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D,
        Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D,
    )
}

_TORCH_CLASSES: list[type[Layer]] = [
    TorchSoftmax, TorchLogSoftmax, TorchSoftmin, TorchLeakyReLU, TorchELU, TorchCELU,
    TorchGELU, TorchHardtanh, TorchSoftplus, TorchHardshrink, TorchSoftshrink, TorchThreshold,
    TorchRReLU, TorchGLU, TorchFlatten, TorchUnflatten, TorchIdentity, ConstantPad1d,
    ConstantPad2d, ConstantPad3d, PixelShuffle, PixelUnshuffle, ChannelShuffle, Upsample,
    UpsamplingNearest2d, UpsamplingBilinear2d,
]
_TORCH_CLASSES += [_torch_dropout(n) for n in ("Dropout", "Dropout1d", "Dropout2d",
                                               "Dropout3d", "AlphaDropout",
                                               "FeatureAlphaDropout")]
_TORCH_CLASSES += [_inplace(n) for n in ("ReLU", "ReLU6", "SELU", "SiLU", "Hardswish",
                                         "Hardsigmoid", "Mish")]
_TORCH_CLASSES += [_plain(n) for n in ("Sigmoid", "Tanh", "LogSigmoid", "Softsign",
                                       "Tanhshrink", "Softmax2d")]
for _rank in (1, 2, 3):
    _TORCH_CLASSES += [
        _pad(f"ZeroPad{_rank}d", _rank, "zeros"),
        _pad(f"ReflectionPad{_rank}d", _rank, "reflect"),
        _pad(f"ReplicationPad{_rank}d", _rank, "replicate"),
        _pad(f"CircularPad{_rank}d", _rank, "circular"),
    ]
TORCH: dict[str, type[Layer]] = {c.TYPE: c for c in _TORCH_CLASSES}
