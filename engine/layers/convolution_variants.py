"""Convolutions other than the plain ones: Keras Conv*Transpose, SeparableConv*,
DepthwiseConv*, ConvLSTM1D-3D; PyTorch ConvTranspose1d-3d. Shapes, windows and the
derivation's wording are convolution.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    constants_only,
    dims_text,
    elements,
    fmt,
    int_tuple,
    over_positions,
    positive_int,
    product,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule, unfrozen_note
from .convolution import (
    SPATIAL_WORDS,
    KerasWindow,
    TorchWindow,
    _kernel_and_bias,
    kernel_words,
    torch_split,
)


def keras_transpose_length(
    size: Dim, kernel: int, stride: int, padding: str, output_padding: int | None,
    dilation: int,
) -> Dim:
    """Keras transposed-convolution output length (TensorFlow's rules)."""
    if size is None:
        return None
    span = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(span, stride) - span if output_padding is None else output_padding
        return (size - 1) * stride + span + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + span % 2 + output_padding


class _KerasTransposeBuild:
    """Build rules shared by Conv1DTranspose-Conv3DTranspose (whose fields differ in order)."""

    RANK: ClassVar[int]
    TYPE: ClassVar[str]
    filters: int
    kernel_size: object
    strides: object
    padding: str
    output_padding: object
    data_format: str | None
    dilation_rate: object
    use_bias: bool
    trainable: bool
    groups: object

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        if self.groups is not None:
            raise ParamError(
                f"Keras {self.TYPE} has no `groups` argument (only PyTorch's "
                f"ConvTranspose{r}d has groups); Keras refuses it."
            )
        filters = positive_int(self.filters, "filters")
        win = KerasWindow.parse(r, self.kernel_size, self.strides, self.dilation_rate,
                                self.padding, self.data_format, self.use_bias)
        k, s = win.kernel, win.strides
        op: tuple[int | None, ...] = (None,) * r
        if self.output_padding is not None:
            op = int_tuple(self.output_padding, r, "output_padding", allow_zero=True)
            for i, (o, st) in enumerate(zip(op, s, strict=True)):
                assert o is not None
                if o >= st:
                    raise ParamError(
                        f"`output_padding` must be smaller than `strides` on every axis; "
                        f"on axis {i + 1} it is {o} with strides {st}."
                    )
        win.check_stride_dilation()
        ch, spatial, _ = win.split(input_shape, self.TYPE)
        out = tuple(keras_transpose_length(n, k[i], s[i], win.padding, op[i], win.dilation[i])
                    for i, n in enumerate(spatial))
        t = self.trainable
        weights, core, line = _kernel_and_bias(
            Weight("kernel", (*k, filters, ch), trainable=t),
            Weight("bias", (filters,), trainable=t) if win.use_bias else None,
            f"{kernel_words(r)} × filters × in_channels", self.TYPE)
        notes = ("a transposed convolution has the same count as the convolution it "
                 "reverses; strides enlarge the output instead of shrinking it.",)
        return LayerResult(name, self.TYPE, "keras", weights, win.join(out, filters), (line,),
                           notes, macs=over_positions(spatial, core))


@dataclass(frozen=True)
class _KerasConvTranspose(_KerasTransposeBuild, KerasLayer):
    filters: int
    kernel_size: object
    strides: object = 1
    padding: str = "valid"
    output_padding: object = None
    data_format: str | None = None
    dilation_rate: object = 1
    activation: object = None
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    bias_constraint: object = None
    #: Not a Keras argument: accepted here only to refuse it with a clear reason.
    groups: object = field(default=None, kw_only=True)


@constants_only
class Conv1DTranspose(_KerasConvTranspose):
    TYPE = "Conv1DTranspose"
    RANK = 1


@constants_only
class Conv2DTranspose(_KerasConvTranspose):
    TYPE = "Conv2DTranspose"
    RANK = 2


@dataclass(frozen=True)
class Conv3DTranspose(_KerasTransposeBuild, KerasLayer):
    """Keras puts ``data_format`` before ``output_padding`` here, unlike 1-D and 2-D."""

    TYPE = "Conv3DTranspose"
    RANK = 3
    filters: int
    kernel_size: object
    strides: object = 1
    padding: str = "valid"
    data_format: str | None = None
    output_padding: object = None
    dilation_rate: object = 1
    activation: object = None
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    bias_constraint: object = None
    groups: object = field(default=None, kw_only=True)


@dataclass(frozen=True)
class _KerasSeparable(KerasLayer):
    RANK: ClassVar[int] = 2
    filters: int
    kernel_size: object
    strides: object = 1
    padding: str = "valid"
    data_format: str | None = None
    dilation_rate: object = 1
    depth_multiplier: int = 1
    activation: object = None
    use_bias: bool = True
    depthwise_initializer: object = "glorot_uniform"
    pointwise_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    depthwise_regularizer: object = None
    pointwise_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    depthwise_constraint: object = None
    pointwise_constraint: object = None
    bias_constraint: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        dm = positive_int(self.depth_multiplier, "depth_multiplier")
        filters = positive_int(self.filters, "filters")
        win = KerasWindow.parse(r, self.kernel_size, self.strides, self.dilation_rate,
                                self.padding, self.data_format, self.use_bias)
        k, use_bias = win.kernel, win.use_bias
        ch, spatial, _ = win.split(input_shape, self.TYPE)
        out = win.lengths(spatial)
        t = self.trainable
        weights = [
            Weight("depthwise_kernel", (*k, ch, dm), trainable=t),
            Weight("pointwise_kernel", (*(1,) * r, ch * dm, filters), trainable=t),
        ]
        if use_bias:
            weights.append(Weight("bias", (filters,), trainable=t))
        dw = product(k) * ch * dm
        pw = ch * dm * filters
        total = dw + pw + (filters if use_bias else 0)
        check_total(total, self.TYPE)
        lines = [
            f"depthwise: {kernel_words(r)} × in_channels × depth_multiplier = "
            f"{dims_text((*k, ch, dm))} = {fmt(dw)}",
            f"pointwise: in_channels × depth_multiplier × filters = {dims_text((ch, dm, filters))}"
            f" = {fmt(pw)}",
            (f"depthwise + pointwise + bias = {fmt(dw)} + {fmt(pw)} + {fmt(filters)} = "
             f"{fmt(total)}") if use_bias else
            f"depthwise + pointwise (no bias) = {fmt(dw)} + {fmt(pw)} = {fmt(total)}",
        ]
        notes = ["only one bias (on the pointwise step): a hand-built depthwise + 1×1 pair "
                 "in PyTorch has two."]
        return LayerResult(name, self.TYPE, "keras", tuple(weights), win.join(out, filters),
                           tuple(lines), tuple(notes), macs=over_positions(out, dw + pw))


@constants_only
class SeparableConv1D(_KerasSeparable):
    TYPE = "SeparableConv1D"
    RANK = 1


@constants_only
class SeparableConv2D(_KerasSeparable):
    TYPE = "SeparableConv2D"
    RANK = 2


@dataclass(frozen=True)
class _KerasDepthwise(KerasLayer):
    RANK: ClassVar[int] = 2
    kernel_size: object
    strides: object = 1
    padding: str = "valid"
    depth_multiplier: int = 1
    data_format: str | None = None
    dilation_rate: object = 1
    activation: object = None
    use_bias: bool = True
    depthwise_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    depthwise_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    depthwise_constraint: object = None
    bias_constraint: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        dm = positive_int(self.depth_multiplier, "depth_multiplier")
        win = KerasWindow.parse(r, self.kernel_size, self.strides, self.dilation_rate,
                                self.padding, self.data_format, self.use_bias)
        k = win.kernel
        ch, spatial, _ = win.split(input_shape, self.TYPE)
        out = win.lengths(spatial)
        t = self.trainable
        n_out = ch * dm
        weights, core, line = _kernel_and_bias(
            Weight("kernel", (*k, ch, dm), trainable=t),
            Weight("bias", (n_out,), trainable=t) if win.use_bias else None,
            f"{kernel_words(r)} × in_channels × depth_multiplier", self.TYPE)
        notes = (f"one {'×'.join(map(str, k))} kernel per input channel (× depth_multiplier); "
                 "channels are not mixed, so there is no filters argument.",)
        return LayerResult(name, self.TYPE, "keras", weights, win.join(out, n_out), (line,),
                           notes, macs=over_positions(out, core))


@constants_only
class DepthwiseConv1D(_KerasDepthwise):
    TYPE = "DepthwiseConv1D"
    RANK = 1


@constants_only
class DepthwiseConv2D(_KerasDepthwise):
    TYPE = "DepthwiseConv2D"
    RANK = 2


@dataclass(frozen=True)
class _KerasConvLSTM(KerasLayer):
    RANK: ClassVar[int] = 2
    filters: int
    kernel_size: object
    strides: object = 1
    padding: str = "valid"
    data_format: str | None = None
    dilation_rate: object = 1
    activation: object = "tanh"
    recurrent_activation: object = "sigmoid"
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    recurrent_initializer: object = "orthogonal"
    bias_initializer: object = "zeros"
    unit_forget_bias: bool = True
    kernel_regularizer: object = None
    recurrent_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    recurrent_constraint: object = None
    bias_constraint: object = None
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    seed: object = None
    return_sequences: bool = False
    return_state: bool = False
    go_backwards: bool = False
    stateful: bool = False

    NO_EFFECT = frozenset({"recurrent_activation", "unit_forget_bias", "dropout",
                           "recurrent_dropout", "return_state", "go_backwards", "stateful",
                           })

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        filters = positive_int(self.filters, "filters")
        win = KerasWindow.parse(r, self.kernel_size, self.strides, self.dilation_rate,
                                self.padding, self.data_format, self.use_bias)
        k, use_bias = win.kernel, win.use_bias
        seq = boolean(self.return_sequences, "return_sequences")
        win.check_stride_dilation()
        ch, spatial, lead = win.split(input_shape, self.TYPE, extra=1)
        if None in spatial:
            raise MissingInput(self.TYPE, f"spatial size ({SPATIAL_WORDS[r]}); ConvLSTM "
                               "needs it fixed")
        out = win.lengths(spatial)
        t = True  # a constructor's trainable=False freezes nothing here (unfrozen_note)
        g = 4 * filters
        weights = [
            Weight("kernel", (*k, ch, g), trainable=t),
            Weight("recurrent_kernel", (*k, filters, g), trainable=t),
        ]
        if use_bias:
            weights.append(Weight("bias", (g,), trainable=t))
        kv = product(k)
        total = kv * ch * g + kv * filters * g + (g if use_bias else 0)
        check_total(total, self.TYPE)
        kw = kernel_words(r)
        lines = [
            f"4 gates × ({kw} × (in_channels + filters) × filters"
            + (" + filters)" if use_bias else ")")
            + f" = 4 × ({dims_text(k)} × ({fmt(ch)} + {fmt(filters)}) × {fmt(filters)}"
            + (f" + {fmt(filters)})" if use_bias else ")")
            + f" = {fmt(total)}",
            f"kernel {kw} × in_channels × 4·filters = {fmt(kv * ch * g)}; recurrent_kernel "
            f"{kw} × filters × 4·filters = {fmt(kv * filters * g)}"
            + (f"; bias 4·filters = {fmt(g)}" if use_bias else ""),
        ]
        notes = ("like an LSTM, but the four gates are convolutions: the count does not "
                 "depend on the image size or the number of time steps.",
                 *(() if self.trainable else (unfrozen_note(self.TYPE),)))
        body = win.join(out, filters)
        shape: Shape = (*lead, *body) if seq else body
        pos = elements(out)
        steps = lead[0]
        macs = None
        if pos is not None and steps is not None:
            macs = steps * pos * kv * (ch + filters) * g
        return LayerResult(name, self.TYPE, "keras", tuple(weights), shape, tuple(lines),
                           notes, macs=macs)


@constants_only
class ConvLSTM1D(_KerasConvLSTM):
    TYPE = "ConvLSTM1D"
    RANK = 1


@constants_only
class ConvLSTM2D(_KerasConvLSTM):
    TYPE = "ConvLSTM2D"
    RANK = 2


@constants_only
class ConvLSTM3D(_KerasConvLSTM):
    TYPE = "ConvLSTM3D"
    RANK = 3


# -- PyTorch -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TorchConvTranspose(TorchModule):
    RANK: ClassVar[int] = 2
    in_channels: int
    out_channels: int
    kernel_size: object
    stride: object = 1
    padding: object = 0
    output_padding: object = 0
    groups: int = 1
    bias: bool = True
    dilation: object = 1
    padding_mode: str = "zeros"

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        r = self.RANK
        win = TorchWindow.parse(r, self.in_channels, self.out_channels, self.groups,
                                self.kernel_size, self.stride, self.dilation, self.bias)
        n_in, n_out, groups = win.in_channels, win.out_channels, win.groups
        k, s, d = win.kernel, win.stride, win.dilation
        if self.padding_mode != "zeros":
            raise ParamError(f"{self.TYPE} only supports padding_mode='zeros'; got "
                             f"{self.padding_mode!r}.")
        if isinstance(self.padding, str):
            raise ParamError(f"{self.TYPE} takes `padding` as a number, not "
                             f"{self.padding!r} (only Conv{r}d accepts 'same'/'valid').")
        pad = int_tuple(self.padding, r, "padding", allow_zero=True)
        op = int_tuple(self.output_padding, r, "output_padding", allow_zero=True)
        win.check_groups()
        spatial = torch_split(input_shape, r, n_in, self.TYPE)
        out: list[Dim] = []
        for i, n in enumerate(spatial):
            if n is None:
                out.append(None)
                continue
            if op[i] >= max(s[i], d[i]):
                raise ParamError(
                    f"`output_padding` ({op[i]}) must be smaller than `stride` ({s[i]}) or "
                    f"`dilation` ({d[i]}).")
            length = (n - 1) * s[i] - 2 * pad[i] + d[i] * (k[i] - 1) + op[i] + 1
            if length <= 0:
                raise ParamError(
                    f"{self.TYPE}: `padding` {pad[i]} is too large for this kernel and input "
                    f"({n}): the output size would be {length}.")
            out.append(length)
        per = n_out // groups
        words = (f"in_channels × {'out_channels/groups' if groups > 1 else 'out_channels'} × "
                 f"{kernel_words(r)}")
        weights, core, line = _kernel_and_bias(
            Weight("weight", (n_in, per, *k)),
            Weight("bias", (n_out,)) if win.bias else None, words, self.TYPE)
        notes = ("the weight is stored as (in_channels, out_channels/groups, kernel...), the "
                 "reverse of Conv; the count is the same as the matching convolution.",)
        return LayerResult(name, self.TYPE, "pytorch", weights, (n_out, *out),
                           (line,), notes, macs=over_positions(spatial, core))


@constants_only
class ConvTranspose1d(_TorchConvTranspose):
    TYPE = "ConvTranspose1d"
    RANK = 1


@constants_only
class ConvTranspose2d(_TorchConvTranspose):
    TYPE = "ConvTranspose2d"
    RANK = 2


@constants_only
class ConvTranspose3d(_TorchConvTranspose):
    TYPE = "ConvTranspose3d"
    RANK = 3


KERAS: dict[str, type[Layer]] = {
    "Conv1DTranspose": Conv1DTranspose, "Conv2DTranspose": Conv2DTranspose,
    "Conv3DTranspose": Conv3DTranspose,
    "Convolution1DTranspose": Conv1DTranspose, "Convolution2DTranspose": Conv2DTranspose,
    "Convolution3DTranspose": Conv3DTranspose,
    "SeparableConv1D": SeparableConv1D, "SeparableConv2D": SeparableConv2D,
    "SeparableConvolution1D": SeparableConv1D, "SeparableConvolution2D": SeparableConv2D,
    "DepthwiseConv1D": DepthwiseConv1D, "DepthwiseConv2D": DepthwiseConv2D,
    "ConvLSTM1D": ConvLSTM1D, "ConvLSTM2D": ConvLSTM2D, "ConvLSTM3D": ConvLSTM3D,
}
TORCH: dict[str, type[Layer]] = {
    "ConvTranspose1d": ConvTranspose1d, "ConvTranspose2d": ConvTranspose2d,
    "ConvTranspose3d": ConvTranspose3d,
}
