"""The express lane: the commonest one-layer sentences, read without the full grammar.

Most questions are one layer in a few plain words: ``dense 64 units on 784 inputs``,
``lstm 128 units input 28``, ``conv2d 32 filters 3x3 on 28x28x1``, ``nn.Linear(784, 128)``.
For these the full reader (Lark parse, items, slots, plans, checks) cost about two and a
half times what counting and rendering do. This module recognises such a sentence by its *form*, the
words with each size replaced by ``#``, looks the form up in a table built once, and builds
the layer with the same engine calls and the same label and input-shape functions the full
reader uses.

The lane only ever answers or steps aside: anything not exactly one of its forms, a size it
is not sure of (zero, a leading zero, a huge one), an input that the full reader would
remark on (a Keras image shape that looks channels first), and any refusal from the engine
returns None, and the full reader takes the question. It is proven against the full reader,
answer for answer, on every form with random and edge sizes (tests/grammar/test_express.py):
a form whose answer differs in any field fails the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.answer import Answer
from ..engine.catalogue import lookup
from ..engine.core import Framework, Layer, Shape
from ..engine.errors import ParamError
from ..engine.model import build_stack
from .inputs import InputInfo, keras_input_shape
from .inputs import layer_label as label_of

#: Sizes longer than this take the full reader (it words the refusal of a huge size).
_MAX_DIGITS = 7
#: Longer questions are never one of the forms.
_MAX_CHARS = 96

Size = int | tuple[int, ...]
#: A form's builder: its sizes in order -> (framework, label, layers, input shape), or
#: None where the sizes are outside what the lane answers.
Build = Callable[[list[Size]], "tuple[Framework, str, list[Layer], Shape | None] | None"]


def express(question: str, explicit: Framework | None, default: Framework) -> Answer | None:
    """The answer to ``question`` if it is one of the express forms, else None."""
    if len(question) > _MAX_CHARS:
        return None
    text = question.strip()
    try:
        if text.startswith("nn."):
            if explicit == "keras":
                return None
            built = _torch_call(text)
        else:
            form, sizes = _form(text)
            if form is None:
                return None
            entry = _FORMS.get(form)
            if entry is None:
                return None
            fw, build = entry
            # a form without a framework word is the default's (Keras' words); one with
            # it is that framework's, unless the caller chose the other
            if explicit not in (None, fw) or (not form.startswith(_FW_WORDS) and (
                    explicit or default) != fw):
                return None
            built = build(sizes)
        if built is None:
            return None
        fw, label, layers, shape = built
        subject = build_stack(fw, label, layers, shape)
    except ParamError:
        return None  # the full reader words the refusal
    return Answer(question, fw, (subject,))


def _form(text: str) -> tuple[str | None, list[Size]]:
    """``dense 64 units on 784`` -> (``dense # units on #``, [64, 784]); None for a word
    the forms never hold (every form is lower case, sizes plain decimal)."""
    words = text.split()
    sizes: list[Size] = []
    for i, w in enumerate(words):
        if w.isdigit():
            n = _size(w)
            if n is None:
                return None, sizes
            sizes.append(n)
            words[i] = "#"
        elif "x" in w and w[0].isdigit():
            parts = w.split("x")
            dims = tuple(_size(p) for p in parts)
            if None in dims or len(dims) > 3:
                return None, sizes
            sizes.append(dims)  # type: ignore[arg-type]
            words[i] = "x".join(["#"] * len(dims))
        elif w != "->" and not (w.islower() and w.isascii()):
            return None, sizes
    return " ".join(words), sizes


def _size(w: str) -> int | None:
    """A plain size: ASCII digits, no leading zero, at most seven of them."""
    if not w.isascii() or not w.isdigit() or w[0] == "0" or len(w) > _MAX_DIGITS:
        return None
    return int(w)


def _layer(framework: Framework, name: str, *args: object, **kwargs: object) -> Layer:
    """The catalogue layer, constructed as ``catalogue.make`` would bind these arguments:
    the lane only passes a class' own leading positional sizes (or its own keywords), so
    make's checks for unknown, doubled or missing arguments have nothing to find."""
    cls: Any = lookup(framework, name)
    layer: Layer = cls(*args, **kwargs)
    return layer


# -- PyTorch calls written inline ----------------------------------------------------------

#: ``nn.Name(a, b[, c])`` with plain sizes: the class and how many sizes it takes.
_TORCH_CALLS: dict[str, tuple[int, ...]] = {
    "Linear": (2,), "LSTM": (2,), "GRU": (2,), "RNN": (2,), "Embedding": (2,),
    "Conv1d": (3,), "Conv2d": (3,), "Conv3d": (3,), "ConvTranspose2d": (3,),
    "LayerNorm": (1,), "BatchNorm1d": (1,), "BatchNorm2d": (1,),
}


def _torch_call(text: str) -> tuple[Framework, str, list[Layer], Shape | None] | None:
    """``nn.Linear(784, 128)``, written as the REPL and README write it (one space after
    each comma): the layer, labelled by the call itself."""
    open_at = text.find("(")
    if open_at < 0 or not text.endswith(")") or text.count("(") != 1:
        return None
    name = text[3:open_at]
    counts = _TORCH_CALLS.get(name)
    if counts is None:
        return None
    inner = text[open_at + 1:-1].split(", ")
    if len(inner) not in counts:
        return None
    args = [_size(a) for a in inner]
    if None in args:
        return None
    layer = _layer("pytorch", name, *args)
    return "pytorch", text, [layer], None


# -- the forms -----------------------------------------------------------------------------

_FW_WORDS = ("keras ", "pytorch ", "torch ")


def _keras_dense(sizes: list[Size]) -> tuple[Framework, str, list[Layer], Shape | None] | None:
    units, width = sizes
    assert isinstance(units, int) and isinstance(width, int)
    layer = _layer("keras", "Dense", units)
    return "keras", label_of("Dense", [units], []), [layer], keras_input_shape(
        "Dense", InputInfo(features=width))


def _keras_chain(sizes: list[Size]) -> tuple[Framework, str, list[Layer], Shape | None] | None:
    """``dense 784 -> 128 -> 10``: the first width is the input, each next one a layer."""
    widths = [n for n in sizes if isinstance(n, int)]
    layers = [_layer("keras", "Dense", n) for n in widths[1:]]
    label = "Sequential[" + ", ".join(label_of("Dense", [n], []) for n in widths[1:]) + "]"
    return "keras", label, layers, keras_input_shape("Dense", InputInfo(features=widths[0]))


def _keras_recurrent(name: str, bidirectional: bool) -> Build:
    def build(sizes: list[Size]) -> tuple[Framework, str, list[Layer], Shape | None] | None:
        units, width = sizes
        assert isinstance(units, int)
        info = InputInfo(shape=width) if isinstance(width, tuple) else InputInfo(
            features=width)
        layer = _layer("keras", name, units)
        label = label_of(name, [units], [])
        type_name = name
        if bidirectional:
            layer = _layer("keras", "Bidirectional", layer)
            label = f"Bidirectional({label})"
            type_name = "Bidirectional"
        return "keras", label, [layer], keras_input_shape(type_name, info)
    return build


def _keras_conv2d(kernel_said: bool) -> Build:
    def build(sizes: list[Size]) -> tuple[Framework, str, list[Layer], Shape | None] | None:
        filters, kernel, shape = sizes
        if not (isinstance(filters, int) and isinstance(kernel, tuple)
                and isinstance(shape, tuple) and len(kernel) == 2 and len(shape) == 3):
            return None
        if shape[0] in (1, 3) and shape[2] not in (1, 3):
            return None  # the full reader notes how a channels-first-looking shape was read
        # "3x3" alone is the kernel size 3; after "kernel" it is the kernel as written
        k: Size = kernel[0] if kernel[0] == kernel[1] and not kernel_said else kernel
        layer = _layer("keras", "Conv2D", filters, k)
        return "keras", label_of("Conv2D", [filters, k], []), [layer], keras_input_shape(
            "Conv2D", InputInfo(shape=shape))
    return build


def _keras_embedding(sizes: list[Size]) -> tuple[Framework, str, list[Layer], Shape | None] | None:
    vocab, dim = sizes
    assert isinstance(vocab, int) and isinstance(dim, int)
    layer = _layer("keras", "Embedding", vocab, dim)
    return "keras", label_of("Embedding", [vocab, dim], []), [layer], keras_input_shape(
        "Embedding", InputInfo())


def _torch_lstm_layers(name: str) -> Build:
    def build(sizes: list[Size]) -> tuple[Framework, str, list[Layer], Shape | None] | None:
        width, hidden, n = sizes
        assert isinstance(width, int) and isinstance(hidden, int) and isinstance(n, int)
        kwargs = [("input_size", width), ("hidden_size", hidden), ("num_layers", n)]
        layer = _layer("pytorch", name, **dict(kwargs))
        label = "nn." + label_of(name, [], kwargs)
        return "pytorch", label, [layer], None
    return build


def _forms() -> dict[str, tuple[Framework, Build]]:
    forms: dict[str, tuple[Framework, Build]] = {}

    def add(framework: Framework, build: Build, *patterns: str) -> None:
        for p in patterns:
            forms[" ".join(p.split())] = (framework, build)

    def keras_prefixed(*patterns: str) -> list[str]:
        return [q for p in patterns for q in (p, "keras " + p)]

    for units in ("", "units", "neurons"):
        add("keras", _keras_dense, *keras_prefixed(f"dense # {units} input #"))
        for tail in ("", "inputs", "features"):
            add("keras", _keras_dense, *keras_prefixed(f"dense # {units} on # {tail}"))
    # ("bisimplernn" is no word the full reader knows)
    recurrent = {"lstm": ("LSTM", ("bilstm",)), "gru": ("GRU", ("bigru",)),
                 "simplernn": ("SimpleRNN", ())}
    for word, (name, bi) in recurrent.items():
        for bidir, prefixes in ((False, (word,)), (True, (f"bidirectional {word}", *bi))):
            for head in prefixes:
                for units in ("", "units"):
                    for on in ("input", "on"):
                        add("keras", _keras_recurrent(name, bidir),
                            *keras_prefixed(f"{head} # {units} {on} #",
                                            f"{head} # {units} {on} #x#"))
    for filters in ("", "filters"):
        add("keras", _keras_conv2d(False), *keras_prefixed(f"conv2d # {filters} #x# on #x#x#"))
        add("keras", _keras_conv2d(True),
            *keras_prefixed(f"conv2d # {filters} kernel #x# on #x#x#"))
    for n in range(2, 8):
        add("keras", _keras_chain, *keras_prefixed("dense " + " -> ".join(["#"] * n)))
    add("keras", _keras_embedding, *keras_prefixed("embedding vocab # dim #"))
    for word, name in (("lstm", "LSTM"), ("gru", "GRU")):
        for fw in ("pytorch", "torch"):
            add("pytorch", _torch_lstm_layers(name), f"{fw} {word} input # hidden # # layers")
    return forms


_FORMS = _forms()
