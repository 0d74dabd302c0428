"""PyTorch transformer blocks: TransformerEncoderLayer/DecoderLayer, the Encoder/Decoder
stacks and the full Transformer, counted by composing the attention, Linear and LayerNorm
entries under the names ``named_parameters()`` gives them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..core import (
    Layer,
    LayerResult,
    Shape,
    Weight,
    boolean,
    constants_only,
    fmt,
    layer_count,
    positive_int,
    shape_text,
)
from ..errors import ParamError
from .attention import MultiheadAttention
from .base import TorchModule
from .dense import Linear
from .normalization import LayerNorm


def _prefixed(result: LayerResult, prefix: str) -> tuple[Weight, ...]:
    return tuple(Weight(prefix + w.name, w.shape, w.trainable, w.buffer) for w in result.weights)


def _sum_macs(results: Sequence[LayerResult]) -> int | None:
    total = 0
    for r in results:
        if r.macs is None:
            return None
        total += r.macs
    return total


def _check_model(d: int, nhead: int, layer: str, input_shape: Shape | None) -> None:
    if d % nhead:
        raise ParamError(f"{layer}: d_model ({d}) must be divisible by nhead ({nhead}); the "
                         f"attention splits d_model evenly across the heads.")
    if input_shape is not None and (not input_shape or input_shape[-1] not in (None, d)):
        raise ParamError(f"{layer} expects inputs of d_model={d} features; the input "
                         f"{shape_text(input_shape)} has "
                         f"{input_shape[-1] if input_shape else 'none'}.")


@dataclass(frozen=True)
class _TransformerBlock(TorchModule):
    NO_EFFECT = frozenset({"dropout", "activation", "layer_norm_eps", "batch_first",
                           "norm_first"})
    ATTENTION: ClassVar[tuple[str, ...]] = ("self_attn",)
    NORMS: ClassVar[tuple[str, ...]] = ("norm1", "norm2")
    d_model: int
    nhead: int
    dim_feedforward: int = 2048
    dropout: float = 0.1
    activation: object = "relu"
    layer_norm_eps: float = 1e-05
    batch_first: bool = False
    norm_first: bool = False
    bias: bool = True
    device: object = None
    dtype: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        d = positive_int(self.d_model, "d_model")
        nhead = positive_int(self.nhead, "nhead")
        ff = positive_int(self.dim_feedforward, "dim_feedforward")
        bias = boolean(self.bias, "bias")
        _check_model(d, nhead, self.TYPE, input_shape)
        out: Shape = input_shape if input_shape is not None else (None, d)
        parts: list[tuple[str, LayerResult]] = []
        for attn in self.ATTENTION:
            parts.append((attn, MultiheadAttention(d, nhead, bias=bias).build(out, attn)))
        lead = out[:-1]
        lin1 = Linear(d, ff, bias).build(out, "linear1")
        lin2 = Linear(ff, d, bias).build((*lead, ff), "linear2")
        parts += [("linear1", lin1), ("linear2", lin2)]
        norms = [(n, LayerNorm(d, bias=bias).build(out, n)) for n in self.NORMS]
        parts += norms
        weights = tuple(w for prefix, r in parts for w in _prefixed(r, prefix + "."))
        attn_n = 4 * d * d + (4 * d if bias else 0)
        lines = [
            f"{name_}: MultiheadAttention({d}, {nhead}): 4 × {fmt(d)} × {fmt(d)}"
            f"{f' + 4 × {fmt(d)}' if bias else ''} = {fmt(attn_n)}"
            for name_ in self.ATTENTION
        ]
        ff_n = lin1.total + lin2.total
        lines.append(
            f"feed-forward linear1 + linear2: {fmt(d)} × {fmt(ff)}"
            f"{f' + {fmt(ff)}' if bias else ''} + {fmt(ff)} × {fmt(d)}"
            f"{f' + {fmt(d)}' if bias else ''} = {fmt(ff_n)}")
        norm_n = sum(r.total for _, r in norms)
        per_norm = f"({fmt(d)} + {fmt(d)})" if bias else fmt(d)
        lines.append(f"{' + '.join(self.NORMS)}: {len(self.NORMS)} × {per_norm} = "
                     f"{fmt(norm_n)}")
        total = sum(w.size for w in weights if not w.buffer)
        pieces = [fmt(attn_n)] * len(self.ATTENTION) + [fmt(ff_n), fmt(norm_n)]
        lines.append(f"per layer = {' + '.join(pieces)} = {fmt(total)}")
        return LayerResult(name, self.TYPE, "pytorch", weights, out, tuple(lines),
                           macs=_sum_macs([r for _, r in parts]))


@constants_only
class TransformerEncoderLayer(_TransformerBlock):
    TYPE = "TransformerEncoderLayer"


@constants_only
class TransformerDecoderLayer(_TransformerBlock):
    TYPE = "TransformerDecoderLayer"
    ATTENTION = ("self_attn", "multihead_attn")
    NORMS = ("norm1", "norm2", "norm3")


def _stack(kind: str, block: object, num_layers: object, norm: object,
           input_shape: Shape | None, name: str) -> LayerResult:
    """N deep copies of ``block`` (as nn.TransformerEncoder/Decoder make) plus ``norm``."""
    arg = "encoder_layer" if kind == "TransformerEncoder" else "decoder_layer"
    if not isinstance(block, Layer) or block.FRAMEWORK != "pytorch":
        raise ParamError(f"{kind} needs `{arg}`, a PyTorch layer such as "
                         f"nn.{kind}Layer(d_model=512, nhead=8); got {block!r}.")
    n = layer_count(num_layers, "num_layers", allow_zero=True)
    one = block.build(input_shape, "layers.0")
    weights: list[Weight] = []
    for i in range(n):
        weights += _prefixed(one, f"layers.{i}.")
    lines = [f"per layer ({block.TYPE}): {fmt(one.total)}"]
    lines += [f"  {line}" for line in one.derivation]
    lines.append(f"{n} × per-layer = {n} × {fmt(one.total)} = {fmt(n * one.total)}")
    out = one.output_shape
    macs = None if one.macs is None else n * one.macs
    if norm is not None:
        if not isinstance(norm, Layer) or norm.FRAMEWORK != "pytorch":
            raise ParamError(f"{kind}: `norm` must be a PyTorch layer such as "
                             f"nn.LayerNorm(512), or None; got {norm!r}.")
        nr = norm.build(out, "norm")
        weights += _prefixed(nr, "norm.")
        lines.append(f"final norm ({norm.TYPE}): {fmt(nr.total)}")
        macs = None if macs is None or nr.macs is None else macs + nr.macs
    total = sum(w.size for w in weights if not w.buffer)
    lines.append(f"total = {fmt(total)}")
    notes = (f"{kind} deep-copies {arg} num_layers={n} times: the template layer passed in "
             f"is not counted on its own.",)
    return LayerResult(name, kind, "pytorch", tuple(weights), out, tuple(lines), notes,
                       macs=macs)


@dataclass(frozen=True)
class TransformerEncoder(TorchModule):
    TYPE = "TransformerEncoder"
    NO_EFFECT = frozenset({"enable_nested_tensor", "mask_check"})
    encoder_layer: object
    num_layers: int
    norm: object = None
    enable_nested_tensor: bool = True
    mask_check: bool = True

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return _stack("TransformerEncoder", self.encoder_layer, self.num_layers, self.norm,
                      input_shape, name)


@dataclass(frozen=True)
class TransformerDecoder(TorchModule):
    TYPE = "TransformerDecoder"
    decoder_layer: object
    num_layers: int
    norm: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        return _stack("TransformerDecoder", self.decoder_layer, self.num_layers, self.norm,
                      input_shape, name)


@dataclass(frozen=True)
class Transformer(TorchModule):
    TYPE = "Transformer"
    NO_EFFECT = frozenset({"dropout", "activation", "layer_norm_eps", "batch_first",
                           "norm_first"})
    d_model: int = 512
    nhead: int = 8
    num_encoder_layers: int = 6
    num_decoder_layers: int = 6
    dim_feedforward: int = 2048
    dropout: float = 0.1
    activation: object = "relu"
    custom_encoder: object = None
    custom_decoder: object = None
    layer_norm_eps: float = 1e-05
    batch_first: bool = False
    norm_first: bool = False
    bias: bool = True
    device: object = None
    dtype: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        """The input is the source sequence; the target is taken to be shaped alike."""
        d = positive_int(self.d_model, "d_model")
        nhead = positive_int(self.nhead, "nhead")
        bias = boolean(self.bias, "bias")
        _check_model(d, nhead, "Transformer", input_shape)
        shape = input_shape if input_shape is not None else (None, d)
        halves: list[tuple[str, LayerResult]] = []
        for part, custom, n, block in (
            ("encoder", self.custom_encoder, self.num_encoder_layers, TransformerEncoderLayer),
            ("decoder", self.custom_decoder, self.num_decoder_layers, TransformerDecoderLayer),
        ):
            if custom is not None:
                if not isinstance(custom, Layer) or custom.FRAMEWORK != "pytorch":
                    raise ParamError(f"Transformer: `custom_{part}` must be a PyTorch layer; "
                                     f"got {custom!r}.")
                halves.append((part, custom.build(shape, part)))
                continue
            layer = block(d, nhead, self.dim_feedforward, bias=bias)
            stack = (TransformerEncoder(layer, n, LayerNorm(d, bias=bias)) if part == "encoder"
                     else TransformerDecoder(layer, n, LayerNorm(d, bias=bias)))
            halves.append((part, stack.build(shape, part)))
        weights = tuple(w for part, r in halves for w in _prefixed(r, part + "."))
        lines: list[str] = []
        for part, r in halves:
            lines.append(f"{part}: {fmt(r.total)}")
            lines += [f"  {line}" for line in r.derivation if not line.startswith("  ")]
        total = sum(w.size for w in weights if not w.buffer)
        lines.append(f"total = {' + '.join(fmt(r.total) for _, r in halves)} = {fmt(total)}")
        return LayerResult(name, "Transformer", "pytorch", weights, shape, tuple(lines),
                           macs=_sum_macs([r for _, r in halves]))


KERAS: dict[str, type[Layer]] = {}
TORCH: dict[str, type[Layer]] = {
    "TransformerEncoderLayer": TransformerEncoderLayer,
    "TransformerDecoderLayer": TransformerDecoderLayer,
    "TransformerEncoder": TransformerEncoder,
    "TransformerDecoder": TransformerDecoder,
    "Transformer": Transformer,
}
