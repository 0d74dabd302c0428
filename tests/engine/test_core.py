"""Engine core helpers."""

from __future__ import annotations

import dataclasses
import inspect

import pytest
from parambot.engine.catalogue import Made
from parambot.engine.core import LayerResult, Weight, constants_only, dict_init
from parambot.engine.layers.convolution import KerasWindow, TorchWindow
from parambot.engine.model import Subject


def test_constants_only_refuses_a_class_that_declares_fields() -> None:
    @dataclasses.dataclass(frozen=True)
    class Base:
        units: int = 1

    class Fine(Base):
        TYPE = "Fine"

    assert constants_only(Fine) is Fine
    fine = Fine(3)
    for attempt in (lambda: setattr(fine, "units", 4), lambda: setattr(fine, "other", 1),
                    lambda: delattr(fine, "units")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            attempt()
    assert dataclasses.replace(fine, units=5) == Fine(5)
    assert Fine(3) == Fine(3) and Fine(3) != Base(3) and repr(Fine(3)) == (
        "test_constants_only_refuses_a_class_that_declares_fields.<locals>.Fine(units=3)")

    class Field(Base):
        extra: int = 2

    class Default(Base):
        units = 5

    for bad in (Field, Default):
        with pytest.raises(TypeError, match="declares fields"):
            constants_only(bad)


def _generated(cls: type) -> type:
    """The same fields as a plain frozen dataclass: what dataclasses itself generates."""
    return dataclasses.make_dataclass(
        cls.__name__, [(f.name, f.type, f) for f in dataclasses.fields(cls)], frozen=True)


@pytest.mark.parametrize("cls", [Weight, LayerResult, Subject, Made, KerasWindow, TorchWindow])
def test_dict_init_keeps_the_dataclass_signature(cls: type) -> None:
    ours = inspect.signature(cls)
    theirs = inspect.signature(_generated(cls))
    assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()]


def test_dict_init_builds_the_same_object() -> None:
    w = Weight("kernel", (3, 4), buffer=True)
    assert vars(w) == {"name": "kernel", "shape": (3, 4), "trainable": True, "buffer": True}
    assert w == Weight("kernel", (3, 4), True, True) and hash(w) == hash(
        Weight("kernel", (3, 4), True, True))
    assert w.size == 12  # a memoised property still works
    r = LayerResult("d", "Dense", "keras", (w,), (4,), macs=12)
    assert (r.derivation, r.notes, r.macs) == ((), (), 12)
    assert dataclasses.replace(r, name="e").name == "e"
    with pytest.raises(dataclasses.FrozenInstanceError):
        w.name = "bias"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Weight("kernel")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Weight("kernel", (3,), True, False, "extra")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Weight(name="kernel", shape=(3,), other=1)  # type: ignore[call-arg]


def test_dict_init_refuses_what_it_cannot_serve() -> None:
    @dataclasses.dataclass(frozen=True)
    class Factory:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Post:
        n: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass
    class Mutable:
        n: int

    @dataclasses.dataclass(frozen=True)
    class KwOnly:
        n: int
        flag: bool = dataclasses.field(default=True, kw_only=True)

    for bad in (Factory, Post, Mutable):
        with pytest.raises(TypeError):
            dict_init(bad)
    kw = dict_init(KwOnly)
    assert kw(1, flag=False) == KwOnly(1, flag=False) and vars(kw(2)) == {"n": 2, "flag": True}
    with pytest.raises(TypeError):
        kw(1, False)  # type: ignore[misc]
