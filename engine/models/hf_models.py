"""Hugging Face ``transformers`` models from their default configurations: GPT-2
(small/medium/large/xl), BERT (base/large, with or without the pooler), LLaMA-7B.

Rows are leaf modules under the library's own dotted names, so every row's weights are
the parameters ``named_parameters()`` lists (tied weights once) and the buffers
``named_buffers()`` lists. GPT-2's projections are ``transformers``' ``Conv1D``, whose
weight is stored (in, out), the transpose of ``nn.Linear``'s.
"""

from __future__ import annotations

from dataclasses import replace

from ..core import Shape, Weight, fmt
from ..model import Subject
from .graph import Net, stage_lines
from .transformer_config import LLAMA_7B, TransformerConfig, count

GPT2_SIZES: dict[str, tuple[int, int, int]] = {  # d_model, layers, heads
    "gpt2": (768, 12, 12),
    "gpt2-medium": (1024, 24, 16),
    "gpt2-large": (1280, 36, 20),
    "gpt2-xl": (1600, 48, 25),
}
BERT_SIZES: dict[str, tuple[int, int, int, int]] = {  # hidden, layers, heads, intermediate
    "bert-base-uncased": (768, 12, 12, 3072),
    "bert-large-uncased": (1024, 24, 16, 4096),
}


def _conv1d(net: Net, x: Shape, n_in: int, n_out: int, name: str) -> Shape:
    key = ("Conv1D", x, n_in, n_out)  # every block repeats the same four projections
    out = net.repeat(key, name)
    if out is not None:
        return out
    return net.raw(name, "Conv1D", (*x[:-1], n_out),
                   (Weight("weight", (n_in, n_out)), Weight("bias", (n_out,))),
                   (f"Conv1D (a Linear stored in × out): {fmt(n_in)} × {fmt(n_out)} + "
                    f"{fmt(n_out)} = {fmt(n_in * n_out + n_out)}",),
                   macs=None if x[0] is None else x[0] * n_in * n_out, key=key)


def _block(s: Subject) -> int:
    return sum(r.total for r in s.layers if r.name.startswith("transformer.h.0."))


def gpt2(size: str = "gpt2") -> Subject:
    d, L, heads = GPT2_SIZES[size]
    V, C = 50257, 1024
    net = Net("pytorch")
    seq: Shape = (None, d)
    net.add("Embedding", (None,), V, d, name="transformer.wte")
    net.add("Embedding", (None,), C, d, name="transformer.wpe")
    net.add("Dropout", seq, name="transformer.drop")
    for i in range(L):
        p = f"transformer.h.{i}"
        net.add("LayerNorm", seq, d, eps=1e-5, name=p + ".ln_1")
        _conv1d(net, seq, d, 3 * d, p + ".attn.c_attn")
        _conv1d(net, seq, d, d, p + ".attn.c_proj")
        net.add("Dropout", seq, name=p + ".attn.attn_dropout")
        net.add("Dropout", seq, name=p + ".attn.resid_dropout")
        net.add("LayerNorm", seq, d, eps=1e-5, name=p + ".ln_2")
        h = _conv1d(net, seq, d, 4 * d, p + ".mlp.c_fc")
        _conv1d(net, h, 4 * d, d, p + ".mlp.c_proj")
        net.add("GELU", h, name=p + ".mlp.act")
        net.add("Dropout", seq, name=p + ".mlp.dropout")
    net.add("LayerNorm", seq, d, eps=1e-5, name="transformer.ln_f")
    out = net.raw("lm_head", "Linear (tied)", (None, V), (),
                  (f"weight tied to transformer.wte ({fmt(V)} × {fmt(d)}): the same tensor, "
                   "counted once",))
    s = net.subject(f"GPT2LMHeadModel ({size})", (None,), out)
    cfg = TransformerConfig(d, L, heads, V, context=C)
    assert s.total == count(cfg)
    untied = s.total + V * d
    return replace(s, derivation=(
        "by part: " + stage_lines(s, 2)[0],
        f"each of the {L} blocks (transformer.h.N): {fmt(_block(s))}",
        f"lm_head is tied to the token embedding, so its {fmt(V)} × {fmt(d)} = "
        f"{fmt(V * d)} weights are counted once: {fmt(s.total)}",
    ), notes=(
        f"Untied (a separate lm_head, as some exports have it) the total would be "
        f"{fmt(untied)}; GPT2Model without the head is also {fmt(s.total)}.",
        "GPT-2's attention and MLP projections are transformers' Conv1D: a Linear whose "
        "weight is stored (in, out).",
    ))


def bert(size: str = "bert-base-uncased", pooler: bool = True) -> Subject:
    d, L, heads, ff = BERT_SIZES[size]
    V, C = 30522, 512
    net = Net("pytorch")
    seq: Shape = (None, d)
    net.add("Embedding", (None,), V, d, name="embeddings.word_embeddings")
    net.add("Embedding", (None,), C, d, name="embeddings.position_embeddings")
    net.add("Embedding", (None,), 2, d, name="embeddings.token_type_embeddings")
    net.add("LayerNorm", seq, d, eps=1e-12, name="embeddings.LayerNorm")
    # BertEmbeddings registers these index tensors as buffers (1 × max positions each).
    net.raw("embeddings", "Buffers", seq,
            (Weight("position_ids", (1, C), buffer=True),
             Weight("token_type_ids", (1, C), buffer=True)),
            (f"buffers position_ids and token_type_ids, 2 × {C} = {2 * C} (not parameters)",))
    net.add("Dropout", seq, name="embeddings.dropout")
    for i in range(L):
        p = f"encoder.layer.{i}"
        for proj in ("query", "key", "value"):
            net.add("Linear", seq, d, d, name=f"{p}.attention.self.{proj}")
        net.add("Dropout", seq, name=p + ".attention.self.dropout")
        net.add("Linear", seq, d, d, name=p + ".attention.output.dense")
        net.add("LayerNorm", seq, d, eps=1e-12, name=p + ".attention.output.LayerNorm")
        net.add("Dropout", seq, name=p + ".attention.output.dropout")
        h = net.add("Linear", seq, d, ff, name=p + ".intermediate.dense")
        net.add("GELU", h, name=p + ".intermediate.intermediate_act_fn")
        net.add("Linear", h, ff, d, name=p + ".output.dense")
        net.add("LayerNorm", seq, d, eps=1e-12, name=p + ".output.LayerNorm")
        net.add("Dropout", seq, name=p + ".output.dropout")
    out = seq
    if pooler:
        net.add("Linear", (d,), d, d, name="pooler.dense")
        net.add("Tanh", (d,), name="pooler.activation")
    label = f"BertModel ({size}{'' if pooler else ', no pooler'})"
    s = net.subject(label, (None,), out)
    pool = d * d + d
    note = (f"without the pooler (add_pooling_layer=False) it is {fmt(s.total - pool)}"
            if pooler else f"with the pooler (dense {fmt(d)} × {fmt(d)} + {fmt(d)}) it is "
            f"{fmt(s.total + pool)}")
    return replace(s, derivation=("by part: " + stage_lines(s, 1)[0],), notes=(
        note + ".",
        f"position_ids and token_type_ids are buffers ({fmt(s.buffers)} elements), "
        "not parameters.",
    ))


def llama_7b() -> Subject:
    cfg = LLAMA_7B
    d, L, V, ff = cfg.d_model, cfg.n_layers, cfg.vocab, cfg.ffn_width
    net = Net("pytorch")
    seq: Shape = (None, d)
    net.add("Embedding", (None,), V, d, name="model.embed_tokens")
    for i in range(L):
        p = f"model.layers.{i}"
        for proj in ("q_proj", "k_proj", "v_proj", "o_proj"):
            net.add("Linear", seq, d, d, bias=False, name=f"{p}.self_attn.{proj}")
        for proj, n_in, n_out in (("gate_proj", d, ff), ("up_proj", d, ff),
                                  ("down_proj", ff, d)):
            net.add("Linear", (None, n_in), n_in, n_out, bias=False, name=f"{p}.mlp.{proj}")
        net.add("SiLU", (None, ff), name=p + ".mlp.act_fn")
        net.add("RMSNorm", seq, d, eps=1e-6, name=p + ".input_layernorm")
        net.add("RMSNorm", seq, d, eps=1e-6, name=p + ".post_attention_layernorm")
    net.add("RMSNorm", seq, d, eps=1e-6, name="model.norm")
    half = cfg.head_dim // 2
    net.raw("model.rotary_emb", "LlamaRotaryEmbedding", seq,
            (Weight("inv_freq", (half,), buffer=True),
             Weight("original_inv_freq", (half,), buffer=True)),
            (f"rotary frequencies: buffers of head_dim / 2 = {half} (no parameters)",))
    out = net.add("Linear", seq, d, V, bias=False, name="lm_head")
    s = net.subject("LlamaForCausalLM (LLaMA-7B)", (None,), out)
    assert s.total == count(cfg)
    return replace(s, derivation=(
        "by part: " + stage_lines(s, 2)[0],
        f"the LM head is untied: {fmt(V)} × {fmt(d)} = {fmt(V * d)} of its own "
        f"(LlamaModel without it: {fmt(s.total - V * d)})",
    ), notes=("RMSNorm has a weight and no bias; SwiGLU has three projections "
              f"(gate, up, down) of {fmt(d)} × {fmt(ff)}; rotary positions have no "
              "parameters.",))
