"""Pooling: no weights at all, only output shapes. Keras MaxPooling*/AveragePooling*,
Global*Pooling*, Adaptive*Pooling*; PyTorch MaxPool*, AvgPool*, LPPool*, Adaptive*Pool*."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..core import (
    Dim,
    Framework,
    Layer,
    LayerResult,
    Shape,
    boolean,
    constants_only,
    fmt,
    int_tuple,
    positive_int,
    shape_text,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule
from .convolution import SPATIAL_WORDS, keras_data_format, keras_join, keras_padding, torch_rank

_ZERO = "pooling has no weights: 0 parameters (it only takes a max or an average)."


def _keras_split(
    input_shape: Shape | None, rank: int, data_format: str, layer: str
) -> tuple[Dim, Shape] | None:
    """(channels, spatial) of a Keras input, or None when the input is unknown."""
    if input_shape is None:
        return None
    last = data_format == "channels_last"
    axes = (f"{SPATIAL_WORDS[rank]} × channels" if last
            else f"channels × {SPATIAL_WORDS[rank]}")
    if len(input_shape) == rank:
        raise ParamError(
            f"{layer} needs an input with a channel axis ({axes}); {shape_text(input_shape)} "
            "has no channel axis."
        )
    if len(input_shape) != rank + 1:
        raise ParamError(f"{layer} expects a {rank + 1}-D input ({axes}) without the batch "
                         f"axis; got {shape_text(input_shape)}.")
    if last:
        return input_shape[-1], input_shape[:-1]
    return input_shape[0], input_shape[1:]


def _result(name: str, layer: str, framework: Framework, out: Shape | None,
            lines: tuple[str, ...] = ()) -> LayerResult:
    fw = framework
    return LayerResult(name, layer, fw, (), out, (_ZERO, *lines), macs=0)


@dataclass(frozen=True)
class _KerasPool(KerasLayer):
    RANK: ClassVar[int] = 2
    pool_size: object = 2
    strides: object = None
    padding: str = "valid"
    data_format: str | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        pool = int_tuple(self.pool_size, r, "pool_size")
        strides = pool if self.strides is None else int_tuple(self.strides, r, "strides")
        padding = keras_padding(self.padding)
        fmt_ = keras_data_format(self.data_format)
        split = _keras_split(input_shape, r, fmt_, self.TYPE)
        if split is None:
            return _result(name, self.TYPE, "keras", None)
        ch, spatial = split
        out: list[Dim] = []
        for i, n in enumerate(spatial):
            if n is None:
                out.append(None)
            elif padding == "same":
                out.append((n - 1) // strides[i] + 1)
            else:
                length = (n - pool[i]) // strides[i] + 1
                if length <= 0:
                    raise ParamError(
                        f"`pool_size` {pool[i]} is larger than the input ({n}) along spatial "
                        f"axis {i + 1}: with padding='valid' the output would be empty. Use "
                        "a smaller pool_size or padding='same'.")
                out.append(length)
        lines: tuple[str, ...] = ()
        if spatial and spatial[0] is not None and out[0] is not None:
            lines = (f"output size along axis 1: ({fmt(spatial[0])} - {pool[0]}) // "
                     f"{strides[0]} + 1 = {fmt(out[0])}" if padding == "valid" else
                     f"output size along axis 1: ceil({fmt(spatial[0])} / {strides[0]}) = "
                     f"{fmt(out[0])}",)
        return _result(name, self.TYPE, "keras", keras_join(tuple(out), ch, fmt_), lines)


@constants_only
class MaxPooling1D(_KerasPool):
    TYPE = "MaxPooling1D"
    RANK = 1


@constants_only
class MaxPooling2D(_KerasPool):
    TYPE = "MaxPooling2D"
    RANK = 2


@constants_only
class MaxPooling3D(_KerasPool):
    TYPE = "MaxPooling3D"
    RANK = 3


@dataclass(frozen=True)
class _KerasAvgPool(_KerasPool):
    """Keras AveragePooling has no default ``pool_size`` (MaxPooling defaults to 2)."""

    pool_size: object = field()  # no default: a bare annotation would inherit 2


@constants_only
class AveragePooling1D(_KerasAvgPool):
    TYPE = "AveragePooling1D"
    RANK = 1


@constants_only
class AveragePooling2D(_KerasAvgPool):
    TYPE = "AveragePooling2D"
    RANK = 2


@constants_only
class AveragePooling3D(_KerasAvgPool):
    TYPE = "AveragePooling3D"
    RANK = 3


@dataclass(frozen=True)
class _KerasGlobalPool(KerasLayer):
    RANK: ClassVar[int] = 2
    data_format: str | None = None
    keepdims: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        fmt_ = keras_data_format(self.data_format)
        keep = boolean(self.keepdims, "keepdims")
        split = _keras_split(input_shape, self.RANK, fmt_, self.TYPE)
        if split is None:
            return _result(name, self.TYPE, "keras", None)
        ch, _ = split
        out: Shape = keras_join((1,) * self.RANK, ch, fmt_) if keep else (ch,)
        return _result(name, self.TYPE, "keras", out,
                        ("one value per channel: the spatial axes are reduced away"
                         + (" (kept as size 1, keepdims=True)" if keep else ""),))


@constants_only
class GlobalMaxPooling1D(_KerasGlobalPool):
    TYPE = "GlobalMaxPooling1D"
    RANK = 1


@constants_only
class GlobalMaxPooling2D(_KerasGlobalPool):
    TYPE = "GlobalMaxPooling2D"
    RANK = 2


@constants_only
class GlobalMaxPooling3D(_KerasGlobalPool):
    TYPE = "GlobalMaxPooling3D"
    RANK = 3


@constants_only
class GlobalAveragePooling1D(_KerasGlobalPool):
    TYPE = "GlobalAveragePooling1D"
    RANK = 1


@constants_only
class GlobalAveragePooling2D(_KerasGlobalPool):
    TYPE = "GlobalAveragePooling2D"
    RANK = 2


@constants_only
class GlobalAveragePooling3D(_KerasGlobalPool):
    TYPE = "GlobalAveragePooling3D"
    RANK = 3


@dataclass(frozen=True)
class _KerasAdaptivePool(KerasLayer):
    RANK: ClassVar[int] = 2
    output_size: object
    data_format: str | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        size = int_tuple(self.output_size, self.RANK, "output_size")
        fmt_ = keras_data_format(self.data_format)
        split = _keras_split(input_shape, self.RANK, fmt_, self.TYPE)
        if split is None:
            return _result(name, self.TYPE, "keras", None)
        ch, _ = split
        return _result(name, self.TYPE, "keras", keras_join(size, ch, fmt_),
                       ("adaptive pooling: the output size is fixed by output_size",))


@constants_only
class AdaptiveAveragePooling1D(_KerasAdaptivePool):
    TYPE = "AdaptiveAveragePooling1D"
    RANK = 1


@constants_only
class AdaptiveAveragePooling2D(_KerasAdaptivePool):
    TYPE = "AdaptiveAveragePooling2D"
    RANK = 2


@constants_only
class AdaptiveAveragePooling3D(_KerasAdaptivePool):
    TYPE = "AdaptiveAveragePooling3D"
    RANK = 3


@constants_only
class AdaptiveMaxPooling1D(_KerasAdaptivePool):
    TYPE = "AdaptiveMaxPooling1D"
    RANK = 1


@constants_only
class AdaptiveMaxPooling2D(_KerasAdaptivePool):
    TYPE = "AdaptiveMaxPooling2D"
    RANK = 2


@constants_only
class AdaptiveMaxPooling3D(_KerasAdaptivePool):
    TYPE = "AdaptiveMaxPooling3D"
    RANK = 3


# -- PyTorch -------------------------------------------------------------------------------


def _torch_split(input_shape: Shape | None, rank: int, layer: str) -> Shape | None:
    if input_shape is None:
        return None
    torch_rank(input_shape, rank, layer)
    return input_shape


def torch_pool_length(size: Dim, kernel: int, stride: int, pad: int, dilation: int,
                      ceil_mode: bool, layer: str) -> Dim:
    """PyTorch's pooling output length (``pooling_output_shape``)."""
    if size is None:
        return None
    span = dilation * (kernel - 1) + 1
    num = size + 2 * pad - span + (stride - 1 if ceil_mode else 0)
    out = num // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    if out < 1:
        raise ParamError(
            f"{layer}: the kernel ({kernel}"
            + (f", spanning {span} with dilation {dilation}" if dilation > 1 else "")
            + f") is larger than the padded input ({size} + 2 × {pad}): the output would be "
            "empty.")
    return out


@dataclass(frozen=True)
class _TorchPool(TorchModule):
    RANK: ClassVar[int] = 2
    MAX: ClassVar[bool] = True

    def _pool(self, input_shape: Shape | None, name: str, kernel_size: object, stride: object,
              padding: object, dilation: object, ceil_mode: object) -> LayerResult:
        r = self.RANK
        k = int_tuple(kernel_size, r, "kernel_size")
        s = k if stride is None else int_tuple(stride, r, "stride")
        p = int_tuple(padding, r, "padding", allow_zero=True)
        d = int_tuple(dilation, r, "dilation")
        ceil = boolean(ceil_mode, "ceil_mode")
        for i in range(r):
            limit = (d[i] * (k[i] - 1) + 1) if self.MAX else k[i]
            if 2 * p[i] > limit:
                raise ParamError(
                    f"`padding` ({p[i]}) must be at most half of the kernel_size "
                    f"({k[i]}{' dilated' if self.MAX and d[i] > 1 else ''}).")
        shape = _torch_split(input_shape, r, self.TYPE)
        if shape is None:
            return _result(name, self.TYPE, "pytorch", None)
        if r == 3 and not self.MAX:
            # avg_pool3d (also behind LPPool3d) checks the unpadded input against the kernel.
            for i, n in enumerate(shape[1:]):
                if n is not None and n < k[i]:
                    raise ParamError(f"{self.TYPE}: the input ({n}) is smaller than the "
                                     f"kernel_size ({k[i]}) along spatial axis {i + 1}.")
        out = tuple(torch_pool_length(n, k[i], s[i], p[i], d[i], ceil, self.TYPE)
                    for i, n in enumerate(shape[1:]))
        lines: tuple[str, ...] = ()
        n0 = shape[1]
        if n0 is not None and out[0] is not None:
            rnd = "ceil" if ceil else "floor"
            lines = (f"output size along axis 1: {rnd}(({fmt(n0)} + 2 × {p[0]} - "
                     f"{d[0] * (k[0] - 1) + 1}) / {s[0]}) + 1 = {fmt(out[0])}",)
        return _result(name, self.TYPE, "pytorch", (shape[0], *out), lines)


@dataclass(frozen=True)
class _TorchMaxPool(_TorchPool):
    NO_EFFECT = frozenset({"return_indices"})
    kernel_size: object
    stride: object = None
    padding: object = 0
    dilation: object = 1
    return_indices: bool = False
    ceil_mode: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._pool(input_shape, name, self.kernel_size, self.stride, self.padding,
                          self.dilation, self.ceil_mode)


@constants_only
class MaxPool1d(_TorchMaxPool):
    TYPE = "MaxPool1d"
    RANK = 1


@constants_only
class MaxPool2d(_TorchMaxPool):
    TYPE = "MaxPool2d"
    RANK = 2


@constants_only
class MaxPool3d(_TorchMaxPool):
    TYPE = "MaxPool3d"
    RANK = 3


@dataclass(frozen=True)
class AvgPool1d(_TorchPool):
    TYPE = "AvgPool1d"
    RANK = 1
    MAX = False
    NO_EFFECT = frozenset({"count_include_pad"})
    kernel_size: object
    stride: object = None
    padding: object = 0
    ceil_mode: bool = False
    count_include_pad: bool = True

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._pool(input_shape, name, self.kernel_size, self.stride, self.padding, 1,
                          self.ceil_mode)


@dataclass(frozen=True)
class _TorchAvgPool(_TorchPool):
    MAX = False
    NO_EFFECT = frozenset({"count_include_pad", "divisor_override"})
    kernel_size: object
    stride: object = None
    padding: object = 0
    ceil_mode: bool = False
    count_include_pad: bool = True
    divisor_override: int | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._pool(input_shape, name, self.kernel_size, self.stride, self.padding, 1,
                          self.ceil_mode)


@constants_only
class AvgPool2d(_TorchAvgPool):
    TYPE = "AvgPool2d"
    RANK = 2


@constants_only
class AvgPool3d(_TorchAvgPool):
    TYPE = "AvgPool3d"
    RANK = 3


@dataclass(frozen=True)
class _TorchLPPool(_TorchPool):
    MAX = False
    norm_type: float
    kernel_size: object
    stride: object = None
    ceil_mode: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return self._pool(input_shape, name, self.kernel_size, self.stride, 0, 1,
                          self.ceil_mode)


@constants_only
class LPPool1d(_TorchLPPool):
    TYPE = "LPPool1d"
    RANK = 1


@constants_only
class LPPool2d(_TorchLPPool):
    TYPE = "LPPool2d"
    RANK = 2


@constants_only
class LPPool3d(_TorchLPPool):
    TYPE = "LPPool3d"
    RANK = 3


@dataclass(frozen=True)
class _TorchAdaptive(TorchModule):
    RANK: ClassVar[int] = 2
    NO_EFFECT = frozenset({"return_indices"})
    output_size: object
    return_indices: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        raw = self.output_size
        sizes: list[int | None]
        if raw is None:
            raise ParamError("`output_size` must be a whole number or a tuple (None is "
                             "allowed only inside the tuple, to keep that input size).")
        if isinstance(raw, int):
            sizes = [raw] * r
        elif isinstance(raw, (tuple, list)) and len(raw) == r:
            sizes = list(raw)
        else:
            raise ParamError(f"`output_size` must be a whole number or a tuple of {r}; got "
                             f"{raw!r}.")
        for v in sizes:
            if v is not None:
                positive_int(v, "output_size")
        shape = _torch_split(input_shape, r, self.TYPE)
        if shape is None:
            return _result(name, self.TYPE, "pytorch", None)
        out = tuple(shape[i + 1] if v is None else v for i, v in enumerate(sizes))
        return _result(name, self.TYPE, "pytorch", (shape[0], *out),
                       ("adaptive pooling: the output size is fixed by output_size "
                        "(None keeps that input size)",))


@constants_only
class AdaptiveAvgPool1d(_TorchAdaptive):
    TYPE = "AdaptiveAvgPool1d"
    RANK = 1


@constants_only
class AdaptiveAvgPool2d(_TorchAdaptive):
    TYPE = "AdaptiveAvgPool2d"
    RANK = 2


@constants_only
class AdaptiveAvgPool3d(_TorchAdaptive):
    TYPE = "AdaptiveAvgPool3d"
    RANK = 3


@constants_only
class AdaptiveMaxPool1d(_TorchAdaptive):
    TYPE = "AdaptiveMaxPool1d"
    RANK = 1


@constants_only
class AdaptiveMaxPool2d(_TorchAdaptive):
    TYPE = "AdaptiveMaxPool2d"
    RANK = 2


@constants_only
class AdaptiveMaxPool3d(_TorchAdaptive):
    TYPE = "AdaptiveMaxPool3d"
    RANK = 3


_KERAS_CLASSES: tuple[type[Layer], ...] = (
    MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D,
    AveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
    AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D,
    AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D,
)
KERAS: dict[str, type[Layer]] = {c.TYPE: c for c in _KERAS_CLASSES}
# Keras's own short aliases: keras.layers.MaxPool2D is MaxPooling2D, and so on.
KERAS.update({
    "MaxPool1D": MaxPooling1D, "MaxPool2D": MaxPooling2D, "MaxPool3D": MaxPooling3D,
    "AvgPool1D": AveragePooling1D, "AvgPool2D": AveragePooling2D,
    "AvgPool3D": AveragePooling3D,
    "GlobalMaxPool1D": GlobalMaxPooling1D, "GlobalMaxPool2D": GlobalMaxPooling2D,
    "GlobalMaxPool3D": GlobalMaxPooling3D,
    "GlobalAvgPool1D": GlobalAveragePooling1D, "GlobalAvgPool2D": GlobalAveragePooling2D,
    "GlobalAvgPool3D": GlobalAveragePooling3D,
})

TORCH: dict[str, type[Layer]] = {
    c.TYPE: c for c in (
        MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, LPPool1d, LPPool2d,
        LPPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d,
        AdaptiveMaxPool2d, AdaptiveMaxPool3d,
    )
}
