"""Wrong answers found by the fifth exploratory review (about 710 inputs against Keras
3.15.1 and PyTorch 2.13 / torchvision 0.29.1), now right or refused.

Each expected figure is the framework's own, printed by the few lines of framework code
in the comment above it (run with KERAS_BACKEND=torch).
"""

from __future__ import annotations

import pytest
from parambot.bot.service import ask


def test_a_wrapper_frozen_in_its_constructor_still_trains_in_keras() -> None:
    # m = keras.Sequential([layers.Input((20, 4)), layers.LSTM(6, return_sequences=True,
    #     trainable=False), layers.Bidirectional(layers.LSTM(3), trainable=False)])
    # m.summary(): Trainable params: 240, Non-trainable params: 264
    answer = ask("model = keras.Sequential([\n    layers.Input(shape=(20, 4)),\n"
                 "    layers.LSTM(6, return_sequences=True, trainable=False),\n"
                 "    layers.Bidirectional(layers.LSTM(3), trainable=False),\n])")
    assert answer.ok, answer.error
    s = answer.subjects[0]
    assert (s.total, s.trainable, s.non_trainable) == (504, 240, 264)
    assert any("does not freeze it" in n for n in s.layers[-1].notes)


def test_multi_head_attention_frozen_in_its_constructor_still_trains() -> None:
    # inp = keras.Input((None, 512)); l = layers.MultiHeadAttention(8, 64, trainable=False)
    # keras.Model(inp, l(inp, inp)).summary(): Trainable params: 1,050,624
    answer = ask("layers.MultiHeadAttention(num_heads=8, key_dim=64, trainable=False) "
                 "on (None, 512)")
    assert answer.ok, answer.error
    assert (answer.subjects[0].trainable, answer.subjects[0].non_trainable) == (1_050_624, 0)


@pytest.mark.parametrize(("question", "said"), [
    # keras.applications.VGG16(weights=None, input_shape=(128, 128, 3)).count_params():
    # 69,151,528, not the default 138,357,544
    ("keras vgg16 on 128x128x3", "128x128x3"),
    ("vgg16 with input shape (128, 128, 3)", "128, 128, 3"),
    # MobileNetV2(alpha=0.5) has another count than the default alpha 1.0
    ("mobilenet_v2 0.5", "0.5"),
    # torchvision vit_b_16(image_size=384): 86,859,496, not vit_b_16()'s 86,567,656
    ("vit_b_16 on 3x384x384", "3x384x384"),
])
def test_a_named_model_is_not_answered_for_another_size(question: str, said: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert f"`{said}`" in answer.error.message and "by default" in answer.error.message


@pytest.mark.parametrize(("question", "total"), [
    ("resnet50 on 224x224x3", 25_636_712),  # keras ResNet50's own input
    ("torchvision resnet50 on 3x224x224", 25_557_032),
    ("llama 7b parameter count", 6_738_415_616),
    ("resnet50 batch 32 memory", 25_636_712),  # a run size changes no parameter
])
def test_a_named_model_at_its_own_size_is_answered(question: str, total: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total


@pytest.mark.parametrize("question", [
    # layers.LayerNormalization(axis=1) on (16, 8, 8): 32 (parambot read 16: axis dropped)
    "keras layer normalization axis 1 on 16x8x8",
    # layers.Cropping2D(1) on (7, 7, 64): (5, 5, 64) (parambot read no cropping)
    "keras cropping2d 1 on 7x7x64",
])
def test_a_stray_one_is_not_taken_as_used(question: str) -> None:
    """A 1 the answer has no place for used to pass the every-number-used check (one
    layer: len(layers) == 1), so the option it belonged to was dropped silently."""
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert "what 1 means" in answer.error.message


@pytest.mark.parametrize(("question", "total"), [
    ("one dense layer 10 on 784", 7_850),
    ("1 lstm layer 64 units input 10", 19_200),
    ("pytorch lstm input 224 hidden 58 1 layers", 65_888),
])
def test_a_one_that_counts_layers_is_used(question: str, total: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total


def test_nested_sequential_rows_are_named_as_pytorch_names_them() -> None:
    # list(m.state_dict()) for this model: 0.weight, 0.bias, 2.0.weight, 2.0.bias,
    # 2.1.weight, ..., 4.weight, 4.bias
    answer = ask("nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Sequential(nn.Conv2d(8, 8, "
                 "3), nn.BatchNorm2d(8)), nn.Flatten(), nn.Linear(8 * 12 * 12, 4)) on 3x16x16")
    assert answer.ok, answer.error
    assert [r.name for r in answer.subjects[0].layers] == ["0", "1", "2.0", "2.1", "3", "4"]
    assert answer.subjects[0].total == 5_436
