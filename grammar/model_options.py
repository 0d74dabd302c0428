"""A named model's options, read from the question's words: ``without top``,
``include_top=False``, ``headless``, ``feature extractor``, ``pooling avg``, ``10 classes``,
``num_classes=5``, ``on 128x128x3``, ``input 3x128x128``.

Every size and option word the question gives must be read here or refused: a named
model is never answered for another configuration than the one asked about.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import models
from ..engine.core import Framework, Shape
from ..engine.errors import ParamError
from ..engine.models.options import DEFAULT, ModelOptions, shape_words
from .items import Item
from .vocabulary import UNTRAINABLE_WORDS, LayerWord

#: Words before a number that describe how the model is run, not how it is built (a
#: sequence length is not one: "gpt2 with context 2048" would be another model, with
#: more position embeddings).
RUN_WORDS = frozenset({"batch", "batch_size", "bs", "batches"})

#: Words that name an option parambot reads for keras.applications / torchvision models
#: (or one it knows it can't apply); left over unread, they are refused, never dropped.
OPTION_WORDS = frozenset({"classes", "class", "labels", "outputs", "num_classes", "top",
                          "include_top", "alpha", "pooling", "headless", "finetune",
                          "extractor", "backbone", "notop", "classifier", "head", "fc"})

_NO = frozenset({"without", "no", "minus", "remove", "removed", "drop", "dropped", "exclude",
                 "excluding", "not", "w/o"})
_FILLER = frozenset({"the", "its", "a", "any", "their", "classification", "fully",
                     "connected", "dense", "final", "last", "output", "prediction",
                     "predictions", "imagenet"})
_TOP = frozenset({"top", "classifier", "head", "fc"})
_CLASS_WORDS = frozenset({"classes", "class", "labels", "categories", "outputs"})
_AVG = frozenset({"avg", "average", "mean", "gap"})
_MAX = frozenset({"max", "maximum", "gmp"})
_AVG_LAYERS = frozenset({"AveragePooling2D", "GlobalAveragePooling2D",
                         "GlobalAveragePooling1D", "AveragePooling1D"})
_MAX_LAYERS = frozenset({"MaxPooling2D", "GlobalMaxPooling2D", "GlobalMaxPooling1D",
                         "MaxPooling1D"})
_SHAPE_KEYS = frozenset({"input_shape", "shape", "input_size", "image_size"})
#: keyword arguments that change no count (weights are read separately)
_HARMLESS_KEYS = frozenset({"classifier_activation", "progress", "name"})


@dataclass(frozen=True)
class Read:
    """What the question asks of the model."""

    options: ModelOptions
    #: how the words were read where they could be read more than one way
    notes: tuple[str, ...] = ()
    #: the framework the options belong to when only one library has them (Keras'
    #: include_top and pooling; torchvision's num_classes= as a keyword), else None
    needs: Framework | None = None


def _word(it: Item | None) -> str:
    return str(it.value) if it is not None and it.kind == "word" else ""


def read_options(part: list[Item], head: Item, spec: models.ModelSpec) -> Read:
    """The options ``part`` (one subject of the question) gives the model ``head`` names."""
    include_top = True
    classes: int | None = None
    pooling: str | None = None
    shape: tuple[Shape, Item] | None = None
    weights: object = None
    keras_only: Item | None = None  # the first item asking for a Keras-only option
    torch_kw = False  # num_classes= written as torchvision's keyword
    used: set[int] = {id(head)}
    name = spec.name

    def use(*its: Item) -> None:
        used.update(id(x) for x in its)

    def set_classes(n: object, it: Item) -> None:
        nonlocal classes
        if not isinstance(n, int) or isinstance(n, bool):
            raise ParamError(f"The number of classes must be a whole number, not `{n}`.",
                             position=it.pos)
        if classes is not None and classes != n:
            raise ParamError(f"That gives {name} two numbers of classes ({classes} and {n}).",
                             position=it.pos)
        classes = n

    def set_shape(dims: object, it: Item) -> None:
        nonlocal shape
        if not isinstance(dims, tuple) or not all(
                d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in dims):
            raise ParamError(f"`{it.raw}` is not an input shape parambot can read.",
                             position=it.pos)
        if shape is not None and shape[0] != dims:
            raise ParamError(f"That gives {name} two input shapes (`{shape[1].raw}` and "
                             f"`{it.raw}`).", position=it.pos)
        shape = (dims, it)

    def set_pooling(value: str, it: Item) -> None:
        nonlocal pooling, keras_only
        if pooling is not None and pooling != value:
            raise ParamError(f"That asks for two kinds of pooling ({pooling} and {value}).",
                             position=it.pos)
        pooling = value
        keras_only = keras_only or it

    n = len(part)
    for i, it in enumerate(part):
        if id(it) in used:
            continue
        w = _word(it)
        nxt = part[i + 1] if i + 1 < n else None
        if it.kind == "kv":
            pair = it.value
            assert isinstance(pair, tuple)
            key, value = str(pair[0]).lower(), pair[1]
            if key == "include_top":
                if not isinstance(value, bool):
                    raise ParamError(f"include_top takes True or False, not `{value}`.",
                                     position=it.pos)
                include_top = value
                if not value:
                    keras_only = keras_only or it
            elif key == "pooling":
                if value is None:
                    pass
                elif str(value).lower() in ("avg", "max"):
                    set_pooling(str(value).lower(), it)
                else:
                    raise ParamError(f"Keras' pooling is 'avg', 'max' or None, not `{value}`.",
                                     position=it.pos)
            elif key in ("classes", "num_classes"):
                set_classes(value, it)
                torch_kw = torch_kw or key == "num_classes"
            elif key in _SHAPE_KEYS:
                set_shape(value, it)
            elif key == "weights":
                weights = value
            elif key not in _HARMLESS_KEYS:
                raise ParamError(
                    f"parambot counts {name} with include_top, pooling, classes "
                    f"(num_classes) and the input shape changed; it can't apply `{it.raw}` "
                    "yet.", position=it.pos, suggestion=f"{name} params")
            use(it)
        elif w in _NO or (w == "w" and nxt is not None and nxt.raw == "/"
                          and i + 2 < n and _word(part[i + 2]) == "o"):
            # "without top", "no top", "without the classification head", "w/o the fc"
            j = i + 1 if w != "w" else i + 3
            while j < n and _word(part[j]) in _FILLER and _word(part[j]) not in _TOP:
                j += 1
            target = part[j] if j < n else None
            if target is not None and (_word(target) in _TOP or (
                    target.kind == "layer" and isinstance(target.value, LayerWord)
                    and target.value.keras == "Dense")):
                end = j + 1
                if end < n and _word(part[end]) in ("layer", "layers"):
                    end += 1
                include_top = False
                keras_only = keras_only or _span(part[i:end])
                use(*part[i:end])
        elif w in ("headless", "notop", "backbone"):
            include_top = False
            keras_only = keras_only or it
            use(it)
        elif w in ("feature", "features") and _word(nxt) in ("extractor", "extraction"):
            include_top = False
            keras_only = keras_only or _span(part[i:i + 2])
            use(it, part[i + 1])
        elif w in ("include_top", "include") and nxt is not None and (
                w == "include_top" or _word(nxt) == "top"):
            # "include_top false", "include top false", "include top"
            k = i + 1 if w == "include_top" else i + 2
            flag = _word(part[k]) if k < n else ""
            if flag in ("false", "no", "off"):
                include_top = False
                keras_only = keras_only or _span(part[i:k + 1])
                use(*part[i:k + 1])
            elif flag in ("true", "yes", "on"):
                use(*part[i:k + 1])
            else:
                use(*part[i:k])
        elif w == "with" and _word(nxt) in ("top", "classifier"):
            use(it, part[i + 1])  # "with top": the default
        elif w == "pooling" and _word(nxt) in _AVG | _MAX:
            set_pooling("avg" if _word(nxt) in _AVG else "max", _span(part[i:i + 2]))
            use(it, part[i + 1])
        elif w in _AVG | _MAX and _word(nxt) in ("pooling", "pool"):
            set_pooling("avg" if w in _AVG else "max", _span(part[i:i + 2]))
            use(it, part[i + 1])
        elif it.kind == "layer" and isinstance(it.value, LayerWord) and (
                it.value.keras in _AVG_LAYERS | _MAX_LAYERS):
            # "without top, with global average pooling": the pooling option, said as the
            # layer it adds
            set_pooling("avg" if it.value.keras in _AVG_LAYERS else "max", it)
            use(it)
        elif it.kind == "num" and _word(nxt) in _CLASS_WORDS | {"output", "target"} and (
                _word(nxt) in _CLASS_WORDS or (i + 2 < n and _word(part[i + 2])
                                               in _CLASS_WORDS)):
            set_classes(it.value, it)
            end = i + 2 if _word(nxt) in _CLASS_WORDS else i + 3
            use(*part[i:end])
        elif w in ("classes", "num_classes", "class") and nxt is not None and nxt.kind == "num":
            set_classes(nxt.value, nxt)
            use(it, nxt)
        elif it.kind in ("dims", "shape"):
            set_shape(it.value, it)
            use(it)
    _refuse_leftovers(part, used, spec)
    if spec.library == "transformers":
        _refuse_transformers(spec, include_top, classes, pooling, shape, keras_only)
    fw = spec.framework
    notes: list[str] = []
    input_shape: Shape | None = None
    if shape is not None:
        input_shape, note = _layout(shape[0], fw, include_top, classes,
                                    models.build(spec).input_shape)
        if note:
            notes.append(note)
    if weights is not None:
        _check_weights(spec, weights, include_top, classes, input_shape)
    options = ModelOptions(include_top, classes, pooling, input_shape)
    if options.classes == 1000:
        options = ModelOptions(include_top, None, pooling, input_shape)
    needs: Framework | None = ("keras" if keras_only is not None else
                               "pytorch" if torch_kw else None)
    return Read(options if options != DEFAULT else DEFAULT, tuple(notes), needs)


def _span(items: list[Item]) -> Item:
    """Words read together as one option, as one item (for a message that quotes them)."""
    return Item("word", str(items[0].value), items[0].pos, " ".join(x.raw for x in items))


#: Words next to a named model that change what it is or how it is counted, refused when no
#: option took them.
_NOT_IGNORED = frozenset({
    "gap", "gmp", "frozen", "freeze", "freezed", "removed", "remove", "dropped", "drop", "excluded", "exclude", "without",
    "minus", "false", "off", "binary", "multiclass", "multilabel", "cifar", "cifar-10",
    "cifar10", "cifar100", "mnist", "imagenet", "pretrained", "finetune", "fine-tune",
    "finetuned", "bn", "batchnorm", "head", "heads", "top", "classifier", "replaced",
    "replace", "new"})


#: "non-trainable resnet50" (frozen), not "trainable vs non-trainable?" (the split asked).
_UNTRAINABLE = UNTRAINABLE_WORDS


def _refuse_leftovers(part: list[Item], used: set[int], spec: models.ModelSpec) -> None:
    """A size or option word the options did not take: refused, as another model."""
    name = spec.name
    for i, it in enumerate(part):
        if id(it) in used:
            continue
        key = str(it.value[0]) if it.kind == "kv" else _word(it)  # type: ignore[index]
        if it.kind == "num":
            near = {str(p.value) for p in part[max(0, i - 3):i + 4] if p.kind == "word"}
            if near & RUN_WORDS or it.raw.lower() in spec.label.lower() or (
                    it.raw.lower() in name.lower()):
                continue  # "batch 32", "2 images per batch"; "llama 7b": the model's name
            raise ParamError(
                f"parambot builds {name} as its library does by default, or with include_top, "
                f"pooling, classes or the input shape changed; it can't rebuild it for "
                f"`{it.raw}`, which could change the count (a width multiplier, a longer "
                "context's position embeddings), so it isn't ignored either.",
                position=it.pos, suggestion=f"{name} params")
        nxt = part[i + 1] if i + 1 < len(part) else None
        frozen = key in _UNTRAINABLE and nxt is not None and (
            nxt.kind == "model" or _word(nxt) in ("backbone", "base", "model", "weights",
                                                  "layers", "network"))
        if (it.kind == "word" and (key in OPTION_WORDS or key in _NOT_IGNORED)) or (
                it.kind == "layer") or frozen:
            # "resnet50 without top gap", "with top removed", "frozen resnet50", "vgg16
            # with batch norm": each would change the answer, so none is passed over
            raise ParamError(
                f"parambot counts {name} as its library builds it by default, or with "
                f"include_top, pooling, classes or the input shape changed; it can't apply "
                f"`{it.raw}` here.", position=it.pos, suggestion=f"{name} params")


def _refuse_transformers(spec: models.ModelSpec, include_top: bool, classes: int | None,
                         pooling: str | None, shape: tuple[Shape, Item] | None,
                         keras_only: Item | None) -> None:
    name = spec.name
    bert = name.startswith("bert")
    if not include_top or pooling is not None:
        assert keras_only is not None
        raise ParamError(
            f"`{keras_only.raw}` is a keras.applications option (include_top, pooling); "
            f"{name} is a Hugging Face transformers model, which has no top to leave out"
            + (". parambot can leave out BERT's pooler instead: `bert base uncased without "
               "pooler`." if bert else "."), position=keras_only.pos,
            suggestion="bert without pooler" if bert else f"{name} params")
    if classes is not None:
        cls = "BertForSequenceClassification" if bert else (
            "GPT2ForSequenceClassification" if name.startswith("gpt2")
            else "LlamaForSequenceClassification")
        raise ParamError(
            f"{name} with {classes} classes would be another model, with a classification "
            f"head ({cls}), which parambot can't build yet; it counts {name} as "
            "transformers builds it by default.", suggestion=f"{name} params")
    if shape is not None:
        raise ParamError(
            f"{name} is a transformers language model: it takes token sequences, not an "
            f"input shape like `{shape[1].raw}`, and its count depends on none.",
            position=shape[1].pos, suggestion=f"{name} params")


def _layout(dims: Shape, fw: Framework, include_top: bool, classes: int | None,
            own: Shape | None = None) -> tuple[Shape | None, str | None]:
    """The given shape as the library lays it out (Keras H × W × C, PyTorch C × H × W),
    ``None`` when it is the default input, and a note when it was read another way."""
    note = None
    if len(dims) == 4 and dims[0] in (None, 1):
        dims = dims[1:]  # "1x3x224x224", "(None, 224, 224, 3)": a batch axis
    if len(dims) == 2 and None not in dims:
        h, w = dims
        dims = (h, w, 3) if fw == "keras" else (3, h, w)
        note = (f"{h}×{w} is read as a colour image, {shape_words(dims)}"
                + (" (Keras lays images out height × width × channels)." if fw == "keras"
                   else " (PyTorch lays images out channels × height × width)."))
    elif len(dims) == 3:
        first, last = dims[0], dims[-1]
        if fw == "keras" and first in (1, 3) and last not in (1, 3):
            dims = (dims[1], dims[2], first)
            note = (f"{shape_words((first, *dims[:2]))} is read as {shape_words(dims)}: Keras "
                    "lays images out height × width × channels (channels last).")
        elif fw == "pytorch" and last in (1, 3) and first not in (1, 3):
            dims = (last, dims[0], dims[1])
            note = (f"{shape_words((*dims[1:], last))} is read as {shape_words(dims)}: PyTorch "
                    "lays images out channels × height × width (channels first).")
    # the model's own default input (InceptionV3 and Xception take 299×299)
    default: Shape = own if own is not None and None not in own else (
        (224, 224, 3) if fw == "keras" else (3, 224, 224))
    if include_top and dims == default:
        return None, None
    return dims, note


def _check_weights(spec: models.ModelSpec, weights: object, include_top: bool,
                   classes: int | None, shape: Shape | None) -> None:
    """Pretrained weights change no count, but the libraries refuse what they can't load."""
    if spec.library == "keras.applications" and str(weights).lower() == "imagenet":
        if include_top and classes is not None:
            raise ParamError(f"With weights='imagenet' and include_top=True, Keras refuses "
                             f"classes={classes}: the ImageNet classifier has 1,000 classes. "
                             "Use weights=None, or leave out the top.")
        if include_top and shape is not None:
            raise ParamError(f"With weights='imagenet' and include_top=True, Keras refuses "
                             f"input_shape={shape}: the ImageNet classifier was trained on its "
                             "default input. Use weights=None, or leave out the top.")
        if shape is not None and shape[-1] != 3:
            raise ParamError(f"With weights='imagenet', Keras refuses input_shape={shape}: the "
                             "ImageNet weights take 3 channels. Use weights=None.")
    elif spec.library == "torchvision.models" and classes is not None:
        raise ParamError(f"With pretrained weights torchvision refuses num_classes={classes}: "
                         "the ImageNet classifier has 1,000 classes. Use weights=None.")
