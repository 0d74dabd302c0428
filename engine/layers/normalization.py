"""Normalisation layers: Keras BatchNormalization/LayerNormalization/GroupNormalization/
RMSNormalization/UnitNormalization, PyTorch BatchNorm*/InstanceNorm*/LayerNorm/GroupNorm/
RMSNorm/LocalResponseNorm.

Keras indexes ``axis`` over the batched shape (axis 0 is the batch), so ``axis=-1`` is the
last feature axis and ``axis=1`` the first one after the batch. PyTorch normalisation
layers are channels-first: the channel axis is the first one after the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from ..core import (
    Layer,
    LayerResult,
    MissingInput,
    Shape,
    Weight,
    boolean,
    constants_only,
    dict_init,
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

# -- helpers shared by the family ------------------------------------------------------


def keras_axis(axis: object, input_shape: Shape, layer: str, arg: str = "axis") -> int:
    """A Keras axis (batch axis = 0, negatives from the end) as an index into the
    batch-free ``input_shape``; refuses the batch axis and axes the input does not have."""
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ParamError(f"{layer}: `{arg}` must be a whole number here; got {axis!r}.")
    rank = len(input_shape) + 1
    a = axis + rank if axis < 0 else axis
    if a == 0:
        raise ParamError(
            f"{layer}: `{arg}`={axis} is the batch axis; normalise over a feature axis "
            f"(for example {arg}=-1)."
        )
    if not 0 < a < rank:
        raise ParamError(
            f"{layer}: `{arg}`={axis} is out of range for an input of shape "
            f"{shape_text(input_shape)} (batch axis not counted)."
        )
    return a - 1


def keras_axes(axis: object, input_shape: Shape, layer: str) -> tuple[int, ...]:
    """An int or a list of Keras axes, as sorted indices into the batch-free shape."""
    if isinstance(axis, (list, tuple)):
        if not axis:
            raise ParamError(f"{layer}: `axis` must name at least one axis.")
        got = sorted({keras_axis(a, input_shape, layer) for a in axis})
        return tuple(got)
    return (keras_axis(axis, input_shape, layer),)


def _known_dims(input_shape: Shape, axes: Sequence[int], layer: str, what: str) -> tuple[int, ...]:
    dims: list[int] = []
    for a in axes:
        d = input_shape[a]
        if d is None:
            raise MissingInput(layer, what)
        dims.append(d)
    return tuple(dims)


def _keras_channels(axis: object, input_shape: Shape | None, layer: str, what: str,
                    rule: str = "") -> tuple[Shape, int]:
    """The input shape and the size of the single axis a BatchNormalization or
    GroupNormalization normalises (``rule`` says where a list of axes is refused)."""
    shape = require_shape(input_shape, layer, what)
    if isinstance(axis, (list, tuple)):
        raise ParamError(f"{layer}: `axis` must be a single axis (an int){rule}; got {axis!r}.")
    return shape, _known_dims(shape, (keras_axis(axis, shape, layer),), layer, what)[0]


def _keras_axes_sizes(axis: object, input_shape: Shape | None, layer: str,
                      what: str) -> tuple[Shape, tuple[int, ...]]:
    """The input shape and the sizes of the axes a LayerNormalization or RMSNormalization
    normalises (its weights are shaped like them)."""
    shape = require_shape(input_shape, layer, what)
    return shape, _known_dims(shape, keras_axes(axis, shape, layer), layer, what)


def _gamma_beta(scale: bool, center: bool) -> list[str]:
    """The Keras affine weights a layer keeps: gamma with scale=True, beta with center=True."""
    return [n for n, on in (("gamma", scale), ("beta", center)) if on]


def _weight_bias(affine: bool, bias: bool) -> list[str]:
    """The PyTorch affine weights a layer keeps: none without affine, bias only if asked."""
    return (["weight", "bias"] if bias else ["weight"]) if affine else []


def _torch_shape(value: object, arg: str) -> tuple[int, ...]:
    """PyTorch ``normalized_shape``: an int or a list of ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (positive_int(value, arg),)
    if isinstance(value, (list, tuple)) and value:
        return tuple(positive_int(v, arg) for v in value)
    raise ParamError(f"`{arg}` must be a size or a list of sizes, like 512 or [10, 512]; "
                     f"got {value!r}.")


# -- Keras -------------------------------------------------------------------------------


@dict_init
@dataclass(frozen=True)
class BatchNormalization(KerasLayer):
    TYPE = "BatchNormalization"
    NO_EFFECT = frozenset({"momentum", "epsilon", "renorm_clipping", "renorm_momentum",
                           "synchronized"})
    axis: int = -1
    momentum: float = 0.99
    epsilon: float = 0.001
    center: bool = True
    scale: bool = True
    beta_initializer: object = "zeros"
    gamma_initializer: object = "ones"
    moving_mean_initializer: object = "zeros"
    moving_variance_initializer: object = "ones"
    beta_regularizer: object = None
    gamma_regularizer: object = None
    beta_constraint: object = None
    gamma_constraint: object = None
    renorm: bool = False
    renorm_clipping: object = None
    renorm_momentum: float = 0.99
    synchronized: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        center = boolean(self.center, "center")
        scale = boolean(self.scale, "scale")
        renorm = boolean(self.renorm, "renorm")
        shape, c = _keras_channels(self.axis, input_shape, "BatchNormalization",
                                   "input channels (the size of the normalised axis)",
                                   " in Keras 3")
        t = self.trainable
        weights: list[Weight] = []
        learned = _gamma_beta(scale, center)
        for n in learned:
            weights.append(Weight(n, (c,), trainable=t))
        stats = ["moving_mean", "moving_variance"]
        if renorm:
            stats += ["moving_stddev", "renorm_mean", "renorm_stddev"]
        for n in stats:
            weights.append(Weight(n, (c,), trainable=False))
        lines: list[str] = []
        if learned:
            lines.append(f"{' + '.join(learned)} ({'trainable' if t else 'frozen'}): "
                         f"{len(learned)} × {fmt(c)} = {fmt(len(learned) * c)}")
        else:
            lines.append("center=False and scale=False: no gamma or beta")
        lines.append(f"{' + '.join(stats)} (non-trainable statistics): {len(stats)} × "
                     f"{fmt(c)} = {fmt(len(stats) * c)}")
        total = (len(learned) + len(stats)) * c
        lines.append(f"total = {fmt(total)} (trainable {fmt(len(learned) * c if t else 0)})")
        notes = (
            f"Keras counts moving_mean and moving_variance in Total params as non-trainable "
            f"({fmt(2 * c)} here); PyTorch nn.BatchNorm keeps them as buffers outside "
            f"parameters(), so the same layer there has {fmt(len(learned) * c)} parameters "
            f"and {fmt(2 * c + 1)} buffer elements (with num_batches_tracked).",
        )
        return LayerResult(name, "BatchNormalization", "keras", tuple(weights), shape,
                           tuple(lines), notes, macs=elements(shape))


@dict_init
@dataclass(frozen=True)
class LayerNormalization(KerasLayer):
    TYPE = "LayerNormalization"
    NO_EFFECT = frozenset({"epsilon"})
    axis: object = -1
    epsilon: float = 0.001
    center: bool = True
    scale: bool = True
    beta_initializer: object = "zeros"
    gamma_initializer: object = "ones"
    beta_regularizer: object = None
    gamma_regularizer: object = None
    beta_constraint: object = None
    gamma_constraint: object = None
    #: Accepted by Keras through ``**kwargs``: RMS scaling keeps gamma only.
    rms_scaling: bool = field(default=False, kw_only=True)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        center = boolean(self.center, "center")
        scale = boolean(self.scale, "scale")
        rms = boolean(self.rms_scaling, "rms_scaling")
        shape, pshape = _keras_axes_sizes(self.axis, input_shape, "LayerNormalization",
                                          "size of the normalised axis")
        t = self.trainable
        names = ["gamma"] if rms else _gamma_beta(scale, center)
        weights = tuple(Weight(n, pshape, trainable=t) for n in names)
        per = product(pshape)
        over = dims_text(pshape)
        if rms:
            lines = [f"rms_scaling=True: gamma only, shaped like the normalised axes "
                     f"({over}) = {fmt(per)}"]
        elif names:
            lines = [f"{' + '.join(names)}, each shaped like the normalised axes ({over}): "
                     f"{len(names)} × {fmt(per)} = {fmt(len(names) * per)}"]
        else:
            lines = ["center=False and scale=False: no weights"]
        return LayerResult(name, "LayerNormalization", "keras", weights, shape, tuple(lines),
                           macs=elements(shape))


@dataclass(frozen=True)
class GroupNormalization(KerasLayer):
    TYPE = "GroupNormalization"
    NO_EFFECT = frozenset({"epsilon"})
    groups: int = 32
    axis: int = -1
    epsilon: float = 0.001
    center: bool = True
    scale: bool = True
    beta_initializer: object = "zeros"
    gamma_initializer: object = "ones"
    beta_regularizer: object = None
    gamma_regularizer: object = None
    beta_constraint: object = None
    gamma_constraint: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        g = self.groups
        if isinstance(g, bool) or not isinstance(g, int) or (g < 1 and g != -1):
            raise ParamError(f"GroupNormalization: `groups` must be a positive whole number "
                             f"(or -1 for one group per channel); got {g!r}.")
        center = boolean(self.center, "center")
        scale = boolean(self.scale, "scale")
        shape, c = _keras_channels(self.axis, input_shape, "GroupNormalization",
                                   "number of channels")
        groups = c if g == -1 else positive_int(g, "groups")
        if groups > c:
            raise ParamError(f"GroupNormalization: groups={groups} is more than the {c} "
                             f"channels; use at most {c} groups.")
        if c % groups:
            raise ParamError(f"GroupNormalization: {c} channels cannot be split into "
                             f"groups={groups} equal groups; groups must divide the "
                             f"channels ({c}).")
        t = self.trainable
        names = _gamma_beta(scale, center)
        weights = tuple(Weight(n, (c,), trainable=t) for n in names)
        lines = (f"{' + '.join(names) or 'no gamma or beta'}: per channel, whatever the "
                 f"groups: {len(names)} × {fmt(c)} = {fmt(len(names) * c)}",
                 f"{groups} groups of {c // groups} channels share statistics, not weights")
        return LayerResult(name, "GroupNormalization", "keras", weights, shape, lines,
                           macs=elements(shape))


@dataclass(frozen=True)
class RMSNormalization(KerasLayer):
    TYPE = "RMSNormalization"
    NO_EFFECT = frozenset({"epsilon"})
    axis: object = -1
    epsilon: float = 1e-06

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        shape, pshape = _keras_axes_sizes(self.axis, input_shape, "RMSNormalization",
                                          "size of the normalised axis")
        per = product(pshape)
        line = f"scale, shaped like the normalised axes ({dims_text(pshape)}) = {fmt(per)}"
        return LayerResult(name, "RMSNormalization", "keras",
                           (Weight("scale", pshape, trainable=self.trainable),), shape,
                           (line,), macs=elements(shape))


@dataclass(frozen=True)
class UnitNormalization(KerasLayer):
    TYPE = "UnitNormalization"
    axis: object = -1

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return LayerResult(name, "UnitNormalization", "keras", (), input_shape,
                           ("UnitNormalization has no weights: 0",), macs=elements(input_shape))


# -- PyTorch -----------------------------------------------------------------------------


@dict_init
@dataclass(frozen=True)
class _TorchBatchNorm(TorchModule):
    """BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d share one constructor signature."""

    NO_EFFECT = frozenset({"eps", "momentum"})
    SPATIAL: ClassVar[int] = 2
    num_features: int
    eps: float = 1e-05
    momentum: float | None = 0.1
    affine: bool = True
    track_running_stats: bool = True
    device: object = None
    dtype: object = None
    bias: bool = field(default=True, kw_only=True)

    def _ranks(self) -> tuple[int, ...]:
        # BatchNorm1d takes (C) or (C, L) per example; the others need every spatial axis.
        return (1, 2) if self.TYPE == "BatchNorm1d" else (self.SPATIAL + 1,)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        c = positive_int(self.num_features, "num_features")
        affine = boolean(self.affine, "affine")
        track = boolean(self.track_running_stats, "track_running_stats")
        bias = boolean(self.bias, "bias")
        out = _channels_first(input_shape, c, self.TYPE, "num_features", self._ranks())
        if out is None and self.TYPE != "BatchNorm1d":
            out = (c, *(None,) * self.SPATIAL)
        weights: list[Weight] = []
        learned = _weight_bias(affine, bias)
        weights += [Weight(n, (c,)) for n in learned]
        if track:
            weights += [Weight("running_mean", (c,), buffer=True),
                        Weight("running_var", (c,), buffer=True),
                        Weight("num_batches_tracked", (), buffer=True)]
        lines = [
            f"{' + '.join(learned)} (affine): {len(learned)} × {fmt(c)} = "
            f"{fmt(len(learned) * c)}" if learned else "affine=False: no weight or bias",
            f"buffers running_mean + running_var + num_batches_tracked = 2 × {fmt(c)} + 1 = "
            f"{fmt(2 * c + 1)} (not parameters)" if track
            else "track_running_stats=False: no running statistics",
        ]
        notes: tuple[str, ...] = ()
        if self.TYPE.startswith("BatchNorm"):
            notes = (
                f"PyTorch keeps running_mean and running_var as buffers, outside "
                f"parameters(): {fmt(len(learned) * c)} parameters here. Keras "
                f"BatchNormalization counts its moving mean and variance as non-trainable "
                f"params, so it reports {fmt(len(learned) * c + 2 * c)} in total.",
            )
        return LayerResult(name, self.TYPE, "pytorch", tuple(weights), out, tuple(lines),
                           notes, macs=elements(out))


@constants_only
class BatchNorm1d(_TorchBatchNorm):
    TYPE = "BatchNorm1d"
    SPATIAL = 1


@constants_only
class BatchNorm2d(_TorchBatchNorm):
    TYPE = "BatchNorm2d"
    SPATIAL = 2


@constants_only
class BatchNorm3d(_TorchBatchNorm):
    TYPE = "BatchNorm3d"
    SPATIAL = 3


@dataclass(frozen=True)
class _TorchInstanceNorm(_TorchBatchNorm):
    """BatchNorm's arguments and counting, with affine and running statistics off."""

    affine: bool = False
    track_running_stats: bool = False


@constants_only
class InstanceNorm1d(_TorchInstanceNorm):
    TYPE = "InstanceNorm1d"
    SPATIAL = 1


@constants_only
class InstanceNorm2d(_TorchInstanceNorm):
    TYPE = "InstanceNorm2d"
    SPATIAL = 2


@constants_only
class InstanceNorm3d(_TorchInstanceNorm):
    TYPE = "InstanceNorm3d"
    SPATIAL = 3


def _channels_first(input_shape: Shape | None, c: int, layer: str, arg: str,
                    ranks: tuple[int, ...]) -> Shape | None:
    """Check a channels-first input against ``c`` channels; the output has its shape."""
    if input_shape is None:
        return None
    if len(input_shape) not in ranks:
        want = " or ".join(f"{r + 1}-D" for r in ranks)
        raise ParamError(f"{layer} expects a {want} input (batch included); got the shape "
                         f"{shape_text(input_shape)} per example.")
    got = input_shape[0]
    if got is not None and got != c:
        raise ParamError(f"{layer}({fmt(c)}) expects {arg}={fmt(c)} channels first, but the "
                         f"input {shape_text(input_shape)} has {fmt(got)}.")
    return input_shape


@dict_init
@dataclass(frozen=True)
class LayerNorm(TorchModule):
    TYPE = "LayerNorm"
    NO_EFFECT = frozenset({"eps"})
    normalized_shape: object
    eps: float = 1e-05
    elementwise_affine: bool = True
    bias: bool = True
    device: object = None
    dtype: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        pshape = _torch_shape(self.normalized_shape, "normalized_shape")
        affine = boolean(self.elementwise_affine, "elementwise_affine")
        bias = boolean(self.bias, "bias")
        _check_trailing(input_shape, pshape, "LayerNorm")
        names = _weight_bias(affine, bias)
        per = product(pshape)
        weights = tuple(Weight(n, pshape) for n in names)
        line = (f"{' + '.join(names)}, each shaped like normalized_shape "
                f"({dims_text(pshape)}): {len(names)} × {fmt(per)} = {fmt(len(names) * per)}"
                if names else "elementwise_affine=False: no weights")
        return LayerResult(name, "LayerNorm", "pytorch", weights, input_shape, (line,),
                           macs=elements(input_shape))


@dataclass(frozen=True)
class RMSNorm(TorchModule):
    TYPE = "RMSNorm"
    NO_EFFECT = frozenset({"eps"})
    normalized_shape: object
    eps: float | None = None
    elementwise_affine: bool = True
    device: object = None
    dtype: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        pshape = _torch_shape(self.normalized_shape, "normalized_shape")
        affine = boolean(self.elementwise_affine, "elementwise_affine")
        _check_trailing(input_shape, pshape, "RMSNorm")
        per = product(pshape)
        weights = (Weight("weight", pshape),) if affine else ()
        line = (f"weight, shaped like normalized_shape ({dims_text(pshape)}) = {fmt(per)}"
                if affine else "elementwise_affine=False: no weights")
        return LayerResult(name, "RMSNorm", "pytorch", weights, input_shape, (line,),
                           macs=elements(input_shape))


def _check_trailing(input_shape: Shape | None, pshape: tuple[int, ...], layer: str) -> None:
    if input_shape is None:
        return
    tail = input_shape[len(input_shape) - len(pshape):]
    ok = len(input_shape) >= len(pshape) and all(
        d is None or d == p for d, p in zip(tail, pshape, strict=True))
    if not ok:
        raise ParamError(f"{layer}: normalized_shape {list(pshape)} must match the last "
                         f"axes of the input {shape_text(input_shape)}.")


@dataclass(frozen=True)
class GroupNorm(TorchModule):
    TYPE = "GroupNorm"
    NO_EFFECT = frozenset({"eps"})
    num_groups: int
    num_channels: int
    eps: float = 1e-05
    affine: bool = True
    device: object = None
    dtype: object = None
    bias: bool = field(default=True, kw_only=True)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        g = positive_int(self.num_groups, "num_groups")
        c = positive_int(self.num_channels, "num_channels")
        affine = boolean(self.affine, "affine")
        bias = boolean(self.bias, "bias")
        if c % g:
            raise ParamError(f"GroupNorm: num_channels ({c}) must be divisible by num_groups "
                             f"({g}); {g} groups cannot split {c} channels evenly.")
        if input_shape is not None:
            if len(input_shape) < 1:
                raise ParamError("GroupNorm needs a channels-first input (C, ...).")
            got = input_shape[0]
            if got is not None and got != c:
                raise ParamError(f"GroupNorm expects num_channels={c} channels first, but "
                                 f"the input {shape_text(input_shape)} has {got}.")
        names = _weight_bias(affine, bias)
        weights = tuple(Weight(n, (c,)) for n in names)
        lines = (f"{' + '.join(names) or 'affine=False: no weights'}"
                 + (f": per channel, whatever the groups: {len(names)} × {fmt(c)} = "
                    f"{fmt(len(names) * c)}" if names else ""),
                 f"{g} groups of {c // g} channels share statistics, not weights")
        return LayerResult(name, "GroupNorm", "pytorch", weights, input_shape, lines,
                           macs=elements(input_shape))


@dataclass(frozen=True)
class LocalResponseNorm(TorchModule):
    TYPE = "LocalResponseNorm"
    NO_EFFECT = frozenset({"alpha", "beta", "k"})
    size: int
    alpha: float = 0.0001
    beta: float = 0.75
    k: float = 1.0

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        positive_int(self.size, "size", allow_zero=True)
        return LayerResult(name, "LocalResponseNorm", "pytorch", (), input_shape,
                           ("LocalResponseNorm has no weights: 0",), macs=None)


KERAS: dict[str, type[Layer]] = {
    "BatchNormalization": BatchNormalization,
    "LayerNormalization": LayerNormalization,
    "GroupNormalization": GroupNormalization,
    "RMSNormalization": RMSNormalization,
    "UnitNormalization": UnitNormalization,
}
TORCH: dict[str, type[Layer]] = {
    "BatchNorm1d": BatchNorm1d,
    "BatchNorm2d": BatchNorm2d,
    "BatchNorm3d": BatchNorm3d,
    "InstanceNorm1d": InstanceNorm1d,
    "InstanceNorm2d": InstanceNorm2d,
    "InstanceNorm3d": InstanceNorm3d,
    "LayerNorm": LayerNorm,
    "GroupNorm": GroupNorm,
    "RMSNorm": RMSNorm,
    "LocalResponseNorm": LocalResponseNorm,
}
