"""A decoder-only transformer from its hyperparameters: exact count, per-block breakdown,
and how far the 12·L·d² rule of thumb is off.

The defaults describe GPT-2 (LayerNorm with bias, GELU MLP of 4·d, learned positions,
biases everywhere, tied LM head); ``norm="rmsnorm", ffn="swiglu", bias=False,
positions="rotary", tied=False`` describes LLaMA. Counts are PyTorch's (``transformers``
layouts): a tied head shares the token embedding's tensor and is counted once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..core import LayerResult, Shape, Weight, check_total, fmt, layer_count, positive_int
from ..errors import ParamError
from ..model import Subject

FFN = Literal["gelu", "swiglu"]
Norm = Literal["layernorm", "rmsnorm"]
Positions = Literal["learned", "rotary", "none"]


@dataclass(frozen=True)
class TransformerConfig:
    """Hyperparameters of a decoder-only transformer (names as in model cards)."""

    d_model: int
    n_layers: int
    n_heads: int
    vocab: int
    context: int | None = None
    tied: bool = True
    #: Key/value heads for grouped-query attention; ``None`` means one per query head.
    n_kv_heads: int | None = None
    ffn: FFN = "gelu"
    #: Feed-forward width; by default 4·d (GELU) or LLaMA's rule for SwiGLU.
    d_ff: int | None = None
    norm: Norm = "layernorm"
    bias: bool = True
    positions: Positions = "learned"

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads

    @property
    def kv_heads(self) -> int:
        return self.n_kv_heads if self.n_kv_heads is not None else self.n_heads

    @property
    def ffn_width(self) -> int:
        if self.d_ff is not None:
            return self.d_ff
        if self.ffn == "gelu":
            return 4 * self.d_model
        return swiglu_width(self.d_model)


def swiglu_width(d_model: int, multiple_of: int = 256) -> int:
    """LLaMA's default SwiGLU width: ⌊2·4d/3⌋ rounded up to a multiple of 256
    (4096 -> 11008)."""
    hidden = 2 * 4 * d_model // 3
    return multiple_of * (-(-hidden // multiple_of))


def validate(cfg: TransformerConfig) -> TransformerConfig:
    d = positive_int(cfg.d_model, "d_model")
    layer_count(cfg.n_layers, "n_layers")
    h = positive_int(cfg.n_heads, "n_heads")
    positive_int(cfg.vocab, "vocab")
    if d % h:
        raise ParamError(f"d_model ({d}) must be divisible by the number of heads ({h}).")
    kv = positive_int(cfg.kv_heads, "n_kv_heads")
    if h % kv:
        raise ParamError(f"the {h} query heads must split evenly over the {kv} key/value "
                         "heads (grouped-query attention).")
    positive_int(cfg.ffn_width, "d_ff")
    if cfg.positions == "learned" and cfg.context is None:
        raise ParamError("learned position embeddings need the context length "
                         "(for example `context 1024`).", expected=("context",))
    if cfg.context is not None:
        positive_int(cfg.context, "context")
    return cfg


@dataclass(frozen=True)
class BlockCount:
    """One block's parameters, by part."""

    attention: int
    feed_forward: int
    norms: int

    @property
    def total(self) -> int:
        return self.attention + self.feed_forward + self.norms


def block_weights(cfg: TransformerConfig) -> tuple[Weight, ...]:
    """One block's tensors under LLaMA-style names (``self_attn.q_proj.weight``)."""
    d, kv, ff, b = cfg.d_model, cfg.kv_heads * cfg.head_dim, cfg.ffn_width, cfg.bias

    def linear(name: str, n_in: int, n_out: int) -> list[Weight]:
        w = [Weight(f"{name}.weight", (n_out, n_in))]
        return w + [Weight(f"{name}.bias", (n_out,))] if b else w

    def norm(name: str) -> list[Weight]:
        w = [Weight(f"{name}.weight", (d,))]
        return w + [Weight(f"{name}.bias", (d,))] if cfg.norm == "layernorm" and b else w

    ws = norm("input_layernorm")
    ws += linear("self_attn.q_proj", d, d) + linear("self_attn.k_proj", d, kv)
    ws += linear("self_attn.v_proj", d, kv) + linear("self_attn.o_proj", d, d)
    ws += norm("post_attention_layernorm")
    if cfg.ffn == "swiglu":
        ws += linear("mlp.gate_proj", d, ff) + linear("mlp.up_proj", d, ff)
        ws += linear("mlp.down_proj", ff, d)
    else:
        ws += linear("mlp.fc_in", d, ff) + linear("mlp.fc_out", ff, d)
    return tuple(ws)


def block_count(cfg: TransformerConfig) -> BlockCount:
    parts = {"self_attn": 0, "mlp": 0, "norm": 0}
    for w in block_weights(cfg):
        key = w.name.split(".")[0]
        parts[key if key in parts else "norm"] += w.size
    return BlockCount(parts["self_attn"], parts["mlp"], parts["norm"])


def count(cfg: TransformerConfig) -> int:
    """Exact parameter count (tied head counted once)."""
    d = cfg.d_model
    n = cfg.vocab * d + cfg.n_layers * block_count(cfg).total
    if cfg.positions == "learned":
        assert cfg.context is not None
        n += cfg.context * d
    n += d * (2 if cfg.norm == "layernorm" and cfg.bias else 1)
    if not cfg.tied:
        n += cfg.vocab * d
    return n


def rule_of_thumb(cfg: TransformerConfig) -> int:
    """12·L·d²: attention 4·d² plus a 4·d-wide MLP 8·d² per block, nothing else."""
    return 12 * cfg.n_layers * cfg.d_model**2


def build(cfg: TransformerConfig, seq_len: int | None = None, label: str | None = None
          ) -> Subject:
    """The model as a Subject: embeddings, one row per block, final norm, LM head."""
    cfg = validate(cfg)
    d, V, L = cfg.d_model, cfg.vocab, cfg.n_layers
    T = seq_len
    rows: list[LayerResult] = []
    seq: Shape = (T, d)
    rows.append(LayerResult("embed_tokens", "Embedding", "pytorch",
                            (Weight("weight", (V, d)),), seq,
                            (f"vocab × d_model = {fmt(V)} × {fmt(d)} = {fmt(V * d)}",), macs=0))
    if cfg.positions == "learned":
        C = cfg.context
        assert C is not None
        rows.append(LayerResult("embed_positions", "Embedding", "pytorch",
                                (Weight("weight", (C, d)),), seq,
                                (f"context × d_model = {fmt(C)} × {fmt(d)} = {fmt(C * d)}",),
                                macs=0))
    bc = block_count(cfg)
    weights = block_weights(cfg)
    lines = _block_lines(cfg, bc)
    linear = sum(w.size for w in weights if len(w.shape) == 2)
    macs = None if T is None else T * linear + 2 * T * T * d
    for i in range(L):
        rows.append(LayerResult(f"layers.{i}", "DecoderBlock", "pytorch", weights, seq,
                                lines if i == 0 else (f"same as layers.0: {fmt(bc.total)}",),
                                macs=macs))
    norm_w = [Weight("weight", (d,))]
    if cfg.norm == "layernorm" and cfg.bias:
        norm_w.append(Weight("bias", (d,)))
    rows.append(LayerResult("norm", "LayerNorm" if cfg.norm == "layernorm" else "RMSNorm",
                            "pytorch", tuple(norm_w), seq, macs=0))
    head_macs = None if T is None else T * V * d
    out: Shape = (T, V)
    if cfg.tied:
        rows.append(LayerResult("lm_head", "Linear (tied)", "pytorch", (), out,
                                ("tied to embed_tokens: the same tensor, counted once",),
                                macs=head_macs))
    else:
        rows.append(LayerResult("lm_head", "Linear", "pytorch", (Weight("weight", (V, d)),),
                                out, (f"d_model × vocab = {fmt(d)} × {fmt(V)} = {fmt(V * d)}",),
                                macs=head_macs))
    total = count(cfg)
    check_total(total, "this transformer")
    thumb = rule_of_thumb(cfg)
    off = (thumb - total) * 1000 // total
    derivation = [
        *lines,
        f"{L} blocks × {fmt(bc.total)} = {fmt(L * bc.total)}",
        f"token embedding {fmt(V * d)}"
        + (f" + positions {fmt((cfg.context or 0) * d)}" if cfg.positions == "learned" else "")
        + f" + final norm {fmt(sum(w.size for w in norm_w))}"
        + (f" + LM head {fmt(V * d)}" if not cfg.tied else " (LM head tied, counted once)"),
        f"total = {fmt(total)}",
        f"rule of thumb 12·L·d² = 12 × {L} × {fmt(d)}² = {fmt(thumb)}, "
        f"{_pct(off)} {'below' if thumb < total else 'above'} the exact count "
        "(it counts only the blocks' attention 4·d² and a 4·d MLP 8·d², and leaves out "
        "embeddings, biases and norms)",
    ]
    notes = []
    if cfg.tied:
        notes.append(f"untied (a separate LM head), it would be {fmt(total + V * d)}.")
    if cfg.positions == "rotary":
        notes.append("rotary position embeddings have no parameters.")
    subject = Subject(label or describe(cfg), "pytorch", tuple(rows), (T,), out,
                      tuple(derivation), tuple(notes))
    assert subject.total == total
    return subject


def _pct(per_mille: int) -> str:
    p = abs(per_mille)
    return f"{p // 10}.{p % 10}%"


def _block_lines(cfg: TransformerConfig, bc: BlockCount) -> tuple[str, ...]:
    d, kv, ff = cfg.d_model, cfg.kv_heads * cfg.head_dim, cfg.ffn_width
    b = " + biases" if cfg.bias else ""
    if kv == d:
        attn = f"attention: q, k, v, o projections 4 × {fmt(d)}²{b} = {fmt(bc.attention)}"
    else:
        attn = (f"attention (grouped-query, {cfg.kv_heads} key/value heads of "
                f"{cfg.head_dim}): q and o 2 × {fmt(d)}², k and v 2 × {fmt(d)} × {fmt(kv)}"
                f"{b} = {fmt(bc.attention)}")
    if cfg.ffn == "swiglu":
        mlp = f"SwiGLU feed-forward: gate, up, down 3 × {fmt(d)} × {fmt(ff)}{b} = " \
              f"{fmt(bc.feed_forward)}"
    else:
        mlp = f"MLP: 2 × {fmt(d)} × {fmt(ff)}{b} = {fmt(bc.feed_forward)}"
    norm = ("LayerNorm" if cfg.norm == "layernorm" else "RMSNorm") + f" × 2 = {fmt(bc.norms)}"
    return (f"per block: {attn}", f"per block: {mlp}", f"per block: {norm}",
            f"one block = {fmt(bc.total)}")


def describe(cfg: TransformerConfig) -> str:
    parts = [f"d_model {cfg.d_model}", f"{cfg.n_layers} layers", f"{cfg.n_heads} heads"]
    if cfg.n_kv_heads is not None and cfg.n_kv_heads != cfg.n_heads:
        parts.append(f"{cfg.n_kv_heads} kv heads")
    parts.append(f"vocab {cfg.vocab}")
    if cfg.ffn == "swiglu":
        parts.append(f"SwiGLU {cfg.ffn_width}")
    if cfg.norm == "rmsnorm":
        parts.append("RMSNorm")
    if not cfg.bias:
        parts.append("no bias")
    parts.append("tied" if cfg.tied else "untied")
    return "decoder-only transformer (" + ", ".join(parts) + ")"


GPT2_SMALL = TransformerConfig(768, 12, 12, 50257, context=1024)
LLAMA_7B = TransformerConfig(4096, 32, 32, 32000, context=2048, tied=False, ffn="swiglu",
                             norm="rmsnorm", bias=False, positions="rotary")


