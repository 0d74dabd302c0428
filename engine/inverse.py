"""Inverse questions: what size gives about N parameters?

Every answer comes from an integer search on the exact count function (the catalogue
layer or the transformer formula), never from a rounded float: the configurations just
below and just above the target are returned, each with its exact count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .catalogue import make
from .core import Framework, fmt, positive_int
from .errors import ParamError
from .models.transformer_config import TransformerConfig, count


@dataclass(frozen=True)
class Candidate:
    value: int
    total: int

    def off(self, target: int) -> str:
        diff = self.total - target
        return f"{'+' if diff >= 0 else '−'}{fmt(abs(diff))}"


@dataclass(frozen=True)
class InverseAnswer:
    """The whole configurations nearest a target count."""

    question: str
    #: The size being solved for (``units``, ``d_model``).
    variable: str
    target: int
    below: Candidate | None
    above: Candidate | None
    formula: str
    #: "max" for "at most N parameters", "min" for "at least N": the answer keeps to that
    #: side of the target; None: the nearest either side.
    bound: str | None = None

    @property
    def nearest(self) -> Candidate:
        if self.bound == "max" and self.below is not None:
            return self.below
        if self.bound == "min" and self.above is not None:
            return self.above
        options = [c for c in (self.below, self.above) if c is not None]
        return min(options, key=lambda c: (abs(c.total - self.target), c.value))

    def lines(self) -> tuple[str, ...]:
        out = [self.formula]
        if self.below is not None and self.below == self.above:
            return (*out, f"{self.variable} = {fmt(self.below.value)} gives exactly "
                          f"{fmt(self.below.total)}")
        for word, c in (("below", self.below), ("above", self.above)):
            if c is not None:
                out.append(f"{self.variable} = {fmt(c.value)} gives {fmt(c.total)} "
                           f"({c.off(self.target)}, {word} the target)")
        which = {"max": "largest within the limit", "min": "smallest reaching it"}.get(
            self.bound or "", "nearest")
        out.append(f"{which}: {self.variable} = {fmt(self.nearest.value)} "
                   f"({fmt(self.nearest.total)})")
        return tuple(out)


def solve(fn: Callable[[int], int], target: int, *, step: int = 1, limit: int = 10**7
          ) -> tuple[Candidate | None, Candidate | None]:
    """Largest multiple of ``step`` with ``fn <= target`` and smallest with ``fn >= target``
    (``fn`` increasing). An exact hit is returned as both."""
    lo_k, hi_k = 1, 1
    while fn(hi_k * step) < target:
        lo_k, hi_k = hi_k, hi_k * 2
        if hi_k * step > limit:
            raise ParamError(f"no size up to {fmt(limit)} reaches {fmt(target)} parameters.")
    # invariant: fn(hi_k·step) >= target; find the smallest such k in [lo_k, hi_k]
    while lo_k < hi_k:
        mid = (lo_k + hi_k) // 2
        if fn(mid * step) >= target:
            hi_k = mid
        else:
            lo_k = mid + 1
    above = Candidate(hi_k * step, fn(hi_k * step))
    if above.total == target:
        return above, above
    below = Candidate((hi_k - 1) * step, fn((hi_k - 1) * step)) if hi_k > 1 else None
    return below, above


def recurrent_units_for(target: int, input_size: int, layer: str = "LSTM",
                        framework: Framework = "keras", *, bidirectional: bool = False,
                        bias: bool = True, bound: str | None = None) -> InverseAnswer:
    """How many units give about ``target`` parameters for one recurrent layer (both
    directions counted when ``bidirectional``)."""
    target = positive_int(target, "target parameter count")
    n_in = positive_int(input_size, "input size")
    kind = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN", "simplernn": "SimpleRNN"}.get(
        layer.lower(), layer)
    if framework == "pytorch" and kind == "SimpleRNN":
        kind = "RNN"

    def total(units: int) -> int:
        if framework == "keras":
            made = make("keras", kind, (units,), () if bias else (("use_bias", False),))
            layer = made.layer
            if bidirectional:
                layer = make("keras", "Bidirectional", (layer,)).layer
        else:
            options = ((("bidirectional", True),) if bidirectional else ()) + (
                () if bias else (("bias", False),))
            layer = make("pytorch", kind, (n_in, units), options).layer
        return layer.build((None, n_in), "layer").total

    below, above = solve(total, target)
    gates = {"LSTM": 4, "GRU": 3}.get(kind, 1)
    if framework == "keras":
        formula = (f"Keras {kind}: {gates} × ((input + units) × units"
                   + (" + units)" if bias else ") (no bias)")
                   + (" + GRU's second bias (reset_after)" if kind == "GRU" and bias else "")
                   + f", input = {n_in}")
    else:
        formula = (f"PyTorch {kind}: {gates} × (input × hidden + hidden × hidden"
                   + (" + 2 × hidden)" if bias else ") (no bias)") + f", input = {n_in}")
    if bidirectional:
        formula = f"two directions, each {formula}"
    return InverseAnswer(f"{kind} units for about {fmt(target)} parameters", "units",
                         target, below, above, formula, bound)


def dense_units_for(target: int, input_size: int, framework: Framework = "keras", *,
                    bias: bool = True, bound: str | None = None) -> InverseAnswer:
    """How many units (out_features) give about ``target`` parameters for a Dense /
    Linear layer on ``input_size`` features."""
    target = positive_int(target, "target parameter count")
    n_in = positive_int(input_size, "input size")

    def total(units: int) -> int:
        if framework == "keras":
            made = make("keras", "Dense", (units,), () if bias else (("use_bias", False),))
        else:
            made = make("pytorch", "Linear", (n_in, units), () if bias else (("bias", False),))
        return made.layer.build((n_in,), "layer").total

    below, above = solve(total, target)
    name, var = ("Dense", "units") if framework == "keras" else ("Linear", "out_features")
    formula = (f"{'Keras' if framework == 'keras' else 'PyTorch'} {name}: "
               f"(input{' + 1' if bias else ''}) × {var}, input = {n_in}")
    return InverseAnswer(f"{name} {var} for about {fmt(target)} parameters", var, target,
                         below, above, formula, bound)


def d_model_for(target: int, n_layers: int, vocab: int, *, context: int | None = 1024,
                multiple_of: int = 1, base: TransformerConfig | None = None
                ) -> InverseAnswer:
    """The width that gives about ``target`` parameters at a fixed depth and vocabulary.

    ``base`` carries the other choices (GQA, SwiGLU, norms, bias, tying); heads do not
    change the count without GQA, so one head per candidate width is used to count.
    ``multiple_of`` (say 64) keeps to widths that split into whole heads.
    """
    target = positive_int(target, "target parameter count")
    layers = positive_int(n_layers, "n_layers")
    v = positive_int(vocab, "vocab")
    step = positive_int(multiple_of, "multiple_of")
    cfg0 = base or TransformerConfig(1, layers, 1, v, context=context)
    if cfg0.n_kv_heads is not None:
        raise ParamError("solving for d_model with grouped-query attention needs a fixed "
                         "head size; give d_model instead.")
    positions = cfg0.positions if context is not None else "rotary"

    def total(d: int) -> int:
        from dataclasses import replace

        cfg = replace(cfg0, d_model=d, n_layers=layers, n_heads=1, vocab=v,
                      context=context, positions=positions)
        return count(cfg)

    below, above = solve(total, target, step=step)
    formula = (f"exact count as a function of d_model with {layers} layers, vocab {fmt(v)}"
               + (f", context {fmt(context)}" if context is not None else "")
               + ("" if step == 1 else f", d_model a multiple of {step}")
               + (": vocab·d + context·d + L·(12·d² + 13·d) + 2·d (GPT-2 layout)"
                  if base is None else ""))
    return InverseAnswer(f"d_model for about {fmt(target)} parameters", "d_model", target,
                         below, above, formula)
