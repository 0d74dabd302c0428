"""Fully connected and lookup layers: Keras Dense/Embedding, PyTorch Linear/Bilinear/
Embedding/EmbeddingBag."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import (
    Layer,
    LayerResult,
    Shape,
    Weight,
    boolean,
    dict_init,
    fmt,
    last_dim,
    over_positions,
    positive_int,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule


def lora_weights(
    rows: int, cols: int, rank: object, trainable: bool, prefix: str = "kernel"
) -> tuple[list[Weight], list[str]]:
    """Keras LoRA: the full kernel is frozen and two low-rank factors are trained."""
    r = positive_int(rank, "lora_rank")
    weights = [
        Weight(prefix, (rows, cols), trainable=False),
        Weight(f"lora_{prefix}_a", (rows, r), trainable=trainable),
        Weight(f"lora_{prefix}_b", (r, cols), trainable=trainable),
    ]
    lines = [
        f"LoRA rank {r}: frozen {prefix} {fmt(rows)} × {fmt(cols)} = {fmt(rows * cols)} "
        "(non-trainable)",
        f"trainable factors: {fmt(rows)} × {r} + {r} × {fmt(cols)} = {fmt(r * (rows + cols))}",
    ]
    return weights, lines


@dict_init
@dataclass(frozen=True)
class Dense(KerasLayer):
    TYPE = "Dense"
    units: int
    activation: object = None
    use_bias: bool = True
    kernel_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    bias_constraint: object = None
    lora_rank: int | None = None
    lora_alpha: float | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        units = positive_int(self.units, "units")
        use_bias = boolean(self.use_bias, "use_bias")
        n_in = last_dim(input_shape, "Dense", "input features (the width of the input)")
        t = self.trainable
        lines: list[str] = []
        if self.lora_rank is not None:
            weights, lines = lora_weights(n_in, units, self.lora_rank, t)
        else:
            weights = [Weight("kernel", (n_in, units), trainable=t)]
        if use_bias:
            weights.append(Weight("bias", (units,), trainable=t))
        total = n_in * units + (units if use_bias else 0)
        if use_bias:
            lines.insert(0, f"inputs × units + units = {fmt(n_in)} × {fmt(units)} + "
                         f"{fmt(units)} = {fmt(total)}")
        else:
            lines.insert(0, f"inputs × units (no bias) = {fmt(n_in)} × {fmt(units)} = "
                         f"{fmt(total)}")
        assert input_shape is not None
        out = (*input_shape[:-1], units)
        notes: tuple[str, ...] = ()
        if len(input_shape) > 1:
            notes = (
                f"Dense acts on the last axis only: the same {fmt(n_in)} × {fmt(units)} "
                f"kernel is applied at every position, so the count does not grow with "
                f"{input_shape[:-1]}.",
            )
        return LayerResult(name, "Dense", "keras", tuple(weights), out, tuple(lines), notes,
                           macs=over_positions(input_shape[:-1], n_in * units))


@dict_init
@dataclass(frozen=True)
class Embedding(KerasLayer):
    TYPE = "Embedding"
    input_dim: int
    output_dim: int
    embeddings_initializer: object = "uniform"
    embeddings_regularizer: object = None
    embeddings_constraint: object = None
    mask_zero: bool = False
    weights: object = None
    lora_rank: int | None = None
    lora_alpha: float | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        vocab = positive_int(self.input_dim, "input_dim (the vocabulary size)")
        dim = positive_int(self.output_dim, "output_dim (the embedding size)")
        t = self.trainable
        lines = [f"input_dim × output_dim = {fmt(vocab)} × {fmt(dim)} = {fmt(vocab * dim)}"]
        if self.lora_rank is not None:
            weights, extra = lora_weights(vocab, dim, self.lora_rank, t, "embeddings")
            lines += extra
        else:
            weights = [Weight("embeddings", (vocab, dim), trainable=t)]
        seq: Shape = input_shape if input_shape is not None else (None,)
        return LayerResult(name, "Embedding", "keras", tuple(weights), (*seq, dim),
                           tuple(lines), macs=0)


@dict_init
@dataclass(frozen=True)
class Linear(TorchModule):
    TYPE = "Linear"
    in_features: int
    out_features: int
    bias: bool = True

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n_in = positive_int(self.in_features, "in_features")
        n_out = positive_int(self.out_features, "out_features")
        bias = boolean(self.bias, "bias")
        _check_features(input_shape, n_in, "Linear", "in_features")
        weights = [Weight("weight", (n_out, n_in))]
        if bias:
            weights.append(Weight("bias", (n_out,)))
        total = n_in * n_out + (n_out if bias else 0)
        line = (
            f"in_features × out_features + out_features = {fmt(n_in)} × {fmt(n_out)} + "
            f"{fmt(n_out)} = {fmt(total)}"
            if bias
            else f"in_features × out_features (bias=False) = {fmt(n_in)} × {fmt(n_out)} = "
            f"{fmt(total)}"
        )
        lead = input_shape[:-1] if input_shape else ()
        return LayerResult(name, "Linear", "pytorch", tuple(weights), (*lead, n_out),
                           (line,), macs=over_positions(lead, n_in * n_out))


@dataclass(frozen=True)
class Bilinear(TorchModule):
    TYPE = "Bilinear"
    in1_features: int
    in2_features: int
    out_features: int
    bias: bool = True

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        a = positive_int(self.in1_features, "in1_features")
        b = positive_int(self.in2_features, "in2_features")
        o = positive_int(self.out_features, "out_features")
        bias = boolean(self.bias, "bias")
        _check_features(input_shape, a, "Bilinear", "in1_features")
        weights = [Weight("weight", (o, a, b))]
        if bias:
            weights.append(Weight("bias", (o,)))
        total = o * a * b + (o if bias else 0)
        line = (f"out × in1 × in2{' + out' if bias else ''} = {fmt(o)} × {fmt(a)} × {fmt(b)}"
                f"{' + ' + fmt(o) if bias else ''} = {fmt(total)}")
        lead = input_shape[:-1] if input_shape else ()
        return LayerResult(name, "Bilinear", "pytorch", tuple(weights), (*lead, o), (line,),
                           macs=over_positions(lead, o * a * b))


@dict_init
@dataclass(frozen=True)
class TorchEmbedding(TorchModule):
    TYPE = "Embedding"
    NO_EFFECT = frozenset({"padding_idx", "max_norm", "norm_type", "scale_grad_by_freq",
                           "sparse", "_weight"})
    num_embeddings: int
    embedding_dim: int
    padding_idx: int | None = None
    max_norm: float | None = None
    norm_type: float = 2.0
    scale_grad_by_freq: bool = False
    sparse: bool = False
    _weight: object = None
    _freeze: bool = False

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n = positive_int(self.num_embeddings, "num_embeddings")
        d = positive_int(self.embedding_dim, "embedding_dim")
        if self.padding_idx is not None:
            p = self.padding_idx
            if isinstance(p, bool) or not isinstance(p, int) or not -n <= p < n:
                raise ParamError(f"`padding_idx` must be within num_embeddings ({n}); got {p}.")
        freeze = boolean(self._freeze, "_freeze")
        weights = (Weight("weight", (n, d), trainable=not freeze),)
        lines = [f"num_embeddings × embedding_dim = {fmt(n)} × {fmt(d)} = {fmt(n * d)}"]
        notes: tuple[str, ...] = ()
        if self.padding_idx is not None:
            notes = ("padding_idx keeps its row in the weight (it is only excluded from "
                     "gradient updates), so it still counts.",)
        seq: Shape = input_shape if input_shape is not None else (None,)
        return LayerResult(name, "Embedding", "pytorch", weights, (*seq, d), tuple(lines),
                           notes, macs=0)


@dataclass(frozen=True)
class EmbeddingBag(TorchModule):
    TYPE = "EmbeddingBag"
    num_embeddings: int
    embedding_dim: int
    max_norm: float | None = None
    norm_type: float = 2.0
    scale_grad_by_freq: bool = False
    mode: str = "mean"
    sparse: bool = False
    _weight: object = None
    include_last_offset: bool = False
    padding_idx: int | None = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        n = positive_int(self.num_embeddings, "num_embeddings")
        d = positive_int(self.embedding_dim, "embedding_dim")
        lines = (f"num_embeddings × embedding_dim = {fmt(n)} × {fmt(d)} = {fmt(n * d)}",)
        return LayerResult(name, "EmbeddingBag", "pytorch", (Weight("weight", (n, d)),),
                           (d,), lines, macs=0)


def _check_features(input_shape: Shape | None, expected: int, layer: str, arg: str) -> None:
    if input_shape:
        got = input_shape[-1]
        if got is not None and got != expected:
            raise ParamError(
                f"{layer} expects {arg}={fmt(expected)} but the input has {fmt(got)} "
                f"features: the previous layer's output is {got} wide."
            )


KERAS: dict[str, type[Layer]] = {"Dense": Dense, "Embedding": Embedding}
TORCH: dict[str, type[Layer]] = {
    "Linear": Linear,
    "Bilinear": Bilinear,
    "Embedding": TorchEmbedding,
    "EmbeddingBag": EmbeddingBag,
}
