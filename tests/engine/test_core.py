"""Engine core helpers."""

from __future__ import annotations

import dataclasses

import pytest
from parambot.engine.core import constants_only


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
