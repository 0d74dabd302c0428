"""Keras functional models: a graph of layer calls, counted as Keras 3 counts it.

The grammar hands over every call it saw (Keras' ``Node``s) in the order they ran; here
each is built on its inputs' shapes, a layer called more than once is counted once (its
weights are shared), and the rows come out in the order of ``model.layers``, by Keras'
own rule (``keras.src.ops.function.map_graph``): deepest first, counting depth from the
outputs, and in the order a depth-first walk from the outputs first meets each layer.
Layers not on a path to an output are not in the model, as in Keras.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .core import Layer, LayerResult, Shape, Weight, check_total, fmt, shape_text
from .errors import ParamError
from .layers.merge import KerasMerge
from .model import (
    LIST_CALLED,
    Subject,
    build_stack,
    check_input_shape,
    check_sequential_calls,
    list_called_refusal,
    stack_derivation,
)


@dataclass(frozen=True)
class Nested:
    """A Keras model called as a layer of another: a Sequential (its layers, their row
    names, and its own input shape if it was given one) or a functional model (its
    graph)."""

    kind: str
    layers: tuple[Layer, ...] = ()
    names: tuple[str | None, ...] = ()
    input_shape: Shape | None = None
    graph: Graph | None = None


@dataclass(frozen=True)
class Op:
    """A layer of the graph under the name Keras gave it: a catalogue layer, a model called
    as a layer (``nested``), or else an InputLayer (``shape`` its input)."""

    name: str
    layer: Layer | None = None
    shape: Shape | None = None
    nested: Nested | None = None


@dataclass(frozen=True)
class Node:
    """One call: ``op`` indexes :attr:`Graph.ops`; ``parents`` are the nodes whose
    outputs it was called on, in order; ``listed``: called on a list (a merge)."""

    op: int
    parents: tuple[int, ...] = ()
    listed: bool = False


@dataclass(frozen=True)
class Graph:
    """Every layer and call of the paste so far, and the model's inputs and outputs (node
    indexes)."""

    ops: tuple[Op, ...]
    nodes: tuple[Node, ...]
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    #: Nodes of the models the paste built before this one (not worth a note when this
    #: model leaves them out).
    elsewhere: frozenset[int] = frozenset()


def build_functional(label: str, graph: Graph) -> Subject:
    """The summary Keras prints for ``keras.Model(inputs, outputs)`` over ``graph``."""
    shapes, results = _run(graph)
    order, reached = _keras_order(graph)
    calls_of: dict[int, list[int]] = {}
    for n in reached:
        calls_of.setdefault(graph.nodes[n].op, []).append(n)
    rows: list[LayerResult] = []
    for op_index in order:
        op = graph.ops[op_index]
        calls = calls_of.get(op_index, [])
        if op.layer is None and op.nested is None:
            rows.append(LayerResult(op.name, "InputLayer", "keras", (), op.shape, macs=0))
            continue
        called = [r for r in (results[n] for n in calls) if r is not None]
        first = called[0]
        macs = [r.macs for r in called]
        # a shared layer: its weights once; the summary shows its last call's output
        rows.append(LayerResult(
            first.name, first.type, "keras", first.weights, shapes[calls[-1]],
            first.derivation, first.notes,
            None if None in macs else sum(m for m in macs if m is not None)))
    seen: set[str] = set()
    for row in rows:
        if row.name in seen:
            # Keras: 'The name "dense" is used 2 times in the model. All operation names
            # should be unique.' (an explicit name= clashing with another layer's)
            times = sum(r.name == row.name for r in rows)
            raise ParamError(f"Keras refuses this model: the name `{row.name}` is used "
                             f"{times} times in it, and every layer's name must be unique.")
        seen.add(row.name)
    total = sum(r.total for r in rows)
    check_total(total, label)
    body = [r for r in rows if r.type != "InputLayer"]
    notes = _notes(graph, order)
    outs = [shapes[n] for n in graph.outputs]
    ins = [graph.ops[graph.nodes[n].op].shape for n in graph.inputs]
    if len(outs) > 1:
        notes.append("The model has several outputs: " + ", ".join(
            f"{graph.ops[graph.nodes[n].op].name} {shape_text(s)}"
            for n, s in zip(graph.outputs, outs, strict=True)) + ".")
    if len(ins) > 1:
        notes.append("The model has several inputs: " + ", ".join(
            f"{graph.ops[graph.nodes[n].op].name} {shape_text(s)}"
            for n, s in zip(graph.inputs, ins, strict=True)) + ".")
    return Subject(label, "keras", tuple(rows), ins[0] if len(ins) == 1 else None,
                   outs[0] if len(outs) == 1 else None, stack_derivation(body, total),
                   tuple(notes))


def _run(graph: Graph) -> tuple[list[Shape], list[LayerResult | None]]:
    """Every call's output shape and row, as Keras works them out when each line runs
    (so a call Keras would refuse is refused, in or out of the model)."""
    shapes: list[Shape] = []
    results: list[LayerResult | None] = []
    first: dict[int, LayerResult] = {}
    for node in graph.nodes:
        op = graph.ops[node.op]
        if op.layer is None and op.nested is None:
            assert op.shape is not None
            check_input_shape(op.shape)
            shapes.append(op.shape)
            results.append(None)
            continue
        ins = [shapes[p] for p in node.parents]
        result = _call(op, ins, node.listed)
        earlier = first.setdefault(node.op, result)
        if earlier is not result and [w.shape for w in earlier.weights] != [
                w.shape for w in result.weights]:
            raise ParamError(
                f"Layer `{op.name}` ({result.type}) is called on "
                f"{_joined(ins)} after it was built on another size: Keras makes its weights "
                "at the first call and refuses an input they don't fit. Use a separate layer "
                "for each size.")
        assert result.output_shape is not None
        shapes.append(result.output_shape)
        results.append(result)
    return shapes, results


def _call(op: Op, ins: list[Shape], listed: bool) -> LayerResult:
    if op.nested is not None:
        return _call_model(op.name, op.nested, ins, listed)
    layer = op.layer
    assert layer is not None
    try:
        if isinstance(layer, KerasMerge):
            if not listed:
                raise ParamError(f"A merge layer is called on a list of tensors, "
                                 f"`{layer.TYPE}()([x, y])`; got one tensor.")
            return layer.merge(ins, op.name)
        if layer.TYPE in LIST_CALLED:
            # Attention()([query, value]) or ([query, value, key]): built on the query, with
            # the value's last size for its output
            if not listed or not 2 <= len(ins) <= 3:
                # (separate tensors, att(q, v), are refused where the call is read)
                raise ParamError(list_called_refusal(
                    layer.TYPE, f"a list of {len(ins)}" if listed else "one tensor"))
            called: dict[str, Shape | None] = {"value_shape": ins[1],
                                               "key_shape": ins[2] if len(ins) > 2 else None}
            layer = replace(layer, **called)
            ins, listed = ins[:1], False
        if not listed and len(ins) > 1 and hasattr(layer, "value_shape"):
            # MultiHeadAttention(...)(query, value[, key]): built on the query, with the
            # value's (and key's) last size for its value (and key) projections
            extra = {"value_shape": ins[1]}
            if len(ins) > 2:
                extra["key_shape"] = ins[2]
            layer = replace(layer, **extra)
            ins = ins[:1]
        if not listed and len(ins) > 1:
            raise ParamError(f"parambot reads {layer.TYPE} called on one tensor only.")
        if listed:
            raise ParamError(
                f"{layer.TYPE} takes one tensor; it was called on a list of {len(ins)}. "
                "Combine them first with a merge layer (layers.Concatenate()([x, y]) or "
                "layers.Add()([x, y])).")
        result = layer.build(ins[0], op.name)
        if result.output_shape is None:
            raise ParamError(f"parambot can't work out the output shape of {layer.TYPE} "
                             f"on {shape_text(ins[0])}.")
        return result
    except ParamError as exc:
        if exc.message.startswith("Layer `"):
            raise
        raise ParamError(f"Layer `{op.name}` ({layer.TYPE}): {exc.message}",
                         expected=exc.expected, suggestion=exc.suggestion) from None


def _call_model(name: str, nested: Nested, ins: list[Shape], listed: bool) -> LayerResult:
    """A model called as a layer: one row with every weight of its layers (``dense/kernel``),
    as ``model.summary()`` shows it without ``expand_nested``."""
    own = nested.graph.ops[nested.graph.nodes[nested.graph.inputs[0]].op].shape \
        if nested.graph is not None else nested.input_shape
    if listed or len(ins) != 1 or (nested.graph is not None and (
            len(nested.graph.inputs) != 1 or len(nested.graph.outputs) != 1)):
        raise ParamError(f"Model `{name}` is called as a layer on {len(ins)} tensors; "
                         "parambot follows a model with one input and one output there.")
    if own is not None and not _fits(own, ins[0]):
        raise ParamError(f"Model `{name}` ({nested.kind}) expects input {shape_text(own)}; "
                         f"it is called on {shape_text(ins[0])}. Keras refuses this.")
    if nested.graph is not None:
        inner = build_functional(name, nested.graph)
    else:
        try:
            check_sequential_calls(nested.layers)
            inner = build_stack("keras", name, nested.layers, ins[0],
                                names=nested.names if any(nested.names) else None)
        except ParamError as exc:
            raise ParamError(f"Model `{name}` (Sequential): {exc.message}",
                             expected=exc.expected, suggestion=exc.suggestion) from None
    weights = tuple(Weight(f"{r.name}/{w.name}", w.shape, w.trainable, w.buffer)
                    for r in inner.layers for w in r.weights)
    out = inner.output_shape
    if out is None:
        raise ParamError(f"parambot can't work out the output shape of model `{name}`.")
    body = [r for r in inner.layers if r.type != "InputLayer"]
    line = (f"a {nested.kind} model called as a layer: the weights of its {len(body)} "
            f"layer{'s' if len(body) != 1 else ''}, {fmt(inner.total)} in all")
    return LayerResult(name, nested.kind, "keras", weights, out, (line,), macs=inner.macs)


def _fits(want: Shape, got: Shape) -> bool:
    """An input of shape ``got`` fits a model built for ``want`` (None: any size)."""
    return len(want) == len(got) and all(
        a is None or a == b for a, b in zip(want, got, strict=True))


def _joined(shapes: Sequence[Shape]) -> str:
    return ", ".join(shape_text(s) for s in shapes)


def _keras_order(graph: Graph) -> tuple[list[int], list[int]]:
    """The ops in ``model.layers`` order, and the nodes the model holds (ascending)."""
    nodes = graph.nodes
    inputs = set(graph.inputs)
    finished: set[int] = set()
    in_progress: set[int] = set()
    decreasing: list[int] = []  # nodes, inputs first
    traversal: dict[int, int] = {}  # op -> when the walk first met it

    def visit(n: int) -> None:
        if n in finished:
            return
        if n in in_progress:  # pragma: no cover - a call can't take its own output
            raise ParamError("The model's graph has a cycle.")
        node = nodes[n]
        traversal.setdefault(node.op, len(traversal))
        in_progress.add(n)
        for p in node.parents:
            visit(p)
        finished.add(n)
        in_progress.discard(n)
        decreasing.append(n)

    for out in graph.outputs:
        visit(out)
    for n in decreasing:
        if not nodes[n].parents and n not in inputs:
            name = graph.ops[nodes[n].op].name
            raise ParamError(
                f"The outputs are computed from the Input `{name}`, which is not among the "
                "model's inputs: Keras refuses this (\"Graph disconnected\"). Add it to "
                "keras.Model(inputs=[...]).")
    node_depth: dict[int, int] = {}
    op_depth: dict[int, int] = {}
    for n in reversed(decreasing):
        depth = node_depth.setdefault(n, 0)
        depth = max(depth, op_depth.get(nodes[n].op, 0))
        op_depth[nodes[n].op] = depth
        node_depth[n] = depth
        for p in nodes[n].parents:
            node_depth[p] = max(depth + 1, node_depth.get(p, 0))
    for n in graph.inputs:  # an Input no output uses is still the model's
        if nodes[n].op not in op_depth:
            op_depth[nodes[n].op] = 0
            traversal[nodes[n].op] = -1
    order = sorted(op_depth, key=lambda op: (-op_depth[op], traversal[op]))
    return order, sorted(decreasing)


def _notes(graph: Graph, order: Sequence[int]) -> list[str]:
    """Layers called on the model's tensors that no output depends on: Keras leaves them
    out of the model, so their weights are not in its count."""
    inside = set(order)
    fed = set(graph.inputs)
    dropped: list[str] = []
    for n, node in enumerate(graph.nodes):
        if n in fed or not node.parents or not any(p in fed for p in node.parents):
            continue
        fed.add(n)
        if node.op not in inside and n not in graph.elsewhere and \
                graph.ops[node.op].name not in dropped:
            dropped.append(graph.ops[node.op].name)
    if not dropped:
        return []
    names = ", ".join(f"`{d}`" for d in dropped)
    it, its = ("it", "its") if len(dropped) == 1 else ("them", "their")
    return [f"Not in the model: {names}. No output depends on {it}, so Keras leaves {it} "
            f"out of the model, {its} weights too."]
