"""Attention layers: Keras MultiHeadAttention/GroupQueryAttention/Attention/
AdditiveAttention, PyTorch MultiheadAttention.

Keras attention layers are called on several inputs (query, value, key). The layer's
input shape is the query; ``value_shape`` and ``key_shape`` are parambot's own keyword
fields (not Keras constructor arguments) for the other two, and default to the query
(self-attention) and to the value, as in Keras's ``call``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core import (
    Layer,
    LayerResult,
    Shape,
    Weight,
    boolean,
    choice,
    dims_text,
    elements,
    fmt,
    last_dim,
    positive_int,
    product,
    require_shape,
    shape_text,
)
from ..errors import ParamError
from .base import KerasLayer, TorchModule, unfrozen_note


def shape_value(value: object, arg: str) -> Shape | None:
    """A shape given as a field (``value_shape=(None, 128)``), without the batch axis."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (list, tuple)) or not value:
        raise ParamError(f"`{arg}` must be a shape like (None, 128); got {value!r}.")
    dims: list[int | None] = []
    for d in value:
        dims.append(None if d is None else positive_int(d, arg))
    return tuple(dims)


def _out_shape(value: object, default: int) -> tuple[int, ...]:
    if value is None:
        return (default,)
    if isinstance(value, int) and not isinstance(value, bool):
        return (positive_int(value, "output_shape"),)
    if isinstance(value, (list, tuple)) and value:
        return tuple(positive_int(v, "output_shape") for v in value)
    raise ParamError(f"`output_shape` must be a size or a tuple of sizes; got {value!r}.")


def _projection(prefix: str, rows: int, cols: tuple[int, ...], bias: bool,
                t: bool) -> tuple[list[Weight], str, int]:
    """One Keras EinsumDense projection: kernel (rows, *cols) and bias (*cols)."""
    weights = [Weight(f"{prefix}/kernel", (rows, *cols), trainable=t)]
    n = rows * product(cols)
    text = f"{prefix}: {fmt(rows)} × {dims_text(cols)}"
    if bias:
        weights.append(Weight(f"{prefix}/bias", cols, trainable=t))
        n += product(cols)
        text += f" + {dims_text(cols)}"
    return weights, f"{text} = {fmt(n)}", n


def _projections(parts: Sequence[tuple[str, int, tuple[int, ...]]], bias: bool,
                 t: bool) -> tuple[list[Weight], list[str], int]:
    """Every ``(prefix, rows, cols)`` projection of a Keras attention layer, in order."""
    weights: list[Weight] = []
    lines: list[str] = []
    total = 0
    for prefix, rows, cols in parts:
        w, text, n = _projection(prefix, rows, cols, bias, t)
        weights += w
        lines.append(text)
        total += n
    return weights, lines, total


@dataclass(frozen=True)
class _KerasInputs:
    """A Keras attention layer's query, value and key shapes and their feature widths."""

    query: Shape
    value: Shape
    key: Shape
    dq: int
    dv: int
    dk: int

    @classmethod
    def of(cls, query: Shape, value_shape: object, key_shape: object,
           layer: str) -> _KerasInputs:
        """Value defaults to the query (self-attention) and key to the value, as in
        Keras's ``call``; every width must be known to size the projections."""
        dq = last_dim(query, layer, "query features (the width of the input)")
        vs = shape_value(value_shape, "value_shape") or query
        ks = shape_value(key_shape, "key_shape") or vs
        return cls(query, vs, ks, dq, last_dim(vs, layer, "value features"),
                   last_dim(ks, layer, "key features"))


def torch_mha_count(e: int, kdim: int, vdim: int, bias: bool = True) -> int:
    """What nn.MultiheadAttention(e, heads, kdim=kdim, vdim=vdim, bias=bias) holds."""
    return e * (e + kdim + vdim) + e * e + (4 * e if bias else 0)


# -- Keras -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MultiHeadAttention(KerasLayer):
    TYPE = "MultiHeadAttention"
    NO_EFFECT = frozenset({"dropout", "attention_axes", "sliding_window", "flash_attention"})
    num_heads: int
    key_dim: int
    value_dim: int | None = None
    dropout: float = 0.0
    use_bias: bool = True
    output_shape: object = None
    attention_axes: object = None
    sliding_window: object = None
    flash_attention: object = None
    kernel_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    bias_constraint: object = None
    use_gate: bool = False
    seed: object = None
    #: parambot's own: the value input's shape (default: the query, self-attention).
    value_shape: object = field(default=None, kw_only=True)
    #: parambot's own: the key input's shape (default: the value).
    key_shape: object = field(default=None, kw_only=True)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        if self.key_dim is None:
            raise ParamError("MultiHeadAttention needs `key_dim`, the size of each head "
                             "(Keras cannot infer it from the input).", expected=("key_dim",))
        h = positive_int(self.num_heads, "num_heads")
        k = positive_int(self.key_dim, "key_dim")
        v = k if self.value_dim is None else positive_int(self.value_dim, "value_dim")
        bias = boolean(self.use_bias, "use_bias")
        gate = boolean(self.use_gate, "use_gate")
        layer = "MultiHeadAttention"
        q = require_shape(input_shape, layer, "query features (the width of the input)")
        inputs = _KerasInputs.of(q, self.value_shape, self.key_shape, layer)
        vs, ks, dq, dv, dk = inputs.value, inputs.key, inputs.dq, inputs.dv, inputs.dk
        if len(vs) != len(ks) or any(a is not None and b is not None and a != b
                                     for a, b in zip(vs[:-1], ks[:-1], strict=True)):
            raise ParamError(f"MultiHeadAttention: `value` and `key` must have the same shape "
                             f"except the last axis; got {shape_text(vs)} and "
                             f"{shape_text(ks)}.")
        out = _out_shape(self.output_shape, dq)
        t = True  # a constructor's trainable=False freezes nothing here (unfrozen_note)
        parts = [("query", dq, (h, k)), ("key", dk, (h, k))]
        if gate:
            parts.append(("gate", dq, (h, v)))
        parts.append(("value", dv, (h, v)))
        weights, lines, total = _projections(parts, bias, t)
        weights.append(Weight("attention_output/kernel", (h, v, *out), trainable=t))
        n_out = h * v * product(out)
        text = f"attention_output: {fmt(h)} × {fmt(v)} × {dims_text(out)}"
        if bias:
            weights.append(Weight("attention_output/bias", out, trainable=t))
            n_out += product(out)
            text += f" + {dims_text(out)}"
        lines.append(f"{text} = {fmt(n_out)}")
        total += n_out
        lines.append(f"total = {fmt(total)}")
        width = h * k
        notes = [f"Keras sizes each head by key_dim: query/key project to num_heads × key_dim "
                 f"= {h} × {k} = {fmt(width)} columns, whatever the input width ({fmt(dq)})."]
        if dq % h == 0:
            notes.append(
                f"PyTorch nn.MultiheadAttention(embed_dim={dq}, num_heads={h}) splits "
                f"embed_dim across the heads ({dq // h} each) and would have "
                f"{fmt(torch_mha_count(dq, dk, dv, bias))} parameters; Keras has "
                f"{fmt(total)} here.")
        else:
            notes.append(f"PyTorch would refuse nn.MultiheadAttention(embed_dim={dq}, "
                         f"num_heads={h}): embed_dim must be divisible by num_heads. Keras "
                         f"has no such rule ({fmt(total)} parameters here).")
        nq, nk = elements(q[:-1]), elements(vs[:-1])
        macs = None
        if nq is not None and nk is not None and self.attention_axes is None:
            macs = (nq * dq * h * k + nk * dk * h * k + nk * dv * h * v
                    + (nq * dq * h * v if gate else 0)
                    + nq * nk * h * (k + v) + nq * h * v * product(out))
        if not self.trainable:
            notes.append(unfrozen_note(layer))
        return LayerResult(name, layer, "keras", tuple(weights), (*q[:-1], *out),
                           tuple(lines), tuple(notes), macs=macs)


@dataclass(frozen=True)
class GroupQueryAttention(KerasLayer):
    TYPE = "GroupedQueryAttention"  # keras.layers.GroupQueryAttention is this class's alias
    NO_EFFECT = frozenset({"dropout", "sliding_window", "flash_attention"})
    head_dim: int
    num_query_heads: int
    num_key_value_heads: int
    dropout: float = 0.0
    use_bias: bool = True
    sliding_window: object = None
    flash_attention: object = None
    kernel_initializer: object = "glorot_uniform"
    bias_initializer: object = "zeros"
    kernel_regularizer: object = None
    bias_regularizer: object = None
    activity_regularizer: object = None
    kernel_constraint: object = None
    bias_constraint: object = None
    use_gate: bool = False
    seed: object = None
    value_shape: object = field(default=None, kw_only=True)
    key_shape: object = field(default=None, kw_only=True)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        hd = positive_int(self.head_dim, "head_dim")
        nq = positive_int(self.num_query_heads, "num_query_heads")
        nkv = positive_int(self.num_key_value_heads, "num_key_value_heads")
        bias = boolean(self.use_bias, "use_bias")
        gate = boolean(self.use_gate, "use_gate")
        if nq % nkv:
            raise ParamError(f"GroupQueryAttention: `num_query_heads` ({nq}) must be "
                             f"divisible by `num_key_value_heads` ({nkv}): each key/value "
                             f"head serves a whole group of query heads.")
        layer = "GroupQueryAttention"
        q = require_shape(input_shape, layer, "query features (the width of the input)")
        if len(q) != 2:
            raise ParamError(f"GroupQueryAttention expects (sequence, features) inputs; got "
                             f"{shape_text(q)}.")
        inputs = _KerasInputs.of(q, self.value_shape, self.key_shape, layer)
        dq, dv, dk = inputs.dq, inputs.dv, inputs.dk
        if dv != dq:
            raise ParamError(f"GroupQueryAttention: the last axis of the query ({dq}) and of "
                             f"the value ({dv}) must be equal.")
        t = True  # a constructor's trainable=False freezes nothing here (unfrozen_note)
        parts = [("query", dq, (nq, hd)), ("key", dk, (nkv, hd))]
        if gate:
            parts.append(("gate", dq, (nq, hd)))
        parts.append(("value", dv, (nkv, hd)))
        weights, lines, total = _projections(parts, bias, t)
        weights.append(Weight("attention_output/kernel", (nq, hd, dq), trainable=t))
        n_out = nq * hd * dq + (dq if bias else 0)
        if bias:
            weights.append(Weight("attention_output/bias", (dq,), trainable=t))
        lines.append(f"attention_output: {nq} × {fmt(hd)} × {fmt(dq)}"
                     f"{' + ' + fmt(dq) if bias else ''} = {fmt(n_out)}")
        total += n_out
        lines.append(f"total = {fmt(total)} ({nq} query heads share {nkv} key/value heads)")
        notes = () if self.trainable else (unfrozen_note(self.TYPE),)
        return LayerResult(name, self.TYPE, "keras", tuple(weights), q, tuple(lines), notes)


@dataclass(frozen=True)
class Attention(KerasLayer):
    TYPE = "Attention"
    NO_EFFECT = frozenset({"dropout"})
    use_scale: bool = False
    score_mode: str = "dot"
    dropout: float = 0.0
    seed: object = None
    value_shape: object = field(default=None, kw_only=True)
    key_shape: object = field(default=None, kw_only=True)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        scale = boolean(self.use_scale, "use_scale")
        mode = choice(self.score_mode, "score_mode", ("dot", "concat"))
        t = self.trainable
        weights = []
        if scale:
            weights.append(Weight("scale", (), trainable=t))
        if mode == "concat":
            weights.append(Weight("concat_score_weight", (), trainable=t))
        names = [w.name for w in weights]
        line = (f"{' + '.join(names)}: one scalar each = {len(names)}" if names
                else "dot-product attention without use_scale has no weights: 0")
        return LayerResult(name, "Attention", "keras", tuple(weights),
                           _attended(input_shape, self.value_shape), (line,))


@dataclass(frozen=True)
class AdditiveAttention(KerasLayer):
    TYPE = "AdditiveAttention"
    NO_EFFECT = frozenset({"dropout"})
    use_scale: bool = True
    dropout: float = 0.0
    value_shape: object = field(default=None, kw_only=True)
    key_shape: object = field(default=None, kw_only=True)

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        scale = boolean(self.use_scale, "use_scale")
        weights: tuple[Weight, ...] = ()
        line = "use_scale=False: no weights: 0"
        if scale:
            q = require_shape(input_shape, "AdditiveAttention", "query features")
            d = last_dim(q, "AdditiveAttention", "query features")
            weights = (Weight("scale", (d,), trainable=self.trainable),)
            line = f"scale, one per query feature = {fmt(d)}"
        return LayerResult(name, "AdditiveAttention", "keras", weights,
                           _attended(input_shape, self.value_shape), (line,))


def _attended(query: Shape | None, value: object) -> Shape | None:
    """Dot/additive attention returns one value vector per query position."""
    vs = shape_value(value, "value_shape") or query
    if query is None or vs is None:
        return None
    return (*query[:-1], vs[-1])


# -- PyTorch -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MultiheadAttention(TorchModule):
    TYPE = "MultiheadAttention"
    NO_EFFECT = frozenset({"dropout", "add_zero_attn", "batch_first"})
    embed_dim: int
    num_heads: int
    dropout: float = 0.0
    bias: bool = True
    add_bias_kv: bool = False
    add_zero_attn: bool = False
    kdim: int | None = None
    vdim: int | None = None
    batch_first: bool = False
    device: object = None
    dtype: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        e = positive_int(self.embed_dim, "embed_dim")
        h = positive_int(self.num_heads, "num_heads")
        bias = boolean(self.bias, "bias")
        bias_kv = boolean(self.add_bias_kv, "add_bias_kv")
        kd = e if self.kdim is None else positive_int(self.kdim, "kdim")
        vd = e if self.vdim is None else positive_int(self.vdim, "vdim")
        if e % h:
            raise ParamError(f"MultiheadAttention: embed_dim ({e}) must be divisible by "
                             f"num_heads ({h}); PyTorch splits embed_dim evenly across the "
                             f"heads.", suggestion=_heads_hint(e))
        if input_shape is not None and input_shape and input_shape[-1] not in (None, e):
            raise ParamError(f"MultiheadAttention expects a query of embed_dim={e} features; "
                             f"the input {shape_text(input_shape)} has {input_shape[-1]}.")
        weights: list[Weight] = []
        lines: list[str] = []
        if kd == e and vd == e:
            weights.append(Weight("in_proj_weight", (3 * e, e)))
            lines.append(f"in_proj_weight (q, k, v stacked): 3 × {fmt(e)} × {fmt(e)} = "
                         f"{fmt(3 * e * e)}")
        else:
            weights += [Weight("q_proj_weight", (e, e)), Weight("k_proj_weight", (e, kd)),
                        Weight("v_proj_weight", (e, vd))]
            lines.append(f"q/k/v_proj_weight (kdim/vdim differ from embed_dim): {fmt(e)} × "
                         f"({fmt(e)} + {fmt(kd)} + {fmt(vd)}) = {fmt(e * (e + kd + vd))}")
        if bias:
            weights.append(Weight("in_proj_bias", (3 * e,)))
            lines.append(f"in_proj_bias: 3 × {fmt(e)} = {fmt(3 * e)}")
        if bias_kv:
            weights += [Weight("bias_k", (1, 1, e)), Weight("bias_v", (1, 1, e))]
            lines.append(f"bias_k + bias_v (add_bias_kv): 2 × {fmt(e)} = {fmt(2 * e)}")
        weights.append(Weight("out_proj.weight", (e, e)))
        out_n = e * e
        if bias:
            weights.append(Weight("out_proj.bias", (e,)))
            out_n += e
        lines.append(f"out_proj: {fmt(e)} × {fmt(e)}{' + ' + fmt(e) if bias else ''} = "
                     f"{fmt(out_n)}")
        total = sum(w.size for w in weights)
        lines.append(f"total = {fmt(total)} ({h} heads of {fmt(e // h)}: the heads split "
                     f"embed_dim, they do not add weights)")
        notes = (f"PyTorch splits embed_dim={e} across num_heads={h} heads of {e // h}; Keras "
                 f"MultiHeadAttention sizes by num_heads × key_dim instead, so the same count "
                 f"({fmt(total)}) needs MultiHeadAttention(num_heads={h}, key_dim={e // h}) "
                 f"on {e} features.",)
        out: Shape = (None, e) if input_shape is None else (*input_shape[:-1], e)
        macs = None
        if input_shape is not None and len(input_shape) == 2 and input_shape[0] is not None:
            n = input_shape[0]  # self-attention: keys as long as queries
            macs = n * e * (e + kd + vd) + 2 * n * n * e + n * e * e
        return LayerResult(name, "MultiheadAttention", "pytorch", tuple(weights), out,
                           tuple(lines), notes, macs=macs)


def _heads_hint(e: int) -> str:
    options = [h for h in (1, 2, 4, 8, 12, 16) if e % h == 0]
    return "use num_heads that divides embed_dim, e.g. " + ", ".join(map(str, options))


KERAS: dict[str, type[Layer]] = {
    "MultiHeadAttention": MultiHeadAttention,
    "GroupQueryAttention": GroupQueryAttention,
    "Attention": Attention,
    "AdditiveAttention": AdditiveAttention,
}
TORCH: dict[str, type[Layer]] = {"MultiheadAttention": MultiheadAttention}
