"""From question text to an :class:`Answer`: pick code or words, read, build, explain."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from lark import Tree

from ..engine import models
from ..engine.answer import Answer
from ..engine.catalogue import all_fields
from ..engine.compare import explain
from ..engine.core import Framework, Layer, MissingInput, Shape, shape_text
from ..engine.errors import ParamError
from ..engine.formula import input_formula
from ..engine.model import Subject, build_stack, check_sequential_calls
from ..engine.models.graph import WEIGHTLESS
from ..engine.models.options import DEFAULT as DEFAULT_OPTIONS
from .code import Evaluator, Program, refuse_unsupported
from .model_options import OPTION_WORDS, RUN_WORDS, read_options
from .models_text import add_ons, inverse, transformer_config
from .parser import parse, parse_text
from .realise import KEEPS_RANK, SEQUENCE_OUT, channels_first_said
from .text import (
    InputInfo,
    Item,
    Placed,
    Realised,
    Segment,
    chain_options,
    check_typos,
    fill_slots,
    fold,
    frameworks_named,
    input_info,
    leaning,
    realise,
    split_segments,
    to_items,
)
from .values import LayerValue, ModelValue, NamedModelValue
from .vocabulary import COMPARE_WORDS, FRAMEWORK_WORDS, UNTRAINABLE_WORDS, LayerWord

EXAMPLE = "conv2d 32 filters 3x3 on 28x28x1"
_CODE_STARTS = ("import ", "from ", "model.add(", "@")


def answer_question(
    question: str, *, explicit: Framework | None = None, default: Framework = "keras"
) -> Answer:
    """Read ``question`` (words or pasted code) and answer it with the engine."""
    text = question.strip()
    if not text:
        raise ParamError(
            "The question is empty. Ask about a layer or a model, for example "
            f"`{EXAMPLE}` or paste Keras / PyTorch code.",
            expected=("a question",),
        )
    code, context, offset = _split_fence(text)
    lead = len(question) - len(question.lstrip())
    if code is None and _looks_like_code(text):
        code, context, offset = text, "", 0
    if code is not None:
        if context.strip():
            _check_context(context)
        try:
            return _answer_code(question, code, context, explicit, default)
        except ParamError as exc:
            if exc.position is not None:
                exc.position += offset + lead
            if not _looks_like_code(code):
                # a question in words inside a fence ("```conv2d 32 3x3 on 28x28x1```"):
                # read the words, fences blanked so that positions still match
                try:
                    return _answer_text(question, _FENCE.sub(_blank, text), explicit,
                                        default)
                except ParamError:
                    pass
            raise
    try:
        return _answer_text(question, text, explicit, default)
    except ParamError as exc:
        if exc.position is not None:
            exc.position += lead
        raise


# -- code ----------------------------------------------------------------------------------


def _split_fence(text: str) -> tuple[str | None, str, int]:
    """Code in ``` fences (all of them, in order), the text around them, and where the
    first block starts in ``text`` (error positions point into the question)."""
    blocks: list[str] = []
    context: list[str] = []
    first = -1
    i = 0
    while True:
        start = text.find("```", i)
        if start < 0:
            context.append(text[i:])
            break
        body_start = text.find("\n", start)
        if body_start < 0:
            context.append(text[i:])
            break
        end = text.find("```", body_start)
        context.append(text[i:start])
        if first < 0:
            first = body_start + 1
        blocks.append(text[body_start + 1:] if end < 0 else text[body_start + 1:end])
        if end < 0:
            break
        i = end + 3
    if not blocks:
        return None, text, 0
    return "\n".join(blocks), " ".join(context), first


#: Words around a code fence that would change the count: parambot reads the code only,
#: so it refuses rather than answer without them.
_CONTEXT_CHANGES = {"bias", "bidirectional", "return_sequences", "layers", "stride",
                    "padding", "input", "groups", "dilation", "trainable", "frozen",
                    "instead", "units", "filters", "hidden", "classes"}


def _check_context(context: str) -> None:
    words = {w.strip("?.!,:;()'\"`").lower() for w in context.split()}
    changes = sorted(words & _CONTEXT_CHANGES)
    if changes or any(ch.isdigit() for ch in context):
        what = f"`{changes[0]}`" if changes else "a size"
        raise ParamError(
            f"I count the code in the ``` block as written; the text around it mentions "
            f"{what}, which would change the answer. Put the change into the code itself "
            "(e.g. bias=False, bidirectional=True) and ask again.",
            expected=("code",),
        )


_FENCE = re.compile(r"```[A-Za-z0-9_+-]{0,20}")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _looks_like_code(text: str) -> bool:
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(_CODE_STARTS) or s.startswith(("for ", "class ", "def ", "while ")):
            return True
        name, eq, rest = s.partition("=")
        name = name.strip()
        if eq and not rest.startswith("=") and name.replace("_", "a").replace(".", "a").isalnum() \
                and not name[:1].isdigit() and rest.strip():
            return True
    return False


def _answer_code(
    question: str, code: str, context: str, explicit: Framework | None, default: Framework
) -> Answer:
    refuse_unsupported(code)
    hint = _words_framework(context) or explicit
    tree = parse(code, "code")
    ev = Evaluator(code, hint or default)
    program = ev.run(tree)
    comment_shape = _comment_input(code)
    subjects = _program_subjects(program, comment_shape)
    if not subjects:
        raise ParamError(
            "I read the code but found no layer or model to count. Paste layer "
            "constructors (Dense(10), nn.Linear(784, 10)), a Sequential model or a "
            "keras.Model(inputs, outputs).",
            expected=("a layer",),
        )
    fw = subjects[0].framework
    return Answer(question, fw, tuple(subjects), explain(subjects))


def _unshared(label: str, layers: list[LayerValue]) -> None:
    seen: set[int] = set()
    for lv in layers:
        if id(lv) in seen and not _weightless(lv.made.layer):
            raise ParamError(
                f"{label} uses the same layer object more than once; the frameworks "
                "share its weights and count them once, which parambot does not "
                "model yet. Create a separate layer for each use, or ask about the "
                "layer once.",
                position=lv.position,
            )
        seen.add(id(lv))


def _program_subjects(program: Program, comment_shape: Shape | None) -> list[Subject]:
    out: list[Subject] = []
    # a name bound again ("model = nn.Sequential(model, ...)") is its last value only
    last = {label: k for k, (label, _) in enumerate(program.items)}
    for k, (label, value) in enumerate(program.items):
        if last[label] != k:
            continue
        if isinstance(value, ModelValue) and value.graph is not None:
            from ..engine.functional import build_functional  # only for functional models

            out.append(build_functional(label, value.graph))
        elif isinstance(value, ModelValue):
            if not value.layers or (value.called and value.input_shape is None):
                # a Keras Sequential given no input is built by the model that calls it,
                # and counted there as a row
                continue
            _unshared(label, value.layers)
            if value.framework == "keras" and value.chain:
                check_sequential_calls([lv.made.layer for lv in value.layers])
            shape = value.input_shape
            if shape is None and value.framework == "pytorch":
                shape = comment_shape
            rows: list[str | None] = list(value.rows) if value.framework == "pytorch" and \
                value.rows else [lv.name for lv in value.layers]
            subject = _stack(value.framework, label, [lv.made.layer for lv in value.layers],
                             shape if value.chain else None, rows,
                             input_name=value.input_name, chain=value.chain)
            if value.nested:
                subject = replace(subject, notes=(
                    *subject.notes,
                    f"Keras' summary shows {', '.join(value.nested)} as one row"
                    + (" each" if len(value.nested) > 1 else "") + " (a model inside a "
                    "Sequential); here its layers are listed one by one. The totals are the "
                    "same.",))
            out.append(subject)
        elif isinstance(value, LayerValue):
            if value.used:
                continue
            shape = value.made.input_shape or (comment_shape if value.framework == "pytorch"
                                               else None)
            out.append(_stack(value.framework, label, [value.made.layer], shape,
                              [value.name]))
        elif isinstance(value, NamedModelValue):
            out.append(_named(value.name, value.framework, value))
    return out


def _weightless(layer: Layer) -> bool:
    """A layer with no weights (pooling, an activation, dropout, flatten): using the same
    object twice shares nothing, so it counts like two."""
    name = layer.TYPE
    return "Pool" in name or name in WEIGHTLESS


def _comment_input(code: str) -> Shape | None:
    """PyTorch code often states its input in a comment: ``# input is 1x28x28``, ``# input:
    (N, 3, 224, 224)``, ``# input 1, 28, 28``, ``# input 768``. A batch axis written as a
    letter or word (N, B, batch) is left out; a number right after "input" starts it."""
    for line in code.splitlines():
        hash_at = line.find("#")
        if hash_at < 0:
            continue
        comment = line[hash_at + 1:].lower()
        at = comment.find("input")
        if at < 0:
            continue
        m = _COMMENT_DIMS.search(comment, at + len("input"))
        if m is None or m.start() - at > 40:  # the sizes must follow "input" closely
            continue
        dims = tuple(int(d) for d in _DIGITS.findall(m.group("dims")))
        if dims and all(0 < d < 10**7 for d in dims):
            return dims
    return None


#: Sizes in a comment: an optional batch name, then whole numbers joined by x, ×, *, or
#: commas (each separator required, so matching stays linear on long lines).
_COMMENT_DIMS = re.compile(
    r"(?:(?:n|b|bs|batch|batch_size|none)\s*[,x×*]\s*)?(?P<dims>\d+(?:\s*[,x×*]\s*\d+)*)")
_DIGITS = re.compile(r"\d+")


# -- words ---------------------------------------------------------------------------------


def framework_in_words(text: str) -> Framework | None:
    """The framework a question names (``pytorch``, ``nn.``, ``keras``, ``tf.``), if any."""
    return _words_framework(text[:4000])


def _words_framework(text: str) -> Framework | None:
    for raw in text.lower().replace(",", " ").replace(":", " ").split():
        w = raw.strip("?.!()")
        if w in FRAMEWORK_WORDS:
            return FRAMEWORK_WORDS[w]
        if w.startswith(("nn.", "torch.")):
            return "pytorch"
        if w.startswith(("tf.", "keras.")):
            return "keras"
    return None


#: Every character Python counts as white space (what str.split splits on; the grammar's
#: own white space is the ASCII space). tests/grammar/test_express.py checks the list.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_SPACES = {ord(c): " " for c in WHITE_SPACE}


def _answer_text(
    question: str, text: str, explicit: Framework | None, default: Framework
) -> Answer:
    # every white space (new lines, tabs, a no-break space pasted from a web page) becomes
    # a space, one for one, so error positions still point into the question
    one_line = text.translate(_SPACES)
    tree = parse_text(one_line)
    # the framework the words name matters only to calls written inline
    hint = _words_framework(one_line) if any(
        isinstance(child, Tree) for child in tree.children) else None
    ev = Evaluator(one_line, hint or explicit or default, tree, "text")
    items = to_items(tree, ev)
    named = frameworks_named(items)
    fw: Framework = named[0] if named else (leaning(items) or explicit or default)
    items = fold(items, fw)
    named = frameworks_named(items) or named
    if not named:
        # a layer only one framework has (batchnorm1d, SeparableConv2D) decides it
        fw = leaning(items) or explicit or default
    check_typos(items)
    words = {str(it.value) for it in items if it.kind == "word"}
    named_words = words | {it.raw.lower() for it in items if it.kind == "layer"}
    solved = inverse(items, named_words, fw)
    if solved is not None:
        subjects_, how = solved
        return Answer(question, subjects_[0].framework, subjects_, how)
    config = transformer_config(items, named_words)
    if config is not None:
        return Answer(question, config.framework, (config,), None,
                      notes=add_ons((config,), words))
    if "with" in words and ("and" in words or "or" in words):
        items = _with_and_without(items)
    parts = _split_parts(items, words)
    heads = [p for p in parts if any(it.kind in ("call", "layer", "model") for it in p)]
    if not heads:
        _refuse_unknown_model(items)
        raise ParamError(
            "I didn't find a layer or model in that. Ask about a layer with its sizes, for "
            f"example `{EXAMPLE}`, `lstm 128 units input 28`, `dense 784 -> 128 -> 10`, or "
            "paste Keras / PyTorch code.",
            expected=("a layer name",),
            suggestion=f"try `{EXAMPLE}`",
        )
    parts = _share_sizes(parts)
    plans: list[tuple[list[Item], Framework]] = []
    #: plans that are an earlier plan changed by a later part ("... vs input 64"), by index
    changed_from: dict[int, int] = {}
    if len(named) == 2 and len(heads) == 1:
        # "difference between keras and pytorch lstm 128", "... in keras and pytorch"; what
        # another part adds ("keras vs pytorch without bias") holds for both
        extra = [it for p in parts if p is not heads[0] for it in p
                 if it.kind != "fw" and not (it.kind == "word" and (
                     str(it.value) in FRAMEWORK_WORDS or str(it.value) in _FILLER_WORDS))]
        plans = [(heads[0] + extra, f) for f in named]
        head = next(it for it in heads[0] if it.kind in ("call", "layer", "model"))
        word = head.value
        if isinstance(word, LayerWord) and (word.torch or "").endswith("1d") and any(
                it.kind in ("dims", "shape") and len(it.value) == 2  # type: ignore[arg-type]
                for it in heads[0] + extra):
            # "keras vs pytorch conv1d 64 kernel 3 on 100x16": Keras reads steps × channels,
            # PyTorch channels × length; one tensor can't be both
            raise ParamError(
                "Keras lays a 1-D input out as steps × channels and PyTorch as channels × "
                "length, so one shape can't be given to both. Ask each in its own layout "
                "(`keras conv1d 64 kernel 3 on 100x16 vs pytorch conv1d 64 kernel 3 on "
                "16x100`).", position=head.pos)
    else:
        last: list[Item] | None = None
        # "lstm 64 input 32 vs pytorch input 64": the framework starts a later side and is
        # that side's own; the first side is the default's (or the one its words lean to)
        own: Framework = fw if not named or len(parts) < 2 or not _named_by_later_side(
            parts) else (leaning(items) or explicit or default)
        #: the change-only side before this one ("... vs kernel 5x5 vs stride 2")
        change: list[Item] | None = None
        for part in parts:
            has_head = any(it.kind in ("call", "layer", "model") for it in part)
            if not has_head and change is not None and _change_keys(part) != _change_keys(
                    change):
                # is "stride 2" a change of the first side or of "kernel 5x5"?
                raise ParamError(
                    f"I can't tell whether `{' '.join(it.raw for it in part)}` changes the "
                    f"first side or `{' '.join(it.raw for it in change)}`. Write each side in "
                    "full, e.g. `conv2d 32 3x3 vs conv2d 32 5x5 vs conv2d 32 5x5 stride 2`.",
                    position=part[0].pos)
            change = None if has_head else part
            if has_head:
                side_fw = _part_framework(part, own)
                last = part = _models_in(part, side_fw)
                plans.append((part, side_fw))
            elif last is not None and (model := _model_head(last)) is not None and any(
                    it.kind in ("kv", "num", "dims", "shape") or _word_of(it) in OPTION_WORDS
                    or _word_of(it) in ("with", "without", "no") for it in part):
                # "resnet50 without top vs with top", "resnet50 10 classes vs 100 classes":
                # the same model, built with the second side's options
                changed_from[len(plans)] = next(
                    i for i, (p, _) in enumerate(plans) if p is last)
                fws = [it for it in last if it.kind == "fw" or (
                    it.kind == "word" and str(it.value) in FRAMEWORK_WORDS)]
                _refuse_lost_options(last, part, model)
                plans.append(([*fws, model, *part], _part_framework(
                    part, _plan_framework(plans, last))))
            elif last is not None and _overrides(part):
                merged = _override(last, part, _prober(_plan_framework(plans, last)))
                changed_from[len(plans)] = next(
                    i for i, (p, _) in enumerate(plans) if p is last)
                plans.append((merged, _part_framework(part, _plan_framework(plans, last))))
            elif last is not None and _DROPPED_OPTIONS.intersection(
                    str(it.value) for it in part if it.kind == "word"):
                # "lstm 128 bidirectional vs unidirectional", "dense 64 trainable vs frozen":
                # a side parambot can't build from the first; refused, not dropped
                raise ParamError(
                    "I couldn't build the second side of that comparison from the first. "
                    "Write both sides in full, e.g. `lstm 64 input 32 vs bilstm 64 input 32` "
                    "or `dense 64 on 32 vs dense 64 on 32 frozen`.",
                    position=part[0].pos)
            elif last is not None and any(
                    it.kind not in ("sep", "arrow") and not (
                        it.kind == "word" and (str(it.value) in _FILLER_WORDS
                                               or str(it.value) in _SPLIT_WORDS))
                    for it in part):
                # "conv2d 64 3x3 on 32x32x3 vs depthwise": a side that is neither a layer nor
                # a change parambot can apply would be dropped without a word
                raise ParamError(
                    f"I couldn't build a side of that comparison from "
                    f"`{' '.join(it.raw for it in part)}`. Write both sides in full, e.g. "
                    "`conv2d 64 3x3 on 32x32x3 vs depthwise conv2d 3x3 on 32x32x3`.",
                    position=part[0].pos)
    if len(plans) > MAX_SUBJECTS:
        raise ParamError(f"That compares {len(plans)} layers or models; parambot answers at "
                         f"most {MAX_SUBJECTS} side by side. Ask in smaller groups.")
    # What one subject says about the input applies to all ("lstm 256 vs bilstm 128 input
    # 28"), unless a subject gives its own.
    segmented = [(part, f, split_segments(part)) for part, f in plans]
    infos = [_part_info(segs) for _, _, segs in segmented]
    # shared within one framework: Keras shapes are channels-last, PyTorch's first; across
    # frameworks only a width and a length are ("keras gru 64 vs pytorch gru 64, input 32")
    shared = {f: next((i for (_, g, _), i in zip(segmented, infos, strict=True)
                       if g == f and i.given), InputInfo()) for _, f, _ in segmented}
    for f, got in list(shared.items()) if len(segmented) > 1 else ():
        if not got.given:
            other = next((i for i in infos if i.given and i.shape is None
                          and i.channels is None), None)
            if other is not None:
                shared[f] = InputInfo(features=other.features, steps=other.steps)
    subjects = [_plan_subject(part, f, segs, info, shared[f])
                for (part, f, segs), info in zip(segmented, infos, strict=True)]
    for i, base in changed_from.items():
        if _same_subject(subjects[i], subjects[base]) and subjects[i].label == \
                subjects[base].label:
            # "lstm 64 input 32 vs input 64" read as the same layer twice: the change was
            # not applied, so the comparison would be false
            raise ParamError(
                "The second side of that comparison came out the same as the first: "
                "parambot couldn't apply the change to it. Write both sides in full, e.g. "
                "`lstm 64 input 32 vs lstm 64 input 64`.", position=None)
    subjects = _told_apart(subjects)
    answer_fw = subjects[0].framework if subjects else fw
    notes = add_ons(tuple(subjects), words)
    used = {s.framework for s in subjects}
    if named and not set(named) & used:
        # "nn.LSTM(28, 128) in keras": the class decides, and the answer says so
        notes = (f"The question mentions {', '.join(named)}, but the layers named are "
                 f"{' and '.join(sorted(used))} classes, so they are counted as such.", *notes)
    return Answer(question, answer_fw, tuple(subjects), explain(subjects, _model_note(segmented)),
                  notes=notes)


#: Options that, written after a stack's last layer, could mean every layer.
_STACK_WIDE = frozenset({"nobias", "biasless", "frozen", "freeze", "trainable", "all",
                         "affine", "center", "scale", "use_bias", "bias"})
#: More options that, after a stack's input, could mean every layer or the last one.
_STACK_OPTIONS = frozenset({"bidirectional", "same", "valid", "causal", "stride", "strides",
                            "stateful", "return_sequences", "padding", "dilation"}
                           ) | UNTRAINABLE_WORDS
#: Words that make an option every layer's, or some layers' ("all frozen except last").
_ALL_WORDS = frozenset({"all", "both", "every", "each", "except", "only", "entire", "whole"})
_INPUT_WORDS = frozenset({"on", "input", "input_shape", "shape"})
#: Words that say nothing of a framework's layer ("keras vs pytorch ... in both").
_FILLER_WORDS = frozenset({"vs", "and", "or", "in", "both", "between", "difference", "the"})
#: Words after a "vs" that ask about the count, not for another subject ("trainable vs
#: non-trainable?").
_SPLIT_WORDS = frozenset({"trainable", "params", "parameters", "parameter", "weights",
                          "count", "total", "buffers", "non", "frozen"}) | UNTRAINABLE_WORDS
#: Words of a side of a comparison that, dropped, would leave one subject for two.
_DROPPED_OPTIONS = frozenset({"frozen", "freeze", "unidirectional", "relu", "tanh",
                              "without", "nobias", "biasless", "bidirectional",
                              "return_sequences", "channels_first", "channels_last"})


def _output_of(layers: list[Layer], shape: Shape | None) -> Shape | None:
    """What ``layers`` hand on from ``shape`` (None where it can't be known: the stack's
    own build reports the error)."""
    for layer in layers:
        if shape is None:
            return None
        try:
            shape = layer.build(shape, "_").output_shape
        except (ParamError, MissingInput):
            return None
    return shape


def _same_subject(a: Subject, b: Subject) -> bool:
    return (a.framework == b.framework and a.total == b.total
            and a.trainable == b.trainable and a.output_shape == b.output_shape
            and a.input_shape == b.input_shape
            and [(r.type, r.weights) for r in a.layers] == [(r.type, r.weights)
                                                            for r in b.layers])


#: Families of named models, to tell an unknown model name from any other word.
_MODEL_FAMILIES = ("vgg", "resnet", "resnext", "wide_resnet", "mobilenet", "efficientnet",
                   "densenet", "inception", "googlenet", "xception", "squeezenet", "alexnet",
                   "shufflenet", "mnasnet", "regnet", "convnext", "vit", "swin", "maxvit",
                   "nasnet", "bert", "roberta", "distilbert", "gpt", "llama", "t5", "opt",
                   "mistral", "falcon", "bloom")


def _refuse_unknown_model(items: list[Item]) -> None:
    """``vgg16_bn params``, ``googlenet``: a model name parambot does not know gets a
    message saying so (and the models of that family it does know), not "no layer"."""
    for it in items:
        if it.kind != "word":
            continue
        w = str(it.value).lower()
        # the family's name alone or before a variant (vgg16_bn, t5-small, mobilenetv3), not
        # any word that begins like one (optimizer, vitamin)
        family = next((f for f in _MODEL_FAMILIES if w.startswith(f)
                       and (len(w) == len(f) or w[len(f)] in "0123456789-_v")), None)
        if family is None:
            continue
        key = family.replace("_", "")
        known = sorted({n for n in models.known_names()
                        if n.lower().replace("_", "").replace("-", "").startswith(key)})
        near = models.suggest(w)
        if near is not None and not near.lower().replace("_", "").startswith(key):
            near = None  # googlenet is not a misspelt MobileNet
        raise ParamError(
            f"parambot doesn't know the model `{it.raw}`. "
            + (f"The {family} models it knows: {', '.join(known)}." if known else
               "The named models it knows: " + ", ".join(sorted(models.known_names())) + ".")
            + " Or paste the model's layers as code.",
            position=it.pos,
            suggestion=f"did you mean {near}?" if near else None,
        )


#: The most subjects one question may compare: each is a whole table (a named model's can
#: take a few milliseconds), so two hundred "resnet152 vs ..." would be a wall of text.
MAX_SUBJECTS = 12

#: Options a question can ask about both ways: "with and without bias".
_BOTH_WAYS = {"nobias", "return_sequences", "bidirectional", "batch_first"}


def _with_and_without(items: list[Item]) -> list[Item]:
    """``Dense(64) with and without bias on 128 inputs``: the question asks about two
    layers, so it becomes ``... on 128 inputs vs ... without bias on 128 inputs``."""
    for i in range(len(items) - 2):
        if items[i].value != "with" or items[i + 1].value not in ("and", "or"):
            continue  # (a word's value is its text; no other item's value is either)
        words = [str(it.value) if it.kind == "word" else "" for it in items]
        # "with and without bias" (read as with, and, nobias) or "with and without X"
        end = i + 3 if words[i + 2] in _BOTH_WAYS else (
            i + 4 if words[i + 2] == "without" and i + 3 < len(items)
            and words[i + 3] in _BOTH_WAYS else None)
        if end is None and words[i + 2] == "without" and i + 3 < len(items) and words[
                i + 3] in ("top", "classifier", "head") and _model_head(items) is not None:
            # "resnet50 with and without top": the model as built, then without its top
            base = items[:i] + items[i + 4:]
            vs = Item("word", "vs", items[i].pos, "vs")
            return [*base, vs, *items[i + 2:i + 4]]
        if end is None:
            continue
        option = words[end - 1]
        base = items[:i] + items[end:]
        flag = items[end - 1]
        # with the option and without it; "nobias" is itself the "without" side
        with_it = base if option == "nobias" else items[:i] + [flag] + items[end:]
        without = items[:i] + [flag] + items[end:] if option == "nobias" else base
        vs = Item("word", "vs", items[i].pos, "vs")
        return [*with_it, vs, *without]
    return items


def _model_head(part: list[Item]) -> Item | None:
    return next((it for it in part if it.kind == "model"), None)


def _word_of(it: Item) -> str:
    return str(it.value) if it.kind == "word" else ""


def _model_note(segmented: list[tuple[list[Item], Framework, list[Segment]]]) -> str | None:
    """The known Keras-vs-PyTorch note when a named model is compared across frameworks."""
    names = {seg.head.value.name for _, _, segs in segmented for seg in segs
             if seg.head is not None and isinstance(seg.head.value, models.ModelSpec)}
    frameworks = {f for _, f, _ in segmented}
    if len(segmented) == 2 and len(frameworks) == 2 and names:
        return models.compare_note(sorted(names)[0])
    return None


def _refuse_lost_options(first: list[Item], second: list[Item], model: Item) -> None:
    """``keras vgg16 on 64x64x3 10 classes vs 100 classes``: the second side is built from
    the model and its own options only, so an option of the first side it doesn't restate
    (here the input) would be lost: refused, not dropped."""
    spec = model.value
    assert isinstance(spec, models.ModelSpec)
    try:
        a = read_options(first, model, spec).options
    except ParamError:
        return  # the side itself is refused with its own message when it is read
    said = {str(it.value[0]) if it.kind == "kv" else _word_of(it)  # type: ignore[index]
            for it in second}
    if any(it.kind in ("dims", "shape") for it in second):
        said.add("input_shape")
    lost = [name for name, words in _OPTION_MENTIONS.items()
            if getattr(a, name) != getattr(DEFAULT_OPTIONS, name) and said.isdisjoint(words)]
    if lost:
        what = {"include_top": "without top", "classes": f"{a.classes} classes",
                "pooling": f"pooling {a.pooling}",
                "input_shape": f"input {a.input_shape}"}
        raise ParamError(
            f"The second side of that comparison doesn't say `{what[lost[0]]}`, which the "
            "first side does, and I won't guess whether it keeps it. Write both sides in "
            f"full, e.g. `{spec.name.lower()} 10 classes on 64x64x3 vs {spec.name.lower()} "
            "100 classes on 64x64x3`.", position=second[0].pos)


#: Words by which a side of a comparison mentions a named model's option.
_OPTION_MENTIONS = {
    "include_top": frozenset({"top", "include_top", "headless", "feature", "features",
                              "extractor", "fc", "classifier", "head"}),
    "classes": frozenset({"classes", "class", "num_classes", "labels", "outputs"}),
    "pooling": frozenset({"pooling", "pool", "avg", "max", "average", "global"}),
    "input_shape": frozenset({"input_shape", "input", "on", "shape", "size", "resolution"}),
}


def _told_apart(subjects: list[Subject]) -> list[Subject]:
    """Sides with one label that differ in their input ("lstm 64 input 32 vs input 64"):
    each label says its input, so the side-by-side lines and the explanation can be told
    apart."""
    labels = [s.label for s in subjects]
    if len(set(labels)) == len(labels):
        return subjects
    return [replace(s, label=f"{s.label} on {shape_text(s.input_shape)}")
            if labels.count(s.label) > 1 and s.input_shape is not None and len(
                {t.input_shape for t in subjects if t.label == s.label}) > 1 else s
            for s in subjects]


def _models_in(part: list[Item], fw: Framework) -> list[Item]:
    """``part`` with each named model that the words read in another framework ("resnet50
    vs keras resnet50", asked with PyTorch as the default) looked up in ``fw``, where that
    library has it."""
    if not any(it.kind == "model" for it in part):
        return part
    out: list[Item] = []
    for it in part:
        spec = it.value
        if it.kind == "model" and isinstance(spec, models.ModelSpec) and spec.framework != fw:
            other = models.lookup(it.raw, fw)
            if other is not None and other.framework == fw:
                it = Item("model", other, it.pos, it.raw)
        out.append(it)
    return out


def _plan_framework(plans: list[tuple[list[Item], Framework]], part: list[Item]) -> Framework:
    """The framework ``part`` was planned in (a side built from it keeps it, unless the
    side names another)."""
    return next(f for p, f in plans if p is part)


def _change_keys(part: list[Item]) -> set[str]:
    """What a change-only side of a comparison changes: its words and the roles of its
    sizes ("kernel 5x5" and "kernel 7x7" change the same thing; "stride 2" another)."""
    at: Placed = {}
    fill_slots(Segment(None, part), None, at)
    return ({str(it.value) for it in part if it.kind == "word"}
            | {str(it.value[0]) for it in part if it.kind == "kv"}  # type: ignore[index]
            | {role or "size" for role, _ in at.values()})


def _named_by_later_side(parts: list[list[Item]]) -> bool:
    """Every framework the question names opens a side after the first (``... vs pytorch
    ...``), rather than closing the question (``... vs without bias in pytorch``)."""
    at = [(k, j) for k, p in enumerate(parts) for j, it in enumerate(p)
          if it.kind == "fw" or (it.kind == "word" and str(it.value) in FRAMEWORK_WORDS)
          or (it.kind == "model" and it.raw.split(" ", 1)[0].lower() in FRAMEWORK_WORDS)]
    return bool(at) and all(k > 0 and j == 0 for k, j in at)


def _part_framework(part: list[Item], default: Framework) -> Framework:
    named = frameworks_named(part)
    return named[0] if named else default


def _split_parts(items: list[Item], words: set[str]) -> list[list[Item]]:
    parts: list[list[Item]] = [[]]
    soft = {"and", "with"} if "compare" in words else (
        {"and"} if words & {"difference", "between"} else set())
    for i, it in enumerate(items):
        w = str(it.value) if it.kind == "word" else ""
        # "compare X with Y": a soft word splits only between two layers, since "a GRU with
        # 64 units" is one subject
        if w in COMPARE_WORDS or (w in soft and _has_head(parts[-1])
                                  and _has_head(items[i + 1:])):
            parts.append([])
        else:
            parts[-1].append(it)
    return [p for p in parts if p]


_SIZE_KINDS = ("num", "dims", "shape", "kv")


def _share_sizes(parts: list[list[Item]]) -> list[list[Item]]:
    """``keras lstm vs torch lstm, 64 hidden, 32 input``: a side that names a layer but no
    size at all takes the other side's sizes."""
    if len(parts) != 2 or not all(_has_head(p) for p in parts):
        return parts
    sized = [any(it.kind in _SIZE_KINDS for it in p) for p in parts]
    if sized == [True, True] or sized == [False, False]:
        return parts
    donor = parts[0] if sized[0] else parts[1]
    extra = [it for it in donor if it.kind not in ("call", "layer", "model", "fw")
             and not (it.kind == "word" and str(it.value) in FRAMEWORK_WORDS)]
    return [p if s else p + extra for p, s in zip(parts, sized, strict=True)]


def _has_head(items: list[Item]) -> bool:
    return any(it.kind in ("call", "layer", "model") for it in items)


def _overrides(part: list[Item]) -> bool:
    return any(
        it.kind in ("kv", "num", "dims", "shape", "fw")
        or (it.kind == "word" and (str(it.value) in ("true", "false", "none")
                                   or str(it.value) in FRAMEWORK_WORDS
                                   or str(it.value) in _OVERRIDE_WORDS))
        for it in part
    )


_OVERRIDE_WORDS = {"concat", "sum", "mul", "ave", "same", "valid", "causal", "bidirectional",
                   "nobias", "return_sequences", "merge_mode", "reset_after"}


def _prober(fw: Framework) -> Callable[[list[Item]], Subject | None]:
    """What a plan's items count as on their own (None where parambot refuses them): used to
    find which size of a comparison's first side its second side replaces."""
    def probe(items: list[Item]) -> Subject | None:
        copies = [Item(it.kind, it.value, it.pos, it.raw) for it in items]
        try:
            segs = split_segments(copies)
            info = _part_info(segs)
            return _plan_subject(copies, fw, segs, info, info)
        except (ParamError, MissingInput):
            return None
    return probe


def _replace_sizes(base: list[Item], part: list[Item],
                   probe: Callable[[list[Item]], Subject | None]
                   ) -> tuple[list[Item], list[Item]]:
    """``lstm 64 input 32 vs input 64``, ``... vs 128 units``, ``... vs on 28x28x3``: a size
    the second side gives replaces the first side's size of the same role (with the word
    that named it), instead of standing beside it. A size the first side gave without a
    word ("lstm 64") is replaced where labelling it with the second side's word counts the
    same layer. A size of a role the first side doesn't give ("vs stride 2") is added, and
    must change the count or a shape: otherwise it was not applied, and it is refused."""
    head = next((it for it in base if it.kind in ("call", "layer", "model")), None)
    if head is None:
        return base, part
    base, part = list(base), list(part)
    added: list[list[Item]] = []
    # a stack ("dense 784 -> 128 -> 10", "lstm 64, dense 10"): a size could belong to any
    # of its layers, and a chain of widths reads its sizes by place, not by role
    stack = any(it.kind in ("arrow", "dashnums") for it in base) or len(split_segments(
        [Item(it.kind, it.value, it.pos, it.raw) for it in base])) > 1
    while True:
        base_at: Placed = {}
        part_at: Placed = {}
        fill_slots(Segment(head, base), None, base_at)
        fill_slots(Segment(head, part), None, part_at)
        had = {role for role, _ in base_at.values() if role is not None}
        bare = [i for i, (role, _) in base_at.items() if role is None]
        missing = [(src, word) for src, (role, word) in sorted(part_at.items())
                   if role is not None and role not in had
                   and not any(part[src] is said[-1] or part[src] is said[0]
                               for said in added)]
        if not missing:
            break
        src, word = missing[0]
        said = [part[src]] if word is None else (
            [part[word], part[src]] if word < src else [part[src], part[word]])
        role = part_at[src][0]
        if bare and (stack or role == "channels"):
            # "... vs 3 channels": the input's channels or the layer's own?
            raise _unplaced(said, "layer's size" if stack else "size")
        # which unlabelled size of the first side is this one: the one that, labelled with
        # the second side's word, is read in that role and still counts the same layer
        before = probe(base) if bare and word is not None else None
        found = next((i for i in bare if _labelled_as(base, i, said, part[src], head, role)
                      and _same(before, probe(base[:i] + [
                          base[i] if x is part[src] else x for x in said] + base[i + 1:]))),
                     None) if before is not None else None
        if found is None:
            added.append(said)
            continue
        base[found:found + 1] = said
        part = [x for x in part if not any(x is y for y in said)]
    given = {role for role, _ in part_at.values() if role is not None}
    for src, (role, _) in part_at.items():
        if role is not None and sum(r == role for r, _ in base_at.values()) > 1:
            # "lstm 64 units, dense 10 units ... vs 128 units": which layer's?
            raise _unplaced([part[src]], "layer's size")
    drop = {j for i, (role, word) in base_at.items() if role in given
            for j in (i, word) if j is not None}
    base = [it for i, it in enumerate(base) if i not in drop]
    if added:
        whole = probe(base + part)
        for said in added:
            without = probe(base + [x for x in part if not any(x is y for y in said)])
            if whole is not None and _same(whole, without):
                size = next(x for x in said if x.kind != "word")
                raise ParamError(
                    f"I couldn't apply `{' '.join(x.raw for x in said)}` to the first side "
                    "of that comparison. Write both sides in full, e.g. `lstm 64 units input "
                    "32 vs lstm 128 units input 32`.", position=size.pos)
    return base, part


def _labelled_as(base: list[Item], i: int, said: list[Item], new: Item, head: Item,
                 role: str | None) -> bool:
    """Whether ``base[i]``, written with the words of ``said`` around it, is read in
    ``role`` (a word put after one size may name the next: "1000 dim 64")."""
    labelled = base[:i] + [base[i] if x is new else x for x in said] + base[i + 1:]
    at: Placed = {}
    fill_slots(Segment(head, labelled), None, at)
    return at.get(i + said.index(new), (None, None))[0] == role


def _unplaced(said: list[Item], what: str) -> ParamError:
    size = next(x for x in said if x.kind != "word")
    example = ("dense 784 -> 128 -> 10 vs dense 784 -> 256 -> 10" if what.startswith("layer")
               else "conv2d 32 3x3 on 28x28x1 vs conv2d 32 3x3 on 28x28x3")
    return ParamError(
        f"I can't tell which {what} of the first side `{' '.join(x.raw for x in said)}` "
        f"changes. Write both sides in full, e.g. `{example}`.", position=size.pos)


def _same(a: Subject | None, b: Subject | None) -> bool:
    return a is not None and b is not None and _same_subject(a, b)


def _override(base: list[Item], part: list[Item],
              probe: Callable[[list[Item]], Subject | None]) -> list[Item]:
    """``... reset_after true vs false``: the second subject is the first with changes."""
    # "reset_after True vs reset_after False": a keyword with its value is one change; a
    # value alone ("... true vs false") changes the first subject's last keyword
    paired = {i + 1 for i, it in enumerate(part[:-1])
              if it.kind == "word" and part[i + 1].kind == "word"
              and str(part[i + 1].value) in ("true", "false")
              and str(it.value) not in ("true", "false")}
    values = [it for i, it in enumerate(part) if it.kind == "word" and i not in paired
              and str(it.value) in ("true", "false")]
    keyed = [it for i, it in enumerate(part) if i in paired or it.kind != "word"
             or str(it.value) not in ("true", "false")]
    merged = list(base)
    if values and not any(it.kind == "kv" for it in part):
        # a bare value replaces the value of the last keyword the first subject set
        for i in range(len(merged) - 1, -1, -1):
            it = merged[i]
            if it.kind == "kv":
                pair = it.value
                assert isinstance(pair, tuple)
                merged[i] = Item("kv", (pair[0], values[0].value == "true"), it.pos, it.raw)
                break
            if (it.kind == "word" and i + 1 < len(merged)
                    and merged[i + 1].kind == "word"
                    and str(merged[i + 1].value) in ("true", "false")):
                merged[i + 1] = values[0]
                break
    # later keywords win: drop the first subject's word pair for the same keyword
    for k, it in enumerate(keyed):
        valued = (k + 1 < len(keyed) and keyed[k + 1].kind == "word"
                  and str(keyed[k + 1].value) in ("true", "false"))
        if it.kind == "word" and (str(it.value) in ("merge_mode", "reset_after", "padding")
                                  or valued):
            for i in range(len(merged) - 1):
                if merged[i].kind == "word" and merged[i].value == it.value:
                    del merged[i:i + 2]
                    break
        if it.kind == "kv":
            key = it.value[0]  # type: ignore[index]
            merged = [m for m in merged if not (m.kind == "kv" and m.value[0] == key)]  # type: ignore[index]
        if it.kind == "word" and str(it.value) in FRAMEWORK_WORDS:
            merged = [m for m in merged if not (m.kind == "word"
                                                and str(m.value) in FRAMEWORK_WORDS)]
        group = next((g for g in _EXCLUSIVE_VALUES if it.kind == "word" and it.value in g),
                     None)
        if group is not None:
            # "padding same vs valid": the second value replaces the first subject's, with
            # the keyword before it ("padding same")
            kept: list[Item] = []
            for m in merged:
                if m.kind == "word" and m.value in group:
                    if kept and kept[-1].kind == "word" and kept[-1].value in _VALUE_KEYS:
                        kept.pop()
                    continue
                kept.append(m)
            merged = kept
    merged, keyed = _replace_sizes(merged, keyed, probe)
    # copies: each side's items are read on their own (splitting marks gaps on them)
    return [Item(it.kind, it.value, it.pos, it.raw) for it in merged + keyed]


#: Values of which a layer takes one: a later one replaces an earlier one.
_EXCLUSIVE_VALUES = (frozenset({"same", "valid", "causal", "full"}),
                     frozenset({"concat", "sum", "mul", "ave"}))
_VALUE_KEYS = frozenset({"padding", "merge_mode"})


def _recurrent_core(layer: Layer) -> Layer | None:
    from ..engine.layers.recurrent import KERAS_RECURRENT
    from ..engine.layers.wrappers import Bidirectional

    inner = layer.layer if isinstance(layer, Bidirectional) else layer
    return inner if isinstance(inner, KERAS_RECURRENT) else None


def _hand_on_sequences(layers: list[Layer]) -> tuple[list[Layer], list[str]]:
    """``lstm 64 -> gru 32`` in words: Keras only stacks recurrent layers when the lower
    one returns its whole sequence, so that is what the question means."""
    out = list(layers)
    notes: list[str] = []
    if len(out) < 2:
        return out, notes
    from ..engine.layers.wrappers import Bidirectional

    for i in range(len(out) - 1):
        core, nxt = _recurrent_core(out[i]), _recurrent_core(out[i + 1])
        if core is None or nxt is None or getattr(core, "return_sequences", True):
            continue
        seq = replace(core, return_sequences=True)  # type: ignore[call-arg]
        current = out[i]
        out[i] = replace(current, layer=seq) if isinstance(current, Bidirectional) else seq
        notes.append(f"{core.TYPE} {i + 1} returns sequences (return_sequences=True) so that "
                     "the recurrent layer above it gets a sequence; without it Keras would "
                     "refuse the stack.")
    return out, notes


def _part_info(segments: list[Segment]) -> InputInfo:
    """Everything a part of the question says about the input, first mention first."""
    info = InputInfo()
    for seg in segments:
        got = input_info(fill_slots(seg, None))
        info = InputInfo(info.shape or got.shape, info.features or got.features,
                         info.steps or got.steps, info.channels or got.channels,
                         info.value_shape or got.value_shape)
    return info


def _plan_subject(part: list[Item], fw: Framework, segments: list[Segment], info: InputInfo,
                  shared: InputInfo) -> Subject:
    layer_segs = [s for s in segments if s.head is not None]
    models_ = [s for s in layer_segs if s.head is not None and s.head.kind == "model"]
    if models_:
        head = models_[0].head
        assert head is not None
        spec = head.value
        assert isinstance(spec, models.ModelSpec)
        if spec.name.startswith("bert") and any(
                it.kind == "word" and it.value == "cased" for it in part):
            raise ParamError("parambot knows the uncased BERT checkpoints (vocabulary 30,522); "
                             "the cased ones have another vocabulary (28,996), so their count "
                             "differs.", position=head.pos,
                             suggestion="bert base uncased")
        if spec.framework != fw and (models.lookup(head.raw, fw) or spec).framework == fw:
            spec = models.lookup(head.raw, fw) or spec
        _refuse_model_variant(part, head)
        read = read_options(part, head, spec)
        if read.needs is not None and read.needs != spec.framework and not (
                frameworks_named(part) or framework_in_words(head.raw)):
            # "resnet50 without top": include_top is Keras' option, so it is Keras' model
            # unless the question named PyTorch
            try:
                other = models.lookup(head.raw, read.needs)
            except ParamError:
                other = None  # "inceptionv3 num_classes=10": torchvision's is another build
            if other is not None and other.framework == read.needs:
                spec = other
        built = models.build(spec, read.options)
        if read.notes:
            built = replace(built, notes=(*read.notes, *built.notes))
        return built
    if not info.given:
        info = replace(shared, value_shape=info.value_shape or shared.value_shape)
    chain = _number_chain(part, segments)
    if chain is not None:
        return _chain_subject(chain, part, fw, info)
    if len(layer_segs) > 1:
        last_items = layer_segs[-1].items
        # after the stack's input ("lstm 64, lstm 32 on 10x16 bidirectional") or with
        # "all" / "both" ("dense 64, dense 10 on 784 all frozen"), as after a comma
        start = next((k + 2 for k, it in enumerate(last_items[:-1]) if it.kind == "word"
                      and it.value in _INPUT_WORDS and last_items[k + 1].kind in (
                          "dims", "shape", "num")), len(last_items))
        late = [*last_items[start:], *layer_segs[-1].tail]
        if any(it.kind == "word" and it.value in _ALL_WORDS for it in last_items):
            late = list(last_items)
        said = [it.raw for it in late if it.kind == "word"
                and (str(it.value) in _STACK_WIDE or str(it.value) in _STACK_OPTIONS)]
        if said:
            # "dense 256, dense 10 on 784, no bias": every layer, or the last?
            raise ParamError(
                f"Does `{said[0]}` after the last layer apply to every layer of the stack "
                "or only the last one? Say it after each layer it applies to (`dense 256 "
                "no bias, dense 10 no bias`), or use a chain of widths (`dense 784 -> 256 "
                "-> 10 without bias`).", position=late[0].pos)
    realised: list[Realised] = []
    if fw == "keras" and len(layer_segs) > 1:
        # "conv2d 32 3x3, conv2d 64 3x3 on 3x28x28 channels first": said once, for all
        if any(channels_first_said([str(it.value) for it in s.items if it.kind == "word"])
               for s in segments):
            for seg in layer_segs:
                seg.channels_first = True
    running: Shape | None = None  # PyTorch: the output of the layers so far
    for i, seg in enumerate(layer_segs):
        if i > 0 and realised[-1].framework == "pytorch" and running is not None:
            # "pytorch conv2d 1 32 3x3, maxpool 2, conv2d 64 3x3 ... on 1x28x28": a PyTorch
            # layer takes its input size in its constructor, from the layer before
            r = realise(seg, fw, InputInfo(shape=running, laid_out=True), first=True,
                        sequence_in=_sequence_out(realised))
        else:
            r = realise(seg, fw, info, first=i == 0, sequence_in=_sequence_out(realised))
        realised.append(r)
        if r.framework == "pytorch" and len(layer_segs) > 1 and i + 1 < len(layer_segs):
            fed: Shape | None = running if i > 0 else r.input_shape
            if fed is None and i == 0 and r.layers and r.layers[0].TYPE == "Linear":
                # "pytorch linear 784 to 256, relu, linear 10": the first layer's own
                # in_features is the stack's input width
                width = getattr(r.layers[0], "in_features", None)
                fed = (width,) if isinstance(width, int) else None
            running = _output_of(r.layers, fed)
    layers: list[Layer] = [lay for r in realised for lay in r.layers]
    frameworks = {r.framework for r in realised}
    layers, handed = _hand_on_sequences(layers)
    if len(frameworks) > 1:
        raise ParamError("That stack mixes Keras and PyTorch layers; ask about one framework "
                         "at a time.")
    sub_fw = realised[0].framework
    shape = realised[0].input_shape
    _check_every_number_used(part, layers, shape)
    if len(realised) == 1:
        label = realised[0].label
    else:
        inner = ", ".join(r.label for r in realised)
        label = f"Sequential[{inner}]" if sub_fw == "keras" else f"nn.Sequential({inner})"
    names = [n for r in realised for n in (r.names or [None] * len(r.layers))]
    chained = all(r.chain for r in realised)
    if not chained and len(realised) > 1:
        raise ParamError("An nn.ModuleList or nn.ModuleDict has no forward of its own, so no "
                         "layer can come before or after it in a stack; ask about it alone.")
    subject = _stack(sub_fw, label, layers, shape, names, chain=chained)
    notes = [n for r in realised for n in r.notes] + handed
    if notes:
        subject = replace(subject, notes=(*notes, *subject.notes))
    return subject


#: Words whose number is a rate (never a size).
_RATE_WORDS = frozenset({"dropout", "recurrent_dropout", "rate", "p"})

#: Words right after a model's name that make it another model than the one matched
#: ("efficientnet b1", "resnet50 v2", "vgg16 bn", "mobilenet v3 small", "vit l 16").
_VARIANT = re.compile(r"(?:v\d+|b\d+|x\d+|bn|small|large|tiny|mini|nano|xl|xxl|huge|l|h|s|m"
                      r"|wide|resnet|se|lite|bert)")
#: Words right before it that do the same ("wide resnet50").
_VARIANT_BEFORE = {"wide", "inception", "se", "pre-act", "preact"}


def _refuse_model_variant(part: list[Item], head: Item) -> None:
    """A named model followed or preceded by a word naming a variant parambot does not
    know is refused, not answered as the base model; so is a part naming two models."""
    at = next(i for i, it in enumerate(part) if it is head)
    after = part[at + 1] if at + 1 < len(part) else None
    before = part[at - 1] if at > 0 else None
    spec = head.value
    assert isinstance(spec, models.ModelSpec)
    # (the same model named twice is fine: "GPT-2 small (GPT2LMHeadModel)")
    other = next((it for it in part if it.kind == "model" and it is not head and getattr(
        it.value, "name", None) != spec.name), None)
    odd = other if other is not None else after if after is not None and (
        after.kind == "word" and _VARIANT.fullmatch(str(after.value))) else before if (
        before is not None and before.kind == "word" and before.value in _VARIANT_BEFORE) \
        else None
    if odd is None:
        return
    family = next((w for w in re.findall(r"[a-z]+", head.raw.lower())
                   if w not in FRAMEWORK_WORDS and w != "torchvision"), spec.name.lower())
    known = sorted(n for n in models.known_names() if n.lower().startswith(family))
    raise ParamError(
        f"parambot knows {spec.name}, but `{odd.raw}` next to it names another model, which "
        "it doesn't know"
        + (f". The {family} models it knows: {', '.join(known)}." if known else ".")
        + " Or paste the model's layers as code.", position=odd.pos,
        suggestion=f"{spec.name} params")


def _numbers_in(value: object, out: dict[float, int]) -> None:
    """Every number in ``value`` (a layer's arguments, a shape), counted into ``out``."""
    kind = type(value)
    if kind is int or kind is float:
        out[value] = out.get(value, 0) + 1  # type: ignore[index,call-overload]
        return
    if kind is tuple or kind is list:
        values: list[object] | tuple[object, ...] = value  # type: ignore[assignment]
    elif isinstance(value, Layer):
        values = [getattr(value, name) for name in all_fields(type(value))]
    else:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[value] = out.get(value, 0) + 1
        return
    for v in values:
        k = type(v)
        if k is int or k is float:
            out[v] = out.get(v, 0) + 1  # type: ignore[index,call-overload]
        elif not (v is None or k is str or k is bool):
            _numbers_in(v, out)


def _check_every_number_used(part: list[Item], layers: list[Layer], shape: Shape | None) -> None:
    """A size the question gives that ends up nowhere in the answer was misread (or is
    beyond what parambot understands): refuse rather than answer a different question.
    Sizes are counted, not only looked up: a size given more often than the answer holds
    it ("embedding vocab 64 dim 64 on 64", "conv2d 32 3x3 on 32x32x3 depth 32") had one
    of its mentions dropped, though the value itself is in the answer. (A shape counts
    each of its sizes, a square one such as 3x3 its size once; the answer counts each
    size of its shapes and tuples, and each argument.)"""
    # the number of layers is a use only where there are several ("2 layers"), or where
    # the number says it counts layers ("1 layer"): a stray 1 is not used by any answer
    used: dict[float, int] = {len(layers): 1} if len(layers) > 1 else {}
    for layer in layers:
        _numbers_in(layer, used)
    _numbers_in(shape, used)
    given: dict[float, int] = {}
    last: dict[float, Item] = {}
    for i, it in enumerate(part):
        values: list[object] = []
        if it.kind == "num":
            after = part[i + 1] if i + 1 < len(part) else None
            if it.value == len(layers) and after is not None and (after.kind == "layer" or (
                    after.kind == "word" and after.value in ("layer", "layers"))):
                continue  # "one dense layer", "1 lstm layer"
            before = part[i - 1] if i > 0 else None
            if isinstance(it.value, float) and 0 <= it.value < 1 and before is not None and \
                    before.raw.lower().replace(" ", "_") in _RATE_WORDS:
                continue  # "lstm 128 with dropout 0.2": a rate, which changes no count
            if before is not None and before.kind == "word" and (
                    before.value in RUN_WORDS or before.value == "size" and i > 1
                    and part[i - 2].kind == "word" and part[i - 2].value in RUN_WORDS):
                continue  # "with batch size 1": a run size, which changes no count
            values = [it.value]
        elif it.kind in ("dims", "shape", "dashnums"):
            values = list(it.value)  # type: ignore[call-overload]
            if len(set(values)) == 1:
                values = values[:1]  # "3x3": one kernel size, which a layer may keep as 3
        elif it.kind == "kv":
            values = [it.value[1]]  # type: ignore[index]
        for v in values:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if v not in used:
                    raise ParamError(
                        f"I couldn't tell what {it.raw or v} means in this question, so I "
                        "won't guess. Say what each size is, e.g. `kernel 3`, `64 units`, "
                        "`input 28`, `on 28x28x1`, or paste the layer as code.",
                        position=it.pos,
                        suggestion="conv2d 32 filters 3x3 on 28x28x1",
                    )
                given[v] = given.get(v, 0) + 1
                last[v] = it
    for v, n in given.items():
        if n > used[v]:
            it = last[v]
            raise ParamError(
                f"The question gives {v:g} {n} times, and only {used[v]} of them ended up in "
                f"the answer, so one was misread (the last is `{it.raw}`). Say what each size "
                "is, e.g. `kernel 3`, `64 units`, `input 28`, `on 28x28x1`, or paste the "
                "layer as code.",
                position=it.pos,
                suggestion="conv2d 32 filters 3x3 on 28x28x1",
            )


def _sequence_out(realised: list[Realised]) -> bool:
    """Whether the layers so far end in a sequence (steps × features)."""
    for r in reversed(realised):
        for layer in reversed(r.layers):
            name = layer.TYPE
            if name in KEEPS_RANK:
                continue
            inner = getattr(layer, "layer", layer)  # Bidirectional, TimeDistributed
            return name in SEQUENCE_OUT or bool(getattr(inner, "return_sequences", False))
    return False


def _number_chain(part: list[Item], segments: list[Segment]) -> tuple[list[int], bool] | None:
    """``dense 784 -> 128 -> 10`` or ``mlp 784-256-128-10``: widths, the first one the
    input; ``dense 64 -> 32 on 10 features``: every width a layer (the flag says so)."""
    for it in part:
        if it.kind == "dashnums":
            assert isinstance(it.value, tuple)
            return [int(v) for v in it.value], False
    if not any(it.kind == "arrow" for it in part):
        return None
    widths: list[int] = []
    chunks: list[list[Item]] = [[]]
    for it in part:
        if it.kind == "arrow":
            chunks.append([])
        else:
            chunks[-1].append(it)
    rest: list[Item] = []
    for n, chunk in enumerate(chunks):
        nums = [it for it in chunk if it.kind == "num" and isinstance(it.value, int)]
        if not nums or any(it.kind == "call" for it in chunk):
            return None
        first_num = chunk.index(nums[0])
        if n > 0 and any(it.kind in ("layer", "model") for it in chunk[:first_num]):
            return None  # "lstm 64 -> dense 1": a stack of named layers, not widths
        if n < len(chunks) - 1 and len(nums) != 1:
            return None
        widths.append(int(nums[0].value))  # type: ignore[call-overload]
        if n == len(chunks) - 1:
            rest = chunk[chunk.index(nums[0]) + 1:]
    if len(widths) < 2:
        return None
    # anything after the last width ("on 10 features") describes the input
    if any(it.kind in ("num", "dims", "shape") for it in rest):
        info = input_info(fill_slots(Segment(None, rest), None))
        if not info.given:
            return None
        return widths, True
    return widths, False


_CHAIN_KINDS = {"Dense", "Linear", "LSTM", "GRU", "SimpleRNN"}


def _chain_subject(chain: tuple[list[int], bool], part: list[Item], fw: Framework,
                   info: InputInfo) -> Subject:
    from ..engine.catalogue import make
    from .text import keras_input_shape

    widths, input_given = chain
    words = [it for it in part if it.kind == "layer"]
    kind = words[0].value if words else None
    name = getattr(kind, "keras" if fw == "keras" else "torch", None) or (
        "Dense" if fw == "keras" else "Linear")
    if name not in _CHAIN_KINDS or (fw == "pytorch" and name != "Linear"):
        raise ParamError(f"A chain of widths ({' -> '.join(map(str, widths))}) builds Dense / "
                         f"Linear layers (or stacked Keras recurrent layers), not {name}.")
    # "without bias", "use_bias=False": every layer of the chain takes them
    options = [(k, v) for k, v in chain_options(part, fw, name) if k != "return_sequences"]
    extra = "".join(f", {k}={v!r}" for k, v in options)
    if fw == "keras":
        sizes = widths if input_given else widths[1:]
        shape = keras_input_shape(name, info) if input_given else (widths[0],)
        if name == "Dense":
            layers: list[Layer] = [make("keras", "Dense", [w], options).layer for w in sizes]
        else:
            # stacked recurrent layers: every one but the last hands on its sequence
            layers = [make("keras", name, [w], [("return_sequences", True), *options]).layer
                      for w in sizes[:-1]] + [make("keras", name, [sizes[-1]], options).layer]
        label = "Sequential[" + ", ".join(f"{name}({w}{extra})" for w in sizes) + "]"
        return _stack("keras", label, layers, shape)
    ins = widths if not input_given else [info.features or 0, *widths]
    if input_given and not info.features:
        raise ParamError("Give the input width of a PyTorch Linear chain, e.g. "
                         "`pytorch mlp 784 -> 128 -> 10`.", expected=("input size",))
    layers = [make("pytorch", "Linear", [a, b], options).layer
              for a, b in zip(ins, ins[1:], strict=False)]
    label = "nn.Sequential(" + ", ".join(f"Linear({a}, {b}{extra})" for a, b in zip(
        ins, ins[1:], strict=False)) + ")"
    return _stack("pytorch", label, layers, (ins[0],))


def _stack(fw: Framework, label: str, layers: list[Layer], shape: Shape | None,
           names: list[str | None] | list[str] | None = None, *,
           input_name: str | None = None, chain: bool = True) -> Subject:
    """``names``: each row's name where it is known (a Keras ``name=``, or the name Keras
    gave the layer when pasted code constructed it); ``input_name``: see
    :func:`engine.model.build_stack`."""
    try:
        return build_stack(fw, label, layers, shape,
                           names=names if names and any(names) else None,
                           input_name=input_name, chain=chain)
    except MissingInput as exc:
        formula = input_formula(layers[0], exc.what) if layers else None
        message = exc.message
        if formula:
            message += f" Its count as a formula in the input size: {formula}."
        raise ParamError(message, expected=exc.expected, suggestion=exc.suggestion) from None


def _named(name: str, fw: Framework, call: NamedModelValue | None = None) -> Subject:
    spec = models.lookup(name, fw)
    if spec is None:
        guess = models.suggest(name)
        raise ParamError(f"I don't know a model called `{name}`.",
                         suggestion=f"did you mean {guess}?" if guess else None)
    if call is None or not (call.kwargs or call.positional):
        return models.build(spec)
    if call.positional:
        raise ParamError(f"Give {name}'s arguments by keyword (include_top=False, "
                         "classes=10, input_shape=(160, 160, 3)): parambot doesn't read "
                         "them by position.")
    # the call's keywords, read as the same options written in words
    head = Item("model", spec, 0, name)
    kwargs = list(call.kwargs)
    if spec.library == "keras.applications":
        for k, v in kwargs:
            if k == "input_shape" and isinstance(v, tuple) and (len(v) != 3 or (
                    v[0] in (1, 3) and v[-1] not in (1, 3))):
                # code is taken as written: words may turn a shape round, Keras doesn't
                raise ParamError(
                    f"Keras refuses input_shape={v}: it must be three sizes, height × width "
                    "× channels" + (f", and {v[0]}×{v[1]} is smaller than the smallest input "
                                    f"{name} takes." if len(v) == 3 else "."))
        if not any(k == "weights" for k, _ in kwargs):
            kwargs.append(("weights", "imagenet"))  # Keras' default: what it can load
    kvs = [Item("kv", (k, v), 0, k) for k, v in kwargs]
    read = read_options([head, *kvs], head, spec)
    built = models.build(spec, read.options)
    return replace(built, notes=(*read.notes, *built.notes)) if read.notes else built
