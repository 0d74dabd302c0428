"""How a named model is built when the question changes its defaults: Keras'
``include_top``, ``pooling``, ``classes`` and ``input_shape``; torchvision's
``num_classes`` and the input fed to it.

The rules are the libraries' own (``keras/src/applications/imagenet_utils.py``
``obtain_input_shape``; what a torchvision model's ``forward`` accepts), checked before
anything is built, so a refusal says what the library would say, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import Shape, fmt, shape_text
from ..errors import ParamError
from ..model import Subject


@dataclass(frozen=True)
class ModelOptions:
    """A named model's constructor arguments besides the defaults (``weights=None``)."""

    #: Keras ``include_top``: the classifier on top of the feature extractor.
    include_top: bool = True
    #: Keras ``classes`` / torchvision ``num_classes``; ``None`` is the default 1,000.
    classes: int | None = None
    #: Keras ``pooling`` without the top: ``"avg"`` or ``"max"`` (``None``: none).
    pooling: str | None = None
    #: The input, laid out as the library lays it out (Keras H × W × C, PyTorch C × H × W);
    #: ``None`` is the library's default.
    input_shape: Shape | None = None

    @property
    def default(self) -> bool:
        return self == DEFAULT

    def call(self, library: str) -> str:
        """The arguments as the library's constructor spells them."""
        parts = ["weights=None"]
        keras = library == "keras.applications"
        if not self.include_top:
            parts.append("include_top=False")
        if self.classes is not None:
            parts.append(f"{'classes' if keras else 'num_classes'}={self.classes}")
        if self.pooling is not None:
            parts.append(f"pooling={self.pooling!r}")
        if self.input_shape is not None and keras:
            parts.append(f"input_shape={_tuple(self.input_shape)}")
        return ", ".join(parts)

    def label_suffix(self, library: str) -> str:
        """What goes after the model's name in its label (``(include_top=False)``)."""
        inner = self.call(library).removeprefix("weights=None").lstrip(", ")
        return f"({inner})" if inner else ""


DEFAULT = ModelOptions()


def _tuple(shape: Shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def shape_words(shape: Shape) -> str:
    return "×".join("None" if d is None else str(d) for d in shape)


#: keras.applications: (default size, min_size) passed to obtain_input_shape.
KERAS_SIZES = {"VGG16": (224, 32), "VGG19": (224, 32), "ResNet50": (224, 32),
               "ResNet101": (224, 32), "ResNet152": (224, 32), "MobileNet": (224, 32),
               "MobileNetV2": (224, 32), "DenseNet121": (224, 32),
               "InceptionV3": (299, 75), "Xception": (299, 71), "EfficientNetB0": (224, 32)}


def keras_input(name: str, options: ModelOptions) -> Shape:
    """The input Keras builds ``name`` on (``obtain_input_shape`` with weights=None), or a
    ParamError with Keras' reason when it refuses."""
    default, min_size = KERAS_SIZES[name]
    shape = options.input_shape
    if shape is None:
        # without the top nothing needs a fixed size, so Keras leaves height and width open
        return (default, default, 3) if options.include_top else (None, None, 3)
    if len(shape) != 3:
        raise ParamError(f"keras.applications.{name} takes an input_shape of three sizes "
                         f"(height, width, channels), not {len(shape)}: Keras refuses "
                         f"{_tuple(shape)}.")
    h, w, c = shape
    if c is None or c < 1:
        raise ParamError(f"keras.applications.{name} needs the number of input channels "
                         f"(the last size of input_shape): {_tuple(shape)} has none.")
    if options.include_top and (h is None or w is None):
        raise ParamError(f"With its top (include_top=True) keras.applications.{name} needs a "
                         f"fixed input size; Keras refuses input_shape={_tuple(shape)}. "
                         "Give the height and width, or ask without the top.")
    if (h is not None and h < min_size) or (w is not None and w < min_size):
        raise ParamError(f"keras.applications.{name} takes images of at least "
                         f"{min_size}×{min_size}; Keras refuses input_shape={_tuple(shape)} "
                         f"(\"Input size must be at least {min_size}x{min_size}\").")
    return shape


def check_keras(name: str, options: ModelOptions) -> None:
    """Refuse what ``keras.applications.<name>(weights=None, ...)`` refuses, and options
    Keras would silently ignore (a question naming one expects it to change something)."""
    if options.classes is not None and options.classes < 1:
        raise ParamError(f"keras.applications.{name} needs at least one class "
                         f"(classes={options.classes}).")
    if options.pooling is not None and options.include_top:
        raise ParamError(f"Keras reads `pooling` only without the top (include_top=False); "
                         f"with the top keras.applications.{name} ignores it and builds its "
                         "own classifier. Ask for it without the top, e.g. "
                         f"`{name.lower()} without top pooling {options.pooling}`.")
    if options.classes is not None and not options.include_top:
        raise ParamError(f"Without its top keras.applications.{name} has no classifier, so "
                         f"Keras ignores classes={options.classes}. Ask for the model with "
                         f"{options.classes} classes, or without its top.")
    keras_input(name, options)


def check_torchvision(name: str, options: ModelOptions) -> None:
    """Refuse what ``torchvision.models.<name>(weights=None, ...)`` or its forward pass
    refuses (what can be told before building: channels, ViT's fixed image size)."""
    label = f"torchvision {name}"
    if not options.include_top or options.pooling is not None:
        what = "include_top" if not options.include_top else "pooling"
        raise ParamError(f"`{what}` is a keras.applications option; {label} has none "
                         "(torchvision always builds the classifier). Ask for the Keras "
                         "model, or paste your own code.")
    if options.classes is not None and options.classes < 1:
        raise ParamError(f"{label} needs at least one class (num_classes="
                         f"{options.classes}).")
    shape = options.input_shape
    if shape is None:
        return
    if len(shape) != 3 or None in shape:
        raise ParamError(f"{label} takes an image as channels × height × width "
                         f"(3×224×224 by default); parambot can't feed it {_tuple(shape)}.")
    c, h, w = shape
    if c != 3:
        raise ParamError(f"{label}'s first convolution expects 3 input channels, so PyTorch "
                         f"raises an error for a {c}-channel input ({shape_words(shape)}); "
                         "a model for other inputs needs its first layer replaced.")
    if name == "vit_b_16" and (h, w) != (224, 224):
        raise ParamError(f"{label} checks the image size: built for 224×224 (image_size="
                         f"224), it raises \"Wrong image height! Expected 224 but got {h}!\" "
                         f"for {h}×{w}. vit_b_16(image_size={h}) is another model (more "
                         "position embeddings), which parambot can't build yet.")


def option_notes(library: str, name: str, options: ModelOptions, built: Subject,
                 default: Subject) -> tuple[str, ...]:
    """What the options changed, row by row, against the default build."""
    call = ("keras.applications." if library == "keras.applications"
            else "torchvision.models.") + f"{name}({options.call(library)})"
    if options.input_shape is not None and library != "keras.applications":
        call += f" on a {shape_words(options.input_shape)} input"
    # the builders add the same feature rows in the same order whatever the options, so
    # rows line up by position; the top (or the pooling row) comes after them
    pool = built.layers[-1:] if options.pooling is not None else ()
    features = built.layers[:len(built.layers) - len(pool)]
    gone = default.layers[len(features):] if not options.include_top else ()
    changed = [(old, new) for old, new in zip(default.layers, features, strict=False)
               if old.total != new.total]
    diff = built.total - default.total
    change = ("the same as" if diff == 0 else
              f"{fmt(-diff)} fewer than" if diff < 0 else f"{fmt(diff)} more than")
    notes = [f"Built as {call}: {fmt(built.total)} parameters, {change} the default "
             f"build's {fmt(default.total)}."]
    if gone and not options.include_top:
        removed = sum(r.total for r in gone)
        names = ", ".join(r.name for r in gone)
        # a flattened classifier's size depends on the input; the pooled ones' does not
        at = (" (as built for the default input)" if any(r.type == "Flatten" for r in gone)
              else "")
        notes.append(f"include_top=False: the top ({names}) is gone, and with it "
                     f"{fmt(removed)} parameters{at}; the model ends at {features[-1].name}.")
    if options.input_shape is None and not options.include_top:
        notes.append("With no input_shape and no top, Keras builds the model on (None, None, "
                     "3): any image size, so the heights and widths are unknown (None).")
    for r in pool:
        notes.append(f"pooling={options.pooling!r} adds {r.name} ({r.type}, no parameters): "
                     f"the output is {shape_text(r.output_shape)}.")
    if changed:
        shown = "; ".join(f"{new.name} {fmt(old.total)} → {fmt(new.total)}"
                          for old, new in changed[:4])
        more = f"; and {len(changed) - 4} more" if len(changed) > 4 else ""
        why = []
        if options.classes is not None:
            why.append(f"{options.classes} classes instead of 1,000")
        if options.input_shape is not None:
            why.append(f"input {shape_words(options.input_shape)}")
        flat = ""
        for old, new in zip(default.layers, features, strict=False):
            if new.type != "Flatten":
                continue
            (was,), (now,) = old.output_shape or (None,), new.output_shape or (None,)
            if was is not None and now is not None and was != now:
                flat = f"; {new.name} now hands on {fmt(now)} features instead of {fmt(was)}"
        notes.append(f"Changed from the default build ({', '.join(why)}): {shown}{more}"
                     f"{flat}.")
    if options.input_shape is not None and options.include_top and not changed:
        last = next((i for i in range(len(built.layers) - 1, -1, -1)
                     if len(built.layers[i].output_shape or ()) == 3
                     and built.layers[i].output_shape != default.layers[i].output_shape),
                    None)
        where = ""
        if last is not None:
            row, earlier = built.layers[last], default.layers[last].output_shape or ()
            where = (f"; the last feature map, {row.name}, is "
                     f"{shape_words(row.output_shape or ())} instead of "
                     f"{shape_words(earlier)}")
        notes.append(f"At input {shape_words(options.input_shape)} the count is the same as "
                     "for the default input: no weight depends on the image size (the "
                     "classifier sits behind global or adaptive pooling), only the output "
                     "shapes "
                     f"change{where}.")
    return tuple(notes)
