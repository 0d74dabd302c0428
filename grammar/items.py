"""Questions in words, first pass: the parse tree's tokens as items (numbers, shapes,
words, inline calls), multi-word phrases folded, layer and model names recognised, and
the frameworks the words name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from lark import Token, Tree

from ..engine import models
from ..engine.catalogue import known_names
from ..engine.core import Framework
from ..engine.errors import ParamError
from .code import MAX_DIGITS, Evaluator
from .spans import first_pos
from .values import LayerValue, ModelValue, NamedModelValue
from .vocabulary import (
    ACTIVATIONS,
    AFTER,
    COUNT_PHRASES,
    FRAMEWORK_LEANING,
    FRAMEWORK_WORDS,
    LAYER_WORDS,
    NEGATIONS,
    NOT_WORDS,
    NUMBER_WORDS,
    PHRASES,
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
        whole, _, fraction = t.partition(".")
        if len(fraction) == 3 and fraction == "000" and whole.isdigit() and len(whole) <= 3:
            # "1.000": one, or a thousand written with a dot between the groups?
            raise ParamError(f"Is `{text}` {whole} or {whole}000? Write it without the dot.",
                             position=pos)
        value = float(t) * mult
    else:
        return int(t) * mult
    return int(value) if float(value).is_integer() else value


def to_items(tree: Tree[Token], evaluator: Evaluator) -> list[Item]:
    out: list[Item] = []
    children = tree.children
    skip = 0
    for k, child in enumerate(children, 1):
        if skip:
            skip -= 1
            continue
        if not isinstance(child, Tree) or child.data != "group":
            _item(child, evaluator, out)
            continue
        times, used = _block_repeat(children, k)
        if times:
            # "(conv2d 32 3x3, maxpool 2) x2": the block's layers, that many times over
            assert isinstance(child, Tree)
            if times > MAX_BLOCK_REPEAT:
                raise ParamError(f"A block repeated {times} times is more than parambot "
                                 f"builds from words (at most {MAX_BLOCK_REPEAT}).")
            pos = first_pos(child, evaluator.source) or 0
            for n in range(times):
                if n:
                    out.append(Item("sep", ",", pos, ","))
                for c in child.children:
                    _item(c, evaluator, out)
            skip = used
            continue
        _item(child, evaluator, out)
    out = _spaced_shapes(out)
    if "-" not in evaluator.source:
        return out
    # "-5" written in words: a minus sign glued to the number that follows it
    merged: list[Item] = []
    last: Item | None = None
    for it in out:
        if last is not None:
            kind = it.kind
            if (last.kind == "sep" and last.raw == "-" and last.pos + 1 == it.pos
                    and (len(merged) < 2 or merged[-2].kind != "num")):
                if kind == "num" and isinstance(it.value, (int, float)):
                    last = merged[-1] = Item("num", -it.value, it.pos - 1, "-" + it.raw)
                    continue
                if kind == "dims":
                    # "-3x3": the sign would otherwise be dropped, the sizes read as positive
                    raise ParamError(f"A size can't be negative: `-{it.raw}`.",
                                     position=it.pos - 1)
            elif (kind == "word" and last.kind == "num" and it.raw[:2] in _NEGATIVE_AFTER_X
                  and last.pos + len(last.raw) == it.pos):
                # "3x-3": a shape with a negative size, read by the scanner as 3 and a word
                raise ParamError(f"A size can't be negative: `{last.raw}{it.raw}`.",
                                 position=last.pos)
        merged.append(it)
        last = it
    return merged


#: The most copies of a block in brackets a question in words may ask for.
MAX_BLOCK_REPEAT = 64


def _block_repeat(children: list[Tree[Token] | Token], k: int) -> tuple[int, int]:
    """After a bracketed group at ``children[k - 1]``: how many times it repeats (``x2``,
    ``x 2``, ``twice``, ``3 times``) and how many tokens say so; (0, 0) when no repeat
    follows or the group is no block of layers (a shape, a list of sizes)."""
    group = children[k - 1]
    assert isinstance(group, Tree)
    if not any(isinstance(c, Token) and c.type in ("WORD", "DWORD") for c in group.children):
        return 0, 0  # "(28, 28, 1) x2": sizes only
    nxt = children[k] if k < len(children) else None
    after = children[k + 1] if k + 1 < len(children) else None
    if not isinstance(nxt, Token):
        return 0, 0
    word = str(nxt).lower()
    if word in ("twice", "thrice"):
        return (2 if word == "twice" else 3), 1
    if len(word) > 1 and word[0] in "x×" and word[1:].isdigit() and len(word) < 6:
        return int(word[1:]), 1
    if isinstance(after, Token) and after.type == "NUMBER" and str(after).isdigit() and (
            word in ("x", "×", "*")):
        return int(str(after)), 2
    if nxt.type == "NUMBER" and str(nxt).isdigit() and isinstance(after, Token) and str(
            after).lower() in ("times", "time"):
        return int(str(nxt)), 2
    return 0, 0


_NEGATIVE_AFTER_X = ("x-", "X-", "×-")
_GROUPED = re.compile(r"(?:_[0-9]{3})+")
_QUOTED_WORDS = frozenset({"same", "valid", "causal", "full", "concat", "sum", "mul", "ave",
                           "channels_first", "channels_last"})
_SHAPE_INTRO = {"on", "input", "shape", "input_shape", "of", "shaped"}
#: Words after a number that say what it counts ("2 layers", "10 classes", "3 times"): such
#: a number is never a size of a shape written with spaces ("on 784 10 classes").
_COUNTED = frozenset({w for w, role in AFTER.items() if role not in (
    "input", "channels", "steps", "features")} | {"times", "time", "stacked", "classes",
                                                  "class", "labels", "blocks"})
#: "32 x3", "3x3 x2": a space before the x and none after, the last size could as well be
#: a repeat ("dense 64 on 784 x2"); refused rather than read either way.
_SPACED_X = re.compile(r"\s[xX×*][0-9]+$")


def _spaced_shapes(items: list[Item]) -> list[Item]:
    """``on 28 28 1``: whole numbers in a row after an input word are one shape."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        j = i
        while j < len(items) and items[j].kind == "num" and isinstance(items[j].value, int) \
                and not (j + 1 < len(items) and items[j + 1].kind == "word"
                         and items[j + 1].value in _COUNTED):
            j += 1  # (not a number its word describes: "dense 64 on 784 2 layers")
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
            if _SPACED_X.search(raw):
                head, _, last = raw.rpartition(" ")
                raise ParamError(
                    f"`{raw}` could be one size ({raw.replace(' ', '')}) or `{head}` with "
                    f"the layer repeated ({last}). Write a size without spaces "
                    f"(`{raw.replace(' ', '')}`), or a repeat as `{last[1:]} times`.",
                    position=pos)
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
            prev = out[-1] if out else None
            if (raw.startswith("_") and prev is not None and prev.kind == "num"
                    and prev.pos + len(prev.raw) == pos and _GROUPED.fullmatch(raw)
                    and type(prev.value) is int):
                # "1_000": Python's digit grouping, one number
                out[-1] = Item("num", parse_number(prev.raw + raw.replace("_", ""), prev.pos),
                               prev.pos, prev.raw + raw)
                return
            _word(raw, pos, out)
        elif t == "STRING":
            text = raw[1:-1]
            if text.lower() in _QUOTED_WORDS:
                # "conv2d 32 3x3 'same' padding": an option value quoted, read as the word
                out.append(Item("word", text.lower(), pos, raw))
            else:
                out.append(Item("str", text, pos, raw))
        elif t in ("COMMA", "PUNCT"):
            out.append(Item("sep", raw, pos, raw))
        return
    pos = first_pos(child, ev.source) or 0
    if child.data == "inline_call":
        value = ev.eval(child)
        out.append(Item("call", value, pos, ev._source(child)))
    elif child.data == "group":
        inner: list[Item] = []
        for c in child.children:
            _item(c, ev, inner)
        shape = _as_shape(_split_commas(inner))
        if shape is not None:
            out.append(Item("shape", shape, pos, ev._source(child)))
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


def _split_commas(items: list[Item]) -> list[Item]:
    """``(128,128,3)``: inside brackets, sizes written with commas and no spaces are a
    tuple's items, not one number with a thousands separator (nobody writes a shape as
    ``(1,024, 3)``)."""
    if not any(it.kind == "num" and "," in it.raw for it in items):
        return items
    out: list[Item] = []
    for it in items:
        if it.kind != "num" or "," not in it.raw:
            out.append(it)
            continue
        at = it.pos
        for k, digits in enumerate(it.raw.split(",")):
            if k:
                out.append(Item("sep", ",", at, ","))
                at += 1
            if not digits.isdigit():
                return items
            out.append(Item("num", int(digits), at, digits))
            at += len(digits)
    return out


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
    words = catalogue_words()
    low = [str(it.value) if it.kind == "word" else "" for it in items]
    model_like = [bool(w) and _model_like(w) for w in low]
    # next_model[i]: the first model-like word at or after i (len(items) when none), so
    # "is a word in i..j model-like" is one comparison
    next_model = [len(items)] * (len(items) + 1)
    for k in range(len(items) - 1, -1, -1):
        next_model[k] = k if model_like[k] else next_model[k + 1]
    # the first words of layer words and phrases longer than one word, with their lengths
    lengths_of = _phrase_lengths()
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it.kind != "word":
            nxt = items[i + 1] if it.kind == "num" and i + 1 < len(items) else None
            if (nxt is not None and nxt.kind == "word" and nxt.value in ("times", "time")
                    and type(it.value) is int):
                # "conv2d 32 3x3 3 times": a repeat, as "x3" (the 3 alone would pass as
                # "used" by the kernel and be dropped)
                out.append(Item("word", f"x{it.value}", it.pos, f"{it.raw} {nxt.raw}"))
                i += 2
                continue
            if (nxt is not None and nxt.kind == "word" and nxt.value in _SCALE_WORDS
                    and isinstance(it.value, (int, float))):
                # "2 million parameters", "1.5 billion"
                value = it.value * _SCALE_WORDS[str(nxt.value)]
                value = int(value) if float(value).is_integer() else value
                out.append(Item("num", value, it.pos, f"{it.raw} {nxt.raw}"))
                i += 2
                continue
            out.append(it)
            i += 1
            continue
        end = i + 1
        if low[i] in lengths_of or next_model[i] < i + _MAX_PHRASE:
            # only a word that begins a phrase (or a model name nearby) can start one
            while end < len(items) and items[end].kind == "word" and end - i < _MAX_PHRASE:
                end += 1
        if (model_like[i] and i + 1 < len(items) and items[i + 1].kind == "num"
                and isinstance(items[i + 1].value, int)
                and not (i + 2 < len(items) and low[i + 2] in _COUNTED_WORDS)):
            # "vgg 16", "resnet 50": a model name written with a space before its number
            phrase = f"{low[i]} {items[i + 1].value}"
            spec = models.lookup(phrase, framework_hint)
            if spec is not None:
                out.append(Item("model", spec, it.pos, phrase))
                i += 2
                continue
        matched = False
        lengths = lengths_of.get(low[i], ())
        for j in range(end, i, -1):
            n = j - i
            model = next_model[i] < j  # a model-like word among these
            if n > 1 and not model and n not in lengths:
                continue  # no layer word or phrase of n words begins with this word
            key = tuple(low[i:j])
            phrase = " ".join(key) if n > 1 else key[0]
            spec = models.lookup(phrase, framework_hint) if model else None
            if spec is not None:
                out.append(Item("model", spec, it.pos, phrase))
            elif phrase in words and (n > 1 or phrase not in _SHORT_AMBIGUOUS):
                raw = " ".join(w.raw for w in items[i:j])
                out.append(Item("layer", words[phrase], it.pos, raw))
            elif key in PHRASES and not (key in COUNT_PHRASES and i and low[i - 1] in _NEGATED):
                # ("non trainable params" is an option: the layer frozen)
                out.append(Item("word", PHRASES[key], it.pos, phrase))
            else:
                continue
            i = j
            matched = True
            break
        if not matched:
            w = low[i]
            said = _spelled_number(low, i) if w in _SPELLED else None
            if said is not None and (said[1] > 1 or w not in _UNITS or (
                    i + 1 < len(items) and items[i + 1].kind == "word")):
                # "sixty four units", "one hundred twenty eight", "input thirty two"; a lone
                # "one" .. "nine" only before a word ("two conv2d"), as it may be an article
                value, n = said
                nxt = items[i + n] if i + n < len(items) else None
                if nxt is not None and nxt.kind == "word" and nxt.value in ("times", "time"):
                    # "two times": a repeat, as x2
                    out.append(Item("word", f"x{value}", it.pos, f"{w} {nxt.raw}"))
                    i += n + 1
                    continue
                out.append(Item("num", value, it.pos, " ".join(low[i:i + n])))
                i += n
                continue
            if w in NUMBER_WORDS and i + 1 < len(items) and items[i + 1].kind == "word":
                out.append(Item("num", NUMBER_WORDS[w], it.pos, w))
            else:
                out.append(it)
            i += 1
    return out


_SHORT_AMBIGUOUS = {"bn", "gap", "fc"}
#: Words after which "trainable params" is an option turned off, not the count asked.
_NEGATED = NEGATIONS | NOT_WORDS
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
          "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SPELLED = frozenset(_UNITS) | frozenset(_TEENS) | frozenset(_TENS)


def _spelled_number(low: list[str], i: int) -> tuple[int, int] | None:
    """A number written in words from ``low[i]``: ``sixty four`` (64), ``one hundred
    twenty eight`` (128), ``two thousand`` (2000); its value and how many words it took."""
    total = current = 0
    j = i
    last = ""  # what the previous word was: "units", "teens", "tens", "scale"
    while j < len(low):
        w = low[j]
        if w in _UNITS and last in ("", "tens", "hundred", "scale"):
            current += _UNITS[w]
            last = "units"
        elif w in _TEENS and last in ("", "hundred", "scale"):
            current += _TEENS[w]
            last = "teens"
        elif w in _TENS and last in ("", "hundred", "scale"):
            current += _TENS[w]
            last = "tens"
        elif w == "hundred" and last in ("units", "teens", "tens") and current < 100:
            current *= 100
            last = "hundred"
        elif w in ("thousand", "million") and last in ("units", "teens", "tens", "hundred"):
            total += current * (1000 if w == "thousand" else 10**6)
            current = 0
            last = "scale"
        elif w == "and" and last == "hundred" and j + 1 < len(low) and low[j + 1] in _SPELLED:
            pass
        else:
            break
        j += 1
    return (total + current, j - i) if j > i else None
#: Words after a number that say what it counts: "squeezenet 10 classes" is SqueezeNet with
#: 10 classes, not a model called "squeezenet 10".
_COUNTED_WORDS = frozenset({"classes", "class", "labels", "categories", "outputs"})
_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


_MODEL_WORDS = frozenset({
    "alexnet", "bert", "gpt2", "gpt", "llama", "densenet", "xception", "inception",
    "mobilenet", "squeezenet", "efficientnet", "vit", "bertmodel", "gpt2lmheadmodel",
    "inceptionv3", "mobilenetv2", "vgg", "resnet",
})


@cache
def _phrase_lengths() -> dict[str, frozenset[int]]:
    """For each first word of a layer word or phrase longer than one word, how many words
    those phrases have (``{"depthwise": {2, 3}, ...}``)."""
    lengths: dict[str, set[int]] = {}
    for key in catalogue_words():
        if " " in key:
            split = key.split(" ")
            lengths.setdefault(split[0], set()).add(len(split))
    for phrase in PHRASES:
        if len(phrase) > 1:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {first: frozenset(n) for first, n in lengths.items()}


@lru_cache(maxsize=4096)
def _model_like(word: str) -> bool:
    # "bert-base-uncased", "mobilenet_v2": a model's family name before its variant
    return ((not word.isalpha() and any(ch.isdigit() for ch in word))
            or word in _MODEL_WORDS
            or word.replace("_", "-").split("-", 1)[0] in _MODEL_WORDS)


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
