"""Reading questions written in words: the parse tree's items, grouped into subjects,
stacks and layers, with sizes given their roles ("128 units", "on 28x28x1")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from lark import Token, Tree

from ..engine.catalogue import known_names, lookup, make
from ..engine.core import Framework, Layer, Shape
from ..engine.errors import ParamError
from ..engine.suggest import closest, distance
from .code import MAX_DIGITS, Evaluator
from .values import LayerValue, ModelValue, NamedModelValue
from .vocabulary import (
    ACTIVATIONS,
    AFTER,
    BEFORE,
    BIDIRECTIONAL_WORDS,
    FLAG_WORDS,
    FRAMEWORK_LEANING,
    FRAMEWORK_WORDS,
    LAYER_WORDS,
    NUMBER_WORDS,
    PHRASES,
    STACK_WORDS,
    LayerWord,
)

Value = int | float | tuple[int | None, ...]


@dataclass
class Item:
    kind: str  # word num dims shape dashnums call layer model sep arrow kv str
    value: object
    pos: int
    raw: str = ""
    #: A separator (',' ';') stood right before this item: it starts a new phrase.
    gap: bool = False


# -- from parse tree to items ------------------------------------------------------------


def parse_number(text: str, pos: int) -> int | float:
    t = text.replace(",", "")
    mult = 1
    if t and t[-1] in "kKmMbB":
        mult = {"k": 10**3, "m": 10**6, "b": 10**9}[t[-1].lower()]
        t = t[:-1]
    digits = t.split(".")[0].split("e")[0].split("E")[0]
    if len(digits) > MAX_DIGITS:
        raise ParamError(
            f"The number at character {pos + 1} has {len(digits)} digits: too large to be a "
            "layer size.",
            position=pos,
        )
    if "e" in t.lower():
        mant, _, exp = t.lower().partition("e")
        if abs(int(exp)) > 15:
            raise ParamError("That exponent is too large for a layer size.", position=pos)
        value = float(mant) * 10 ** int(exp) * mult
    elif "." in t:
        value = float(t) * mult
    else:
        return int(t) * mult
    return int(value) if float(value).is_integer() else value


def to_items(tree: Tree[Token], evaluator: Evaluator) -> list[Item]:
    out: list[Item] = []
    for child in tree.children:
        _item(child, evaluator, out)
    out = _spaced_shapes(out)
    # "-5" written in words: a minus sign glued to the number that follows it
    merged: list[Item] = []
    for it in out:
        if (
            it.kind == "num"
            and merged
            and merged[-1].kind == "sep"
            and merged[-1].raw == "-"
            and merged[-1].pos + 1 == it.pos
            and (len(merged) < 2 or merged[-2].kind != "num")
            and isinstance(it.value, (int, float))
        ):
            merged[-1] = Item("num", -it.value, it.pos - 1, "-" + it.raw)
            continue
        merged.append(it)
    return merged


_SHAPE_INTRO = {"on", "input", "shape", "input_shape", "of", "shaped"}


def _spaced_shapes(items: list[Item]) -> list[Item]:
    """``on 28 28 1``: whole numbers in a row after an input word are one shape."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        j = i
        while j < len(items) and items[j].kind == "num" and isinstance(items[j].value, int):
            j += 1
        if (j - i >= 2 and out and out[-1].kind == "word"
                and str(out[-1].raw).lower() in _SHAPE_INTRO):
            dims = tuple(int(x.value) for x in items[i:j])  # type: ignore[call-overload]
            out.append(Item("dims", dims, it.pos, " ".join(x.raw for x in items[i:j])))
            i = j
            continue
        out.append(it)
        i += 1
    return out


def _item(child: Tree[Token] | Token, ev: Evaluator, out: list[Item]) -> None:
    if isinstance(child, Token):
        pos = child.start_pos or 0
        raw = str(child)
        t = child.type
        if t == "NUMBER":
            out.append(Item("num", parse_number(raw, pos), pos, raw))
        elif t == "DIMS":
            parts = raw.replace(" by ", "x").replace("×", "x").replace("X", "x").replace(
                "*", "x").split("x")
            dims = tuple(int(p.strip()) for p in parts)
            if any(len(p.strip()) > MAX_DIGITS for p in parts):
                raise ParamError("A size in that shape is too large.", position=pos)
            out.append(Item("dims", dims, pos, raw))
        elif t == "DASHNUMS":
            out.append(Item("dashnums", tuple(int(p) for p in raw.split("-")), pos, raw))
        elif t == "NUMWORD":
            num, _, word = raw.partition("-")
            out.append(Item("num", parse_number(num, pos), pos, num))
            out.append(Item("word", word.lower(), pos + len(num) + 1, word))
        elif t == "ARROW":
            out.append(Item("arrow", raw, pos, raw))
        elif t in ("WORD", "DWORD"):
            _word(raw, pos, out)
        elif t == "STRING":
            out.append(Item("str", raw[1:-1], pos, raw))
        elif t in ("COMMA", "PUNCT"):
            out.append(Item("sep", raw, pos, raw))
        return
    pos = getattr(child.meta, "start_pos", 0) or 0
    if child.data == "inline_call":
        value = ev.eval(child)
        out.append(Item("call", value, pos, ev._source(child)))
    elif child.data == "group":
        inner: list[Item] = []
        for c in child.children:
            _item(c, ev, inner)
        shape = _as_shape(inner)
        if shape is not None:
            out.append(Item("shape", shape, pos, ""))
        else:
            out.extend(inner)
    elif child.data == "kv":
        key_tok, _eq, val = child.children
        vals: list[Item] = []
        _item(val, ev, vals)
        key = str(key_tok).lower()
        v: object
        if len(vals) == 1:
            it = vals[0]
            if it.kind == "word":
                v = {"true": True, "false": False, "none": None}.get(str(it.value), it.raw)
            else:
                v = it.value
        else:
            v = None
        out.append(Item("kv", (key, v), pos, str(key_tok)))


def _word(raw: str, pos: int, out: list[Item]) -> None:
    low = raw.lower().rstrip("'’").removesuffix("'s").removesuffix("’s")
    for prefix in () if "." not in low else ("torch.nn.", "nn.", "tf.keras.layers.", "keras.layers.", "layers.",
                   "tensorflow.keras.layers.", "keras.applications.", "tf.keras.applications.",
                   "torchvision.models.", "torch.", "tf.keras.", "keras."):
        if low.startswith(prefix) and len(low) > len(prefix):
            fw = "pytorch" if "torch" in prefix or prefix == "nn." else "keras"
            out.append(Item("fw", fw, pos, prefix))
            low = low[len(prefix):]
            raw = raw[len(prefix):]
            break
    out.append(Item("word", low, pos, raw))


def _as_shape(items: list[Item]) -> tuple[int | None, ...] | None:
    dims: list[int | None] = []
    expect_value = True
    for it in items:
        if expect_value and it.kind == "num" and isinstance(it.value, int):
            dims.append(it.value)
            expect_value = False
        elif expect_value and it.kind == "word" and it.value == "none":
            dims.append(None)
            expect_value = False
        elif not expect_value and it.kind == "sep" and it.raw == ",":
            expect_value = True
        else:
            return None
    return tuple(dims) if dims else None


# -- vocabulary ----------------------------------------------------------------------------


def _catalogue_words() -> dict[str, LayerWord]:
    table: dict[str, list[str | None]] = {}
    for fw_i, fw in enumerate(("keras", "pytorch")):
        for name in known_names(fw):  # type: ignore[arg-type]
            entry = table.setdefault(name.lower(), [None, None])
            entry[fw_i] = name
    skip = {"bidirectional", "timedistributed", *ACTIVATIONS}
    return {k: LayerWord(v[0], v[1]) for k, v in table.items() if k not in skip}


@cache
def catalogue_words() -> dict[str, LayerWord]:
    """Every catalogue class name in lower case, plus the free-text layer words."""
    words = _catalogue_words()
    words.update(LAYER_WORDS)
    return words


_MAX_PHRASE = 4


def fold(items: list[Item], framework_hint: Framework) -> list[Item]:
    """Join multi-word phrases, recognise layer words and named models."""
    from ..engine import models

    words = catalogue_words()
    low = [str(it.value) if it.kind == "word" else "" for it in items]
    model_like = [bool(w) and _model_like(w) for w in low]
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it.kind != "word":
            out.append(it)
            i += 1
            continue
        end = i
        while end < len(items) and items[end].kind == "word" and end - i < _MAX_PHRASE:
            end += 1
        if (model_like[i] and i + 1 < len(items) and items[i + 1].kind == "num"
                and isinstance(items[i + 1].value, int)):
            # "vgg 16", "resnet 50": a model name written with a space before its number
            phrase = f"{low[i]} {items[i + 1].value}"
            spec = models.lookup(phrase, framework_hint)
            if spec is not None:
                out.append(Item("model", spec, it.pos, phrase))
                i += 2
                continue
        matched = False
        for j in range(end, i, -1):
            n = j - i
            key = tuple(low[i:j])
            phrase = " ".join(key) if n > 1 else key[0]
            spec = (models.lookup(phrase, framework_hint)
                    if any(model_like[i:j]) else None)
            if spec is not None:
                out.append(Item("model", spec, it.pos, phrase))
            elif phrase in words and (n > 1 or phrase not in _SHORT_AMBIGUOUS):
                raw = " ".join(w.raw for w in items[i:j])
                out.append(Item("layer", words[phrase], it.pos, raw))
            elif key in PHRASES:
                out.append(Item("word", PHRASES[key], it.pos, phrase))
            else:
                continue
            i = j
            matched = True
            break
        if not matched:
            w = low[i]
            if w in NUMBER_WORDS and i + 1 < len(items) and items[i + 1].kind == "word":
                out.append(Item("num", NUMBER_WORDS[w], it.pos, w))
            else:
                out.append(it)
            i += 1
    return out


_SHORT_AMBIGUOUS = {"bn", "gap", "fc"}


@lru_cache(maxsize=4096)
def _model_like(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or word in {
        "alexnet", "bert", "gpt2", "gpt", "llama", "densenet", "xception", "inception",
        "mobilenet", "squeezenet", "efficientnet", "vit", "bertmodel", "gpt2lmheadmodel",
        "inceptionv3", "mobilenetv2", "vgg", "resnet",
    }


# -- framework ---------------------------------------------------------------------------


def frameworks_named(items: Sequence[Item]) -> list[Framework]:
    """Frameworks named by the question's own words, in order of first mention."""
    named: list[Framework] = []
    for it in items:
        fw: Framework | None = None
        if it.kind == "word" and str(it.value) in FRAMEWORK_WORDS:
            fw = FRAMEWORK_WORDS[str(it.value)]
        elif it.kind == "fw":
            fw = it.value  # type: ignore[assignment]
        if fw is not None and fw not in named:
            named.append(fw)
    return named


def leaning(items: Sequence[Item]) -> Framework | None:
    for it in items:
        key = str(it.value[0]) if it.kind == "kv" else str(it.value) if it.kind == "word" else ""  # type: ignore[index]
        # only the argument name as typed leans ("hidden_size"), not a phrase folded into
        # it ("output channels" is everyday English in both frameworks)
        if key in FRAMEWORK_LEANING and (it.kind == "kv" or it.raw.lower() == key):
            return FRAMEWORK_LEANING[key]
        if it.kind == "call":
            v = it.value
            if isinstance(v, (LayerValue, ModelValue, NamedModelValue)):
                return v.framework
        if it.kind == "layer" and isinstance(it.value, LayerWord):
            if it.value.keras is None and it.value.torch is not None:
                return "pytorch"  # batchnorm1d, lstmcell: only PyTorch has them
            if it.value.torch is None and it.value.keras is not None:
                return "keras"
        if it.kind == "model":
            fw = getattr(it.value, "framework", None)
            if fw in ("keras", "pytorch") and getattr(it.value, "only", False):
                return fw  # type: ignore[no-any-return]
    return None


# -- segments and slots -----------------------------------------------------------------


@dataclass
class Slots:
    roles: dict[str, list[Value]] = field(default_factory=dict)
    bare: list[Value] = field(default_factory=list)
    kwargs: list[tuple[str, object]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)

    def add(self, role: str, value: Value) -> None:
        self.roles.setdefault(role, []).append(value)

    def first(self, *roles: str) -> Value | None:
        for r in roles:
            if self.roles.get(r):
                return self.roles[r][0]
        return None



@dataclass
class Segment:
    head: Item | None
    items: list[Item]
    slots: Slots = field(default_factory=Slots)
    bidirectional: bool = False


_VALUE_WORDS = {"true": True, "false": False, "none": None}


def split_segments(items: list[Item]) -> list[Segment]:
    """Split at ',', ';', 'then', '->' into segments; those without a layer join the one
    before them (or the first), so attributes listed after a comma stay with their layer."""
    raw: list[list[Item]] = [[]]
    for it in items:
        if (it.kind == "sep" and it.raw in (",", ";", ":", "+", "&")) or it.kind == "arrow" or (
            it.kind == "word" and it.value in STACK_WORDS
        ):
            raw.append([])
        else:
            it.gap = not raw[-1] and len(raw) > 1
            raw[-1].append(it)
    segments: list[Segment] = []
    pending: list[Item] = []
    first_call = next((n for n, chunk in enumerate(raw)
                       if any(it.kind in ("call", "model") for it in chunk)), None)
    for n, chunk in enumerate(raw):
        heads = [it for it in chunk if it.kind in ("call", "layer", "model")]
        if (first_call is not None and n < first_call and heads
                and all(h.kind == "layer" for h in heads) and not any(
                    it.kind in ("num", "dims", "shape", "kv", "dashnums") for it in chunk)):
            heads = []  # "torch depthwise conv: nn.Conv2d(...)": words describing a call
        calls = [it for it in chunk if it.kind in ("call", "model")]
        if heads:
            head = calls[0] if calls else heads[0]
            segments.append(Segment(head, pending + chunk))
            pending = []
        elif segments:
            segments[-1].items.extend(chunk)
        else:
            pending.extend(chunk)
    if pending:
        segments.append(Segment(None, pending))
    return segments


@cache
def _field_names(cls: type[Layer]) -> frozenset[str]:
    import dataclasses

    return frozenset(f.name for f in dataclasses.fields(cls))


def fill_slots(seg: Segment, layer_cls: type[Layer] | None) -> Slots:
    """Give every number, size and shape of a segment its role."""
    slots = Slots()
    items = seg.items
    # classes are hashable; mypy reads the frozen dataclass instance hash as the class one
    fields = _field_names(layer_cls) if layer_cls is not None else frozenset()  # type: ignore[arg-type]
    used: set[int] = set()
    for i, it in enumerate(items):
        if it is seg.head:
            continue
        prev = items[i - 1] if i > 0 else None
        nxt = items[i + 1] if i + 1 < len(items) else None
        if it.kind == "kv":
            pair = it.value
            assert isinstance(pair, tuple)
            key, value = str(pair[0]), pair[1]
            if (key not in fields and key in BEFORE and isinstance(value, (int, tuple))
                    and not isinstance(value, bool)):
                slots.add(BEFORE[key], value)  # "in=256 out=512": sizes, not arguments
            else:
                slots.kwargs.append((key, value))
            continue
        if it.kind == "word":
            w = str(it.value)
            slots.words.append(w)
            if w in BIDIRECTIONAL_WORDS:
                seg.bidirectional = True
            if w in FLAG_WORDS:
                slots.flags.add(FLAG_WORDS[w])
            # "merge_mode concat", "reset_after true", "nonlinearity relu", "bias False"
            if nxt is not None and _option_value(w, nxt, fields):
                val: object = nxt.value
                if nxt.kind == "word":
                    val = _VALUE_WORDS.get(str(nxt.value), nxt.raw)
                slots.kwargs.append((w, val))
            continue
        if it.kind in ("num", "dims", "shape"):
            value = it.value
            assert isinstance(value, (int, float, tuple))
            if i - 1 in used:
                prev = None  # "4096 in, 1000 out": `in` already belongs to 4096
            role, took = _role(prev, nxt, items, i, it.kind)
            if took is not None:
                used.add(took)
            if role is None and it.kind in ("dims", "shape") and not _takes_kernel(seg.head):
                role = "input"
            if role is None:
                slots.bare.append(value)
            else:
                slots.add(role, value)
        elif it.kind == "dashnums":
            slots.add("dashnums", it.value)  # type: ignore[arg-type]
    # Sizes written as AxB with nothing to say what they are: the first is the kernel, a
    # later one the input ("conv3d 16 3x3x3 on a 16x112x112x3 clip")
    shapes = [v for v in slots.bare if isinstance(v, tuple)]
    if shapes and not slots.roles.get("input"):
        taken = 0 if slots.roles.get("kernel") or not _takes_kernel(seg.head) else 1
        if len(shapes) > taken:
            slots.bare.remove(shapes[-1])
            slots.add("input", shapes[-1])
    return slots


_OPTIONS = {
    "bias": ("true", "false"), "use_bias": ("true", "false"),
    "merge_mode": ("concat", "sum", "mul", "ave", "none"),
    "reset_after": ("true", "false"), "padding": ("same", "valid", "causal", "full"),
    "nonlinearity": ("tanh", "relu"), "return_sequences": ("true", "false"),
    "batch_first": ("true", "false"), "bidirectional": ("true", "false"),
    "center": ("true", "false"), "scale": ("true", "false"), "affine": ("true", "false"),
    "track_running_stats": ("true", "false"), "norm_first": ("true", "false"),
}


def _option_value(word: str, nxt: Item, fields: frozenset[str]) -> bool:
    """``merge_mode concat``, ``reset_after true``, ``nonlinearity relu``, ``bias False``."""
    if nxt.kind == "str":
        return word in fields or word in _OPTIONS
    if nxt.kind != "word":
        return False
    value = str(nxt.value)
    if word in _OPTIONS:
        return value in _OPTIONS[word]
    return word in fields and value in ("true", "false", "none")


_DIMS_ROLES = {"kernel", "input", "stride", "dilation", "features", "value_shape", "steps"}


_WEAK_BEFORE = {"a", "an", "with", "of", "is"}

#: Words that introduce the number after them rather than describe the one before.
_LEADING = {"hidden", "hidden_size", "input", "input_size", "in", "out", "kernel",
            "kernel_size", "stride", "strides", "dilation", "padding", "dim", "vocab",
            "d_model", "key_dim", "value_dim", "groups", "length", "heads", "features",
            "feature", "timesteps", "steps", "channels"}
#: Words that introduce a following number even when nothing came before this one.
_ALWAYS_LEADING = {"kernel", "kernel_size", "stride", "strides", "dilation", "input", "hidden"}
#: Keywords whose number follows them, whatever word comes after the number.
_STRONG_BEFORE = {"stride", "strides", "dilation", "dilation_rate", "groups", "kernel",
                  "kernel_size", "hidden", "hidden_size", "input_size", "key_dim",
                  "value_dim", "d_model", "vocab", "padding", "rank", "proj_size",
                  "num_heads", "nhead", "dim_feedforward", "in", "out", "pool_size",
                  "depth_multiplier", "num_layers", "embed_dim", "lora_rank", "in_channels",
                  "out_channels", "in_features", "out_features"}


def _takes_kernel(head: Item | None) -> bool:
    if head is None:
        return True
    if head.kind != "layer":
        return False  # a call carries its own kernel size; a named model has none
    word = head.value
    assert isinstance(word, LayerWord)
    name = word.keras or word.torch or ""
    return "Conv" in name or "Pool" in name or name == "Embedding"


def _role(
    prev: Item | None, nxt: Item | None, items: list[Item], i: int, kind: str
) -> tuple[str | None, int | None]:
    """The role of the size at ``items[i]``, and the index of a following word it used."""
    after = None
    took: int | None = None
    j = i + 1
    if (nxt is not None and nxt.kind == "layer" and i + 2 < len(items)
            and items[i + 2].kind == "word" and str(items[i + 2].value) in ("layers", "layer")):
        nxt = items[i + 2]  # "3 linear layers", "2 lstm layers"
        j = i + 2
    elif (nxt is not None and nxt.kind == "word" and str(nxt.value) not in AFTER
            and str(nxt.value) not in BEFORE and i + 2 < len(items)
            and items[i + 2].kind == "word" and str(items[i + 2].value) in AFTER):
        nxt = items[i + 2]  # "10 video frames", "a 3 channel image"
        j = i + 2
    before = None
    if prev is not None and prev.kind == "word" and str(prev.value) in BEFORE:
        before = BEFORE[str(prev.value)]
    if nxt is not None and nxt.kind == "word" and str(nxt.value) in AFTER:
        follow = items[j + 1] if j + 1 < len(items) else None
        # "input 28 hidden 128": `hidden` introduces the next number, not this one
        beyond = items[j + 2] if j + 2 < len(items) else None
        # "32 groups 256 channels": 256 has its own word, so `groups` describes 32
        after_beyond = items[j + 3] if j + 3 < len(items) else None
        follow_named = (beyond is not None and beyond.kind == "word"
                        and str(beyond.value) in AFTER
                        and not (after_beyond is not None and not after_beyond.gap
                                 and after_beyond.kind in ("num", "dims", "shape")))
        if not (follow is not None and follow.kind in ("num", "dims", "shape")
                and not follow.gap and not follow_named and str(nxt.value) in _LEADING
                and (before is not None or str(nxt.value) in _ALWAYS_LEADING
                     or (prev is not None and prev.kind == "layer"))):
            after = AFTER[str(nxt.value)]
    if prev is not None and str(prev.value) in _STRONG_BEFORE:
        role = before
    else:
        role = after or before
        if after is not None and role == after:
            took = j
    if (kind == "dims" and role == "input" and after is None and prev is not None
            and str(prev.value) in _WEAK_BEFORE):
        return None, took  # "a 3x3 conv": only the layer can tell a kernel from an input
    if kind in ("dims", "shape") and role not in _DIMS_ROLES:
        # "filters 3x3": a shape after a size word is not that size
        role = "input" if before == "input" or after == "input" else None
    if kind == "num" and role == "input" and after is None and prev is not None and str(
            prev.value) in _WEAK_BEFORE:
        role = None
    return role, took


# -- realising segments into catalogue layers -----------------------------------------------


@dataclass
class InputInfo:
    """What the question says about the input, wherever it said it."""

    shape: tuple[int | None, ...] | None = None
    features: int | None = None
    steps: int | None = None
    channels: int | None = None
    value_shape: tuple[int | None, ...] | None = None

    @property
    def given(self) -> bool:
        return any(v is not None for v in (self.shape, self.features, self.steps,
                                           self.channels))

    def or_(self, other: InputInfo) -> InputInfo:
        return self if self.given else other


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

#: Input rank (without batch) each Keras layer expects, for reading shapes people paste
#: with the batch axis (``(None, 28, 28)``) and for placing a bare feature count.
_RANK = {
    "LSTM": 2, "GRU": 2, "SimpleRNN": 2, "Bidirectional": 2, "Conv1D": 2,
    "Conv1DTranspose": 2, "SeparableConv1D": 2, "DepthwiseConv1D": 2, "MaxPooling1D": 2,
    "AveragePooling1D": 2, "GlobalAveragePooling1D": 2, "GlobalMaxPooling1D": 2,
    "MultiHeadAttention": 2, "Conv2D": 3, "Conv2DTranspose": 3, "SeparableConv2D": 3,
    "DepthwiseConv2D": 3, "MaxPooling2D": 3, "AveragePooling2D": 3,
    "GlobalAveragePooling2D": 3, "GlobalMaxPooling2D": 3, "Conv3D": 4, "Conv3DTranspose": 4,
    "MaxPooling3D": 4, "AveragePooling3D": 4, "ConvLSTM2D": 4, "Embedding": 1,
}


def keras_input_shape(type_name: str, info: InputInfo) -> Shape | None:
    rank = _RANK.get(type_name)
    if info.shape is not None:
        shape = info.shape
        if rank is not None and len(shape) > rank and shape[0] is None:
            shape = shape[1:]
        if rank is not None and len(shape) == rank - 1 and info.channels is not None:
            shape = (*shape, info.channels)  # "32x32 rgb image"
        if info.steps is not None and (type_name == "TimeDistributed" or (
                rank is not None and len(shape) == rank - 1)):
            shape = (info.steps, *shape)
        return shape
    if info.features is not None:
        if type_name == "Embedding":
            return (info.steps,)  # token ids: only the sequence length shapes the input
        if rank is None or rank == 1:
            return (info.steps, info.features) if info.steps else (info.features,)
        return (info.steps, *(None,) * (rank - 2), info.features)
    if info.steps is not None and type_name == "Embedding":
        return (info.steps,)
    if info.channels is not None:
        # "batchnorm 64 channels": the channel axis is last in Keras; its size is what counts
        if rank is None or rank < 2:
            return (None, None, info.channels)
        return (*(None,) * (rank - 1), info.channels)
    return None


def _int(v: Value | None) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _num(slots: Slots, *roles: str) -> int | None:
    for r in roles:
        for v in slots.roles.get(r, []):
            if isinstance(v, int):
                return v
    return None


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


def _kw(kwargs: list[tuple[str, object]], framework: Framework) -> list[tuple[str, object]]:
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


def realise(seg: Segment, framework: Framework, info: InputInfo, first: bool) -> Realised:
    """Turn one layer segment into catalogue layers (a Bidirectional wrapper or a short
    stack when the words say so) and the input shape the stack starts from."""
    head = seg.head
    assert head is not None
    if head.kind == "call":
        value = head.value
        if isinstance(value, LayerValue):
            slots = fill_slots(seg, type(value.made.layer))
            made = value.made
            shape: Shape | None = made.input_shape
            fw = value.framework
            if shape is None and first:
                shape = (keras_input_shape(made.layer.TYPE, info) if fw == "keras"
                         else torch_input_shape(made.layer.TYPE, info))
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
            return Realised(fw, layers_, shape, label)
        if isinstance(value, ModelValue):
            return Realised(value.framework, [lv.made.layer for lv in value.layers],
                            value.input_shape, _strip(head.raw))
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
    cls = lookup(framework, name)
    if cls is None:
        raise ParamError(f"{name} is not in parambot's catalogue yet.", position=head.pos)
    slots = fill_slots(seg, cls)
    seg.slots = slots
    _refuse_conflicting_sizes(slots, head)
    bidir = word.bidirectional or seg.bidirectional or "bidirectional" in slots.flags
    if framework == "keras":
        return _keras(name, slots, info if first else InputInfo(), bidir, head)
    return _torch(name, slots, info if first else InputInfo(), bidir, word.depthwise, head)


_SINGLE_ROLES = ("units", "filters", "features", "steps", "kernel", "stride", "heads",
                 "vocab", "dim", "d_model", "in", "out", "channels", "key_dim", "layers")


def _refuse_conflicting_sizes(slots: Slots, head: Item) -> None:
    """Two different sizes read as the same thing ("lstm 32 input features 4"): one of
    them was misread, so refuse instead of picking one."""
    for role in _SINGLE_ROLES:
        values = {v for v in slots.roles.get(role, []) if isinstance(v, int)}
        if len(values) > 1:
            shown = " and ".join(str(v) for v in sorted(values))
            raise ParamError(
                f"I read both {shown} as the {role.replace('_', ' ')} of {head.raw}, so one "
                "of them is misread. Say what each size is, e.g. `lstm 32 units, 4 features, "
                "10 timesteps`.",
                position=head.pos,
            )


_CALL_FLAGS = {"return_sequences": "return_sequences", "batch_first": "batch_first"}


def _wants_bidirectional(seg: Segment, slots: Slots) -> bool:
    return seg.bidirectional or "bidirectional" in slots.flags


def _bidirectional_types() -> tuple[type, ...]:
    from ..engine.layers.wrappers import Bidirectional

    return (Bidirectional,)


def _repeat(seg: Segment) -> int:
    """``x6``, ``×3``, ``twice``: the same layer several times in a row."""
    for it in seg.items:
        if it.kind != "word":
            continue
        w = str(it.value)
        if w in ("twice", "thrice"):
            return 2 if w == "twice" else 3
        if len(w) > 1 and w[0] in "x×" and w[1:].isdigit() and len(w) < 6:
            return int(w[1:])
    return 1


def _modified(layer: Layer, slots: Slots, head: Item) -> tuple[Layer, dict[str, object]]:
    """Words after a call still count: ``nn.LSTM(10, 64) bidirectional``,
    ``Conv2D(32, 3) use_bias=False``, ``LSTM(64) ... return_sequences``, ``no bias``."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(layer)}
    changes: dict[str, object] = {}
    if "nobias" in slots.flags:
        for field_name in ("use_bias", "bias"):
            if field_name in names:
                changes[field_name] = False
    for flag, field_name in _CALL_FLAGS.items():
        if flag in slots.flags and field_name in names:
            changes[field_name] = True
    if "bidirectional" in slots.flags and "bidirectional" in names:
        changes["bidirectional"] = True
    for key, value in _kw(slots.kwargs, layer.FRAMEWORK):
        if key in ("input_shape", "batch_input_shape", "input_dim") and key not in names:
            continue
        if key not in names:
            raise ParamError(f"{layer.TYPE} has no argument `{key}`.", position=head.pos)
        changes[key] = value
    roles = {"stride": "strides" if layer.FRAMEWORK == "keras" else "stride",
             "dilation": "dilation_rate" if layer.FRAMEWORK == "keras" else "dilation",
             "layers": "num_layers", "groups": "groups", "padding": "padding",
             "proj_size": "proj_size"}
    for role, field_name in roles.items():
        value = slots.first(role)
        if value is not None and field_name in names:
            changes[field_name] = value
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
    width = _int(bare[0]) if bare else None
    if name in _NORMALISED_WIDTH and width is not None and not info.given:
        info = replace(info, features=width)  # "layernorm 768": the normalised width
    if name == "Dense":
        args.append(_num(slots, "units", "out", "filters") or (bare[0] if bare else None))
    elif name in ("LSTM", "GRU", "SimpleRNN"):
        args.append(_num(slots, "units") or (bare[0] if bare else None))
        if "return_sequences" in flags:
            kw("return_sequences", True)
    elif name.startswith(("Conv", "SeparableConv")):
        filters = _num(slots, "filters", "units", "channels", "out")
        rest = list(bare)
        if filters is None and rest:
            filters = rest.pop(0)  # type: ignore[assignment]
        args += [filters, _kernel(slots, rest) or _num(slots, "dim")]
        kw("strides", slots.first("stride"))
        kw("dilation_rate", slots.first("dilation"))
        kw("groups", _num(slots, "groups"))
        kw("depth_multiplier", _num(slots, "depth_multiplier"))
    elif name.startswith("DepthwiseConv"):
        args.append(_kernel(slots, bare))
        kw("strides", slots.first("stride"))
        kw("depth_multiplier", _num(slots, "depth_multiplier"))
    elif ("Pooling" in name or "Pool" in name) and not name.startswith("Global"):
        args.append(_kernel(slots, bare))
        kw("strides", slots.first("stride"))
    elif name == "Embedding":
        dims = [v for v in slots.bare if isinstance(v, tuple) and len(v) == 2]
        vocab = _num(slots, "vocab") or (dims[0][0] if dims else (bare[0] if bare else None))
        dim = _num(slots, "dim", "units", "features") or (dims[0][1] if dims else (
            bare[1] if len(bare) > 1 else None))
        args += [vocab, dim]
        if vocab is None:
            raise ParamError("Embedding needs the vocabulary size (input_dim): say e.g. "
                             "`embedding vocab 10k dim 300`.", position=head.pos,
                             expected=("vocab",))
    elif name == "MultiHeadAttention":
        heads = _num(slots, "heads") or (bare[0] if bare else None)
        width = _num(slots, "d_model")
        if width is not None and not info.given:
            info = replace(info, features=width)
        if _num(slots, "key_dim") is None and "key_dim" not in given:
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
        kw("key_dim", _num(slots, "key_dim"))
        kw("value_dim", _num(slots, "value_dim"))
        if info.value_shape is not None:
            kw("value_shape", info.value_shape)
    elif name == "GroupNormalization":
        kw("groups", _num(slots, "groups") or (bare[0] if bare else None))
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
    n = _num(slots, "layers")
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


def torch_input_shape(type_name: str, info: InputInfo) -> Shape | None:
    shape = info.shape
    if (shape is not None and type_name.endswith("2d") and len(shape) == 3
            and shape[2] is not None and shape[2] <= 4
            and shape[0] is not None and shape[0] > 4):
        # "on 32x32x3" is height × width × channels; PyTorch wants channels first
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
    shape = torch_input_shape(name, info) if info.shape is not None else None
    if name == "Linear":
        n_in = _num(slots, "in") or feats
        n_out = _num(slots, "units", "out")
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
        n_in = _num(slots, "in") or feats or (shape[-1] if shape else None)
        hidden = _num(slots, "units") or (bare[0] if bare else None)
        kw("input_size", n_in)
        kw("hidden_size", hidden)
        if not name.endswith("Cell"):
            kw("num_layers", _num(slots, "layers"))
            if bidir:
                kw("bidirectional", True)
            kw("proj_size", _num(slots, "proj_size"))
        if n_in is None and "input_size" not in given:
            raise ParamError(f"nn.{name} needs input_size (the features per step), e.g. "
                             f"`pytorch {name.lower()} input 28 hidden 128`.",
                             position=head.pos, expected=("input size",))
        shape = (info.steps, n_in) if shape is None and info.steps else shape
    elif name.startswith("Conv"):
        n_in = _num(slots, "in", "in_channels")
        if n_in is None and shape is not None:
            n_in = shape[0]
        if n_in is None:
            n_in = _num(slots, "channels") or feats
        n_out = _num(slots, "filters", "units", "out")
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
        kw("dilation", slots.first("dilation"))
        kw("groups", _num(slots, "groups"))
        if n_in is None and "in_channels" not in given:
            raise ParamError(f"nn.{name} needs in_channels: give the input channels, e.g. "
                             f"`nn.{name}(3, 64, 3)` or `... on a 3x224x224 image`.",
                             position=head.pos, expected=("input channels",))
        if shape is None and info.steps is not None and n_in is not None and name.endswith("1d"):
            shape = (n_in, info.steps)
    elif name.startswith("BatchNorm") or name.startswith("InstanceNorm"):
        n = _num(slots, "channels", "features", "units") or (bare[0] if bare else None)
        if n is None and shape:
            n = shape[0]
        if shape is not None:
            name = name[:-2] + {1: "1d", 2: "1d", 3: "2d", 4: "3d"}.get(len(shape), "2d")
        elif n is not None and feats is not None:
            name = name[:-2] + "1d"
        args.append(n)
    elif name == "LayerNorm":
        n = bare[0] if bare else (feats or (shape[-1] if shape else None))
        args.append(n)
    elif name == "GroupNorm":
        args += [_num(slots, "groups") or (bare[0] if bare else None),
                 _num(slots, "channels") or (bare[1] if len(bare) > 1 else None)]
    elif name == "MultiheadAttention":
        kw("embed_dim", _num(slots, "d_model", "features", "input") or (bare[0] if bare else None))
        kw("num_heads", _num(slots, "heads") or (bare[1] if len(bare) > 1 else None))
    elif name in ("TransformerEncoderLayer", "TransformerDecoderLayer"):
        kw("d_model", _num(slots, "d_model", "features") or (bare[0] if bare else None))
        kw("nhead", _num(slots, "heads"))
        kw("dim_feedforward", _num(slots, "ffn"))
        if "batch_first" in flags:
            kw("batch_first", True)
    elif name in ("TransformerEncoder", "TransformerDecoder"):
        # "6 layer transformer encoder d_model 512 8 heads ff 2048": N copies of one layer
        inner = name + "Layer"
        layer_kwargs: list[tuple[str, object]] = []
        for key, value in (("d_model", _num(slots, "d_model", "features") or (
                bare[0] if bare else None)), ("nhead", _num(slots, "heads")),
                           ("dim_feedforward", _num(slots, "ffn"))):
            if value is not None:
                layer_kwargs.append((key, value))
        if not any(k == "d_model" for k, _ in layer_kwargs) or _num(slots, "layers") is None:
            raise ParamError(f"nn.{name} needs d_model, the number of heads and the number "
                             f"of layers, e.g. `pytorch transformer encoder d_model 512, 8 "
                             f"heads, 6 layers`.", position=head.pos,
                             expected=("d_model", "layers"))
        if not any(k == "nhead" for k, _ in layer_kwargs):
            raise ParamError(f"nn.{inner} needs the number of heads (nhead).",
                             position=head.pos, expected=("heads",))
        layer = make("pytorch", inner, [], layer_kwargs).layer
        args.append(layer)
        kw("num_layers", _num(slots, "layers"))
        made = make("pytorch", name, args, kwargs)
        label = _label("nn." + inner, [], layer_kwargs)
        return Realised("pytorch", [made.layer], shape,
                        f"nn.{name}({label}, num_layers={_num(slots, 'layers')})")
    elif name == "Embedding":
        dims = [v for v in slots.bare if isinstance(v, tuple) and len(v) == 2]
        kw("num_embeddings", _num(slots, "vocab") or (dims[0][0] if dims else (
            bare[0] if bare else None)))
        kw("embedding_dim", _num(slots, "dim", "units") or (dims[0][1] if dims else (
            bare[1] if len(bare) > 1 else None)))
    elif name == "PReLU":
        n = _num(slots, "channels") or (bare[0] if bare else None)
        if n is not None:
            args.append(n)
    elif "Pool" in name:
        args.append(_kernel(slots, bare))
        kw("stride", slots.first("stride"))
    elif name == "Dropout":
        rate = next((v for v in slots.bare if isinstance(v, float)), None)
        if rate is not None:
            args.append(rate)
    while args and args[-1] is None:
        args.pop()
    made = make("pytorch", name, args, kwargs)
    return Realised("pytorch", [made.layer], shape, _label("nn." + name, args, kwargs))


def _label(name: str, args: Sequence[object], kwargs: Sequence[tuple[str, object]]) -> str:
    parts = [_show(a) for a in args]
    parts += [f"{k}={_show(v)}" for k, v in kwargs if k not in ("value_shape",)]
    return f"{name}({', '.join(parts)})"


def _show(v: object) -> str:
    if isinstance(v, Layer):
        return v.TYPE + "(...)"
    return repr(v)


def _strip(source: str) -> str:
    from .code import strip_prefixes

    return strip_prefixes(source)


def check_typos(items: Sequence[Item]) -> None:
    """A word one or two letters away from a layer name is a typo, not chit-chat: refuse
    it with a suggestion rather than guessing a layer silently."""
    words = catalogue_words()
    for it in items:
        if it.kind != "word":
            continue
        w = str(it.value)
        if len(w) < 4 or w in _ENGLISH or w in words or w in FLAG_WORDS:
            continue
        verdict = _typo(w)
        if verdict is None:
            continue
        model_like, guess = verdict
        if model_like:
            label = _display(guess) if guess else None
            raise ParamError(
                f"I don't know a layer or model called `{it.raw}`.",
                position=it.pos,
                suggestion=f"did you mean {label}?" if label else None,
            )
        assert guess is not None
        raise ParamError(
            f"I don't know `{it.raw}`.",
            position=it.pos,
            suggestion=f"did you mean {_display(guess)}?",
        )


@cache
def _typo_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from ..engine import models

    layers = tuple(w for w in catalogue_words() if len(w) >= 3 and " " not in w) + tuple(
        sorted(BIDIRECTIONAL_WORDS))
    return layers, layers + tuple(n.lower() for n in models.known_names())


@lru_cache(maxsize=4096)
def _typo(w: str) -> tuple[bool, str | None] | None:
    """(looks like a model or conv name, suggestion) for a word that is a typo, else None;
    memoised, since the same words come back question after question."""
    layers, with_models = _typo_vocabulary()
    if any(ch.isdigit() for ch in w) and w[:3] in ("con", "res", "vgg", "den", "eff"):
        guess = closest(w, with_models)
        if w.startswith("conv") or w.startswith("res") or guess:
            return True, guess
    guess = closest(w, layers, max_ratio=0.2)
    if guess is not None and guess != w and distance(w, guess) <= 2 and guess[0] == w[0]:
        return False, guess
    return None


def _display(word: str) -> str:
    entry = catalogue_words().get(word)
    if entry is not None:
        return entry.keras or entry.torch or word
    if word in BIDIRECTIONAL_WORDS:
        return "Bidirectional"
    from ..engine import models

    for n in models.known_names():
        if n.lower() == word:
            return n
    return word


_ENGLISH = {
    "what", "much", "many", "have", "does", "with", "that", "this", "there", "than", "then",
    "your", "from", "into", "about", "params", "param", "parameters", "parameter", "weights",
    "weight", "count", "total", "layer", "layers", "model", "input", "inputs", "output",
    "outputs", "units", "unit", "filters", "filter", "kernel", "stride", "strides", "shape",
    "size", "features", "feature", "sense", "same", "valid", "mode", "last", "first", "plain",
    "fewer", "more", "less", "lower", "second", "summary", "someone", "explain", "difference",
    "between", "compare", "trainable", "memory", "cells", "cell", "dense", "dropout",
    "tokens", "token", "image", "images", "frames", "video", "sequence", "sequences", "length",
    "each", "every", "timestep", "timesteps", "hidden", "heads", "head", "neurons", "neuron",
    "stacked", "applied", "after", "before", "channels", "channel",
    "vector", "vectors", "tensor", "signal", "clip", "batch", "sigmoid", "relu", "softmax",
    "tanh", "linear", "regression", "classifier", "network", "would", "could", "should",
    "doing", "where", "which", "when", "they", "them", "their", "these", "those",
    "sequential", "functional", "mean", "means", "grow", "grows", "dims", "dim", "gives",
    "give", "number", "numbers", "small", "large", "base", "medium", "uncased", "cased",
    "pooler", "keras", "torch", "pytorch", "tensorflow", "sentiment", "autoencoder",
    "encoder", "decoder", "transformer", "attention", "self-attention", "feed", "forward",
    "hello", "thanks", "help", "please", "shaped", "fully", "connected", "single", "lstms",
    "vocab", "words", "word", "rows", "padding", "maps", "map", "multi", "multi-head",
    "depthwise", "separable", "transposed", "global", "average", "pooling", "norm", "normalization",
    "group", "groups", "instance", "bidirectional", "bias", "biases", "true", "false", "none",
    "bert", "llama", "gpt2", "resnet", "vgg16", "vgg19", "cnn", "mlp", "rnns", "convs",
    "dilated", "causal", "dilation", "feature_maps", "fed", "also", "just", "only", "still",
    "why", "how", "the", "and", "for", "are", "was", "were", "been", "being", "here", "time",
}
