"""Keras wrappers: Bidirectional (two independent copies of a recurrent layer) and
TimeDistributed (one layer shared across every timestep)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import Layer, LayerResult, MissingInput, Shape, Weight, dict_init, fmt
from ..errors import ParamError
from ..model import LIST_CALLED, keras_auto_name, list_called_refusal
from .base import KerasLayer, unfrozen_note
from .recurrent import _KerasRNN

_MERGE_MODES = ("concat", "sum", "mul", "ave")


def _inner_name(layer: Layer) -> str:
    return keras_auto_name(layer.TYPE)


@dict_init
@dataclass(frozen=True)
class Bidirectional(KerasLayer):
    TYPE = "Bidirectional"
    layer: object
    merge_mode: object = "concat"
    weights: object = None
    backward_layer: object = None

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        fwd = self.layer
        if not isinstance(fwd, _KerasRNN):
            what = fwd.TYPE if isinstance(fwd, Layer) else repr(fwd)
            raise ParamError(
                f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN); `{what}` is "
                "not one. Drop the Bidirectional wrapper, or wrap an LSTM/GRU instead."
            )
        bwd = self.backward_layer if self.backward_layer is not None else fwd
        if not isinstance(bwd, _KerasRNN):
            raise ParamError("Bidirectional's `backward_layer` must be a recurrent layer.")
        mode = self.merge_mode
        if mode is not None and (not isinstance(mode, str) or mode not in _MERGE_MODES):
            raise ParamError(
                "`merge_mode` must be one of 'concat', 'sum', 'mul', 'ave' or None; "
                f"got {mode!r}."
            )
        try:
            f = fwd.build(input_shape, "forward")
            # the usual case, one layer for both directions: its result is the same
            b = f if bwd is fwd else bwd.build(input_shape, "backward")
        except MissingInput as exc:
            raise MissingInput(f"Bidirectional({fwd.TYPE})", exc.what) from None
        fname = "forward_" + _inner_name(fwd)
        bname = "backward_" + _inner_name(bwd)
        weights = tuple(
            [Weight(f"{fname}/{w.name}", w.shape, w.trainable) for w in f.weights]
            + [Weight(f"{bname}/{w.name}", w.shape, w.trainable) for w in b.weights]
        )
        assert f.output_shape is not None and b.output_shape is not None
        *lead, units = f.output_shape
        assert units is not None
        b_units = b.output_shape[-1]
        assert b_units is not None
        if mode == "concat":
            out: Shape = (*lead, units + b_units)
        else:
            out = f.output_shape
        lines = [f"per direction: {line}" for line in f.derivation]
        if bwd is fwd:
            lines.append(f"two directions: 2 × {fmt(f.total)} = {fmt(f.total + b.total)}")
        else:
            lines.append(f"backward layer: {' '.join(b.derivation)}")
            lines.append(f"both: {fmt(f.total)} + {fmt(b.total)} = {fmt(f.total + b.total)}")
        notes = [
            f"The two directions are independent copies with their own weights; merge_mode="
            f"{mode!r} only changes the output width ({out[-1]}), not the count.",
        ]
        if not self.trainable:
            notes.append(unfrozen_note("Bidirectional"))
        macs = None if f.macs is None or b.macs is None else f.macs + b.macs
        return LayerResult(name, f"Bidirectional({fwd.TYPE})", "keras", weights, out,
                           tuple(lines), tuple(notes) + f.notes, macs=macs)


@dataclass(frozen=True)
class TimeDistributed(KerasLayer):
    TYPE = "TimeDistributed"
    layer: object

    def build(self, input_shape: Shape | None, name: str) -> LayerResult:
        inner = self.layer
        if not isinstance(inner, Layer) or inner.FRAMEWORK != "keras":
            raise ParamError("TimeDistributed wraps a Keras layer, e.g. TimeDistributed(Dense(10)).")
        if inner.TYPE in LIST_CALLED:
            raise ParamError(f"TimeDistributed calls the layer it wraps on one tensor per "
                             f"step, and {inner.TYPE} can't be called so. "
                             + list_called_refusal(inner.TYPE, "one tensor"))
        if input_shape is None:
            raise MissingInput(f"TimeDistributed({inner.TYPE})", "input shape (timesteps, ...)")
        if len(input_shape) < 2:
            raise ParamError(
                "TimeDistributed needs an input with a time axis first, e.g. (20, 64) for 20 "
                f"steps of 64 features; got {input_shape}."
            )
        steps = input_shape[0]
        inner_name = _inner_name(inner)
        r = inner.build(input_shape[1:], inner_name)
        weights = tuple(Weight(f"{inner_name}/{w.name}", w.shape, w.trainable, w.buffer)
                        for w in r.weights)
        out: Shape = (steps, *(r.output_shape or ()))
        lines = [*r.derivation,
                 f"shared across all {steps if steps is not None else 'the'} timesteps: "
                 f"the count is {fmt(r.total)}, not multiplied by the number of steps"]
        macs = None if r.macs is None or steps is None else r.macs * steps
        notes = r.notes if self.trainable else (*r.notes, unfrozen_note("TimeDistributed"))
        return LayerResult(name, f"TimeDistributed({inner.TYPE})", "keras", weights, out,
                           tuple(lines), notes, macs=macs)


KERAS: dict[str, type[Layer]] = {"Bidirectional": Bidirectional,
                                 "TimeDistributed": TimeDistributed}
TORCH: dict[str, type[Layer]] = {}
