"""Recurrent layers: Keras SimpleRNN/LSTM/GRU, PyTorch RNN/LSTM/GRU and their cells.

The one formula behind all of them: each gate owns an input kernel (input × units), a
recurrent kernel (units × units) and a bias. Keras keeps one bias per gate (two for GRU
with ``reset_after=True``); PyTorch always keeps two (``bias_ih`` and ``bias_hh``).
"""

from __future__ import annotations

from dataclasses import dataclass
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
    fmt,
    layer_count,
    positive_int,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule

_KERAS_RNN_NO_EFFECT = frozenset(
    {
        "activation", "recurrent_activation", "kernel_initializer", "recurrent_initializer",
        "bias_initializer", "unit_forget_bias", "kernel_regularizer",
        "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
        "recurrent_dropout", "seed", "go_backwards", "stateful", "unroll", "use_cudnn",
        "time_major", "implementation",
    }
)


def sequence_input(input_shape: Shape | None, layer: str) -> tuple[int | None, int]:
    """(timesteps, features) of a recurrent layer's input; features must be known."""
    if input_shape is None:
        raise MissingInput(layer, "input features per timestep")
    if len(input_shape) != 2:
        raise ParamError(
            f"{layer} expects input shaped (timesteps, features), e.g. (28, 28) or "
            f"(None, 28); got {len(input_shape)} axis/axes: {input_shape}."
        )
    steps, feats = input_shape
    if feats is None:
        raise MissingInput(layer, "input features per timestep")
    return steps, feats


@dataclass(frozen=True)
class _KerasRNN(KerasLayer):
    GATES: ClassVar[int] = 1
    NO_EFFECT = _KERAS_RNN_NO_EFFECT
    units: int

    def _biases(self) -> tuple[int, ...]:
        return (self.GATES * self.units,)

    def _bias_rows(self) -> int:
        return 1

    def gate_words(self) -> str:
        return ""

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        units = positive_int(self.units, "units")
        use_bias = boolean(getattr(self, "use_bias"), "use_bias")  # noqa: B009
        steps, feats = sequence_input(input_shape, self.TYPE)
        g = self.GATES
        t = self.trainable
        weights = [
            Weight("kernel", (feats, g * units), trainable=t),
            Weight("recurrent_kernel", (units, g * units), trainable=t),
        ]
        if use_bias:
            weights.append(Weight("bias", self._biases(), trainable=t))
        nb = self._bias_rows() if use_bias else 0
        total = g * ((feats + units) * units + nb * units)
        gate = f"{g} × " if g > 1 else ""
        words = self.gate_words()
        bias_w = {0: "", 1: " + units", 2: " + 2 × units"}[nb]
        bias_n = {0: "", 1: f" + {fmt(units)}", 2: f" + 2 × {fmt(units)}"}[nb]
        lines = [
            f"{words}{gate}((input + units) × units{bias_w}) = "
            f"{gate}(({fmt(feats)} + {fmt(units)}) × {fmt(units)}{bias_n}) = {fmt(total)}"
        ]
        if g > 1 or nb:
            lines.append(
                f"kernel {fmt(feats)} × {fmt(g * units)}, recurrent_kernel {fmt(units)} × "
                f"{fmt(g * units)}" + (f", bias {' × '.join(map(fmt, self._biases()))}"
                                       if nb else "")
            )
        seqs = boolean(getattr(self, "return_sequences"), "return_sequences")  # noqa: B009
        boolean(getattr(self, "return_state"), "return_state")  # noqa: B009
        out: Shape = (steps, units) if seqs else (units,)
        macs = None if steps is None else steps * g * (feats + units) * units
        return LayerResult(name, self.TYPE, "keras", tuple(weights), out, tuple(lines),
                           self.notes(feats, units), macs=macs)

    def notes(self, feats: int, units: int) -> tuple[str, ...]:
        return ()


@dict_init
@dataclass(frozen=True)
class SimpleRNN(_KerasRNN):
    TYPE = "SimpleRNN"
    activation: object = "tanh"
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    recurrent_initializer: object = "orthogonal"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    recurrent_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    recurrent_constraint: object = None
    bias_constraint: object = None
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    return_sequences: bool = False
    return_state: bool = False
    go_backwards: bool = False
    stateful: bool = False
    unroll: bool = False
    seed: object = None

    def notes(self, feats: int, units: int) -> tuple[str, ...]:
        if not self.use_bias:
            return ()
        torch = (feats + units) * units + 2 * units
        return (
            f"PyTorch's nn.RNN({feats}, {units}) has {fmt(torch)}: it keeps two bias vectors "
            f"(bias_ih and bias_hh), {fmt(units)} more than Keras.",
        )


@dict_init
@dataclass(frozen=True)
class LSTM(_KerasRNN):
    TYPE = "LSTM"
    GATES = 4
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
    unroll: bool = False
    use_cudnn: object = "auto"

    def gate_words(self) -> str:
        return "4 gates (input, forget, cell, output): "

    def notes(self, feats: int, units: int) -> tuple[str, ...]:
        if not self.use_bias:
            return ()
        torch = 4 * ((feats + units) * units + 2 * units)
        return (
            f"PyTorch's nn.LSTM({feats}, {units}) has {fmt(torch)}: it keeps two bias "
            f"vectors per gate (bias_ih and bias_hh), 4 × {fmt(units)} = {fmt(4 * units)} "
            f"more than Keras.",
        )


@dict_init
@dataclass(frozen=True)
class GRU(_KerasRNN):
    TYPE = "GRU"
    GATES = 3
    activation: object = "tanh"
    recurrent_activation: object = "sigmoid"
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    recurrent_initializer: object = "orthogonal"
    bias_initializer: object = "zeros"
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
    unroll: bool = False
    reset_after: bool = True
    use_cudnn: object = "auto"

    def _biases(self) -> tuple[int, ...]:
        if boolean(self.reset_after, "reset_after"):
            return (2, 3 * self.units)
        return (3 * self.units,)

    def _bias_rows(self) -> int:
        return 2 if self.reset_after else 1

    def gate_words(self) -> str:
        return "3 gates (update, reset, candidate): "

    def notes(self, feats: int, units: int) -> tuple[str, ...]:
        if not self.use_bias:
            return ()
        if self.reset_after:
            return (
                "reset_after=True (the Keras default) keeps two bias vectors per gate, "
                f"like PyTorch's nn.GRU({feats}, {units}), so the counts agree; "
                f"reset_after=False has 3 × {fmt(units)} = {fmt(3 * units)} fewer.",
            )
        return (
            f"reset_after=False keeps one bias per gate: 3 × {fmt(units)} = {fmt(3 * units)} "
            f"fewer than the default reset_after=True and than PyTorch's nn.GRU.",
        )


# -- PyTorch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _TorchRNNBase(TorchModule):
    GATES: ClassVar[int] = 1
    NO_EFFECT = frozenset({"batch_first", "dropout", "nonlinearity"})

    def _config(self) -> tuple[int, int, int, bool, bool, int]:
        """input_size, hidden_size, num_layers, bias, bidirectional, proj_size"""
        raise NotImplementedError

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n_in, hidden, layers, bias, bidir, proj = self._config()
        n_in = positive_int(n_in, "input_size")
        hidden = positive_int(hidden, "hidden_size")
        layers = layer_count(layers, "num_layers")
        bias = boolean(bias, "bias")
        bidir = boolean(bidir, "bidirectional")
        proj = positive_int(proj, "proj_size", allow_zero=True)
        if proj and proj >= hidden:
            raise ParamError(
                f"`proj_size` ({proj}) must be smaller than `hidden_size` ({hidden}): the "
                "projection shrinks the hidden state."
            )
        dropout = getattr(self, "dropout", 0.0)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
            0 <= dropout <= 1
        ):
            raise ParamError(f"`dropout` must be a probability between 0 and 1; got {dropout!r}.")
        steps: int | None = None
        if input_shape is not None:
            if len(input_shape) != 2:
                raise ParamError(
                    f"{self.TYPE} expects input shaped (sequence, features); got {input_shape}."
                )
            steps, feats = input_shape
            if feats is not None and feats != n_in:
                raise ParamError(
                    f"{self.TYPE} expects input_size={n_in} but the input has {feats} "
                    "features per step."
                )
        g = self.GATES
        real_h = proj or hidden
        dirs = 2 if bidir else 1
        weights: list[Weight] = []
        lines: list[str] = []
        macs = 0
        for layer in range(layers):
            layer_in = n_in if layer == 0 else real_h * dirs
            for d in range(dirs):
                sfx = f"_l{layer}" + ("_reverse" if d else "")
                weights.append(Weight(f"weight_ih{sfx}", (g * hidden, layer_in)))
                weights.append(Weight(f"weight_hh{sfx}", (g * hidden, real_h)))
                if bias:
                    weights.append(Weight(f"bias_ih{sfx}", (g * hidden,)))
                    weights.append(Weight(f"bias_hh{sfx}", (g * hidden,)))
                if proj:
                    weights.append(Weight(f"weight_hr{sfx}", (proj, hidden)))
            per_dir = g * hidden * (layer_in + real_h) + (2 * g * hidden if bias else 0) + (
                proj * hidden
            )
            macs += dirs * (g * hidden * (layer_in + real_h) + proj * hidden)
            gate = f"{g} × " if g > 1 else ""
            bias_txt = f" + 2 × {gate}{fmt(hidden)}" if bias else ""
            proj_txt = f" + {fmt(proj)} × {fmt(hidden)}" if proj else ""
            lines.append(
                f"layer {layer}{' (each direction)' if dirs == 2 else ''}: "
                f"{gate}{fmt(hidden)} × ({fmt(layer_in)} + {fmt(real_h)}){bias_txt}{proj_txt}"
                f" = {fmt(per_dir)}"
            )
        total = sum(w.size for w in weights)
        if layers > 1 or dirs > 1:
            lines.append(
                f"{layers} layer{'s' if layers > 1 else ''} × {dirs} direction"
                f"{'s' if dirs > 1 else ''}: total {fmt(total)}"
            )
        if layers > 1 and dirs > 1:
            lines.append(f"layers after the first read {dirs} × {fmt(real_h)} = "
                         f"{fmt(dirs * real_h)} features (both directions concatenated)")
        notes: list[str] = []
        if bias and proj == 0:
            keras_name = {1: "SimpleRNN", 4: "LSTM", 3: "GRU"}[g]
            keras_total = total - (g * hidden * layers * dirs if g != 3 else 0)
            if g == 3:
                notes.append(
                    f"Keras GRU({hidden}) with the default reset_after=True also keeps two "
                    "biases per gate, so single-layer counts agree."
                )
            elif layers == 1:
                notes.append(
                    f"Keras {keras_name}({hidden}) on {n_in} features has "
                    f"{fmt(keras_total)}: Keras keeps one bias vector per gate, PyTorch two "
                    f"(bias_ih and bias_hh), {fmt(total - keras_total)} more here."
                )
        out_shape: Shape = (steps, dirs * real_h)
        return LayerResult(name, self.TYPE, "pytorch", tuple(weights), out_shape,
                           tuple(lines), tuple(notes),
                           macs=None if steps is None else steps * macs)


@dict_init
@dataclass(frozen=True)
class RNN(_TorchRNNBase):
    TYPE = "RNN"
    input_size: int
    hidden_size: int
    num_layers: int = 1
    nonlinearity: str = "tanh"
    bias: bool = True
    batch_first: bool = False
    dropout: float = 0.0
    bidirectional: bool = False

    def _config(self) -> tuple[int, int, int, bool, bool, int]:
        if self.nonlinearity not in ("tanh", "relu"):
            raise ParamError(
                f"`nonlinearity` must be 'tanh' or 'relu'; got {self.nonlinearity!r}."
            )
        return (self.input_size, self.hidden_size, self.num_layers, self.bias,
                self.bidirectional, 0)


@dict_init
@dataclass(frozen=True)
class TorchLSTM(_TorchRNNBase):
    TYPE = "LSTM"
    GATES = 4
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bias: bool = True
    batch_first: bool = False
    dropout: float = 0.0
    bidirectional: bool = False
    proj_size: int = 0

    def _config(self) -> tuple[int, int, int, bool, bool, int]:
        return (self.input_size, self.hidden_size, self.num_layers, self.bias,
                self.bidirectional, self.proj_size)


@dict_init
@dataclass(frozen=True)
class TorchGRU(_TorchRNNBase):
    TYPE = "GRU"
    GATES = 3
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bias: bool = True
    batch_first: bool = False
    dropout: float = 0.0
    bidirectional: bool = False

    def _config(self) -> tuple[int, int, int, bool, bool, int]:
        return (self.input_size, self.hidden_size, self.num_layers, self.bias,
                self.bidirectional, 0)


@dataclass(frozen=True)
class _TorchCell(TorchModule):
    GATES: ClassVar[int] = 1
    input_size: int
    hidden_size: int
    bias: bool = True

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n_in = positive_int(self.input_size, "input_size")
        hidden = positive_int(self.hidden_size, "hidden_size")
        bias = boolean(self.bias, "bias")
        if input_shape and input_shape[-1] is not None and input_shape[-1] != n_in:
            raise ParamError(
                f"{self.TYPE} expects input_size={n_in} but the input has "
                f"{input_shape[-1]} features."
            )
        g = self.GATES
        weights = [Weight("weight_ih", (g * hidden, n_in)),
                   Weight("weight_hh", (g * hidden, hidden))]
        if bias:
            weights += [Weight("bias_ih", (g * hidden,)), Weight("bias_hh", (g * hidden,))]
        total = sum(w.size for w in weights)
        gate = f"{g} × " if g > 1 else ""
        line = (f"{gate}{fmt(hidden)} × ({fmt(n_in)} + {fmt(hidden)})"
                f"{f' + 2 × {gate}{fmt(hidden)}' if bias else ''} = {fmt(total)}")
        return LayerResult(name, self.TYPE, "pytorch", tuple(weights), (hidden,), (line,),
                           macs=g * hidden * (n_in + hidden))


@dataclass(frozen=True)
class RNNCell(_TorchCell):
    TYPE = "RNNCell"
    nonlinearity: str = "tanh"


@constants_only
class LSTMCell(_TorchCell):
    TYPE = "LSTMCell"
    GATES = 4


@constants_only
class GRUCell(_TorchCell):
    TYPE = "GRUCell"
    GATES = 3


KERAS_RECURRENT = (SimpleRNN, LSTM, GRU)

KERAS: dict[str, type[Layer]] = {"SimpleRNN": SimpleRNN, "LSTM": LSTM, "GRU": GRU}
TORCH: dict[str, type[Layer]] = {
    "RNN": RNN,
    "LSTM": TorchLSTM,
    "GRU": TorchGRU,
    "RNNCell": RNNCell,
    "LSTMCell": LSTMCell,
    "GRUCell": GRUCell,
}
