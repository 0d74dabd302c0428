"""Questions in words, second pass: items grouped into layer segments, and every number,
size and shape given its role ("128 units", "kernel 3", "on 28x28x1")."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..engine.core import Layer
from .items import Item, Value
from .vocabulary import (
    AFTER,
    BEFORE,
    BIDIRECTIONAL_WORDS,
    BOOL_ARGUMENTS,
    FLAG_WORDS,
    NEGATIONS,
    NOT_WORDS,
    OFF_WORDS,
    STACK_WORDS,
    UNTRAINABLE_WORDS,
    LayerWord,
)


@dataclass
class Slots:
    roles: dict[str, list[Value]] = field(default_factory=dict)
    bare: list[Value] = field(default_factory=list)
    kwargs: list[tuple[str, object]] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)
    #: A shape said to be normalised over (``over 16x8x8``, ``normalized shape (10, 64)``,
    #: or written as a Python list, ``layer norm [16, 8, 8]``): PyTorch's normalized_shape.
    normalized: tuple[int | None, ...] | None = None

    def add(self, role: str, value: Value) -> None:
        self.roles.setdefault(role, []).append(value)

    def first(self, *roles: str) -> Value | None:
        for r in roles:
            if self.roles.get(r):
                return self.roles[r][0]
        return None

    def number(self, *roles: str) -> int | None:
        """The first whole number given in any of ``roles`` (in that order of roles); 0 is
        a number given (``proj_size 0``, ``0 layers`` of an encoder), so a caller choosing
        between this and another reading tests it against None (see ``given_or``)."""
        for r in roles:
            for v in self.roles.get(r, ()):
                if isinstance(v, int):
                    return v
        return None



def given_or(value: Value | None, otherwise: Value | None) -> Value | None:
    """``value`` unless it is None: a size of 0 is given, and the engine words its refusal
    (``dense 0 units on 784``: "`units` must be a positive whole number; got 0.", not
    "Dense needs `units`", which ``value or otherwise`` led to)."""
    return otherwise if value is None else value


@dataclass
class Segment:
    head: Item | None
    items: list[Item]
    slots: Slots = field(default_factory=Slots)
    bidirectional: bool = False
    #: The slots read with no layer class (for what the segment says about the input) when
    #: no class's argument names could have changed them: the layer's own reading takes
    #: these instead of reading the items again (once; see fill_slots).
    classless: Slots | None = None
    #: Another part of the same stack says "channels first" (Keras: every layer that has
    #: a data_format takes it).
    channels_first: bool = False
    #: Items of a part after the last layer's, written after a comma ("..., no bias"):
    #: joined to this segment, though they may mean every layer of a stack.
    tail: list[Item] = field(default_factory=list)


_VALUE_WORDS = {"true": True, "false": False, "none": None}
#: Words whose reading a negation before them can change.
_FROZEN = frozenset({"frozen", "freeze", "freezed"}) | UNTRAINABLE_WORDS
_NORMALISED = frozenset({"over", "normalized", "normalised", "normalized_shape",
                         "normalised_shape"})


def _normalised_at(items: list[Item], i: int) -> bool:
    """``over 16x8x8``, ``normalized_shape (10, 64)``, ``normalized shape 16x8x8``: the
    words right before the shape at ``items[i]`` say it is the one normalised over."""
    prev = items[i - 1] if i > 0 else None
    if prev is None or prev.kind != "word":
        return False
    if prev.value in _NORMALISED:
        return True
    before = items[i - 2] if i > 1 else None
    return prev.value in ("shape", "input_shape") and before is not None and \
        before.kind == "word" and before.value in ("normalized", "normalised")


_OPTION_WORDS = frozenset(BIDIRECTIONAL_WORDS) | frozenset(FLAG_WORDS) | BOOL_ARGUMENTS


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
            segments[-1].tail.extend(chunk)
        else:
            pending.extend(chunk)
    if pending:
        segments.append(Segment(None, pending))
    return segments


@cache
def field_names(cls: type[Layer]) -> frozenset[str]:
    import dataclasses

    return frozenset(f.name for f in dataclasses.fields(cls))


#: Where :func:`fill_slots` put each size of a segment: its index in the items -> the role
#: (None: left bare) and the index of the word that gave the role (None: no word did).
Placed = dict[int, tuple[str | None, int | None]]


def fill_slots(seg: Segment, layer_cls: type[Layer] | None,
               placed: Placed | None = None) -> Slots:
    """Give every number, size and shape of a segment its role.

    A layer class changes the reading only where its argument names are consulted: a
    ``key=value`` whose key is also a size word (``in=256``), and a word followed by a
    value it might take (``bias False``). A segment read without a class and with neither
    keeps that reading in ``seg.classless``, and the first reading with a class takes it
    (tests/grammar/test_slots.py holds the two readings equal)."""
    if layer_cls is not None and seg.classless is not None and placed is None:
        slots, seg.classless = seg.classless, None  # handed over once: the caller owns it
        return slots
    slots = Slots()
    items = seg.items
    # classes are hashable; mypy reads the frozen dataclass instance hash as the class one
    fields = field_names(layer_cls) if layer_cls is not None else frozenset()  # type: ignore[arg-type]
    used: set[int] = set()
    class_free = layer_cls is None  # no argument name has decided anything (yet)
    head_word = seg.head.value if seg.head is not None and seg.head.kind == "layer" else None
    norm_head = isinstance(head_word, LayerWord) and head_word.torch in ("LayerNorm",
                                                                          "RMSNorm")
    for i, it in enumerate(items):
        if it is seg.head:
            continue
        prev = items[i - 1] if i > 0 else None
        nxt = items[i + 1] if i + 1 < len(items) else None
        if it.kind == "kv":
            pair = it.value
            assert isinstance(pair, tuple)
            key, value = str(pair[0]), pair[1]
            if key in BEFORE and isinstance(value, (int, tuple)) and not isinstance(value, bool):
                class_free = False
            if (key not in fields and key in BEFORE and isinstance(value, (int, tuple))
                    and not isinstance(value, bool)):
                slots.add(BEFORE[key], value)  # "in=256 out=512": sizes, not arguments
            else:
                slots.kwargs.append((key, value))
            continue
        if it.kind == "word":
            w = str(it.value)
            if w in _FROZEN:
                # "frozen", "freeze": trainable off; "not frozen", "freeze false": left on
                class_free = False
                if (prev is not None and prev.kind == "word" and (
                        prev.value in NEGATIONS or prev.value in NOT_WORDS)) or (
                        nxt is not None and nxt.kind == "word" and (
                        nxt.value in OFF_WORDS or nxt.value in ("false", "no"))):
                    continue
                slots.words.append("trainable")
                if "trainable" in fields:
                    slots.kwargs.append(("trainable", False))
                continue
            slots.words.append(w)
            special = w in _OPTION_WORDS
            # "without return_sequences", "no affine": the option is off
            negated = (special and prev is not None and prev.kind == "word"
                       and prev.value in NEGATIONS)
            if special and not negated:
                if w in BIDIRECTIONAL_WORDS:
                    seg.bidirectional = True
                if w in FLAG_WORDS:
                    slots.flags.add(FLAG_WORDS[w])
            # "merge_mode concat", "reset_after true", "nonlinearity relu", "bias False"
            if nxt is not None and class_free and _names_decide(w, nxt):
                class_free = False
            if nxt is not None and _option_value(w, nxt, fields):
                val: object = nxt.value
                if nxt.kind == "word":
                    val = _VALUE_WORDS.get(str(nxt.value), nxt.raw)
                slots.kwargs.append((w, val))
            elif special and w in BOOL_ARGUMENTS and (negated or w not in FLAG_WORDS):
                # "layer norm without center", "instance norm with affine", "affine off":
                # a yes/no argument of the layer named in words, on unless negated (a flag
                # word such as "bidirectional" is read the same for every class)
                class_free = False
                if w in fields:
                    off = negated or (nxt is not None and nxt.kind == "word"
                                      and nxt.value in OFF_WORDS)
                    slots.kwargs.append((w, not off))
            continue
        if it.kind in ("num", "dims", "shape"):
            value = it.value
            assert isinstance(value, (int, float, tuple))
            if it.kind in ("dims", "shape") and norm_head and (
                    it.raw.startswith("[") or _normalised_at(items, i)):
                # "layer norm over 8x8 on 16x8x8": the normalised shape, not the input
                slots.normalized = value  # type: ignore[assignment]
                if placed is not None:
                    placed[i] = ("normalized", i - 1 if prev is not None and prev.kind == "word"
                                 and prev.value in _NORMALISED else None)
                continue
            if i - 1 in used:
                prev = None  # "4096 in, 1000 out": `in` already belongs to 4096
            role, took = _role(prev, nxt, items, i, it.kind)
            if took is not None:
                used.add(took)
            if role is None and it.kind in ("dims", "shape") and not _takes_kernel(seg.head):
                role = "input"
            if placed is not None:
                placed[i] = (role, took if took is not None else i - 1 if (
                    role is not None and prev is not None and prev.kind == "word"
                    and BEFORE.get(str(prev.value)) == role) else None)
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
            if placed is not None:
                last = max(i for i, (role, _) in placed.items()
                           if role is None and items[i].value == shapes[-1])
                placed[last] = ("input", None)
    if class_free and placed is None:
        seg.classless = slots
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


def _names_decide(word: str, nxt: Item) -> bool:
    """Whether :func:`_option_value` for ``word`` before ``nxt`` depends on ``fields``."""
    if nxt.kind == "str":
        return word not in _OPTIONS
    return (nxt.kind == "word" and word not in _OPTIONS
            and str(nxt.value) in ("true", "false", "none"))


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


_DIMS_ROLES = {"kernel", "input", "stride", "dilation", "features", "value_shape", "steps",
               "padding", "output_padding"}


_WEAK_BEFORE = {"a", "an", "with", "of", "is"}

#: Words that introduce the number after them rather than describe the one before.
_LEADING = {"hidden", "hidden_size", "input", "input_size", "in", "out", "kernel",
            "kernel_size", "stride", "strides", "dilation", "padding", "output_padding",
            "dim", "vocab",
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
                  "out_channels", "in_features", "out_features", "output_padding", "kdim",
                  "vdim"}


def _takes_kernel(head: Item | None) -> bool:
    if head is None:
        return True
    if head.kind != "layer":
        return False  # a call carries its own kernel size; a named model has none
    word = head.value
    assert isinstance(word, LayerWord)
    name = word.keras or word.torch or ""
    # (TimeDistributed: the layer it wraps may take one)
    return "Conv" in name or "Pool" in name or name in ("Embedding", "TimeDistributed")


def _preposition(word: Item, after: Item | None) -> bool:
    """``in`` / ``to`` before a word ("in pytorch", "in int8", "to the output"), not the
    input side of "784 in, 10 out" or "784 to 10"."""
    return str(word.value) in ("in", "to") and after is not None and after.kind in (
        "word", "fw")


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
    if nxt is not None and nxt.kind == "word" and str(nxt.value) in AFTER and not nxt.gap \
            and not _preposition(nxt, items[j + 1] if j + 1 < len(items) else None):
        # (not a word after a comma, "input 28, units 128"; nor "in" before a framework or
        # a number format, "hidden 128 in pytorch", "... in int8")
        follow = items[j + 1] if j + 1 < len(items) else None
        # "input 28 hidden 128": `hidden` introduces the next number, not this one
        beyond = items[j + 2] if j + 2 < len(items) else None
        # "32 groups 256 channels": 256 has its own word, so `groups` describes 32
        after_beyond = items[j + 3] if j + 3 < len(items) else None
        follow_named = (beyond is not None and beyond.kind == "word"
                        and str(beyond.value) in AFTER
                        and not (after_beyond is not None and not after_beyond.gap
                                 and after_beyond.kind in ("num", "dims", "shape"))
                        # "hidden 128 in pytorch", "... in int8": a preposition
                        and not (str(beyond.value) in ("in", "to") and after_beyond is not None
                                 and after_beyond.kind in ("word", "fw")))
        if not (follow is not None and follow.kind in ("num", "dims", "shape")
                and not follow.gap and not follow_named and str(nxt.value) in _LEADING
                and (before is not None or str(nxt.value) in _ALWAYS_LEADING
                     or (prev is not None and prev.kind == "layer"))):
            after = AFTER[str(nxt.value)]
    # (only text can be one of these words: a layer item's value is a LayerWord, whose
    # repr would be built for nothing)
    prev_text = prev.value if prev is not None and isinstance(prev.value, str) else ""
    if prev_text in _STRONG_BEFORE:
        role = before
    else:
        role = after or before
        if after is not None and role == after:
            took = j
    if kind == "dims" and role == "input" and after is None and prev_text in _WEAK_BEFORE:
        return None, took  # "a 3x3 conv": only the layer can tell a kernel from an input
    if kind in ("dims", "shape") and role not in _DIMS_ROLES:
        # "filters 3x3": a shape after a size word is not that size
        role = "input" if before == "input" or after == "input" else None
    if kind == "num" and role == "input" and after is None and prev_text in _WEAK_BEFORE:
        role = None
    # the word after is taken only when it gave the role ("3x3 groups 4": a shape can't be
    # the groups, so `groups` is left for the 4)
    return role, took if role is not None and role == after else None


# -- realising segments into catalogue layers -----------------------------------------------
