"""Convolutions: Keras Conv1D-3D and PyTorch Conv1d-3d, and the windows (kernel, strides,
padding, dilation) every convolution and pooling shares. The other convolutions
(transposed, separable, depthwise, ConvLSTM) are in convolution_variants.py: a module is
imported when a question first needs one of its classes, and each frozen dataclass
compiles its methods then, so the common ones come without the rare ones.

Keras images are channels-last by default, ``(height, width, channels)``; PyTorch ones are
channels-first, ``(channels, height, width)``. Strides, padding and dilation change the
output size but never the count: a kernel is the same size wherever it is applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..core import (
    Dim,
    Layer,
    LayerResult,
    MissingInput,
    Shape,
    Weight,
    boolean,
    check_total,
    choice,
    constants_only,
    dict_init,
    dims_text,
    fmt,
    int_tuple,
    over_positions,
    positive_int,
    require_shape,
    shape_text,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule

_KERNEL_WORDS = {
    1: ("kernel_size",),
    2: ("kernel_h", "kernel_w"),
    3: ("kernel_d", "kernel_h", "kernel_w"),
}
SPATIAL_WORDS = {1: "length", 2: "height × width", 3: "depth × height × width"}
_STRIDE_NOTE = "strides, padding and dilation change the output size, not the count."


# -- helpers shared with pooling.py -------------------------------------------------------


def kernel_words(rank: int) -> str:
    return " × ".join(_KERNEL_WORDS[rank])


def keras_data_format(value: object) -> str:
    if value is None:
        return "channels_last"
    return choice(value, "data_format", ("channels_last", "channels_first"))


def keras_padding(value: object, *, causal: bool = False) -> str:
    options = ("valid", "same", "causal") if causal else ("valid", "same")
    return choice(value, "padding", options)


def keras_split(
    input_shape: Shape | None, rank: int, data_format: str, layer: str, extra: int = 0
) -> tuple[int, Shape, Shape]:
    """Split a Keras input into (channels, spatial sizes, leading axes such as time)."""
    last = data_format == "channels_last"
    example = {1: "(100, 8)", 2: "(28, 28, 1)", 3: "(16, 112, 112, 3)"}[rank]
    if not last:
        example = {1: "(8, 100)", 2: "(1, 28, 28)", 3: "(3, 16, 112, 112)"}[rank]
    if extra:
        example = "(10, " + example[1:]
    shape = require_shape(input_shape, layer, f"input shape, for example {example}")
    want = rank + 1 + extra
    axes = ("time, " if extra else "") + (
        f"{SPATIAL_WORDS[rank]} × channels" if last else f"channels × {SPATIAL_WORDS[rank]}"
    )
    if len(shape) == want - 1:
        raise ParamError(
            f"{layer} needs an input with a channel axis ({axes}); {shape_text(shape)} "
            f"has no channel axis. For one grayscale channel write {example}."
        )
    if len(shape) != want:
        raise ParamError(
            f"{layer} expects a {want}-D input ({axes}) without the batch axis; got "
            f"{shape_text(shape)}."
        )
    lead, body = shape[:extra], shape[extra:]
    channels = body[-1] if last else body[0]
    spatial = body[:-1] if last else body[1:]
    if channels is None:
        raise MissingInput(layer, "number of input channels")
    return channels, spatial, lead


def keras_join(spatial: Shape, channels: Dim, data_format: str) -> Shape:
    return (*spatial, channels) if data_format == "channels_last" else (channels, *spatial)


def keras_conv_length(
    size: Dim, kernel: int, stride: int, padding: str, dilation: int, axis: int
) -> Dim:
    """Keras output length (``compute_conv_output_shape``), refusing an empty output."""
    if size is None:
        return None
    if padding != "valid":
        return (size - 1) // stride + 1
    span = dilation * (kernel - 1) + 1
    out = (size - span) // stride + 1
    if out <= 0:
        spans = f" (spanning {span} with dilation {dilation})" if dilation > 1 else ""
        raise ParamError(
            f"The kernel ({kernel}{spans}) is larger than the input ({size}) along spatial "
            f"axis {axis + 1}: with padding='valid' the output size would be "
            f"{(size - span) // stride + 1}. Use a smaller kernel, a larger input, or "
            "padding='same'."
        )
    return out


def check_stride_dilation(strides: Sequence[int], dilation: Sequence[int]) -> None:
    if max(strides) > 1 and max(dilation) > 1:
        raise ParamError(
            f"Keras does not support `strides` > 1 together with `dilation_rate` > 1 "
            f"(got strides={_tup(strides)}, dilation_rate={_tup(dilation)})."
        )


def _tup(values: Sequence[int]) -> str:
    return str(values[0]) if len(set(values)) == 1 else str(tuple(values))


def _bias_line(core_words: str, core_nums: str, total: int, bias: int | None) -> str:
    if bias is None:
        return f"{core_words} (no bias) = {core_nums} = {fmt(total)}"
    return f"{core_words} + bias = {core_nums} + {fmt(bias)} = {fmt(total)}"


def _kernel_and_bias(
    kernel: Weight, bias: Weight | None, words: str, layer: str
) -> tuple[tuple[Weight, ...], int, str]:
    """A kernel and its optional bias: the weights, the kernel's size (the MACs at one
    output position) and the derivation line; refuses an absurd total first."""
    core = kernel.size
    total = core + (0 if bias is None else bias.size)
    check_total(total, layer)
    line = _bias_line(words, dims_text(kernel.shape), total, None if bias is None else bias.size)
    return ((kernel,) if bias is None else (kernel, bias)), core, line


@dict_init
@dataclass(frozen=True)
class KerasWindow:
    """The window arguments every Keras convolution checks alike (kernel_size, strides,
    dilation_rate, padding, data_format, use_bias), parsed once for all of them."""

    rank: int
    kernel: tuple[int, ...]
    strides: tuple[int, ...]
    dilation: tuple[int, ...]
    padding: str
    data_format: str
    use_bias: bool

    @classmethod
    def parse(
        cls, rank: int, kernel_size: object, strides: object, dilation_rate: object,
        padding: object, data_format: object, use_bias: object, *, causal: bool = False,
    ) -> KerasWindow:
        # Checked in this order so that the first bad argument is the one reported.
        k = int_tuple(kernel_size, rank, "kernel_size")
        s = int_tuple(strides, rank, "strides")
        d = int_tuple(dilation_rate, rank, "dilation_rate")
        return cls(rank, k, s, d, keras_padding(padding, causal=causal),
                   keras_data_format(data_format), boolean(use_bias, "use_bias"))

    def check_stride_dilation(self) -> None:
        check_stride_dilation(self.strides, self.dilation)

    def split(self, input_shape: Shape | None, layer: str, extra: int = 0
              ) -> tuple[int, Shape, Shape]:
        return keras_split(input_shape, self.rank, self.data_format, layer, extra)

    def lengths(self, spatial: Shape) -> Shape:
        """Output sizes of a (non-transposed) convolution over ``spatial``."""
        return tuple(keras_conv_length(n, self.kernel[i], self.strides[i], self.padding,
                                       self.dilation[i], i) for i, n in enumerate(spatial))

    def join(self, spatial: Shape, channels: int) -> Shape:
        return keras_join(spatial, channels, self.data_format)


# -- Keras ---------------------------------------------------------------------------------


@dict_init
@dataclass(frozen=True)
class _KerasConv(KerasLayer):
    RANK: ClassVar[int] = 2
    filters: int
    kernel_size: object
    strides: object = 1
    padding: str = "valid"
    data_format: str | None = None
    dilation_rate: object = 1
    groups: int = 1
    activation: object = None
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    bias_constraint: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        filters = positive_int(self.filters, "filters")
        groups = positive_int(self.groups, "groups")
        win = KerasWindow.parse(r, self.kernel_size, self.strides, self.dilation_rate,
                                self.padding, self.data_format, self.use_bias, causal=r == 1)
        if filters % groups:
            raise ParamError(
                f"`filters` ({filters}) must be evenly divisible by `groups` ({groups})."
            )
        win.check_stride_dilation()
        ch, spatial, _ = win.split(input_shape, self.TYPE)
        if ch % groups:
            raise ParamError(
                f"The input's {ch} channels must be evenly divisible by `groups` ({groups})."
            )
        out = win.lengths(spatial)
        per = ch // groups
        t = self.trainable
        words = f"{kernel_words(r)} × {'in_channels/groups' if groups > 1 else 'in_channels'} × filters"
        weights, core, line = _kernel_and_bias(
            Weight("kernel", (*win.kernel, per, filters), trainable=t),
            Weight("bias", (filters,), trainable=t) if win.use_bias else None,
            words, self.TYPE)
        lines = [line]
        if groups > 1:
            lines.append(f"groups={groups}: each filter sees {fmt(ch)} / {groups} = {fmt(per)} "
                         "input channels")
        wide = max(win.strides) > 1 or max(win.dilation) > 1 or win.padding != "valid"
        notes = [_STRIDE_NOTE] if wide else []
        return LayerResult(name, self.TYPE, "keras", weights, win.join(out, filters),
                           tuple(lines), tuple(notes), macs=over_positions(out, core))


@constants_only
class Conv1D(_KerasConv):
    TYPE = "Conv1D"
    RANK = 1


@constants_only
class Conv2D(_KerasConv):
    TYPE = "Conv2D"
    RANK = 2


@constants_only
class Conv3D(_KerasConv):
    TYPE = "Conv3D"
    RANK = 3


def torch_rank(input_shape: Shape, rank: int, layer: str) -> None:
    """Refuse a PyTorch input that is not (channels, *spatial) with ``rank`` spatial axes."""
    if len(input_shape) != rank + 1:
        raise ParamError(
            f"{layer} expects a channels-first input (channels × {SPATIAL_WORDS[rank]}) "
            f"without the batch axis, {rank + 1} sizes; got {shape_text(input_shape)}."
        )


def torch_split(
    input_shape: Shape | None, rank: int, in_channels: int, layer: str, arg: str = "in_channels"
) -> Shape:
    """Spatial sizes of a channels-first PyTorch input; unknown input -> all None."""
    if input_shape is None:
        return (None,) * rank
    torch_rank(input_shape, rank, layer)
    ch = input_shape[0]
    if ch is not None and ch != in_channels:
        raise ParamError(
            f"{layer} expects {arg}={fmt(in_channels)} but the input has {fmt(ch)} channels "
            f"(PyTorch is channels-first: the first size of {shape_text(input_shape)})."
        )
    return input_shape[1:]


def torch_conv_length(size: Dim, kernel: int, stride: int, pad: int, dilation: int,
                      layer: str, axis: int) -> Dim:
    if size is None:
        return None
    span = dilation * (kernel - 1) + 1
    if size + 2 * pad < span:
        raise ParamError(
            f"{layer}: the kernel ({kernel}"
            + (f", spanning {span} with dilation {dilation}" if dilation > 1 else "")
            + f") is larger than the padded input ({size} + 2 × {pad} = {size + 2 * pad}) "
            f"along spatial axis {axis + 1}."
        )
    return (size + 2 * pad - span) // stride + 1


@dict_init
@dataclass(frozen=True)
class TorchWindow:
    """The arguments PyTorch's Conv and ConvTranspose check alike (in_channels,
    out_channels, groups, kernel_size, stride, dilation, bias), parsed once for both."""

    rank: int
    in_channels: int
    out_channels: int
    groups: int
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    bias: bool

    @classmethod
    def parse(
        cls, rank: int, in_channels: object, out_channels: object, groups: object,
        kernel_size: object, stride: object, dilation: object, bias: object,
    ) -> TorchWindow:
        # Checked in this order so that the first bad argument is the one reported.
        return cls(rank, positive_int(in_channels, "in_channels"),
                   positive_int(out_channels, "out_channels"), positive_int(groups, "groups"),
                   int_tuple(kernel_size, rank, "kernel_size"),
                   int_tuple(stride, rank, "stride"), int_tuple(dilation, rank, "dilation"),
                   boolean(bias, "bias"))

    def check_groups(self) -> None:
        """Both channel counts must split evenly into the groups."""
        n_in, n_out, groups = self.in_channels, self.out_channels, self.groups
        if n_in % groups:
            raise ParamError(f"`in_channels` ({n_in}) must be divisible by `groups` ({groups}).")
        if n_out % groups:
            raise ParamError(
                f"`out_channels` ({n_out}) must be divisible by `groups` ({groups}).")


@dict_init
@dataclass(frozen=True)
class _TorchConv(TorchModule):
    RANK: ClassVar[int] = 2
    NO_EFFECT = frozenset({"padding_mode"})
    in_channels: int
    out_channels: int
    kernel_size: object
    stride: object = 1
    padding: object = 0
    dilation: object = 1
    groups: int = 1
    bias: bool = True
    padding_mode: str = "zeros"

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        win = TorchWindow.parse(r, self.in_channels, self.out_channels, self.groups,
                                self.kernel_size, self.stride, self.dilation, self.bias)
        n_in, n_out, groups = win.in_channels, win.out_channels, win.groups
        k, s, d = win.kernel, win.stride, win.dilation
        choice(self.padding_mode, "padding_mode", ("zeros", "reflect", "replicate", "circular"))
        win.check_groups()
        same = False
        if isinstance(self.padding, str):
            mode = choice(self.padding, "padding", ("valid", "same"))
            same = mode == "same"
            if same and max(s) > 1:
                raise ParamError("padding='same' is not supported with `stride` > 1 in "
                                 "PyTorch; give the padding as a number instead.")
            pad: tuple[int, ...] = (0,) * r
        else:
            pad = int_tuple(self.padding, r, "padding", allow_zero=True)
        spatial = torch_split(input_shape, r, n_in, self.TYPE)
        if same:
            out: Shape = tuple(spatial)
        else:
            out = tuple(torch_conv_length(n, k[i], s[i], pad[i], d[i], self.TYPE, i)
                        for i, n in enumerate(spatial))
        per = n_in // groups
        words = (f"out_channels × {'in_channels/groups' if groups > 1 else 'in_channels'} × "
                 f"{kernel_words(r)}")
        weights, core, line = _kernel_and_bias(
            Weight("weight", (n_out, per, *k)),
            Weight("bias", (n_out,)) if win.bias else None, words, self.TYPE)
        lines = [line]
        if groups > 1:
            lines.append(f"groups={groups}: each output channel sees {fmt(n_in)} / {groups} = "
                         f"{fmt(per)} input channels")
        notes = []
        if max(s) > 1 or max(d) > 1 or same or max(pad) > 0:
            notes.append(_STRIDE_NOTE.replace("strides", "stride"))
        if groups == n_in and groups > 1:
            notes.append("groups = in_channels makes this a depthwise convolution.")
        return LayerResult(name, self.TYPE, "pytorch", weights, (n_out, *out),
                           tuple(lines), tuple(notes),
                           macs=over_positions(out, core))


@constants_only
class Conv1d(_TorchConv):
    TYPE = "Conv1d"
    RANK = 1


@constants_only
class Conv2d(_TorchConv):
    TYPE = "Conv2d"
    RANK = 2


@constants_only
class Conv3d(_TorchConv):
    TYPE = "Conv3d"
    RANK = 3


KERAS: dict[str, type[Layer]] = {
    "Conv1D": Conv1D, "Conv2D": Conv2D, "Conv3D": Conv3D,
    "Convolution1D": Conv1D, "Convolution2D": Conv2D, "Convolution3D": Conv3D,
}
TORCH: dict[str, type[Layer]] = {
    "Conv1d": Conv1d, "Conv2d": Conv2d, "Conv3d": Conv3d,
}
