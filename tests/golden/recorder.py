"""Record golden counts from the real frameworks (run by hand, never in CI).

    python -m venv /tmp/fw && /tmp/fw/bin/pip install torch==2.13.0 keras
    KERAS_BACKEND=torch /tmp/fw/bin/python tests/golden/record_<family>.py

Each ``record_<family>.py`` lists cases and calls :func:`write`, which builds every case
in Keras 3 (torch backend) or PyTorch, reads what the framework itself reports, and
writes ``tests/golden/<family>.jsonl``, one JSON object per line:

``framework``      "keras" or "pytorch"
``layer``          the class name (``keras.layers.<layer>`` / ``torch.nn.<layer>``)
``args``/``kwargs`` constructor arguments; a nested layer (``Bidirectional(LSTM(8))``)
                   is ``{"layer": ..., "args": [...], "kwargs": {...}}``; tuples as lists
``input_shape``    input without the batch axis (``null`` = unknown size), or ``null``
``total``, ``trainable``, ``non_trainable``, ``buffers``, ``output_shape``
``weights``        ``[[name, shape, trainable], ...]``: Keras ``variable.path`` without the
                   layer's own name and without ``*_cell`` segments; PyTorch
                   ``named_parameters()`` names
``buffer_list``    PyTorch ``[[name, shape], ...]`` from ``named_buffers()``
``error``          instead of the counts when the framework refuses the configuration
``call``           optional, Keras: extra call inputs by the call's argument names,
                   ``{"value": [None, 128], "key": [...]}`` (shapes without batch); the
                   engine receives them as ``value_shape``/``key_shape``

Nothing here is computed by parambot: every number comes from the framework.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

HERE = Path(__file__).resolve().parent

Case = dict[str, Any]


def keras_case(layer: str, *args: Any, input_shape: Any = None, **kwargs: Any) -> Case:
    return {"framework": "keras", "layer": layer, "args": list(args), "kwargs": kwargs,
            "input_shape": list(input_shape) if input_shape is not None else None}


def torch_case(layer: str, *args: Any, input_shape: Any = None, **kwargs: Any) -> Case:
    return {"framework": "pytorch", "layer": layer, "args": list(args), "kwargs": kwargs,
            "input_shape": list(input_shape) if input_shape is not None else None}


def nested(layer: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A layer given as an argument of another (Bidirectional, TimeDistributed)."""
    return {"layer": layer, "args": list(args), "kwargs": kwargs}


def _decode_keras(value: Any) -> Any:
    import keras

    if isinstance(value, dict) and "layer" in value:
        cls = getattr(keras.layers, value["layer"])
        return cls(*[_decode_keras(a) for a in value["args"]],
                   **{k: _decode_keras(v) for k, v in value["kwargs"].items()})
    return value


def _keras_name(path: str, layer_name: str) -> str:
    parts = path.split("/")
    if parts and parts[0] == layer_name:
        parts = parts[1:]
    parts = [p for p in parts if not p.endswith("_cell")]
    return "/".join(parts)


#: Keras layers called on several inputs. Without a ``call`` key they attend over their
#: own input (self-attention: the query is also the value).
MULTI_INPUT = ("MultiHeadAttention", "GroupQueryAttention", "Attention", "AdditiveAttention")
#: Of those, the ones called on a list ``[query, value, key]``.
LIST_CALL = ("Attention", "AdditiveAttention")


def _call_keras(layer: Any, case: Case, inp: Any) -> Any:
    """Call ``layer`` on its input and the extra inputs the case's optional ``call`` key
    names by the call's own argument names (``{"value": [None, 128], "key": [...]}``)."""
    import keras

    if case["layer"] not in MULTI_INPUT and "call" not in case:
        return layer(inp)
    extra = {k: keras.Input(shape=tuple(v)) for k, v in case.get("call", {}).items()}
    value = extra.pop("value", inp)
    if case["layer"] in LIST_CALL:
        return layer([inp, value, *([extra["key"]] if "key" in extra else [])])
    return layer(inp, value, **extra)


def run_keras(case: Case) -> dict[str, Any]:
    import keras

    cls = getattr(keras.layers, case["layer"])
    args = [_decode_keras(a) for a in case["args"]]
    kwargs = {k: _decode_keras(v) for k, v in case["kwargs"].items()}
    layer = cls(*args, **kwargs)
    view = layer
    if case["input_shape"] is not None:
        inp = keras.Input(shape=tuple(case["input_shape"]))
        out = _call_keras(layer, case, inp)
        if isinstance(out, (list, tuple)):
            out = out[0]
        out_shape = list(out.shape[1:])
        # what model.summary() reports and model.fit() trains: the model's own lists. They
        # differ from the layer's for a wrapper given trainable=False in its constructor
        # (Keras 3.15: the wrapped layer's weights stay trainable in the model).
        try:
            view = keras.Model(inp, out)
        except ValueError:  # a layer called on further inputs: the layer's own lists
            view = layer
    else:
        out_shape = None
    # A weight's own `trainable` flag stays True under a frozen layer; what counts is
    # whether the model (or the layer) lists it among its trainable weights.
    live = {id(w) for w in view.trainable_weights}
    weights = [[_keras_name(w.path, layer.name), list(w.shape), id(w) in live]
               for w in layer.weights]
    trainable = sum(int(w.numpy().size) for w in view.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in view.non_trainable_weights)
    return {"total": layer.count_params(), "trainable": trainable,
            "non_trainable": non_trainable, "buffers": 0, "output_shape": out_shape,
            "weights": weights}


#: Concrete sizes tried for an unknown (None) input axis. The module runs once with each;
#: an output axis whose size differs between the two runs depends on the unknown size and
#: is recorded as None (a fixed stand-in such as 7 could collide with a real output size).
NONE_SIZES = (41, 53)


def torch_forward(module: Any, case: Case) -> Any:
    """Run one example through ``module``; return the output shape without batch."""
    shape = case["input_shape"]
    if None not in shape:
        return _torch_forward_once(module, case, list(shape))
    runs = [_torch_forward_once(module, case, [n if d is None else d for d in shape])
            for n in NONE_SIZES]
    if len(runs[0]) != len(runs[1]):
        raise ValueError(f"output rank depends on the input size: {runs}")
    return [a if a == b else None for a, b in zip(runs[0], runs[1], strict=True)]


def _torch_forward_once(module: Any, case: Case, concrete: list[int]) -> list[int]:
    import torch

    shape = case["input_shape"]
    x = torch.zeros(2, *concrete)
    name = case["layer"]
    if name in ("Embedding", "EmbeddingBag"):
        x = x.long()
    if name in ("RNN", "LSTM", "GRU") and not case["kwargs"].get("batch_first", False):
        x = x.transpose(0, 1)  # (seq, batch, feature)
        out = module(x)[0].transpose(0, 1)
    elif name in ("RNNCell", "LSTMCell", "GRUCell"):
        out = module(x)
        out = out[0] if isinstance(out, tuple) else out
    elif name == "MultiheadAttention":
        bf = case["kwargs"].get("batch_first", False)
        q = x if bf else x.transpose(0, 1)
        kd = case["kwargs"].get("kdim") or shape[-1]
        vd = case["kwargs"].get("vdim") or shape[-1]
        kshape = list(q.shape[:-1]) + [kd]
        vshape = list(q.shape[:-1]) + [vd]
        out = module(q, torch.zeros(*kshape), torch.zeros(*vshape))[0]
        out = out if bf else out.transpose(0, 1)
    elif name in ("TransformerDecoderLayer", "TransformerDecoder", "Transformer"):
        out = module(x, x)  # memory (or target) shaped like the input
    else:
        out = module(x)
        if isinstance(out, tuple):
            out = out[0]
    return [int(d) for d in out.shape[1:]]


def _decode_torch(value: Any) -> Any:
    """A nested layer (``TransformerEncoder(TransformerEncoderLayer(...), 6)``) as a module."""
    from torch import nn

    if isinstance(value, dict) and "layer" in value:
        cls = getattr(nn, value["layer"])
        return cls(*[_decode_torch(a) for a in value["args"]],
                   **{k: _decode_torch(v) for k, v in value["kwargs"].items()})
    return value


def run_torch(case: Case) -> dict[str, Any]:
    import torch
    from torch import nn

    cls = getattr(nn, case["layer"])
    module = cls(*[_decode_torch(a) for a in case["args"]],
                 **{k: _decode_torch(v) for k, v in case["kwargs"].items()})
    params = list(module.named_parameters())
    total = sum(p.numel() for _, p in params)
    trainable = sum(p.numel() for _, p in params if p.requires_grad)
    buffers = list(module.named_buffers())
    out_shape = None
    if case["input_shape"] is not None:
        module.eval()
        with torch.no_grad():
            out_shape = torch_forward(module, case)
    return {"total": total, "trainable": trainable, "non_trainable": total - trainable,
            "buffers": sum(b.numel() for _, b in buffers), "output_shape": out_shape,
            "weights": [[n, list(p.shape), bool(p.requires_grad)] for n, p in params],
            "buffer_list": [[n, list(b.shape)] for n, b in buffers]}


def record(case: Case, runner: Callable[[Case], dict[str, Any]] | None = None) -> dict[str, Any]:
    run = runner or (run_keras if case["framework"] == "keras" else run_torch)
    try:
        result = run(case)
    except Exception as exc:  # the framework refusing a configuration is data too
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return {**case, "error": f"{type(exc).__name__}: {msg[:300]}"}
    return {**case, **result}


def write(family: str, cases: Iterable[Case]) -> Path:
    """Record every case and write ``tests/golden/<family>.jsonl``."""
    import keras
    import torch

    torch.manual_seed(0)
    path = HERE / f"{family}.jsonl"
    n = errors = 0
    with path.open("w") as fh:
        for case in cases:
            rec = record(case)
            rec["recorded_with"] = (f"keras {keras.__version__}" if case["framework"] == "keras"
                                    else f"torch {torch.__version__}")
            fh.write(json.dumps(rec) + "\n")
            n += 1
            errors += "error" in rec
    print(f"{path.name}: {n} records ({errors} refused by the framework)", file=sys.stderr)
    return path
