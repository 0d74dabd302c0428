"""What a question says about a layer's input, the input shape a Keras layer gets from it,
and a layer's label as a call. The full reader (realise.py) and the express lane
(express.py) share these; neither Lark nor the grammar is needed for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.core import Layer, Shape
from ..engine.errors import ParamError


@dataclass
class InputInfo:
    """What the question says about the input, wherever it said it."""

    shape: tuple[int | None, ...] | None = None
    features: int | None = None
    steps: int | None = None
    channels: int | None = None
    value_shape: tuple[int | None, ...] | None = None
    #: The shape is already PyTorch's (channels first): the output of the layer before,
    #: handed on in a stack, not the user's words (no channels-last reading).
    laid_out: bool = False

    @property
    def given(self) -> bool:
        return any(v is not None for v in (self.shape, self.features, self.steps,
                                           self.channels))


#: Input rank (without batch) each Keras layer expects, for reading shapes people paste
#: with the batch axis (``(None, 28, 28)``) and for placing a bare feature count.
RANK = {
    "LSTM": 2, "GRU": 2, "SimpleRNN": 2, "Bidirectional": 2, "Conv1D": 2,
    "Conv1DTranspose": 2, "SeparableConv1D": 2, "DepthwiseConv1D": 2, "MaxPooling1D": 2,
    "AveragePooling1D": 2, "GlobalAveragePooling1D": 2, "GlobalMaxPooling1D": 2,
    "MultiHeadAttention": 2, "Conv2D": 3, "Conv2DTranspose": 3, "SeparableConv2D": 3,
    "DepthwiseConv2D": 3, "MaxPooling2D": 3, "AveragePooling2D": 3,
    "GlobalAveragePooling2D": 3, "GlobalMaxPooling2D": 3, "Conv3D": 4, "Conv3DTranspose": 4,
    "MaxPooling3D": 4, "AveragePooling3D": 4, "ConvLSTM2D": 4, "Embedding": 1,
}


def colour_conflict(size: int, channels: int) -> ParamError:
    """``conv on rgb 224``: the colour words say how many channels, the number says
    another; reading either as the image's side would be a guess."""
    return ParamError(
        f"The colour words say {channels} channel{'s' if channels != 1 else ''}, but "
        f"{size} would be the channels here. Give the image's height × width, e.g. "
        f"`on {size}x{size} {'rgb' if channels == 3 else 'grayscale'} images`.",
        expected=("height × width",),
        suggestion=f"on {size}x{size}x{channels}",
    )


def keras_input_shape(type_name: str, info: InputInfo) -> Shape | None:
    rank = RANK.get(type_name)
    if info.shape is not None:
        shape = info.shape
        if rank is not None and len(shape) > rank and shape[0] is None:
            shape = shape[1:]
        if rank is not None and len(shape) == rank - 1 and info.channels is not None:
            shape = (*shape, info.channels)  # "32x32 rgb image"
        if info.steps is not None and (type_name == "TimeDistributed" or (
                rank is not None and len(shape) == rank - 1)):
            shape = (info.steps, *shape)
        return shape
    if info.features is not None:
        if rank is not None and rank >= 3 and info.channels not in (None, info.features):
            raise colour_conflict(info.features, info.channels)
        if type_name == "Embedding":
            return (info.steps,)  # token ids: only the sequence length shapes the input
        if rank is None or rank == 1:
            return (info.steps, info.features) if info.steps else (info.features,)
        return (info.steps, *(None,) * (rank - 2), info.features)
    if info.steps is not None and type_name == "Embedding":
        return (info.steps,)
    if info.channels is not None:
        # "batchnorm 64 channels": the channel axis is last in Keras; its size is what counts
        if rank is None or rank < 2:
            return (None, None, info.channels)
        return (*(None,) * (rank - 1), info.channels)
    return None


def layer_label(name: str, args: Sequence[object], kwargs: Sequence[tuple[str, object]]) -> str:
    """``Dense(64)``, ``Conv2D(32, (3, 5), strides=2)``: the layer as a call that makes it."""
    parts = [_show(a) for a in args]
    parts += [f"{k}={_show(v)}" for k, v in kwargs if k not in ("value_shape",)]
    return f"{name}({', '.join(parts)})"


def _show(v: object) -> str:
    if isinstance(v, Layer):
        return v.TYPE + "(...)"
    return repr(v)
