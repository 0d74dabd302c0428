"""Compute per forward pass: multiply-accumulates (MACs) per layer and in total.

Definition used: one MAC is one multiplication added into a sum, for ONE example at the
input size the subject was built on. A convolution does kernel area × in-channels/groups
× out-channels MACs at every output position; a Linear/Dense in × out at every position;
a normalisation layer one per element; attention's two T×T products count too when the
layer reports them. FLOPs = 2 × MACs (each MAC is a multiply and an add). Pooling,
activations and merges are counted as 0. A layer whose input size is unknown (a sequence
length nobody gave) makes the total unknown.

``torchinfo_mult_adds`` reproduces torchinfo's "Mult-Adds" column instead: parameters ×
output positions for convolutions (bias included), parameters × batch for every other
layer with weights. It agrees with ``compute`` on convolutions without bias and on a
Linear on a flat input, and differs on norms, biases and sequences (torchinfo counts a
Linear on a T-long sequence once, not T times).
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import fmt
from .model import Subject


@dataclass(frozen=True)
class LayerCompute:
    name: str
    type: str
    macs: int | None


@dataclass(frozen=True)
class ComputeReport:
    label: str
    layers: tuple[LayerCompute, ...]
    #: ``None`` when some layer's input size is unknown.
    macs: int | None
    definition: str

    @property
    def flops(self) -> int | None:
        return None if self.macs is None else 2 * self.macs

    def lines(self) -> tuple[str, ...]:
        if self.macs is None:
            unknown = [lc.name for lc in self.layers if lc.macs is None]
            return (f"compute needs the input size: {', '.join(unknown[:3])} "
                    f"{'has' if len(unknown) == 1 else 'have'} no known input length",)
        return (f"{fmt(self.macs)} MACs ({human(self.macs)}) per example",
                f"FLOPs = 2 × MACs = {fmt(2 * self.macs)} ({human(2 * self.macs)})",
                self.definition)


DEFINITION = ("MACs = multiply-accumulates for one example (conv: kernel × in/groups × out "
              "per output position; Linear/Dense: in × out per position; norms: one per "
              "element); FLOPs = 2 × MACs")


def compute(subject: Subject) -> ComputeReport:
    """MACs per layer and in total, from each layer's own count."""
    rows = tuple(LayerCompute(r.name, r.type, r.macs) for r in subject.layers)
    return ComputeReport(subject.label, rows, subject.macs, DEFINITION)


def torchinfo_mult_adds(subject: Subject) -> int:
    """torchinfo's total Mult-Adds for a batch of one (PyTorch channels-first shapes)."""
    total = 0
    for r in subject.layers:
        params = r.total
        if not params or r.type == "Parameter":
            continue  # torchinfo sums leaf modules only; a model-level tensor has no row
        out = r.output_shape or ()
        if "Conv" in r.type:
            n = 1
            for d in out[1:]:
                assert d is not None, "torchinfo's rule needs a known output size"
                n *= d
            total += params * n
        else:
            total += params
    return total


def human(n: int) -> str:
    """A rounded reading in G/M/K for a count of operations (the exact figure is given
    beside it)."""
    for unit, size in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= size:
            return f"{n / size:.2f} {unit}"
    return str(n)
