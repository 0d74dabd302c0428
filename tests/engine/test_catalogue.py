"""The catalogue's module index and argument binding."""

from __future__ import annotations

import dataclasses

import pytest
from parambot.engine.catalogue import make, positional_fields, table
from parambot.engine.errors import ParamError
from parambot.engine.layers import entries, families
from parambot.engine.layers.index import KERAS_INDEX, TORCH_INDEX


@pytest.mark.parametrize("keras", [True, False])
def test_index_names_every_class_and_its_module(keras: bool) -> None:
    index = KERAS_INDEX if keras else TORCH_INDEX
    actual = {
        name: module.__name__.rsplit(".", 1)[-1]
        for module in families()
        for name in entries(module, keras)
    }
    assert index == actual


def test_every_class_is_a_frozen_dataclass() -> None:
    for fw in ("keras", "pytorch"):
        for name, cls in table(fw).items():  # type: ignore[arg-type]
            assert dataclasses.is_dataclass(cls), name
            assert cls.__dataclass_params__.frozen, name  # type: ignore[attr-defined]


def test_positional_arguments_follow_the_real_signature() -> None:
    assert positional_fields(table("pytorch")["LSTM"])[:4] == (
        "input_size", "hidden_size", "num_layers", "bias")
    assert positional_fields(table("pytorch")["RNN"])[:4] == (
        "input_size", "hidden_size", "num_layers", "nonlinearity")
    assert positional_fields(table("keras")["Dense"])[:2] == ("units", "activation")


def test_unknown_argument_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ParamError) as exc:
        make("keras", "Dense", [10], [("use_bais", False)])
    assert exc.value.suggestion == "did you mean use_bias?"


def test_layer_of_the_other_framework_says_so() -> None:
    with pytest.raises(ParamError, match="PyTorch layer"):
        make("keras", "Conv2d", [1, 2, 3])
