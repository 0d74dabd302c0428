"""Questions in words, third pass: a segment with its sizes becomes catalogue layers in
the framework's own terms, with the input shape the stack starts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..engine.catalogue import lookup, make
from ..engine.core import Framework, Layer, Shape
from ..engine.errors import ParamError
from .code import strip_prefixes
from .inputs import InputInfo, colour_conflict, keras_input_shape
from .inputs import layer_label as _label
from .items import Item, Value
from .slots import Segment, Slots, field_names, fill_slots, given_or
from .values import LayerValue, ModelValue
from .vocabulary import NEGATIONS, LayerWord


def input_info(slots: Slots) -> InputInfo:
    info = _input_info(slots)
    if info.shape is not None and "flattened" in slots.words and None not in info.shape:
        # "dense 128 on flattened 28x28": the layer sees one axis of 784
        n = 1
        for d in info.shape:
            assert d is not None
            n *= d
        info.shape = (n,)
    return info


def _input_info(slots: Slots) -> InputInfo:
    info = InputInfo()
    for v in slots.roles.get("input", []):
        if isinstance(v, tuple):
            info.shape = info.shape or v
        elif isinstance(v, int):
            info.features = info.features or v
    for v in slots.roles.get("features", []):
        if isinstance(v, int):
            info.features = info.features or v
        elif isinstance(v, tuple):
            info.shape = info.shape or v
    for v in slots.roles.get("steps", []):
        if isinstance(v, int):
            info.steps = info.steps or v
    for v in slots.roles.get("channels", []) + slots.roles.get("in_channels", []):
        if isinstance(v, int):
            info.channels = info.channels or v
    for w in slots.words:
        if info.channels is None and w in _COLOUR_CHANNELS:
            info.channels = _COLOUR_CHANNELS[w]
    if (info.channels is not None and info.shape is None and info.features is not None
            and not _IMAGE_WORDS.isdisjoint(slots.words)):
        # "on rgb 224 images": one size for an image is its side, not its channels
        info.shape = (info.features, info.features)
        info.features = None
    if info.features is None:
        # "linear 784 to 10", "conv 3 in 64 out": the in-size is the input's width
        info.features = next((v for v in slots.roles.get("in", []) if isinstance(v, int)),
                             None)
    for v in slots.roles.get("value_shape", []):
        if isinstance(v, tuple):
            info.value_shape = v
    return info


_COLOUR_CHANNELS = {"rgb": 3, "color": 3, "colour": 3, "bgr": 3, "rgba": 4,
                    "grayscale": 1, "greyscale": 1, "gray": 1, "grey": 1, "mono": 1}
_IMAGE_WORDS = frozenset({"image", "images", "img", "imgs", "picture", "pictures", "photo",
                          "photos"})


def _int(v: Value | None) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _kernel(slots: Slots, bare_ints: list[Value]) -> Value | None:
    k = slots.first("kernel")
    if k is not None:
        return k
    for v in slots.bare:
        if isinstance(v, tuple):
            return v if len(set(v)) > 1 else v[0]
    return bare_ints[0] if bare_ints else None


@dataclass
class Realised:
    framework: Framework
    layers: list[Layer]
    input_shape: Shape | None
    label: str
    notes: list[str] = field(default_factory=list)
    #: A Keras ``name=`` per layer where the call gave one (None: named as Keras would).
    names: list[str | None] | None = None
    #: False for an nn.ModuleList / nn.ModuleDict: no shape runs from layer to layer.
    chain: bool = True


def _kw(kwargs: Sequence[tuple[str, object]], framework: Framework) -> list[tuple[str, object]]:
    """Free-text keyword spellings to the framework's own argument names."""
    out: list[tuple[str, object]] = []
    for k, v in kwargs:
        if k in ("bias", "use_bias"):
            k = "use_bias" if framework == "keras" else "bias"
        if k in ("stride",) and framework == "keras":
            k = "strides"
        if k in ("dilation",) and framework == "keras":
            k = "dilation_rate"
        if k in ("heads", "nheads"):
            k = "num_heads"
        out.append((k, v))
    return out


def realise(seg: Segment, framework: Framework, info: InputInfo, first: bool,
            sequence_in: bool = False) -> Realised:
    """Turn one layer segment into catalogue layers (a Bidirectional wrapper or a short
    stack when the words say so) and the input shape the stack starts from.
    ``sequence_in``: the layer before hands on a sequence (steps × features), so a pooling
    word without a rank means the 1-D layer."""
    r = _realise(seg, framework, info, first, sequence_in)
    given = info.shape
    if (first and not info.laid_out and r.framework == "pytorch" and given is not None
            and len(given) == 3
            and r.input_shape == (given[2], given[0], given[1]) and r.input_shape != given):
        r.notes.append(
            f"{'×'.join(map(str, given))} is read as height × width × channels; PyTorch puts "
            f"channels first, so the input is {'×'.join(map(str, r.input_shape))}.")
    elif (first and r.framework == "keras" and given is not None and len(given) == 3
          and r.input_shape == given and given[0] in (1, 3)
          and given[2] not in (None, 1, 3) and any(
              getattr(layer, "data_format", "") in (None, "channels_last")
              for layer in r.layers[:1])):
        # "keras conv2d 16 3x3 on 3x32x32": counted as written, but say how it was read
        r.notes.append(
            f"{'×'.join(map(str, given))} is read as Keras reads an input shape: height "
            f"{given[0]} × width {given[1]} × {given[2]} channels. If {given[0]} is the "
            f"channels, write {given[1]}x{given[2]}x{given[0]} or say `channels first`.")
    return r


_JOINING = frozenset({"and", "plus", "with", "&"})
_FILLER = frozenset({"a", "an", "the", "final", "last", "extra", "one", "another"})


def _joined_layer(seg: Segment, head: Item) -> Item | None:
    """A second layer word joined to the head's ("... 8 heads and final layer norm",
    "conv2d 32 3x3 with batch norm"): in one part, it would not be counted."""
    if head.kind != "layer":
        return None
    items = seg.items
    start = next((i for i, it in enumerate(items) if it is head), len(items))
    for i in range(start + 1, len(items)):
        if items[i].kind != "layer":
            continue
        j = i - 1
        while j > start and items[j].kind == "word" and items[j].value in _FILLER:
            j -= 1
        if j > start and items[j].kind in ("word", "sep") and items[j].value in _JOINING \
                and not _argument_of(head, items[i].raw):
            return items[i]
    return None


def _argument_of(head: Item, raw: str) -> bool:
    """``lstm 128 with dropout 0.2``: the word is one of the head layer's own arguments."""
    word = head.value
    assert isinstance(word, LayerWord)
    name = raw.lower().replace(" ", "_")
    for fw in ("keras", "pytorch"):
        cls_name = word.cls(fw)
        cls = lookup(fw, cls_name) if cls_name else None
        if cls is not None and name in field_names(cls):  # type: ignore[arg-type]
            return True
    return False


def channels_first_said(words: list[str]) -> bool:
    """The words say "channels first" (not "not channels first")."""
    for i, w in enumerate(words):
        if w == "channels_first":
            return not (i > 0 and words[i - 1] in NEGATIONS)
    return False


def _time_distributed(seg: Segment, head: Item, info: InputInfo, sequence_in: bool
                      ) -> Realised:
    """``time distributed dense 10 on 20x32``: the layer named after it, wrapped; the input's
    first axis is the time axis, the rest goes to the wrapped layer."""
    at = next(i for i, it in enumerate(seg.items) if it is head)
    inner = next((it for it in seg.items[at + 1:] if it.kind == "layer"), None)
    if inner is None:
        raise ParamError("TimeDistributed wraps a layer: name it after TimeDistributed, e.g. "
                         "`time distributed dense 10 on 20x32`.", position=head.pos,
                         suggestion="time distributed dense 10 on 20x32")
    per_step = replace(info, shape=info.shape[1:]) if info.shape is not None and len(
        info.shape) > 1 else replace(info, shape=None)
    r = _realise(Segment(inner, [it for it in seg.items if it is not head]), "keras",
                 per_step, True, sequence_in)
    if len(r.layers) != 1:
        raise ParamError(f"TimeDistributed wraps one layer; `{inner.raw}` here makes "
                         f"{len(r.layers)}.", position=inner.pos)
    layer = make("keras", "TimeDistributed", [r.layers[0]]).layer
    shape = info.shape if info.shape is not None else None
    return Realised("keras", [layer], shape, f"TimeDistributed({r.label})", r.notes)


def _realise(seg: Segment, framework: Framework, info: InputInfo, first: bool,
             sequence_in: bool) -> Realised:
    head = seg.head
    assert head is not None
    joined = _joined_layer(seg, head)
    if joined is not None:
        # "transformer encoder ... and final layer norm": one part names two layers, and
        # only one would be counted
        raise ParamError(
            f"I read two layers, `{head.raw}` and `{joined.raw}`, in one part of the "
            "question and would count only one. Put each layer in its own part (`conv2d 32 "
            "3x3, maxpool 2`, `dense 64 then dropout 0.5`).", position=joined.pos)
    if head.kind == "call":
        value = head.value
        if isinstance(value, LayerValue):
            slots = fill_slots(seg, type(value.made.layer))
            made = value.made
            shape: Shape | None = made.input_shape
            fw = value.framework
            if shape is None and first:
                shape = (keras_input_shape(made.layer.TYPE, info) if fw == "keras"
                         else torch_input_shape(made.layer.TYPE, info,
                                                _channels_of(made.layer)))
            layer, changed = _modified(made.layer, slots, head)
            if info.value_shape is not None and hasattr(layer, "value_shape"):
                layer = replace(layer, value_shape=info.value_shape)  # type: ignore[call-arg]
            if slots.kwargs:
                # "... with input_shape=(28, 28)" next to a call
                for k, v in slots.kwargs:
                    if k in ("input_shape", "batch_input_shape") and isinstance(v, tuple):
                        shape = v[1:] if k == "batch_input_shape" else v
                    elif k == "input_dim" and isinstance(v, int):
                        shape = (v,)
            layers_: list[Layer] = [layer]
            label = _strip(head.raw)
            if changed:
                label += " with " + ", ".join(f"{k}={v!r}" for k, v in changed.items())
            if fw == "keras" and _wants_bidirectional(seg, slots) and not isinstance(
                    layer, _bidirectional_types()):
                layers_ = [make("keras", "Bidirectional", [layer]).layer]
                label = f"Bidirectional({label})"
            times = _repeat(seg)
            if times > 1:
                layers_ = layers_ * times
                label = f"{times} × {label}"
            # the call's own name, when it is the only row (a wrapper or copies get theirs)
            names = [made.name] if len(layers_) == 1 and layers_[0] is layer else None
            return Realised(fw, layers_, shape, label, names=names)
        if isinstance(value, ModelValue) and value.graph is not None:
            raise ParamError("Ask about a functional model (keras.Model(inputs, outputs)) by "
                             "pasting its code on its own.", position=head.pos)
        if isinstance(value, ModelValue):
            model_shape = value.input_shape
            if model_shape is None and first and value.layers:
                # "keras.Sequential([...]) with input 3": the words give the input
                first_type = value.layers[0].made.layer.TYPE
                model_shape = (keras_input_shape(first_type, info)
                               if value.framework == "keras"
                               else torch_input_shape(first_type, info, _channels_of(
                                   value.layers[0].made.layer)))
            rows: list[str | None] = list(value.rows) if value.framework == "pytorch" and \
                value.rows else [lv.name for lv in value.layers]
            return Realised(value.framework, [lv.made.layer for lv in value.layers],
                            model_shape, _strip(head.raw), names=rows, chain=value.chain)
        raise ParamError(f"I can't count `{head.raw}` on its own.", position=head.pos)
    word = head.value
    assert isinstance(word, LayerWord)
    name = word.cls(framework)
    if name is None:
        other: Framework = "pytorch" if framework == "keras" else "keras"
        alt = word.cls(other)
        raise ParamError(
            f"{'PyTorch' if framework == 'pytorch' else 'Keras'} has no `{head.raw}` layer"
            + (f"; {'nn.' if other == 'pytorch' else ''}{alt} is "
               f"{'Keras' if other == 'keras' else 'PyTorch'}'s." if alt else "."),
            position=head.pos,
            suggestion=f"ask with `{other}` in the question" if alt else None,
        )
    if name == "TimeDistributed" and framework == "keras":
        return _time_distributed(seg, head, info if first else InputInfo(), sequence_in)
    if sequence_in and name in _POOL_1D and "2d" not in head.raw.lower() and not any(
            it.kind == "word" and str(it.value) in ("2d", "2-d") for it in seg.items):
        # "conv1d 64 3 on 100x16 then global max pooling": the sequence's pooling
        name = _POOL_1D[name]
        square = next((it for it in seg.items if it.kind == "dims"), None)
        if square is not None:
            # "..., maxpool 2x2" after a sequence: a 1-D pool takes one size
            raise ParamError(f"After a sequence the pooling is 1-D and takes one size, not "
                             f"`{square.raw}`; write `{head.raw} {square.value[0]}`.",  # type: ignore[index]
                             position=square.pos)
    cls = lookup(framework, name)
    if cls is None:
        raise ParamError(f"{name} is not in parambot's catalogue yet.", position=head.pos)
    slots = fill_slots(seg, cls)
    seg.slots = slots
    if seg.channels_first:
        slots.flags.add("channels_first_part")
    times = _leading_count(seg, slots) or _repeat(seg, slots.words)
    if (framework == "pytorch" and name in ("LSTM", "GRU", "RNN") and times > 1
            and slots.number("layers") is None):
        # "pytorch 3 stacked lstm 64 input 10": one nn.LSTM of num_layers=3, as PyTorch
        # stacks recurrent layers
        slots.add("layers", times)
        times = 1
    _refuse_conflicting_sizes(slots, head)
    bidir = word.bidirectional or seg.bidirectional or "bidirectional" in slots.flags
    _refuse_misplaced_repeat(seg, times)
    try:
        if framework == "keras":
            r = _keras(name, slots, info if first else InputInfo(), bidir, head)
        else:
            r = _torch(name, slots, info if first else InputInfo(), bidir, word.depthwise,
                       head)
        _refuse_unstacked(slots, r, head)
        if times > 1:
            # "two conv2d 32 3x3", "conv2d 32 3x3 twice": the same layer several times
            r.layers = r.layers * times
            r.label = f"{times} × {r.label}"
            r.names = None
        return r
    except ParamError as exc:
        # "dense 10.5 on 784": say why the size went missing, not only that it did
        floats = [v for v in (*slots.bare, *(x for vs in slots.roles.values() for x in vs))
                  if isinstance(v, float)]
        if floats and " needs " in exc.message:
            raise ParamError(f"{floats[0]:g} isn't a whole number, and layer sizes are. "
                             f"{exc.message}", position=exc.position or head.pos,
                             expected=exc.expected, suggestion=exc.suggestion) from None
        raise


#: Pooling words default to the 2-D layer; after a sequence they mean the 1-D one.
_POOL_1D = {"GlobalMaxPooling2D": "GlobalMaxPooling1D",
            "GlobalAveragePooling2D": "GlobalAveragePooling1D",
            "MaxPooling2D": "MaxPooling1D", "AveragePooling2D": "AveragePooling1D",
            "MaxPool2d": "MaxPool1d", "AvgPool2d": "AvgPool1d",
            "AdaptiveAvgPool2d": "AdaptiveAvgPool1d", "AdaptiveMaxPool2d": "AdaptiveMaxPool1d"}
#: Layers whose output is a sequence (steps × features), and layers that keep the rank of
#: their input.
SEQUENCE_OUT = frozenset({"Conv1D", "Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D",
                          "MaxPooling1D", "AveragePooling1D", "Embedding", "Conv1d",
                          "ConvTranspose1d", "MaxPool1d", "AvgPool1d", "MultiHeadAttention",
                          "UpSampling1D", "ZeroPadding1D", "Cropping1D"})
KEEPS_RANK = frozenset({"Dropout", "BatchNormalization", "LayerNormalization", "Activation",
                        "ReLU", "LeakyReLU", "PReLU", "ELU", "BatchNorm1d", "LayerNorm",
                        "GELU", "Tanh", "Sigmoid", "SpatialDropout1D", "GaussianNoise"})

_MERGE_WORDS = {"concat": "concat", "concatenate": "concat", "concatenated": "concat",
                "sum": "sum", "summed": "sum", "mul": "mul", "multiply": "mul",
                "multiplied": "mul", "ave": "ave", "average": "ave", "averaged": "ave",
                "mean": "ave"}

_SINGLE_ROLES = ("units", "filters", "features", "steps", "kernel", "stride", "heads",
                 "vocab", "dim", "d_model", "in", "out", "channels", "key_dim", "layers")


def _refuse_conflicting_sizes(slots: Slots, head: Item) -> None:
    """Two different sizes read as the same thing ("lstm 32 input features 4"): one of
    them was misread, so refuse instead of picking one."""
    roles = slots.roles
    for role in _SINGLE_ROLES:
        given = roles.get(role)
        if given is None or len(given) < 2:
            continue
        values = {v for v in given if isinstance(v, int)}
        if len(values) > 1:
            shown = " and ".join(str(v) for v in sorted(values))
            raise ParamError(
                f"I read both {shown} as the {role.replace('_', ' ')} of {head.raw}, so one "
                "of them is misread. Say what each size is, e.g. `lstm 32 units, 4 features, "
                "10 timesteps`.",
                position=head.pos,
            )


_CALL_FLAGS = ("return_sequences", "batch_first")


def _wants_bidirectional(seg: Segment, slots: Slots) -> bool:
    return seg.bidirectional or "bidirectional" in slots.flags


def _bidirectional_types() -> tuple[type, ...]:
    from ..engine.layers.wrappers import Bidirectional

    return (Bidirectional,)


def _leading_count(seg: Segment, slots: Slots) -> int:
    """``two conv2d 32 3x3``: a small whole number right before the layer word, when the
    layer has a size of its own after it, is how many of the layer (it is taken out of the
    sizes); 0 otherwise ("256 lstm" is an LSTM of 256 units)."""
    items = seg.items
    head = seg.head
    at = next((i for i, it in enumerate(items) if it is head), 0)
    while at > 1 and items[at - 1].kind == "word" and items[at - 1].value in _STACKED:
        at -= 1  # "3 stacked lstm 64": the count before the word
    before = items[at - 1] if at > 0 else None
    if (before is None or before.kind != "num" or type(before.value) is not int
            or not 1 < before.value <= 64 or not slots.bare or slots.bare[0] is not before.value
            or any(it.kind == "num" for it in items[:at - 1])):
        return 0
    if not any(type(v) is int for v in slots.bare[1:]):
        return 0
    slots.bare.pop(0)
    return before.value


#: Words between a count and its layer ("3 stacked lstm 64").
_STACKED = frozenset({"stacked", "identical", "consecutive", "successive"})


def _refuse_unstacked(slots: Slots, r: Realised, head: Item) -> None:
    """``conv2d 32 3x3 3 layers``: a number of layers the layer did not take (it stacks
    recurrent and dense layers, and PyTorch's num_layers) is refused, not dropped."""
    n = slots.number("layers")
    if n is None or n <= 1 or len(r.layers) == n or any(
            getattr(layer, "num_layers", None) == n for layer in r.layers):
        return
    raise ParamError(
        f"I can't stack `{n}` of {r.label} from the words: write the layers out (`conv2d 32 "
        "3x3, conv2d 32 3x3`) or paste them as code.", position=head.pos)


def _refuse_misplaced_repeat(seg: Segment, times: int) -> None:
    """``conv2d 32 3x3, batchnorm, relu x2``: a repeat written after a part with no layer
    of its own ("relu") could mean that part, the layer before it or the whole block;
    counting it for the layer before would be a guess."""
    words = seg.slots.words
    block = next((it for it in seg.items if it.kind == "word" and it.value in (
        "block", "blocks")), None) if "blocks" in words or "block" in words else None
    if block is not None and seg.slots.number("layers") is None:
        # "conv2d 32 3x3, relu, maxpool 2x2 blocks": which layers make a block, and how many
        raise ParamError(
            f"I can't tell which layers `{block.raw}` means, or how many times they repeat. "
            "Write the block out in full, or put a count right after a layer (`conv2d 32 "
            "3x3 x2`).", position=block.pos)
    if times <= 1 or not seg.tail:
        return
    marker = next((it for it in seg.tail if it.kind == "word" and _repeat_count(
        str(it.value)) > 1), None)
    if marker is not None:
        raise ParamError(
            f"I can't tell what `{marker.raw}` repeats: it follows a part with no layer of its "
            "own. Put it right after the layer it repeats (`batchnorm x2`), or write the "
            "block out in full.", position=marker.pos)


def _repeat_count(w: str) -> int:
    if w in ("twice", "thrice"):
        return 2 if w == "twice" else 3
    if len(w) > 1 and w[0] in "x×" and w[1:].isdigit() and len(w) < 6:
        return int(w[1:])
    return 1


def _repeat(seg: Segment, words: list[str] | None = None) -> int:
    """``x6``, ``×3``, ``twice``: the same layer several times in a row (``words``: the
    segment's words, when already read)."""
    for w in words if words is not None else [
            str(it.value) for it in seg.items if it.kind == "word"]:
        n = _repeat_count(w)
        if n > 1:
            return n
    return 1


def _modified(layer: Layer, slots: Slots, head: Item) -> tuple[Layer, dict[str, object]]:
    """Words after a call still count: ``nn.LSTM(10, 64) bidirectional``,
    ``Conv2D(32, 3) use_bias=False``, ``LSTM(64) ... return_sequences``, ``no bias``."""
    names = field_names(type(layer))  # type: ignore[arg-type]
    changes: dict[str, object] = {}
    if "nobias" in slots.flags:
        for field_name in ("use_bias", "bias"):
            if field_name in names:
                changes[field_name] = False
    for flag in _CALL_FLAGS:
        if flag in slots.flags and flag in names:
            changes[flag] = True
    if "bidirectional" in slots.flags and "bidirectional" in names:
        changes["bidirectional"] = True
    for key, value in _kw(slots.kwargs, layer.FRAMEWORK):
        if key in ("input_shape", "batch_input_shape", "input_dim") and key not in names:
            continue
        if key not in names:
            raise ParamError(f"{layer.TYPE} has no argument `{key}`.", position=head.pos)
        changes[key] = value
    # sizes read from words, under the framework's own argument names (strides / stride)
    roles = (("stride", "stride"), ("dilation", "dilation"), ("layers", "num_layers"),
             ("groups", "groups"), ("padding", "padding"), ("proj_size", "proj_size"))
    sizes = [(key, slots.first(role)) for role, key in roles]
    for key, value in _kw([(k, v) for k, v in sizes if v is not None], layer.FRAMEWORK):
        if key in names:
            changes[key] = value
    if "same" in slots.flags and "padding" in names:
        changes["padding"] = "same"
    return (replace(layer, **changes) if changes else layer), changes


def _bare_ints(slots: Slots) -> list[Value]:
    return [v for v in slots.bare if isinstance(v, int)]


_NORMALISED_WIDTH = {"BatchNormalization", "LayerNormalization", "RMSNormalization"}


def _keras(name: str, slots: Slots, info: InputInfo, bidir: bool, head: Item) -> Realised:
    args: list[object] = []
    kwargs = _kw(slots.kwargs, "keras")
    given = {k for k, _ in kwargs}
    bare = _bare_ints(slots)
    flags = slots.flags
    notes: list[str] = []

    def kw(key: str, value: object) -> None:
        if value is not None and key not in given:
            kwargs.append((key, value))
            given.add(key)

    if "nobias" in flags:
        kw("use_bias", False)
    own = channels_first_said(slots.words)
    if (own or "channels_first_part" in flags) and "data_format" not in given:
        # "channels first", "data_format channels_first" (here or in another part of the
        # stack): the input is (channels, ...)
        if "data_format" in field_names(lookup("keras", name)):  # type: ignore[arg-type]
            kw("data_format", "channels_first")
        elif name == "BatchNormalization":
            kw("axis", 1)
        elif own:
            raise ParamError(f"Keras' {name} has no data_format, so `channels first` can't be "
                             "applied to it.", position=head.pos)
    if (name.startswith("Global") and name.endswith("2D") and info.shape is not None
            and len(info.shape) in (2, 4) and not any(ch.isdigit() for ch in head.raw)):
        # "global average pooling on 100x16": a sequence, so the 1-D layer (3-D on a volume)
        name = name[:-2] + ("1D" if len(info.shape) == 2 else "3D")
    if slots.normalized is not None:
        raise ParamError(f"Keras' {name} normalises over `axis` (the last axis unless "
                         "told): give the input with `on 16x8x8` and the axes, or paste "
                         f"{name}(axis=[1, 2, 3]).", position=head.pos)
    width = _int(bare[0]) if bare else None
    if name in _NORMALISED_WIDTH and width is not None and not info.given:
        info = replace(info, features=width)  # "layernorm 768": the normalised width
    if name == "Dense":
        args.append(given_or(slots.number("units", "out", "filters"), bare[0] if bare else None))
    elif name in ("LSTM", "GRU", "SimpleRNN"):
        args.append(given_or(slots.number("units"), bare[0] if bare else None))
        if "return_sequences" in flags:
            kw("return_sequences", True)
    elif name.startswith(("Conv", "SeparableConv")):
        filters = slots.number("filters", "units", "out")
        rest = list(bare)
        if filters is None and rest:
            filters = rest.pop(0)  # type: ignore[assignment]
        if filters is None:
            # "conv2d 64 channels 3x3": the channels it makes, when no other size is its
            # filters ("conv2d 32 3x3 on 28x28 with 3 channels": the input's)
            filters = slots.number("channels")
        args += [filters, _kernel(slots, rest) or slots.number("dim")]
        kw("strides", slots.first("stride"))
        if "Transpose" in name:
            kw("output_padding", slots.first("output_padding"))
        kw("dilation_rate", slots.first("dilation"))
        kw("groups", slots.number("groups"))
        kw("depth_multiplier", slots.number("depth_multiplier"))
    elif name.startswith("DepthwiseConv"):
        args.append(_kernel(slots, bare))
        kw("strides", slots.first("stride"))
        kw("dilation_rate", slots.first("dilation"))
        kw("depth_multiplier", slots.number("depth_multiplier"))
    elif name.startswith(("Adaptive", *_ONE_SIZE_KERAS)):
        # "adaptive avg pool 2x3", "upsampling 2", "zero padding 1", "repeat vector 5": the
        # layer's one size argument (output_size, size, padding, n)
        args.append(_kernel(slots, bare))
    elif ("Pooling" in name or "Pool" in name) and not name.startswith("Global"):
        args.append(_kernel(slots, bare))
        kw("strides", slots.first("stride"))
    elif name == "Embedding":
        dims = [v for v in slots.bare if isinstance(v, tuple) and len(v) == 2]
        vocab = given_or(slots.number("vocab"), dims[0][0] if dims else (bare[0] if bare else None))
        dim = given_or(slots.number("dim", "units", "features"), dims[0][1] if dims else (
            bare[1] if len(bare) > 1 else None))
        args += [vocab, dim]
        if vocab is None:
            raise ParamError("Embedding needs the vocabulary size (input_dim): say e.g. "
                             "`embedding vocab 10k dim 300`.", position=head.pos,
                             expected=("vocab",))
    elif name == "MultiHeadAttention":
        heads = slots.number("heads") or (bare[0] if bare else None)
        width = slots.number("d_model")
        if width is not None and not info.given:
            info = replace(info, features=width)
        if slots.number("key_dim") is None and "key_dim" not in given:
            hint = None
            if isinstance(heads, int) and heads > 0 and (width or info.features):
                d = width or info.features
                assert d is not None
                hint = (f"key_dim={d // heads} ({d} / {heads}) sizes it like PyTorch's "
                        f"nn.MultiheadAttention({d}, {heads})" if d % heads == 0 else None)
            raise ParamError(
                "Keras MultiHeadAttention needs `key_dim`, the size of each head (it is not "
                "derived from the input width): say e.g. `key_dim 64`.",
                position=head.pos, expected=("key_dim",),
                suggestion=hint)
        kw("num_heads", heads)
        kw("key_dim", slots.number("key_dim"))
        kw("value_dim", slots.number("value_dim"))
        if info.value_shape is not None:
            kw("value_shape", info.value_shape)
    elif name == "GroupNormalization":
        kw("groups", slots.number("groups") or (bare[0] if bare else None))
    elif name == "Dropout":
        rate = next((v for v in slots.bare if isinstance(v, float)), None)
        args.append(rate if rate is not None else 0.5)
    if "same" in flags:
        kw("padding", "same")
    elif "causal" in flags:
        kw("padding", "causal")
    while args and args[-1] is None:
        args.pop()
    if None in args:
        args = [a for a in args if a is not None]
    _refuse_unused_padding(slots, given, "keras", name, head)
    _refuse_unapplied(slots, given, "keras", name, head)
    if "shared_axes" in slots.words and "shared_axes" not in given:
        # "prelu shared axes 1 2": axes are read from code only, not guessed from sizes
        raise ParamError("parambot reads PReLU's shared_axes from code: paste "
                         "`layers.PReLU(shared_axes=[1, 2])` with the layers around it.",
                         position=head.pos)
    for flag in ("return_sequences", "return_state"):
        # ConvLSTM2D and the other sequence layers the branches above don't name
        if flag in flags and flag in field_names(lookup("keras", name)):  # type: ignore[arg-type]
            kw(flag, True)
    if bidir and "merge_mode" not in given:
        # "bi-gru 16, merge sum", "bidirectional lstm 64 summed": how the directions merge
        mode = next((_MERGE_WORDS[w] for w in slots.words if w in _MERGE_WORDS), None)
        if mode is not None:
            kwargs.append(("merge_mode", mode))
    wrapper_kwargs = [(k, v) for k, v in kwargs if k in ("merge_mode", "backward_layer")]
    kwargs = [(k, v) for k, v in kwargs if k not in ("merge_mode", "backward_layer")]
    if wrapper_kwargs:
        bidir = True
    made = make("keras", name, args, kwargs)
    layer: Layer = made.layer
    type_name = name
    label = _label(name, args, kwargs)
    layers: list[Layer] = [layer]
    if bidir:
        if name not in ("LSTM", "GRU", "SimpleRNN"):
            raise ParamError(f"Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN), "
                             f"not {name}.", position=head.pos)
        layers = [make("keras", "Bidirectional", [layer], wrapper_kwargs).layer]
        label = f"Bidirectional({label}" + "".join(
            f", {k}={v!r}" for k, v in wrapper_kwargs) + ")"
        type_name = "Bidirectional"
    n = slots.number("layers")
    if n is not None and n > 1 and name in ("LSTM", "GRU", "SimpleRNN", "Dense"):
        if n > 1000:
            raise ParamError(f"{n} stacked layers is more than parambot will build.")
        one = layers[0]
        if name != "Dense":
            seq_layer = replace(layer, return_sequences=True)  # type: ignore[call-arg]
            first_l: Layer = (make("keras", "Bidirectional", [seq_layer]).layer if bidir
                              else seq_layer)
            layers = [first_l] * (n - 1) + [one]
        else:
            layers = [one] * n
        label = f"{n} × {label}"
        notes.append(f"{n} stacked {name} layers" + (
            "; all but the last return sequences so the next one gets a sequence."
            if name != "Dense" else "."))
    shape = made.input_shape or keras_input_shape(type_name, info)
    return Realised("keras", layers, shape, label, notes)


def _channels_last(shape: Shape, in_channels: int | None) -> bool:
    """Whether ``on A×B×C`` given to a PyTorch 2-d layer is height × width × channels, as
    Keras users write it ("on 32x32x3"), rather than PyTorch's channels × height × width.

    The layer's own channel count decides when it names one (``nn.Conv2d(512, 10, 1) on
    512x1x1``). Otherwise a square image first (``28x28x32``), or a few channels last after
    a larger size (``32x64x3``), is channels last, unless the last two sizes are a square
    image (``64x4x4`` is 64 channels of 4 × 4)."""
    a, b, c = shape
    if a is None or b is None or c is None:
        return False
    if in_channels is not None and (a == in_channels) != (c == in_channels):
        return c == in_channels
    return (a == b or c <= 4 < a) and b != c


def _channels_of(layer: Layer) -> int | None:
    """The input channels a PyTorch layer was given (Conv2d, BatchNorm2d), if any."""
    n = getattr(layer, "in_channels", None) or getattr(layer, "num_features", None)
    return n if type(n) is int else None


def torch_input_shape(type_name: str, info: InputInfo,
                      in_channels: int | None = None) -> Shape | None:
    """The input shape for a PyTorch layer, channels first; ``in_channels``: the layer's
    own channel count, when known."""
    shape = info.shape
    if (shape is not None and type_name.endswith("2d") and len(shape) == 3
            and not info.laid_out and _channels_last(shape, in_channels)):
        return (shape[2], shape[0], shape[1])
    if info.shape is not None:
        if (type_name.endswith("2d") and len(info.shape) == 2 and info.channels is not None):
            return (info.channels, *info.shape)  # channels first
        return info.shape
    if info.features is not None and type_name in ("Linear", "LayerNorm", "BatchNorm1d",
                                                  "Bilinear"):
        return (info.features,)
    if info.steps is not None and info.features is not None:
        return (info.steps, info.features)
    return None


def _torch(name: str, slots: Slots, info: InputInfo, bidir: bool, depthwise: bool,
           head: Item) -> Realised:
    args: list[object] = []
    kwargs = _kw(slots.kwargs, "pytorch")
    given = {k for k, _ in kwargs}
    bare = _bare_ints(slots)
    flags = slots.flags
    shape = info.shape

    def kw(key: str, value: object) -> None:
        if value is not None and key not in given:
            kwargs.append((key, value))
            given.add(key)

    if "nobias" in flags:
        kw("bias", False)
    feats = info.features
    shape = torch_input_shape(name, info, slots.number("in", "in_channels", "channels")
                              ) if info.shape is not None else None
    if name == "Linear":
        n_in = slots.number("in") or feats
        n_out = slots.number("units", "out")
        if n_in is None and n_out is None and len(bare) >= 2:
            n_in, n_out = bare[0], bare[1]  # type: ignore[assignment]
        elif n_out is None and bare:
            n_out = bare[-1]  # type: ignore[assignment]
        elif n_in is None and bare:
            n_in = bare[0]  # type: ignore[assignment]
        if n_in is None and shape:
            n_in = shape[-1]
        kw("in_features", n_in)
        kw("out_features", n_out)
        if n_in is None and "in_features" not in given:
            raise ParamError("nn.Linear needs in_features: say how wide the input is, e.g. "
                             "`linear 784 in 10 out` or `... on 784 inputs`.",
                             position=head.pos, expected=("input size",))
    elif name in ("LSTM", "GRU", "RNN", "LSTMCell", "GRUCell", "RNNCell"):
        n_in = slots.number("in") or feats or (shape[-1] if shape else None)
        if (n_in is None and slots.number("units") is None and len(bare) == 2
                and all(type(v) is int for v in bare)):
            # "pytorch lstm 10 20": nn.LSTM's own order, input_size then hidden_size
            n_in, bare = bare[0], bare[1:]  # type: ignore[assignment]
        hidden = given_or(slots.number("units"), bare[0] if bare else None)
        kw("input_size", n_in)
        kw("hidden_size", hidden)
        if not name.endswith("Cell"):
            kw("num_layers", slots.number("layers"))
            if bidir:
                kw("bidirectional", True)
            kw("proj_size", slots.number("proj_size"))
        if n_in is None and "input_size" not in given:
            raise ParamError(f"nn.{name} needs input_size (the features per step), e.g. "
                             f"`pytorch {name.lower()} input 28 hidden 128`.",
                             position=head.pos, expected=("input size",))
        shape = (info.steps, n_in) if shape is None and info.steps else shape
    elif name.startswith("Conv"):
        n_in = slots.number("in", "in_channels")
        bare_ints = [v for v in bare if type(v) is int]
        if (n_in is None and len(bare_ints) >= 3 and len(bare_ints) == len(bare)
                and slots.number("filters", "units", "out") is None):
            # "pytorch conv2d 3 16 3": nn.Conv2d's own order, in_channels first
            n_in = bare_ints[0]
            bare = bare[1:]
        if n_in is None and shape is not None:
            n_in = shape[0]
            if (len(bare_ints) >= 2 and bare_ints[0] == n_in and bare and bare[0] == n_in
                    and slots.number("filters", "units", "out") is None):
                # "pytorch conv2d 16 8 3x3 on 16x8x8": nn.Conv2d's order, the input's own
                # channels first
                bare = bare[1:]
        if n_in is None:
            n_in = slots.number("channels")
        if n_in is None and feats is not None:
            if info.channels not in (None, feats):
                raise colour_conflict(feats, info.channels)
            n_in = feats
        if n_in is None:
            n_in = info.channels  # "on rgb images"
        n_out = slots.number("filters", "units", "out")
        rest = list(bare)
        if n_out is None and rest:
            n_out = rest.pop(0)  # type: ignore[assignment]
        if depthwise:
            n_out = n_out or n_in
            kw("groups", n_in)
        kw("in_channels", n_in)
        kw("out_channels", n_out)
        kw("kernel_size", _kernel(slots, rest))
        kw("stride", slots.first("stride"))
        kw("padding", slots.first("padding"))
        if name.startswith("ConvTranspose"):
            kw("output_padding", slots.first("output_padding"))
        kw("dilation", slots.first("dilation"))
        kw("groups", slots.number("groups"))
        if n_in is None and "in_channels" not in given:
            raise ParamError(f"nn.{name} needs in_channels: give the input channels, e.g. "
                             f"`nn.{name}(3, 64, 3)` or `... on a 3x224x224 image`.",
                             position=head.pos, expected=("input channels",))
        if shape is None and info.steps is not None and n_in is not None and name.endswith("1d"):
            shape = (n_in, info.steps)
    elif name.startswith("BatchNorm") or name.startswith("InstanceNorm"):
        n = slots.number("channels", "features", "units") or (bare[0] if bare else None)
        if n is None and shape:
            n = shape[0]
        if shape is not None:
            name = name[:-2] + {1: "1d", 2: "1d", 3: "2d", 4: "3d"}.get(len(shape), "2d")
        elif n is not None and feats is not None:
            name = name[:-2] + "1d"
        args.append(n)
    elif name in ("LayerNorm", "RMSNorm"):
        width = slots.number("d_model", "features", "units", "dim")
        if slots.normalized is not None and not bare and width is None:
            # "layer norm over 16x8x8", "layer norm [16, 8, 8]": the normalised shape (and
            # the input's, unless the words give that too)
            args.append(list(slots.normalized))
            if shape is None:
                shape = tuple(slots.normalized)
        else:
            n = bare[0] if bare else (width or feats or (shape[-1] if shape else None))
            args.append(n)
            if shape is None and slots.normalized is not None:
                shape = tuple(slots.normalized)  # "d_model 512 over 10x512": the input
    elif name == "GroupNorm":
        # "group norm 32 groups on 64x8x8": the channels are the input's first axis
        args += [slots.number("groups") or (bare[0] if bare else None),
                 slots.number("channels") or (bare[1] if len(bare) > 1 else None)
                 or (shape[0] if shape else None)]
    elif name == "Bilinear" and len(bare) == 3 and not slots.roles:
        args += bare  # "pytorch bilinear 20 30 40": nn.Bilinear's own order
    elif name == "MultiheadAttention":
        kw("embed_dim", slots.number("d_model", "features", "input") or (bare[0] if bare else None))
        kw("num_heads", slots.number("heads") or (bare[1] if len(bare) > 1 else None))
        kw("kdim", slots.number("kdim"))
        kw("vdim", slots.number("vdim"))
    elif name in ("TransformerEncoderLayer", "TransformerDecoderLayer"):
        kw("d_model", slots.number("d_model", "features") or (bare[0] if bare else None))
        kw("nhead", slots.number("heads"))
        kw("dim_feedforward", slots.number("ffn"))
        if "batch_first" in flags:
            kw("batch_first", True)
    elif name in ("TransformerEncoder", "TransformerDecoder"):
        # "6 layer transformer encoder d_model 512 8 heads ff 2048": N copies of one layer
        inner = name + "Layer"
        layer_kwargs: list[tuple[str, object]] = []
        for key, value in (("d_model", slots.number("d_model", "features") or (
                bare[0] if bare else None)), ("nhead", slots.number("heads")),
                           ("dim_feedforward", slots.number("ffn"))):
            if value is not None:
                layer_kwargs.append((key, value))
        if not any(k == "d_model" for k, _ in layer_kwargs) or slots.number("layers") is None:
            raise ParamError(f"nn.{name} needs d_model, the number of heads and the number "
                             f"of layers, e.g. `pytorch transformer encoder d_model 512, 8 "
                             f"heads, 6 layers`.", position=head.pos,
                             expected=("d_model", "layers"))
        if not any(k == "nhead" for k, _ in layer_kwargs):
            raise ParamError(f"nn.{inner} needs the number of heads (nhead).",
                             position=head.pos, expected=("heads",))
        layer = make("pytorch", inner, [], layer_kwargs).layer
        args.append(layer)
        kw("num_layers", slots.number("layers"))
        made = make("pytorch", name, args, kwargs)
        label = _label("nn." + inner, [], layer_kwargs)
        return Realised("pytorch", [made.layer], shape,
                        f"nn.{name}({label}, num_layers={slots.number('layers')})")
    elif name == "Embedding":
        dims = [v for v in slots.bare if isinstance(v, tuple) and len(v) == 2]
        kw("num_embeddings", slots.number("vocab") or (dims[0][0] if dims else (
            bare[0] if bare else None)))
        kw("embedding_dim", slots.number("dim", "units", "features") or (dims[0][1] if dims else (
            bare[1] if len(bare) > 1 else None)))
    elif name == "PReLU":
        n = slots.number("channels") or (bare[0] if bare else None)
        if n is not None:
            args.append(n)
    elif name == "Upsample":
        # "upsample 2", "upsample scale 2": the scale factor (a size would be `size 16`)
        kw("scale_factor", slots.number("scale") or (bare[0] if bare else None))
    elif name.startswith(_ONE_SIZE_TORCH):
        # "reflection pad 2", "zero pad 1", "pixel shuffle 2": its argument
        args.append(_kernel(slots, bare))
    elif name.startswith("Adaptive"):
        size = _kernel(slots, bare)
        if size is None and head.raw.lower().startswith(("global", "gap")):
            size = 1  # "global average pooling": one value per channel
            if (name.endswith("2d") and info.shape is not None and len(info.shape) in (2, 4)
                    and not any(ch.isdigit() for ch in head.raw)):
                # on channels × length, or × depth × height × width: that rank's pool
                name = name[:-2] + ("1d" if len(info.shape) == 2 else "3d")
                shape = info.shape
        args.append(size)  # output_size
    elif "Pool" in name:
        args.append(_kernel(slots, bare))
        kw("stride", slots.first("stride"))
        if name.startswith(("MaxPool", "AvgPool")):
            kw("padding", slots.first("padding"))
        if name.startswith("MaxPool"):
            kw("dilation", slots.first("dilation"))
    elif name == "Dropout":
        rate = next((v for v in slots.bare if isinstance(v, float)), None)
        if rate is not None:
            args.append(rate)
    while args and args[-1] is None:
        args.pop()
    _refuse_unused_padding(slots, given, "pytorch", name, head)
    _refuse_unapplied(slots, given, "pytorch", name, head)
    made = make("pytorch", name, args, kwargs)
    return Realised("pytorch", [made.layer], shape, _label("nn." + name, args, kwargs))


def _refuse_unused_padding(slots: Slots, given: set[str], framework: Framework, name: str,
                           head: Item) -> None:
    """A padding size the words give that the layer did not take is refused, not dropped:
    the count would not change, but the output shape would be wrong."""
    for role in ("padding", "output_padding"):
        if slots.roles.get(role) and role not in given:
            value = slots.roles[role][0]
            if framework == "keras" and role == "padding":
                raise ParamError(
                    f"Keras takes padding='valid' or 'same', not a size ({value}); for "
                    "explicit padding put a ZeroPadding layer before it, or ask in PyTorch.",
                    position=head.pos, suggestion="padding same")
            raise ParamError(f"{name} has no `{role}` argument, so the {role.replace('_', ' ')} "
                             f"{value} can't be applied.", position=head.pos)


#: Layers whose one size argument a number after their name gives.
_ONE_SIZE_KERAS = ("UpSampling", "ZeroPadding", "Cropping", "RepeatVector")
_ONE_SIZE_TORCH = ("ReflectionPad", "ReplicationPad", "ZeroPad", "PixelShuffle")
#: Roles whose value a layer takes as one of these arguments (Keras', PyTorch's).
_ROLE_ARGS = {"stride": ("strides", "stride"), "dilation": ("dilation_rate", "dilation")}
#: Sizes only some layers have: given to a layer class without them, refused.
_ROLE_FIELDS = {"heads": frozenset({"num_heads", "nhead", "heads", "num_query_heads"}),
                "groups": frozenset({"groups", "num_groups"})}
#: Yes/no options that change a count or a shape: named for a layer without them, they
#: are refused rather than dropped ("pytorch linear frozen", "keras dense ceil mode").
_SHAPING_OPTIONS = frozenset({
    "trainable", "affine", "center", "scale", "elementwise_affine", "track_running_stats",
    "ceil_mode", "count_include_pad", "keepdims", "add_bias_kv", "add_zero_attn",
    "norm_first", "reset_after", "go_backwards", "unit_forget_bias", "use_gate",
    "use_scale", "rms_scaling"})


def _refuse_unapplied(slots: Slots, given: set[str], framework: Framework, name: str,
                      head: Item) -> None:
    """A stride or dilation the words give that the layer did not take, and a yes/no
    option it does not have, are refused: dropped, they would leave a wrong shape or a
    wrong trainable count."""
    for role, names in _ROLE_ARGS.items():
        if slots.roles.get(role) and given.isdisjoint(names):
            raise ParamError(f"{name} takes no {role} here, so the {role} "
                             f"{slots.roles[role][0]} can't be applied.", position=head.pos)
    for role, takers in _ROLE_FIELDS.items():
        cls = lookup(framework, name) if slots.roles.get(role) else None
        if cls is not None and field_names(cls).isdisjoint(takers):  # type: ignore[arg-type]
            # "dense 64 on 64 with 64 heads": the 64 would pass as "used" by the units
            raise ParamError(f"{'nn.' if framework == 'pytorch' else ''}{name} has no "
                             f"{role}, so `{slots.roles[role][0]} {role}` can't be applied.",
                             position=head.pos)
    options = _SHAPING_OPTIONS.intersection(slots.words)
    if name == "Upsample":
        options = options - {"scale"}  # its scale factor
    if not options:
        return
    fields = field_names(lookup(framework, name))  # type: ignore[arg-type]
    for option in sorted(options):
        if option in fields:
            continue
        if option == "trainable" and framework == "pytorch":
            raise ParamError(
                "PyTorch modules have no trainable argument: parambot counts them as "
                "constructed, every parameter trainable (requires_grad_(False) would freeze "
                "them).", position=head.pos)
        raise ParamError(f"{'nn.' if framework == 'pytorch' else ''}{name} has no "
                         f"`{option}` option, so it can't be applied.", position=head.pos)


def chain_options(items: list[Item], framework: Framework, type_name: str
                  ) -> list[tuple[str, object]]:
    """Keyword arguments the words give every layer of a chain of widths (``dense 100 ->
    50 -> 1 without bias``): ``no bias``, ``bias False``, ``use_bias=False`` and the
    like, in the framework's own argument names."""
    cls = lookup(framework, type_name)
    assert cls is not None
    slots = fill_slots(Segment(None, list(items)), cls)
    kwargs = _kw(slots.kwargs, framework)
    bias = "use_bias" if framework == "keras" else "bias"
    if "nobias" in slots.flags and not any(k == bias for k, _ in kwargs):
        kwargs.append((bias, False))
    return kwargs


def _strip(source: str) -> str:
    return strip_prefixes(source)
