"""What expressions evaluate to while parambot reads pasted code or inline layer calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..engine.catalogue import Made
from ..engine.core import Framework, Shape

if TYPE_CHECKING:  # imported when a functional model is read (it costs start-up time)
    from ..engine.functional import Graph


@dataclass(frozen=True)
class Module:
    """A dotted name that is not a value of its own: ``tf.keras.layers``, ``nn.Linear``."""

    path: str

    @property
    def last(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def framework(self) -> Framework | None:
        head = self.path.split(".")
        if "torch" in head or head[0] == "nn" or "torchvision" in head:
            return "pytorch"
        if {"keras", "tensorflow", "tf", "layers", "models", "applications"} & set(head[:-1]):
            return "keras"
        return None


@dataclass(eq=False)
class LayerValue:
    """A constructed catalogue layer, and where it starts in the source."""

    framework: Framework
    made: Made
    position: int
    used: bool = False
    #: Its row's name: the ``name=`` given, or the one Keras gives when the layer is
    #: constructed (``dense``, ``dense_1``: one counter for the whole paste, in the order
    #: the calls run). None for PyTorch, whose rows go by position.
    name: str | None = None


@dataclass(eq=False)
class TensorValue:
    """A symbolic Keras tensor: a ``keras.Input``, or what one call of a layer made (Keras'
    ``Node``), with the tensors it was called on."""

    #: An Input's shape (no batch axis); None for a layer's output (the engine works it out).
    input_shape: Shape | None
    #: The layer (or model called as a layer) whose call made it; None for an Input.
    layer: LayerValue | ModelValue | None = None
    parents: tuple[TensorValue, ...] = ()
    #: Called on a list of tensors (``Add()([x, y])``), not on one.
    listed: bool = False
    #: The name Keras gives the Input's InputLayer (``input_layer``, ``input_layer_1``).
    input_name: str = "input_layer"


@dataclass(eq=False)
class ModelValue:
    """A model being built: Keras Sequential/Model, or torch nn.Sequential."""

    framework: Framework
    kind: str
    layers: list[LayerValue] = field(default_factory=list)
    input_shape: Shape | None = None
    label: str | None = None
    position: int = 0
    used: bool = False
    #: A Keras functional model's InputLayer name: its summary lists that row first.
    input_name: str | None = None
    #: False for nn.ModuleList / nn.ModuleDict: a container with no forward, whose layers
    #: are counted each on its own (no shape runs from one to the next).
    chain: bool = True
    #: PyTorch row names, one per layer (``0``, ``features.1``, ``2.0``: a nested
    #: container's layers under its position), as named_modules() names them.
    rows: list[str] = field(default_factory=list)
    #: PyTorch: how many modules the container itself holds (its next index)
    entries: int = 0
    #: A Keras functional model: its calls, counted by engine.functional.
    graph: Graph | None = None
    #: Keras: the model's own name (``sequential``, ``functional_1``), its row when another
    #: model calls it.
    name: str | None = None
    #: Keras: called on a tensor as a layer of another model.
    called: bool = False
    #: Keras: models inside this Sequential's list, whose layers are counted one by one.
    nested: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NamedModelValue:
    """A named architecture built by a library call (``keras.applications.ResNet50()``)."""

    name: str
    framework: Framework
    #: the call's keyword arguments (``include_top=False``, ``num_classes=10``)
    kwargs: tuple[tuple[str, object], ...] = ()
    #: how many positional arguments the call had (none are read)
    positional: int = 0


@dataclass(frozen=True)
class BoundMethod:
    owner: ModelValue
    name: str


@dataclass(eq=False)
class ListMethod:
    """``layers.append`` / ``layers.extend`` on a list the paste builds (``layers = []``)."""

    owner: list[object]
    name: str


@dataclass(frozen=True)
class Ignored:
    """The result of a call parambot deliberately passes over (``print``, ``summary``)."""

    what: str
