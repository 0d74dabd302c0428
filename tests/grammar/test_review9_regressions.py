"""Wrong answers a ninth review found in named models with options (301 inputs against
Keras 3.15.1 and torchvision 0.29.1, weights=None unless said), now right or refused. Each
figure is the library's own, from the code in the comment."""

from __future__ import annotations

import pytest
from parambot.bot.service import ask


@pytest.mark.parametrize(("question", "total", "non_trainable"), [
    # keras.applications.EfficientNetB0(weights=None, input_shape=(128, 128, 1)): its
    # Normalization keeps a mean and a variance per channel (2C + 1 weights), not always 7
    ("keras efficientnetb0 on 128x128x1", 5_329_991, 42_019),
    ("keras efficientnetb0 without top on 96x96x4", 4_049_861, 42_025),
    ("efficientnetb0 on 64x64x4", 5_330_861, 42_025),
    ("efficientnetb0 params", 5_330_571, 42_023),
])
def test_efficientnet_normalises_each_channel(question: str, total: int,
                                              non_trainable: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert (answer.subjects[0].total, answer.subjects[0].non_trainable) == (total,
                                                                          non_trainable)


@pytest.mark.parametrize(("code", "message"), [
    # Keras' weights default to 'imagenet': ValueError "If using `weights='imagenet'` with
    # `include_top=True`, `classes` should be 1000" (parambot counted 23,608,202)
    ("model = keras.applications.ResNet50(classes=10)", "Keras refuses classes=10"),
    ("model = tf.keras.applications.VGG16(input_shape=(128,128,3))",
     "Keras refuses input_shape=(128, 128, 3)"),
    # ValueError "The input must have 3 channels"
    ("model = keras.applications.ResNet50(include_top=False, weights='imagenet', "
     "input_shape=(128,128,1))", "take 3 channels"),
    # code is taken as written: (3, 128, 128) is 3 high ("Input size must be at least
    # 32x32"), (128, 128) is no image shape ("must be a tuple of three integers")
    ("model = keras.applications.VGG16(include_top=False, weights=None, "
     "input_shape=(3,128,128))", "Keras refuses input_shape=(3, 128, 128)"),
    ("model = keras.applications.VGG16(include_top=False, weights=None, "
     "input_shape=(128,128))", "must be three sizes"),
])
def test_pasted_calls_keras_refuses_are_refused(code: str, message: str) -> None:
    answer = ask(code)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


@pytest.mark.parametrize("question", [
    # each was answered as the default model, the words dropped
    "resnet50 without top gap",  # pooling='avg': output (2048,), 176 layers
    "resnet50 with top removed",  # include_top=False: 23,587,712
    "resnet50 with include_top set to false",
    "resnet50 with classifier excluded",
    "frozen resnet50 without top",  # m.trainable = False: 0 trainable
    "non-trainable resnet50",
    "pytorch vgg16 with batch norm",  # vgg16_bn: 138,365,992 (was vgg16, 138,357,544)
    "resnet50 for binary classification",
])
def test_words_that_change_a_named_model_are_not_dropped(question: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert "can't apply" in answer.error.message


def test_the_models_own_default_input() -> None:
    # keras.applications.InceptionV3(weights=None, input_shape=(224, 224, 3)): built at 224,
    # not at its default 299 (the answer said input (299, 299, 3))
    answer = ask("inceptionv3 on 224x224x3")
    assert answer.ok, answer.error
    assert answer.subjects[0].input_shape == (224, 224, 3)
    assert answer.subjects[0].total == 23_851_784


def test_each_side_takes_its_own_library() -> None:
    # default PyTorch: torchvision mobilenet_v2(num_classes=10) is 2,236,682, Keras'
    # MobileNetV2(classes=10) 2,270,794 (both sides were Keras)
    answer = ask("mobilenetv2 with 10 classes vs keras mobilenetv2 with 10 classes",
                 framework="pytorch")
    assert answer.ok, answer.error
    assert [(s.framework, s.total) for s in answer.subjects] == [
        ("pytorch", 2_236_682), ("keras", 2_270_794)]


@pytest.mark.parametrize(("code", "message"), [
    # Keras: "Sequential model 'sequential' has already been configured to use input shape
    # (None, 4). You cannot build it with input_shape (None, 8)" (parambot counted 10)
    ("model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"
     "model.build((None, 8))", "can't be built on (8,)"),
    # a named model inside a Sequential (transfer learning's base + head) is not read yet
    ("base = keras.applications.MobileNetV2(include_top=False, weights=None, "
     "input_shape=(160,160,3))\nmodel = keras.Sequential([base, layers.Dense(10)])",
     "isn't read yet"),
])
def test_pasted_keras_models_refused(code: str, message: str) -> None:
    answer = ask(code)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


def test_a_name_bound_again_is_its_last_value() -> None:
    # sum(p.numel() for p in model.parameters()) of the second binding: 132 (a stale
    # "model" of 110 was listed first)
    answer = ask("a = nn.Linear(10, 10)\nmodel = nn.Sequential(a)\n"
                 "model = nn.Sequential(model, nn.Linear(10, 2))")
    assert [(s.label, s.total) for s in answer.subjects] == [("model", 132)]


def test_a_keras_model_inside_a_sequential_says_its_rows_differ() -> None:
    # keras: model.summary() shows `sequential` (Sequential, 51,280) and `dense_2` (17);
    # the layers are listed one by one here, with a note; the totals are Keras'
    answer = ask("encoder = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64), "
                 "layers.Dense(16)])\nmodel = keras.Sequential([encoder, layers.Dense(1)])")
    model = answer.subjects[-1]
    assert model.total == 51_297
    assert any("as one row" in n for n in model.notes)


@pytest.mark.parametrize(("question", "totals"), [
    # review 12 (PyTorch 2.13): "hidden 128 in pytorch" read "128 in" as the input size:
    # nn.LSTM(128, 28), 17,696, where nn.LSTM(28, 128) is 80,896
    ("lstm input 28 hidden 128 in pytorch", [80_896]),
    ("pytorch lstm input 28 hidden 128 in int8", [80_896]),
    ("gru input 10 hidden 20 in pytorch", [1_920]),
    # an inverse question read as a forward one: nn.Linear(512, 1000000); the nearest are
    # nn.Linear(512, 1949) = 999,837 and nn.Linear(512, 1950) = 1,000,350
    ("pytorch linear on 512 inputs with about 1M params, how many out features?",
     [999_837, 1_000_350]),
])
def test_review12_read_right(question: str, totals: list[int]) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert [s.total for s in answer.subjects] == totals


def test_an_inverse_question_for_several_layers_is_refused() -> None:
    # it proposed one nn.LSTM(28, 485) (999,100); with num_layers=2 that is 2,884,780
    answer = ask("how many hidden units for a pytorch lstm with 2 layers and about 1M "
                 "parameters at input 28")
    assert not answer.ok and answer.error is not None
    assert "one LSTM layer" in answer.error.message


@pytest.mark.parametrize("code", [
    # review 11: a method that returns the module made it vanish ("found no layer or
    # model"); sum(p.numel() for p in model.parameters()) -> 50
    "model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2)).eval()",
    "model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2)).to('cuda')",
    "model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))\nmodel.eval()",
])
def test_a_module_moved_or_switched_is_the_same_module(code: str) -> None:
    answer = ask(code)
    assert answer.ok, answer.error
    assert [(s.label, s.total) for s in answer.subjects] == [("model", 50)]


def test_a_list_built_with_append_and_extend() -> None:
    # review 11: "can't look up `.append` on list". layers = []; layers.append(...);
    # layers.extend([...]); nn.Sequential(*layers): sum(p.numel() ...) -> 218,058, rows 0-4
    code = ("layers = []\nlayers.append(nn.Linear(784, 256))\nlayers.append(nn.ReLU())\n"
            "layers.extend([nn.Linear(256, 64), nn.ReLU()])\n"
            "layers.append(nn.Linear(64, 10))\nmodel = nn.Sequential(*layers)")
    answer = ask(code)
    assert answer.ok, answer.error
    subject = answer.subjects[0]
    assert subject.total == 218_058
    assert [r.name for r in subject.layers] == ["0", "1", "2", "3", "4"]
    # the same with BatchNorm: 5,120 parameters and 33 buffers (running mean / var, count)
    answer = ask("blocks = []\nblocks.extend([nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16)])\n"
                 "blocks.append(nn.Conv2d(16, 32, 3))\nmodel = nn.Sequential(*blocks)")
    assert (answer.subjects[0].total, answer.subjects[0].buffers) == (5_120, 33)


def test_a_pytorch_stack_in_words_starts_from_its_first_linears_width() -> None:
    # review 12: "nn.Linear needs in_features" for the second layer. nn.Sequential(
    # nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10)) -> 203,530
    answer = ask("pytorch linear 784 to 256, relu, dropout 0.5, linear 10")
    assert answer.ok, answer.error
    assert answer.subjects[0].total == 203_530
