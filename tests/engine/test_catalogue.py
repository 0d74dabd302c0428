"""The catalogue's module index and argument binding."""

from __future__ import annotations

import dataclasses
import json

import pytest
from parambot.engine.catalogue import make, positional_fields, table
from parambot.engine.errors import ParamError
from parambot.engine.layers import entries, families
from parambot.engine.layers.index import KERAS_INDEX, TORCH_INDEX
from parambot.engine.model import keras_auto_name

from ..conftest import GOLDEN


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


def test_keras_automatic_names_are_keras_own() -> None:
    """Rows are named as Keras names an unnamed layer (tests/golden/keras_names.json,
    recorded from keras.src.utils.naming): `conv2d_transpose`, `separable_conv2d`,
    `p_re_lu`, `conv_lstm2d`, not a guess at the snake case; and its type column shows
    the class's own name (`keras.layers.GroupQueryAttention` is `GroupedQueryAttention`)."""
    recorded = json.loads((GOLDEN / "keras_names.json").read_text())
    checked = 0
    for type_name, cls in table("keras").items():
        assert type_name in recorded["names"], f"{type_name} is not a keras.layers class"
        # the type a summary shows is the class's own name, also for an alias
        assert cls.TYPE == recorded["classes"][type_name], type_name
        assert keras_auto_name(cls.TYPE) == recorded["names"][type_name], type_name
        checked += 1
    assert checked >= 60
