"""Hundreds of ways people phrase a question, checked against counts the frameworks recorded.

Each phrasing is generated from a golden record (tests/golden/*.jsonl: a layer built in
Keras 3 or PyTorch and counted there), so the expected numbers are the frameworks', never
parambot's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from parambot.bot.service import ask

from ..conftest import GOLDEN

Record = dict[str, Any]


def _records(family: str) -> list[Record]:
    path = GOLDEN / f"{family}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def _plain(rec: Record, layer: str, framework: str, nargs: int) -> bool:
    return (rec["framework"] == framework and rec["layer"] == layer and "error" not in rec
            and not rec["kwargs"] and len(rec["args"]) == nargs)


def _dense() -> Iterator[tuple[str, Record]]:
    for rec in _records("dense"):
        shape = rec["input_shape"]
        if _plain(rec, "Dense", "keras", 1) and shape and len(shape) == 1:
            (u,), (n,) = rec["args"], shape
            yield f"dense {u} units on {n} inputs", rec
            yield f"Dense layer with {u} neurons fed by a {n}-dim vector", rec
            yield f"how many params in a fully connected layer of {u} units, input {n}", rec
            yield f"Dense({u}) with input_shape=({n},)", rec
            yield f"keras dense {u} on {n} features", rec
            yield f"linear layer {n} to {u}", rec
        if _plain(rec, "Linear", "pytorch", 2):
            n, u = rec["args"]
            yield f"nn.Linear({n}, {u})", rec
            yield f"torch linear layer, {n} in, {u} out", rec
            yield f"pytorch linear in_features={n} out_features={u}", rec
        if _plain(rec, "Embedding", "keras", 2):
            v, d = rec["args"]
            yield f"embedding vocab {v} dim {d}", rec
            yield f"embedding layer with {v} words and {d} dimensions", rec
            yield f"Embedding(input_dim={v}, output_dim={d})", rec
        if _plain(rec, "Embedding", "pytorch", 2):
            v, d = rec["args"]
            yield f"torch embedding {v} x {d}", rec
            yield f"nn.Embedding(num_embeddings={v}, embedding_dim={d})", rec


def _recurrent() -> Iterator[tuple[str, Record]]:
    for rec in _records("recurrent"):
        shape = rec["input_shape"]
        for layer in ("LSTM", "GRU", "SimpleRNN"):
            if _plain(rec, layer, "keras", 1) and shape and shape[0] == 28:
                (u,), (_, f) = rec["args"], shape
                word = {"SimpleRNN": "rnn", "LSTM": "lstm", "GRU": "gru"}[layer]
                yield f"{word} {u} units input {f}", rec
                yield f"how many parameters does a {layer} with {u} units and {f} input " \
                      f"features have?", rec
                yield f"keras {layer}({u}) on (None, {f})", rec
                yield f"params for {word} {u} cells, 28 timesteps, {f} features", rec
        for layer in ("LSTM", "GRU", "RNN"):
            if _plain(rec, layer, "pytorch", 2):
                f, h = rec["args"]
                yield f"pytorch {layer.lower()} input {f} hidden {h}", rec
                yield f"nn.{layer}(input_size={f}, hidden_size={h})", rec
                yield f"torch {layer} with input size {f} and hidden size {h}", rec
        if (rec["layer"] == "Bidirectional" and "error" not in rec and not rec["kwargs"]
                and shape and shape[0] == 28):
            inner = rec["args"][0]
            if inner["layer"] == "LSTM" and len(inner["args"]) == 1 and len(inner["kwargs"]) == 1:
                u, f = inner["args"][0], shape[1]
                yield f"bidirectional lstm {u} units input {f}", rec
                yield f"bilstm {u} on {f} features", rec
                yield f"Bidirectional(LSTM({u})) with input (28, {f})", rec


def _convolution() -> Iterator[tuple[str, Record]]:
    for rec in _records("convolution"):
        shape = rec["input_shape"]
        if (_plain(rec, "Conv2D", "keras", 2) and shape and len(shape) == 3
                and isinstance(rec["args"][1], int) and None not in shape):
            f, k = rec["args"]
            h, w, c = shape
            yield f"conv2d {f} filters {k}x{k} on {h}x{w}x{c}", rec
            yield f"Conv2D({f}, ({k}, {k})) with input_shape=({h}, {w}, {c})", rec
            yield f"convolution with {f} feature maps, {k}x{k} kernel, on a {h}x{w}x{c} image", rec
            if c == 3:
                yield f"how many params in a {k}x{k} conv with {f} filters on a {h}x{w} rgb " \
                      "image", rec
            if c == 1:
                yield f"conv2d {f} {k}x{k} on {h}x{w} grayscale", rec
        if _plain(rec, "Conv2d", "pytorch", 3) and isinstance(rec["args"][2], int):
            c, o, k = rec["args"]
            yield f"nn.Conv2d({c}, {o}, {k})", rec
            yield f"pytorch conv2d in_channels={c} out_channels={o} kernel {k}", rec


def _normalization() -> Iterator[tuple[str, Record]]:
    for rec in _records("normalization"):
        shape = rec["input_shape"]
        if (rec["framework"] == "keras" and rec["layer"] == "BatchNormalization"
                and "error" not in rec and not rec["args"] and not rec["kwargs"] and shape
                and len(shape) == 3 and None not in shape):
            h, w, c = shape
            yield f"batchnorm on a {h}x{w}x{c} feature map", rec
            yield f"BatchNormalization() on ({h}, {w}, {c})", rec
        if _plain(rec, "BatchNorm2d", "pytorch", 1):
            (c,) = rec["args"]
            yield f"nn.BatchNorm2d({c})", rec
            yield f"torch BatchNorm2d with {c} channels", rec


GENERATORS: list[Callable[[], Iterator[tuple[str, Record]]]] = [
    _dense, _recurrent, _convolution, _normalization]
CASES: dict[str, Record] = {}
for gen in GENERATORS:
    for text, rec in gen():
        CASES.setdefault(text, rec)
PHRASINGS = sorted(CASES.items())


def test_at_least_300_distinct_phrasings() -> None:
    assert len(PHRASINGS) >= 300


@pytest.mark.parametrize("text,rec", PHRASINGS, ids=[t for t, _ in PHRASINGS])
def test_phrasing(text: str, rec: Record) -> None:
    answer = ask(text)
    assert answer.ok, answer.error
    assert answer.framework == rec["framework"]
    (subject,) = answer.subjects
    assert subject.total == rec["total"]
    assert subject.trainable == rec["trainable"]
    assert subject.non_trainable == rec["non_trainable"]
    assert subject.buffers == rec["buffers"]
