"""Explanations: what makes two or more subjects' counts differ."""

from __future__ import annotations

from collections.abc import Sequence

from .core import LayerResult, Weight, fmt
from .model import Subject

#: Weight names of both frameworks grouped by what they are.
_CATEGORY = (
    ("recurrent_kernel", "recurrent kernel"),
    ("weight_hh", "recurrent kernel"),
    ("weight_hr", "projection"),
    ("weight_ih", "kernel"),
    ("bias_ih", "bias"),
    ("bias_hh", "bias"),
    ("moving_mean", "moving statistics"),
    ("moving_variance", "moving statistics"),
    ("running_", "running statistics"),
    ("num_batches_tracked", "running statistics"),
    ("gamma", "scale (gamma)"),
    ("beta", "offset (beta)"),
    ("depthwise_kernel", "depthwise kernel"),
    ("pointwise_kernel", "pointwise kernel"),
    ("kernel", "kernel"),
    ("bias", "bias"),
    ("weight", "kernel"),
    ("embeddings", "kernel"),
    ("alpha", "alpha"),
)


def _category(w: Weight) -> str:
    leaf = w.name.rsplit("/", 1)[-1].rsplit(".", 1)[-1]
    for prefix, cat in _CATEGORY:
        if leaf.startswith(prefix):
            return cat
    return leaf


def _groups(s: Subject) -> dict[str, int]:
    out: dict[str, int] = {}
    for layer in s.layers:
        for w in layer.weights:
            if w.buffer:
                continue
            key = _category(w)
            out[key] = out.get(key, 0) + w.size
    return out


def _recurrent(layers: Sequence[LayerResult]) -> bool:
    return any("recurrent kernel" == _category(w) for r in layers for w in r.weights)


def _directions(s: Subject) -> int:
    """2 when the subject runs a recurrent layer both ways (Keras Bidirectional, PyTorch
    ``bidirectional=True``: its ``*_reverse`` weights), else 1."""
    both = any(r.type.startswith("Bidirectional") or any(
        w.name.endswith("_reverse") for w in r.weights) for r in s.layers)
    return 2 if both else 1


def explain(subjects: Sequence[Subject], note: str | None = None) -> str | None:
    """Why the counts differ (or why they agree), in a few sentences; None for one subject.
    ``note`` is a known reason to add (a named model's Keras-vs-PyTorch note)."""
    if len(subjects) < 2:
        return None
    a, b = subjects[0], subjects[1]
    lines: list[str] = []
    if a.total == b.total:
        lines.append(f"{a.label} and {b.label} have the same count, {fmt(a.total)}.")
    else:
        big, small = (a, b) if a.total > b.total else (b, a)
        diff = big.total - small.total
        times = f" ({big.total / small.total:.2f}×)" if small.total else ""
        lines.append(
            f"{big.label} has {fmt(big.total)} parameters and {small.label} "
            f"{fmt(small.total)}: {fmt(diff)} more{times}."
        )
    if a.total == b.total and a.trainable != b.trainable:
        # "conv2d 32 3x3 trainable vs frozen": the same weights, frozen in one
        lines.append(f"Trainable: {fmt(a.trainable)} in {a.label} and {fmt(b.trainable)} "
                     f"in {b.label}; the rest is non-trainable.")
    if a.framework != b.framework:
        # a named model's own note says it all (the generic lines would say it again)
        lines += [note] if note else _across_frameworks(a, b)
        return " ".join(lines)
    # the pairs below go in the order the first sentence names the two: larger first
    first, second = (a, b) if a.total >= b.total else (b, a)
    ga, gb = _groups(first), _groups(second)
    differing = [k for k in sorted(set(ga) | set(gb)) if ga.get(k, 0) != gb.get(k, 0)]
    same = [k for k in sorted(set(ga) & set(gb)) if ga[k] == gb[k] and ga[k]]
    if differing and a.total != b.total:
        parts = [f"{k} {fmt(ga.get(k, 0))} vs {fmt(gb.get(k, 0))}" for k in differing]
        lines.append("The difference is in: " + "; ".join(parts) + ".")
    if same and differing:
        lines.append("Equal in both: " + ", ".join(f"{k} ({fmt(ga[k])})" for k in same) + ".")
    da, db = _directions(first), _directions(second)
    # (the recurrent kernel per direction is units × gates·units: equal per direction,
    # equal units)
    same_units = (da != db and ga.get("recurrent kernel", 0) * db
                  == gb.get("recurrent kernel", 0) * da)
    if (_recurrent(a.layers) and _recurrent(b.layers) and "recurrent kernel" in differing
            and da != db and same_units):
        lines.append("With the same units per direction, the second direction is a full "
                     "copy of the first: every weight doubles, and so does the output width.")
    elif (_recurrent(a.layers) and _recurrent(b.layers) and "recurrent kernel" in differing
            and da != db):
        # the classic puzzle: a bidirectional layer against a one-way layer
        width = ("while producing an output of the same width"
                 if a.output_shape == b.output_shape and a.output_shape is not None
                 else "(here the outputs differ: "
                      f"{_shape(a)} vs {_shape(b)})")
        lines.append(
            "The recurrent kernel is units × (gates × units) per direction, so it grows with "
            "units²: halving the units per direction quarters that term, while a second "
            "direction only doubles it. The input kernel grows only linearly with units, "
            "which is why a bidirectional layer of half the units has about half the "
            f"parameters {width}."
        )
    known = a.output_shape is not None and b.output_shape is not None
    if known and a.output_shape != b.output_shape and a.total == b.total:
        lines.append(
            f"Only the output shape differs ({_shape(a)} vs {_shape(b)}); the weights are the "
            "same."
        )
    elif a.output_shape == b.output_shape and a.total != b.total and a.output_shape:
        lines.append(f"Both produce the same output shape {_shape(a)}.")
    if note:
        lines.append(note)
    if len(subjects) > 2:
        rest = ", ".join(f"{s.label}: {fmt(s.total)}" for s in subjects[2:])
        lines.append(f"Also: {rest}.")
    return " ".join(lines)


def _bias(s: Subject) -> int:
    return sum(w.size for r in s.layers for w in r.weights
               if not w.buffer and w.name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].startswith("bias"))


def _across_frameworks(a: Subject, b: Subject) -> list[str]:
    """Keras and PyTorch name and keep weights differently, so compare what each counts
    rather than weight names."""
    k, t = (a, b) if a.framework == "keras" else (b, a)
    out: list[str] = []
    if k.non_trainable or t.buffers:
        parts = []
        if k.non_trainable:
            parts.append(f"Keras counts {fmt(k.non_trainable)} non-trainable weights in its "
                         "total (BatchNormalization moving statistics, frozen layers)")
        if t.buffers:
            parts.append(f"PyTorch keeps {fmt(t.buffers)} buffer elements (running "
                         "statistics) outside parameters()")
        out.append("; ".join(parts) + ".")
    if k.trainable == t.trainable:
        out.append(f"The trainable weights agree: {fmt(k.trainable)}.")
    else:
        diff = t.trainable - k.trainable
        kb, tb = _bias(k), _bias(t)
        if tb - kb == diff:
            out.append(
                f"The trainable weights differ only in the biases: {fmt(kb)} in Keras vs "
                f"{fmt(tb)} in PyTorch, which keeps two bias vectors (bias_ih and bias_hh) "
                "per gate where Keras keeps one." if tb > kb else
                f"The trainable weights differ only in the biases: {fmt(kb)} in Keras vs "
                f"{fmt(tb)} in PyTorch."
            )
        else:
            out.append(f"Trainable weights: {fmt(k.trainable)} in Keras vs {fmt(t.trainable)} "
                       f"in PyTorch ({fmt(abs(diff))} apart; the layouts differ, see the "
                       "notes).")
    return out


def _shape(s: Subject) -> str:
    if s.output_shape is None:
        return "?"
    inner = ", ".join("None" if d is None else str(d) for d in s.output_shape)
    return f"({inner},)" if len(s.output_shape) == 1 else f"({inner})"

