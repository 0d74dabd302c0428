"""Typos in layer names are refused with a suggestion, never guessed."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from ..engine.errors import ParamError
from ..engine.suggest import closest, distance
from .items import Item, catalogue_words
from .vocabulary import BIDIRECTIONAL_WORDS, FLAG_WORDS


def check_typos(items: Sequence[Item]) -> None:
    """A word one or two letters away from a layer name is a typo, not chit-chat: refuse
    it with a suggestion rather than guessing a layer silently."""
    words = catalogue_words()
    for it in items:
        if it.kind != "word":
            continue
        w = str(it.value)
        if len(w) < 4 or w in _ENGLISH or w in words or w in FLAG_WORDS:
            continue
        verdict = _typo(w)
        if verdict is None:
            continue
        model_like, guess = verdict
        if model_like:
            label = _display(guess) if guess else None
            raise ParamError(
                f"I don't know a layer or model called `{it.raw}`.",
                position=it.pos,
                suggestion=f"did you mean {label}?" if label else None,
            )
        assert guess is not None
        raise ParamError(
            f"I don't know `{it.raw}`.",
            position=it.pos,
            suggestion=f"did you mean {_display(guess)}?",
        )


@cache
def _typo_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..engine import models

    layers = tuple(w for w in catalogue_words() if len(w) >= 3 and " " not in w) + tuple(
        sorted(BIDIRECTIONAL_WORDS))
    return layers, layers + tuple(n.lower() for n in models.known_names())


@lru_cache(maxsize=4096)
def _typo(w: str) -> tuple[bool, str | None] | None:
    """(looks like a model or conv name, suggestion) for a word that is a typo, else None;
    memoised, since the same words come back question after question."""
    layers, with_models = _typo_vocabulary()
    if any(ch.isdigit() for ch in w) and w[:3] in ("con", "res", "vgg", "den", "eff"):
        guess = closest(w, with_models)
        if w.startswith("conv") or w.startswith("res") or guess:
            return True, guess
    guess = closest(w, layers, max_ratio=0.2)
    if guess is not None and guess != w and distance(w, guess) <= 2 and guess[0] == w[0]:
        return False, guess
    return None


def _display(word: str) -> str:
    entry = catalogue_words().get(word)
    if entry is not None:
        return entry.keras or entry.torch or word
    if word in BIDIRECTIONAL_WORDS:
        return "Bidirectional"
    from ..engine import models

    for n in models.known_names():
        if n.lower() == word:
            return n
    return word


_ENGLISH = {
    "what", "much", "many", "have", "does", "with", "that", "this", "there", "than", "then",
    "your", "from", "into", "about", "params", "param", "parameters", "parameter", "weights",
    "weight", "count", "total", "layer", "layers", "model", "input", "inputs", "output",
    "outputs", "units", "unit", "filters", "filter", "kernel", "stride", "strides", "shape",
    "size", "features", "feature", "sense", "same", "valid", "mode", "last", "first", "plain",
    "fewer", "more", "less", "lower", "second", "summary", "someone", "explain", "difference",
    "between", "compare", "trainable", "memory", "cells", "cell", "dense", "dropout",
    "tokens", "token", "image", "images", "frames", "video", "sequence", "sequences", "length",
    "each", "every", "timestep", "timesteps", "hidden", "heads", "head", "neurons", "neuron",
    "stacked", "applied", "after", "before", "channels", "channel",
    "vector", "vectors", "tensor", "signal", "clip", "batch", "sigmoid", "relu", "softmax",
    "tanh", "linear", "regression", "classifier", "network", "would", "could", "should",
    "doing", "where", "which", "when", "they", "them", "their", "these", "those",
    "sequential", "functional", "mean", "means", "grow", "grows", "dims", "dim", "gives",
    "give", "number", "numbers", "small", "large", "base", "medium", "uncased", "cased",
    "pooler", "keras", "torch", "pytorch", "tensorflow", "sentiment", "autoencoder",
    "encoder", "decoder", "transformer", "attention", "self-attention", "feed", "forward",
    "hello", "thanks", "help", "please", "shaped", "fully", "connected", "single", "lstms",
    "vocab", "words", "word", "rows", "padding", "maps", "map", "multi", "multi-head",
    "depthwise", "separable", "transposed", "global", "average", "pooling", "norm", "normalization",
    "group", "groups", "instance", "bidirectional", "bias", "biases", "true", "false", "none",
    "bert", "llama", "gpt2", "resnet", "vgg16", "vgg19", "cnn", "mlp", "rnns", "convs",
    "dilated", "causal", "dilation", "feature_maps", "fed", "also", "just", "only", "still",
    "why", "how", "the", "and", "for", "are", "was", "were", "been", "being", "here", "time",
}
