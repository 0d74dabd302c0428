"""Named architectures, transformers from hyperparameters, and the questions around them.

Public API (what the grammar calls; everything is pure and returns frozen dataclasses):

``lookup(name, framework) -> ModelSpec | None``
    A model name as people write it (``resnet50``, ``ResNet-50``, ``resnet 50``,
    ``vgg 16``, ``gpt2-medium``, ``gpt 2 medium``, ``bert base uncased``, ``llama 7b``,
    ``vit_b_16``) -> which model, in which framework. ``framework`` is the one the
    question (or the user's default) asked for; a model only one library has is returned
    in that library's framework with ``spec.framework_note`` saying so (GPT-2, BERT,
    LLaMA, ViT-B/16 -> PyTorch; InceptionV3, Xception -> Keras). ``None`` when the name
    is not a model parambot knows; ``suggest(name)`` then offers the closest name.
``build(spec, options=DEFAULT) -> Subject``
    The model built from catalogue layers: per-layer rows, totals, derivation, notes.
    ``options`` (``options.ModelOptions``) are the constructor arguments a transfer-learning
    question changes: Keras ``include_top``, ``pooling``, ``classes``, ``input_shape``;
    torchvision ``num_classes`` and the input it is fed. What the library refuses is
    refused with its reason (``ParamError``); the notes say what changed, row by row.
``compare_note(name) -> str | None``
    Why the Keras and PyTorch versions of the same model differ (ResNet-50, VGG16,
    MobileNetV2, DenseNet121, EfficientNetB0), with both numbers. The other library's
    figures come from ``figures(library, name)``: arithmetic tallies where the library
    module has one, so answering about one model does not build its twin row by row.
``known_names() -> tuple[str, ...]``
    Canonical names, for suggestions and help.

Elsewhere in the engine:

- ``engine.models.transformer_config``: ``TransformerConfig(d_model, n_layers, n_heads,
  vocab, context=None, tied=True, n_kv_heads=None, ffn="gelu"|"swiglu", d_ff=None,
  norm="layernorm"|"rmsnorm", bias=True, positions="learned"|"rotary"|"none")``,
  ``build(cfg, seq_len=None) -> Subject`` (per-block rows, rule-of-thumb line),
  ``count(cfg) -> int``.
- ``engine.memory``: ``weight_memory(subject_or_count) -> MemoryReport`` (fp32, bf16/fp16,
  int8, int4 bytes and Adam training estimate).
- ``engine.compute``: ``compute(subject) -> ComputeReport`` (MACs per layer and total,
  FLOPs = 2 × MACs).
- ``engine.inverse``: ``recurrent_units_for(target, input_size, ...)``,
  ``d_model_for(target, n_layers, vocab, ...)`` -> ``InverseAnswer`` (nearest whole
  configurations below and above, each with its exact count).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from ..core import Framework, fmt
from ..errors import ParamError
from ..model import Subject
from ..suggest import closest
from .graph import Figures
from .options import DEFAULT, ModelOptions, check_keras, check_torchvision, option_notes


@dataclass(frozen=True)
class ModelSpec:
    """A named model in one framework: what ``build`` constructs."""

    #: Canonical name in the library's own spelling (``ResNet50``, ``resnet50``, ``gpt2``).
    name: str
    framework: Framework
    #: Where it comes from: ``keras.applications``, ``torchvision.models``,
    #: ``transformers``.
    library: str
    #: BERT only: whether the pooler is included.
    pooler: bool = True
    #: Set when the framework asked for has no such model and the other one was used.
    framework_note: str | None = None

    @property
    def label(self) -> str:
        if self.library == "keras.applications":
            return self.name
        if self.library == "torchvision.models":
            return f"torchvision {self.name}"
        return self.name


def _keras() -> dict[str, Callable[..., Subject]]:
    from .keras_apps import BUILDERS

    return BUILDERS


def _torchvision() -> dict[str, Callable[..., Subject]]:
    from .torchvision_models import BUILDERS

    return BUILDERS


_HF = ("gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "bert-base-uncased",
       "bert-large-uncased", "llama-7b")

#: Normalised key (lowercase letters and digits only) -> canonical name per library.
_ALIASES: dict[str, str] = {
    "gpt2small": "gpt2", "gpt2": "gpt2", "gpt2medium": "gpt2-medium",
    "gpt2large": "gpt2-large", "gpt2xl": "gpt2-xl", "gpt2extralarge": "gpt2-xl",
    "bert": "bert-base-uncased", "bertbase": "bert-base-uncased",
    "bertbaseuncased": "bert-base-uncased",
    "bertlarge": "bert-large-uncased", "bertlargeuncased": "bert-large-uncased",
    "llama7b": "llama-7b", "llama": "llama-7b", "llama27b": "llama-7b",
    "vitb16": "vit_b_16", "vitbase16": "vit_b_16", "vitbasepatch16": "vit_b_16",
    "vitbasepatch16224": "vit_b_16", "vit": "vit_b_16",
    "mobilenetv1": "MobileNet", "efficientnet": "EfficientNetB0",
    "inception": "InceptionV3", "inceptionv3": "InceptionV3", "googlenetv3": "InceptionV3",
    "densenet": "DenseNet121", "squeezenet": "squeezenet1_0", "squeezenet10": "squeezenet1_0",
    "squeezenet1": "squeezenet1_0",
}

#: Models parambot builds from one library whose other library has its own version, which
#: parambot does not build: asked for in that library, they are refused, since answering
#: with the first library's count would be another model's figure (torchvision's
#: inception_v3 has 27,161,264 parameters with its default auxiliary classifier; Keras'
#: InceptionV3 has 23,851,784).
_OTHER_LIBRARY_HAS = {"InceptionV3": "torchvision.models.inception_v3"}

_NOISE = re.compile(r"\b(model|network|net|architecture|pretrained|the|a|an|"
                    r"keras|tf\.keras|tensorflow|torchvision|pytorch|torch|hugging ?face|hf|"
                    r"transformers|applications|models|lmheadmodel)\b", re.I)


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_CLASS_SUFFIX = re.compile(r"(lmheadmodel|forcausallm|model)$")


def _key(name: str) -> str:
    text = _NOISE.sub(" ", name.replace("keras.applications.", " ")
                      .replace("torchvision.models.", " "))
    return _CLASS_SUFFIX.sub("", _NOT_ALNUM.sub("", text.lower()))


@cache
def _index() -> dict[str, dict[str, str]]:
    """Normalised key -> {library: canonical name}."""
    out: dict[str, dict[str, str]] = {}
    for lib, names in (("keras.applications", tuple(_keras())),
                       ("torchvision.models", tuple(_torchvision())),
                       ("transformers", _HF)):
        for n in names:
            out.setdefault(_key(n), {})[lib] = n
    # torchvision and Keras spell many the same once normalised (resnet50, vgg16,
    # mobilenetv2, densenet121, efficientnetb0): both libraries land under one key.
    for alias, target in _ALIASES.items():
        hit = out.get(_key(target))
        if hit is not None:
            out.setdefault(alias, {}).update(hit)
    return out


def known_names() -> tuple[str, ...]:
    return (*_keras(), *_torchvision(), *_HF)


_NO_POOL = re.compile(r"no[ _-]?pool|without (the )?pool", re.I)
_POOL_WORDS = re.compile(r"\b(with(out)?|no)[ _-]?(the )?pool(er|ing)?( layer)?\b", re.I)
_TORCH_NAMED = re.compile(r"\b(torchvision|pytorch|torch)\b", re.I)
_KERAS_NAMED = re.compile(r"\bkeras\b", re.I)


@lru_cache(maxsize=4096)
def lookup(name: str, framework: Framework = "keras") -> ModelSpec | None:
    """The model a name means, in ``framework`` when that framework has it. Cached: the
    free-text reader asks about every word that could be a model name (``conv2d``)."""
    pooler = not _NO_POOL.search(name)
    hit = _index().get(_key(_POOL_WORDS.sub(" ", name)))
    if hit is None:
        return None
    # A library named inside the name itself wins over the question's framework.
    if _TORCH_NAMED.search(name):
        framework = "pytorch"
    elif _KERAS_NAMED.search(name):
        framework = "keras"
    want = "keras.applications" if framework == "keras" else "torchvision.models"
    if want in hit:
        return ModelSpec(hit[want], framework, want, pooler)
    lib, canonical = next(iter(hit.items()))
    fw: Framework = "keras" if lib == "keras.applications" else "pytorch"
    note = None
    if fw != framework and canonical in _OTHER_LIBRARY_HAS:
        theirs = _OTHER_LIBRARY_HAS[canonical]
        raise ParamError(
            f"parambot knows {canonical} as {lib} builds it; {theirs} is a different build "
            f"of it with another count, and parambot can't count that one yet.",
            suggestion=f"{canonical} in {'keras' if fw == 'keras' else 'pytorch'}")
    if fw != framework:
        where = {"keras.applications": "keras.applications",
                 "torchvision.models": "torchvision",
                 "transformers": "Hugging Face transformers (PyTorch)"}[lib]
        note = (f"{canonical} is a {where} model, so it is counted as "
                f"{'Keras' if fw == 'keras' else 'PyTorch'} reports it.")
    return ModelSpec(canonical, fw, lib, pooler, note)


def suggest(name: str) -> str | None:
    """The closest known model name, for a 'did you mean' line."""
    return closest(name, known_names())


@cache
def _architecture(library: str, name: str, pooler: bool) -> Subject:
    """The model as built, before notes that depend on how it was asked for."""
    from . import hf_models

    if library == "keras.applications":
        return _keras()[name]()
    if library == "torchvision.models":
        return _torchvision()[name]()
    if name.startswith("gpt2"):
        return hf_models.gpt2(name)
    if name.startswith("bert"):
        return hf_models.bert(name, pooler)
    return hf_models.llama_7b()


def check(spec: ModelSpec, options: ModelOptions) -> None:
    """Refuse options the library refuses for this model (or has no such option for)."""
    if options.default:
        return
    if spec.library == "keras.applications":
        check_keras(spec.name, options)
    elif spec.library == "torchvision.models":
        check_torchvision(spec.name, options)
    else:
        raise ParamError(f"{spec.name} is a Hugging Face transformers model; parambot builds "
                         "it only as its library does by default (no include_top, classes "
                         "or input size to change).", suggestion=f"{spec.name} params")


@lru_cache(maxsize=32)
def _optioned(library: str, name: str, options: ModelOptions) -> Subject:
    """A model built with options, and notes on what they changed. A few dozen are kept:
    input sizes are open-ended, and a long-running bot should not keep every one."""
    from dataclasses import replace

    builder = (_keras() if library == "keras.applications" else _torchvision())[name]
    try:
        subject = builder(options)
    except ParamError as exc:
        # a size too small for a layer deep in the model (PyTorch: "Output size is too
        # small"); Keras' minimum sizes keep its models from getting here
        shown = options.input_shape or ()
        label = name if library == "keras.applications" else f"torchvision {name}"
        raise ParamError(f"{label} can't take a {'×'.join(str(d) for d in shown)} input: "
                         f"the feature maps shrink to nothing on the way through "
                         f"({exc.message.rstrip('.')}), so "
                         f"{'Keras' if library == 'keras.applications' else 'PyTorch'} "
                         "raises an error.") from None
    default = _architecture(library, name, True)
    notes = option_notes(library, name, options, subject, default)
    label = subject.label + options.label_suffix(library)
    return replace(subject, label=label, notes=(*notes, *subject.notes))


def build(spec: ModelSpec, options: ModelOptions = DEFAULT) -> Subject:
    """Build the named model from catalogue layers (each architecture built once)."""
    from dataclasses import replace

    if not options.default:
        check(spec, options)
        subject = _optioned(spec.library, spec.name, options)
        if spec.framework_note:
            subject = replace(subject, notes=(spec.framework_note, *subject.notes))
        return subject
    subject = _architecture(spec.library, spec.name, spec.pooler)
    notes = list(subject.notes)
    if spec.framework_note:
        notes.insert(0, spec.framework_note)
    other = compare_note(spec.name)
    if other:
        notes.append(other)
    return replace(subject, notes=tuple(notes))


#: Keras name -> torchvision name, for models both libraries have.
PAIRS = {"ResNet50": "resnet50", "ResNet101": "resnet101", "ResNet152": "resnet152",
         "VGG16": "vgg16", "VGG19": "vgg19", "MobileNetV2": "mobilenet_v2",
         "DenseNet121": "densenet121", "EfficientNetB0": "efficientnet_b0"}


def figures(library: str, name: str) -> Figures:
    """A model's totals for a comparison: by arithmetic where the library module has a tally
    for it (no rows built), else from the model built row by row."""
    from .keras_apps import FIGURES as KERAS
    from .torchvision_models import FIGURES as TORCHVISION

    tally = (KERAS if library == "keras.applications" else TORCHVISION).get(name)
    return tally() if tally is not None else Figures.of(_architecture(library, name, True))


@cache
def compare_note(name: str) -> str | None:
    """Why the Keras and torchvision versions of a model have different totals."""
    keras_name = next((k for k, v in PAIRS.items() if name in (k, v)), None)
    if keras_name is None:
        return None
    return pair_note(keras_name, figures("keras.applications", keras_name),
                     figures("torchvision.models", PAIRS[keras_name]))


def pair_note(keras_name: str, k: Figures, t: Figures) -> str:
    """The comparison sentence for Keras ``keras_name`` (figures ``k``) and its torchvision
    twin (figures ``t``)."""
    if k.total == t.total:
        return (f"Keras {keras_name} and torchvision {PAIRS[keras_name]} both have "
                f"{fmt(k.total)} parameters.")
    conv_bias = k.conv_bias
    reasons = []
    if k.non_trainable:
        # EfficientNet's input Normalization layer keeps a mean and variance per colour and
        # a count (7 non-trainable weights) besides the BatchNormalization statistics
        norm = 7 if keras_name.startswith("EfficientNet") else 0
        what = (f"{fmt(k.non_trainable)} non-trainable: {fmt(k.non_trainable - norm)} "
                "moving statistics and 7 in the input Normalization layer" if norm else
                f"{fmt(k.non_trainable)} non-trainable")
        reasons.append(f"Keras counts the BatchNormalization moving mean and variance in "
                       f"its total ({what}), which PyTorch keeps as buffers outside it "
                       f"({fmt(t.buffers)} buffer elements, num_batches_tracked included)")
    if conv_bias and keras_name.startswith("ResNet"):
        reasons.append(f"Keras' ResNet convolutions carry a bias even before "
                       f"BatchNormalization ({fmt(conv_bias)} weights) where torchvision "
                       "uses bias=False")
    rest = k.total - k.non_trainable - (conv_bias if keras_name.startswith("ResNet") else 0)
    if rest != t.total:
        reasons.append(f"the two libraries' layouts differ elsewhere too "
                       f"({fmt(rest)} vs {fmt(t.total)} after the above)")
    return (f"Keras {keras_name} has {fmt(k.total)} parameters, torchvision "
            f"{PAIRS[keras_name]} {fmt(t.total)}: " + "; ".join(reasons) + ".")
