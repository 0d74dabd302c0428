"""Memory the weights need at each precision, and a labelled Adam training estimate.

Bytes are exact integers (int4 packs two weights per byte, rounded up); the human form
beside them uses decimal units (1 GB = 10^9 bytes) and binary ones (1 GiB = 2^30 bytes),
since tools disagree and people quote both.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import fmt
from .model import Subject

#: Bits per weight for each storage format people ask about.
PRECISIONS: tuple[tuple[str, int], ...] = (
    ("fp32", 32), ("bf16/fp16", 16), ("int8", 8), ("int4", 4),
)
_ALIASES = {"float32": "fp32", "fp32": "fp32", "float": "fp32", "full": "fp32",
            "fp16": "bf16/fp16", "float16": "bf16/fp16", "half": "bf16/fp16",
            "bf16": "bf16/fp16", "bfloat16": "bf16/fp16", "int8": "int8", "8bit": "int8",
            "8-bit": "int8", "int4": "int4", "4bit": "int4", "4-bit": "int4"}


@dataclass(frozen=True)
class PrecisionMemory:
    precision: str
    bits: int
    bytes: int

    @property
    def text(self) -> str:
        return f"{self.precision}: {fmt(self.bytes)} bytes ({human_bytes(self.bytes)})"


@dataclass(frozen=True)
class MemoryReport:
    """The weights' memory per precision, and an Adam training estimate."""

    label: str
    parameters: int
    trainable: int
    #: PyTorch buffers (BatchNorm statistics); stored with the weights, listed apart.
    buffers: int
    weights: tuple[PrecisionMemory, ...]
    #: fp32 Adam: weights 4 B each + gradients and two moments 12 B per trainable one.
    adam_fp32_bytes: int

    def at(self, precision: str) -> PrecisionMemory:
        key = _ALIASES.get(precision.lower().replace(" ", ""), precision)
        for p in self.weights:
            if p.precision == key:
                return p
        raise KeyError(precision)

    def lines(self, precision: str | None = None) -> tuple[str, ...]:
        shown = self.weights if precision is None else (self.at(precision),)
        out = [f"{fmt(self.parameters)} parameters × {p.bits} bits / 8 = {p.text}"
               for p in shown]
        if self.buffers:
            # no byte figure: running statistics are float32, but counters and index
            # buffers (num_batches_tracked, BERT's position_ids) are int64
            out.append(f"plus {fmt(self.buffers)} buffer elements (BatchNorm statistics, "
                       "position ids and the like), kept beside the weights: float32 "
                       "statistics take 4 bytes each, int64 counters and ids 8")
        out.append(
            f"training with Adam in fp32 (estimate): weights 4 B × {fmt(self.parameters)} "
            f"+ gradients, first and second moments 3 × 4 B × {fmt(self.trainable)} "
            f"trainable = {fmt(self.adam_fp32_bytes)} bytes "
            f"({human_bytes(self.adam_fp32_bytes)}), before activations, which grow with "
            "batch size and sequence length and are not included")
        return tuple(out)


def weight_memory(what: Subject | int, label: str | None = None,
                  trainable: int | None = None) -> MemoryReport:
    """Memory for a subject's parameters (or a bare parameter count)."""
    if isinstance(what, Subject):
        n, t, b = what.total, what.trainable, what.buffers
        label = label or what.label
    else:
        n, t, b = what, what if trainable is None else trainable, 0
        label = label or f"{fmt(n)} parameters"
    weights = tuple(PrecisionMemory(name, bits, -(-n * bits // 8)) for name, bits in PRECISIONS)
    return MemoryReport(label, n, t, b, weights, 4 * n + 12 * t)


def human_bytes(n: int) -> str:
    """``709,646,336`` -> ``709.6 MB / 676.8 MiB``."""
    dec = _scaled(n, 1000, ("bytes", "KB", "MB", "GB", "TB", "PB"))
    if n < 1024:
        return dec
    return f"{dec} / {_scaled(n, 1024, ('bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'))}"


def _scaled(n: int, base: int, units: tuple[str, ...]) -> str:
    i = 0
    while i + 1 < len(units) and n >= base ** (i + 1):
        i += 1
    if i == 0:
        return f"{n} {units[0]}"
    # tenths, rounded half up, in integer arithmetic
    tenths = (n * 10 * 2 + base**i) // (2 * base**i)
    return f"{tenths // 10}.{tenths % 10} {units[i]}"
