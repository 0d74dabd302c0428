"""Whole-model questions in words: transformers from hyperparameters, inverse questions
("how many units for about 1M parameters"), and memory / compute add-ons."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..engine.catalogue import make
from ..engine.core import Framework, fmt
from ..engine.errors import ParamError
from ..engine.model import Subject, build_stack
from .text import Item, Segment, Slots, fill_slots

if TYPE_CHECKING:  # imported where used: most questions never need them
    from ..engine.inverse import InverseAnswer

TRANSFORMER_WORDS = {"transformer", "decoder-only", "llm", "gpt", "gpt-style", "decoder",
                     "gpt-like", "language", "llama", "llama-style", "llama-like",
                     "mistral"}
APPROX_WORDS = {"about", "around", "approximately", "roughly", "approx", "~", "target",
                "budget", "near", "close"}
MEMORY_WORDS = {"memory", "vram", "ram", "gb", "gib", "mb", "fp16", "bf16", "int8", "int4",
                "fp32", "float16", "float32", "bytes", "adam", "disk", "size_on_disk"}
COMPUTE_WORDS = {"flops", "macs", "mult-adds", "multiply-adds", "gflops", "compute"}
_PRECISIONS = {"fp32": "fp32", "float32": "fp32", "fp16": "fp16", "float16": "fp16",
               "bf16": "bf16", "int8": "int8", "int4": "int4"}


def _slots(items: list[Item]) -> Slots:
    seg = Segment(None, [it for it in items if it.kind != "sep"])
    return fill_slots(seg, None)


def _target_at(items: list[Item]) -> int | None:
    """Where the parameter count a question aims at is in ``items`` (``about 1M
    parameters``: its "parameters" word follows it)."""
    for i, it in enumerate(items[:-1]):
        nxt = items[i + 1]
        if it.kind == "num" and isinstance(it.value, int) and nxt.kind == "word" and str(
                nxt.value) in ("parameters", "params", "weights", "parameter"):
            return i
    return None


def transformer_config(items: list[Item], words: set[str]) -> Subject | None:
    """``decoder-only transformer d_model 768, 12 layers, 12 heads, vocab 50257, ...``"""
    if "vocab" not in words or not (words & TRANSFORMER_WORDS or "d_model" in words):
        return None
    from ..engine.models.transformer_config import TransformerConfig, build

    slots = _slots(items)
    d = slots.number("d_model", "units", "dim")
    layers = slots.number("layers")
    heads = slots.number("heads")
    vocab = slots.number("vocab")
    if d is None or layers is None or vocab is None:
        missing = [n for n, v in (("d_model", d), ("layers", layers), ("vocab", vocab))
                   if v is None]
        raise ParamError(
            f"To count a transformer from its hyperparameters I need d_model, the number of "
            f"layers and the vocabulary; missing: {', '.join(missing)}.",
            expected=tuple(missing),
            suggestion="decoder-only transformer d_model 768, 12 layers, 12 heads, "
                       "vocab 50257, context 1024, tied embeddings",
        )
    context = slots.number("steps")
    swiglu = "swiglu" in words
    rms = "rmsnorm" in words or "rms" in words
    rotary = "rotary" in words or "rope" in words
    cfg = TransformerConfig(
        d_model=d, n_layers=layers, n_heads=heads or 1, vocab=vocab,
        context=context if not rotary else None,
        tied=not ({"untied", "separate"} & words),
        n_kv_heads=slots.number("kv_heads"),
        ffn="swiglu" if swiglu else "gelu",
        d_ff=slots.number("ffn"),
        norm="rmsnorm" if rms else "layernorm",
        bias="nobias" not in slots.flags and "bias-free" not in words,
        positions="rotary" if rotary else ("learned" if context else "none"),
    )
    return build(cfg)


#: Words of a transformer layout other than GPT-2's, which the d_model solver assumes.
_NOT_GPT2 = frozenset({"untied", "separate", "swiglu", "rmsnorm", "rms", "rotary", "rope",
                       "kv_heads", "bias-free", "llama", "llama-style", "llama-like",
                       "mistral"})

#: Sizes an inverse question asks for ("how many units", "what hidden size").
_WANTED = {"units", "hidden", "hidden_size", "d_model", "width", "size", "filters",
           "neurons", "channels", "out_features", "out_channels"}
#: Words that ask for a size from a count ("... for 1M params", "to get 100k").
_ASKING = {"how", "what", "which", "for", "get", "gives", "give", "reach", "hit"}
_AT_MOST = {"most", "under", "below", "max", "maximum", "within", "less", "fewer"}
_AT_LEAST = {"least", "over", "min", "minimum", "more", "exceed", "exceeding"}


def inverse(items: list[Item], words: set[str], fw: Framework
            ) -> tuple[tuple[Subject, ...], str] | None:
    """``how many units for an LSTM with about 1M parameters at input 28``."""
    at = _target_at(items)
    if at is None or not (words & APPROX_WORDS or _ASKING & words):
        return None
    target = items[at].value
    assert isinstance(target, int)
    wanted = words & _WANTED or ({"out_features"} if "features" in words and words & {
        "out", "output"} else set())
    if not wanted:
        return None
    from ..engine.inverse import d_model_for, dense_units_for, recurrent_units_for
    from ..engine.models.transformer_config import TransformerConfig, build

    # the sizes the question gives, without the target ("with 1M params": not an input)
    slots = _slots(items[:at] + items[at + 2:])
    layer_words = [it for it in items if it.kind == "layer"]
    bound = "max" if words & _AT_MOST else ("min" if words & _AT_LEAST else None)
    bias = "nobias" not in slots.flags and not any(
        k in ("bias", "use_bias") and v is False for k, v in slots.kwargs)
    answer: InverseAnswer
    if "d_model" in words or words & TRANSFORMER_WORDS:
        layers = slots.number("layers")
        vocab = slots.number("vocab")
        if layers is None or vocab is None:
            raise ParamError("To solve for d_model I need the number of layers and the "
                             "vocabulary, e.g. `what d_model gives 125M parameters with 12 "
                             "layers and vocab 50257`.", expected=("layers", "vocab"))
        other = sorted(words & _NOT_GPT2 | ({"no bias"} if not bias else set()))
        if other:
            # the solver's layout is GPT-2's: tied embeddings, learned positions, biases,
            # LayerNorm, a GELU MLP of 4·d_model
            raise ParamError(
                f"The d_model solver knows GPT-2's layout (tied embeddings, learned "
                f"positions, biases, LayerNorm, a 4·d_model MLP); it can't solve with "
                f"`{other[0]}`. Ask for the count of a given d_model instead, e.g. "
                "`decoder-only transformer d_model 768, 12 layers, 12 heads, vocab 50257, "
                "untied`.", expected=("d_model",))
        answer = d_model_for(target, layers, vocab, context=slots.number("steps") or 1024)
        subjects = tuple(
            build(TransformerConfig(c.value, layers, 1, vocab, context=slots.number("steps")
                                    or 1024), label=f"d_model {fmt(c.value)}")
            for c in dict.fromkeys((answer.below, answer.above)) if c is not None)
    elif layer_words:
        word = layer_words[0].value
        name = getattr(word, "keras" if fw == "keras" else "torch", None)
        bidirectional = (getattr(word, "bidirectional", False) or "bidirectional" in words
                         or "bidirectional" in slots.flags)
        if name not in ("LSTM", "GRU", "SimpleRNN", "RNN", "Dense", "Linear"):
            # answering the question as if the target were a size would be a wrong count
            raise ParamError(
                f"parambot solves for the size that gives a parameter count for Dense / "
                f"Linear, LSTM, GRU and SimpleRNN layers and a transformer's d_model, not "
                f"for {name or layer_words[0].raw} yet. Ask for the count at a given size "
                "instead.", position=layer_words[0].pos,
                expected=("Dense", "LSTM", "GRU", "SimpleRNN", "d_model"))
        feats = slots.number("input", "features", "in")
        if feats is None:
            raise ParamError(f"To solve for {name} units I need the input features, e.g. "
                             "`... at input 28`.", expected=("input size",))
        stacked = slots.number("layers")
        if stacked is not None and stacked != 1:
            # "... lstm with 2 layers and about 1M parameters": the solver sizes one layer
            raise ParamError(
                f"parambot solves for the size of one {name} layer; with {stacked} layers it "
                "can't yet. Ask for the count at a given size instead, e.g. `pytorch lstm "
                f"input 28 hidden 283 {stacked} layers`.", expected=("one layer",))
        if name in ("Dense", "Linear"):
            if bidirectional:
                raise ParamError(f"{name} has no bidirectional form.")
            answer = dense_units_for(target, feats, fw, bias=bias, bound=bound)
        else:
            answer = recurrent_units_for(target, feats, name, fw,
                                         bidirectional=bidirectional, bias=bias, bound=bound)
        subjects = tuple(_solved(fw, name, c.value, feats, bidirectional, bias)
                         for c in dict.fromkeys((answer.below, answer.above)) if c is not None)
    else:
        return None
    return subjects, " ".join(f"{line}." for line in answer.lines())


def _solved(fw: Framework, name: str, units: int, feats: int, bidirectional: bool,
            bias: bool) -> Subject:
    """One candidate configuration of an inverse question, built and counted."""
    no_bias: list[tuple[str, object]] = [] if bias else [
        ("use_bias" if fw == "keras" else "bias", False)]
    extra = "" if bias else (", use_bias=False" if fw == "keras" else ", bias=False")
    if fw == "keras":
        layer = make("keras", name, [units], no_bias).layer
        label = f"{name}({units}{extra})"
        if bidirectional:
            layer = make("keras", "Bidirectional", [layer]).layer
            label = f"Bidirectional({label})"
        shape = (feats,) if name == "Dense" else (None, feats)
        return build_stack("keras", label, [layer], shape)
    options = [*no_bias, *([("bidirectional", True)] if bidirectional else [])]
    layer = make("pytorch", name, [feats, units], options).layer
    label = f"nn.{name}({feats}, {units}{extra}" + (
        ", bidirectional=True)" if bidirectional else ")")
    return build_stack("pytorch", label, [layer], (feats,) if name == "Linear" else None)


def add_ons(subjects: tuple[Subject, ...], words: set[str]) -> tuple[str, ...]:
    """Memory and compute lines when the question asks for them."""
    notes: list[str] = []
    if words & MEMORY_WORDS:
        from ..engine.memory import weight_memory

        precision = next((_PRECISIONS[w] for w in words if w in _PRECISIONS), None)
        for s in subjects:
            report = weight_memory(s)
            lines = report.lines(precision) if precision else report.lines()
            notes += [f"{s.label} memory: {line}" for line in lines]
    if words & COMPUTE_WORDS:
        from ..engine.compute import compute

        for s in subjects:
            notes += [f"{s.label} compute: {line}" for line in compute(s).lines()]
    return tuple(notes)


def with_notes(subject: Subject, notes: tuple[str, ...]) -> Subject:
    return replace(subject, notes=(*subject.notes, *notes))


__all__ = ["add_ons", "inverse", "transformer_config", "with_notes"]
