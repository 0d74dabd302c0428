"""A small builder for models that branch (residual adds, concatenations).

``engine.model.build_stack`` runs a straight line of layers. Whole models are graphs, so
here each layer is built on a shape the architecture code passes in explicitly, and the
rows come out in the order the framework lists them (Keras ``model.layers``, PyTorch
``named_modules()``). Catalogue layers are built through :func:`engine.catalogue.make`;
layers with no catalogue entry of their own (merges, model-level parameters) are added as
plain rows with their weights spelled out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..catalogue import lookup, make
from ..core import Framework, Layer, LayerResult, Shape, Weight, check_total, fmt
from ..model import Subject, keras_auto_name

#: Layers that own no weights (besides pooling): used as plain rows when the catalogue has
#: no entry for them, and a pasted model may use one such object twice.
WEIGHTLESS = frozenset({
    "Activation", "ReLU", "Dropout", "ZeroPadding2D", "Flatten", "Reshape", "Rescaling",
    "ReLU6", "SiLU", "GELU", "Sigmoid", "Tanh", "Identity", "StochasticDepth",
    "LeakyReLU", "ELU", "Softmax", "Dropout1d", "Dropout2d", "Dropout3d", "Upsample",
    "UpSampling2D",
})


class Net:
    """Collects the rows of one model while its architecture code walks the graph."""

    def __init__(self, framework: Framework) -> None:
        self.framework: Framework = framework
        self.rows: list[LayerResult] = []
        self._seen: dict[str, int] = {}
        #: Rows already built in this model, by (type, input shape, arguments): a ResNet
        #: stage repeats one block, so most layers are a copy of an earlier one renamed.
        self._built: dict[tuple[object, ...], LayerResult] = {}
        #: Catalogue layers made so far, by (type, arguments): the same layer on another
        #: input shape needs only ``build``.
        self._made: dict[tuple[object, ...], Layer] = {}

    def auto_name(self, type_name: str) -> str:
        """Keras' default name for the next layer of this type (``conv2d``, ``conv2d_1``)."""
        base = keras_auto_name(type_name)
        k = self._seen.get(base, 0)
        self._seen[base] = k + 1
        return base if k == 0 else f"{base}_{k}"

    def add(self, type_name: str, inp: Shape, *args: object, name: str | None = None,
            out: Shape | None = None, **kwargs: object) -> Shape:
        """Build catalogue layer ``type_name`` on ``inp``; return its output shape.

        A weightless layer (activation, dropout, padding, reshape) with no catalogue entry
        becomes a plain row whose output is ``out`` (or ``inp`` when it keeps the shape).
        """
        nm = name if name is not None else self.auto_name(type_name)
        options = tuple(kwargs.items()) if kwargs else ()
        key: tuple[object, ...] = (type_name, inp, out, args, options)
        try:
            earlier = self._built.get(key)
        except TypeError:  # an argument that does not hash (a list): build it every time
            earlier, key = None, ()
        if earlier is not None:
            self.rows.append(renamed(earlier, nm))
            return earlier.output_shape  # type: ignore[return-value]  # checked when built
        if type_name in WEIGHTLESS and lookup(self.framework, type_name) is None:
            result = LayerResult(nm, type_name, self.framework, (),
                                 out if out is not None else inp, macs=0)
        else:
            layer = self._made.get(key[:1] + key[3:]) if key else None
            if layer is None:
                layer = make(self.framework, type_name, args, options).layer
                if key:
                    self._made[key[:1] + key[3:]] = layer
            result = layer.build(inp, nm)
        shape = result.output_shape
        assert shape is not None, f"{type_name} gave no output shape"
        if key:
            # worked out once here, so every renamed copy carries them
            result.total  # noqa: B018 - one read counts all four (core.counted)
            self._built[key] = result
        self.rows.append(result)
        return shape

    def raw(self, name: str | None, type_name: str, out: Shape,
            weights: Sequence[Weight] = (), derivation: Sequence[str] = (),
            macs: int | None = 0, *, key: tuple[object, ...] | None = None) -> Shape:
        """A row with no catalogue layer behind it (a merge, a model-level parameter).
        With ``key``, later rows of the same key can be added by :meth:`repeat`."""
        nm = name if name is not None else self.auto_name(type_name)
        row = LayerResult(nm, type_name, self.framework, tuple(weights), out,
                          tuple(derivation), macs=macs)
        self.rows.append(row)
        if key is not None:
            row.total  # noqa: B018 - one read counts all four, so copies carry them
            self._built[("raw", *key)] = row
        return out

    def repeat(self, key: tuple[object, ...], name: str) -> Shape | None:
        """Add a copy, named ``name``, of the row ``raw(..., key=key)`` added earlier and
        return its output shape; ``None`` (nothing added) when there is no such row."""
        earlier = self._built.get(("raw", *key))
        if earlier is None:
            return None
        self.rows.append(renamed(earlier, name))
        return earlier.output_shape

    def subject(self, label: str, input_shape: Shape, output_shape: Shape,
                derivation: Sequence[str] = (), notes: Sequence[str] = ()) -> Subject:
        subject = Subject(label, self.framework, tuple(self.rows), input_shape, output_shape,
                          tuple(derivation), tuple(notes))
        check_total(subject.total, label)
        return subject


def renamed(row: LayerResult, name: str) -> LayerResult:
    """``row`` under another name. A layer's weights, shapes and working never depend on its
    name, so the copy keeps the totals already worked out; ``dataclasses.replace`` would
    run ``__init__`` and drop them."""
    if row.name == name:
        return row
    values = row.__dict__.copy()
    values["name"] = name
    copy = _new(LayerResult)
    _setattr(copy, "__dict__", values)  # frozen: the dataclass' own __setattr__ refuses
    return copy


_new = object.__new__
_setattr = object.__setattr__


# -- figures by arithmetic ------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The totals a Keras-vs-PyTorch comparison quotes (``compare_note``)."""

    total: int
    non_trainable: int = 0
    buffers: int = 0
    #: Biases of Keras ``Conv2D`` rows (always 0 for a PyTorch model: its rows are
    #: ``Conv2d``, and only Keras' ResNet note asks).
    conv_bias: int = 0

    @classmethod
    def of(cls, subject: Subject) -> Figures:
        """The figures of a model built row by row."""
        bias = sum(w.size for r in subject.layers if r.type == "Conv2D"
                   for w in r.weights if w.name == "bias")
        return cls(subject.total, subject.non_trainable, subject.buffers, bias)


class Tally:
    """A plain convolutional network's figures by arithmetic, without building its rows.

    A comparison note needs only the other library's totals; building that model row by
    row cost more than answering the question. Tests hold every tally to the full build
    and to the recorded golden counts."""

    def __init__(self, framework: Framework) -> None:
        self.framework: Framework = framework
        self.weights = 0  # kernels, dense weights and dense biases
        self.conv_bias = 0
        self.norm_channels = 0
        self.norms = 0

    def conv(self, k: int, c_in: int, c_out: int, *, bias: bool, groups: int = 1) -> None:
        """A k × k convolution (depthwise: ``groups == c_in == c_out``)."""
        self.weights += k * k * (c_in // groups) * c_out
        if bias:
            self.conv_bias += c_out

    def norm(self, channels: int) -> None:
        """BatchNormalization: gamma and beta, plus moving (running) mean and variance."""
        self.norm_channels += channels
        self.norms += 1

    def conv_norm(self, k: int, c_in: int, c_out: int, *, bias: bool = False,
                  groups: int = 1) -> None:
        """A convolution and the BatchNormalization over its output channels."""
        self.conv(k, c_in, c_out, bias=bias, groups=groups)
        self.norm(c_out)

    def dense(self, n_in: int, n_out: int) -> None:
        self.weights += n_in * n_out + n_out

    def figures(self) -> Figures:
        bn = self.norm_channels
        if self.framework == "keras":  # moving statistics are non-trainable weights
            return Figures(self.weights + self.conv_bias + 4 * bn, 2 * bn, 0, self.conv_bias)
        # PyTorch: running statistics and num_batches_tracked are buffers
        return Figures(self.weights + self.conv_bias + 2 * bn, 0, 2 * bn + self.norms, 0)


#: DenseNet-121's layers per dense block, the same in keras.applications and torchvision.
DENSENET121_BLOCKS = (6, 12, 24, 16)


def mobilenet_v2_tally(framework: Framework, blocks: Iterable[tuple[int, int]]) -> Figures:
    """MobileNetV2's figures from its inverted-residual blocks, (output channels,
    expansion) each in order: the two libraries build the same network (no convolution
    bias) from differently written block tables."""
    t = Tally(framework)
    t.conv_norm(3, 3, 32)
    c = 32
    for c_out, expansion in blocks:
        hidden = c * expansion
        if expansion != 1:
            t.conv_norm(1, c, hidden)  # 1 × 1 expansion
        t.conv_norm(3, hidden, hidden, groups=hidden)  # 3 × 3 depthwise
        t.conv_norm(1, hidden, c_out)  # 1 × 1 projection
        c = c_out
    t.conv_norm(1, c, 1280)
    t.dense(1280, 1000)
    return t.figures()


def densenet121_tally(framework: Framework) -> Figures:
    """DenseNet-121's figures: the two libraries build the same network (no convolution
    bias); only how each reports BatchNorm's statistics differs (:meth:`Tally.figures`)."""
    t = Tally(framework)
    t.conv_norm(7, 3, 64)
    c = 64
    for block, n in enumerate(DENSENET121_BLOCKS, 1):
        for _ in range(n):
            t.norm(c)
            t.conv_norm(1, c, 128)
            t.conv(3, 128, 32, bias=False)
            c += 32
        if block < len(DENSENET121_BLOCKS):  # transition: halve the channels
            t.norm(c)
            t.conv(1, c, c // 2, bias=False)
            c //= 2
    t.norm(c)
    t.dense(c, 1000)
    return t.figures()


# -- shapes of the parameter-free merges -----------------------------------------------------


def concat(shapes: Sequence[Shape], axis: int) -> Shape:
    """Concatenate along ``axis`` (-1 for Keras channels-last, 0 for PyTorch's C)."""
    first = list(shapes[0])
    total = 0
    for s in shapes:
        d = s[axis]
        assert d is not None
        total += d
    first[axis] = total
    return tuple(first)


def qualified_names(subject: Subject) -> list[tuple[str, tuple[int, ...], bool, bool]]:
    """Every weight as ``(full name, shape, trainable, buffer)``.

    PyTorch names join module path and parameter (``layer1.0.conv1.weight``); a row whose
    type is ``Parameter`` is a tensor owned by the model itself (ViT's ``class_token``).
    Keras names are ``layer/variable`` as ``variable.path`` spells them.
    """
    sep = "." if subject.framework == "pytorch" else "/"
    out = []
    for row in subject.layers:
        for w in row.weights:
            full = row.name if row.type == "Parameter" else f"{row.name}{sep}{w.name}"
            out.append((full, w.shape, w.trainable, w.buffer))
    return out


def stage_lines(subject: Subject, depth: int) -> tuple[str, ...]:
    """Derivation lines summing rows by the first ``depth`` parts of their names.

    For torchvision ``layer1.0.conv1`` at depth 1 groups under ``layer1``; with Keras
    names (``conv2_block1_1_conv``) at depth 1 groups under ``conv2``.
    """
    sep = "." if subject.framework == "pytorch" else "_"
    groups: dict[str, int] = {}
    for row in subject.layers:
        total = row.total
        if total == 0:
            continue
        name = row.name
        key = name.partition(sep)[0] if depth == 1 else sep.join(name.split(sep)[:depth])
        groups[key] = groups.get(key, 0) + total
    parts = [f"{k} {fmt(v)}" for k, v in groups.items()]
    return (" + ".join(parts) + f" = {fmt(subject.total)}",)
