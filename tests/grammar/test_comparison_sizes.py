"""A comparison's second side that changes a size ("lstm 64 input 32 vs input 64", "... vs
128 units", "... vs on 28x28x3"): the new size replaces the first side's size of the same
role. It used to stand beside it, and the first size won: two equal subjects, or, where
the side changed something else too, a wrong count ("... vs input 64 bidirectional" was
counted on input 32). Each figure is the framework's own, from the code in the comment
(Keras 3.15.1, KERAS_BACKEND=torch; PyTorch 2.13), with
    def k(shape, *ls):
        m = keras.Sequential([keras.Input(shape), *ls])
        return m.count_params(), m.output_shape[1:]"""

from __future__ import annotations

import pytest
from parambot.bot.service import ask


@pytest.mark.parametrize(("question", "second", "shape"), [
    # k((None, 64), layers.LSTM(64)) -> 33,024, (64,)
    ("lstm 64 input 32 vs input 64", 33_024, (64,)),
    ("lstm 64 on 10x32 vs on 10x64", 33_024, (64,)),
    # k((None, 64), layers.Bidirectional(layers.LSTM(64))) -> 66,048, (128,); was 49,664
    # (input 32 kept, "input 64" dropped)
    ("lstm 64 input 32 vs input 64 bidirectional", 66_048, (128,)),
    # k((None, 32), layers.LSTM(128)) -> 82,432, (128,)
    ("lstm 64 input 32 vs 128 units", 82_432, (128,)),
    ("lstm 64 units input 32 vs 128 units", 82_432, (128,)),
    # k((None, 32), layers.GRU(128)) -> 62,208, (128,)
    ("gru 64 input 32 vs hidden 128", 62_208, (128,)),
    # k((28, 28, 3), layers.Conv2D(32, 3)) -> 896, (26, 26, 32)
    ("conv2d 32 3x3 on 28x28x1 vs on 28x28x3", 896, (26, 26, 32)),
    # k((28, 28, 1), layers.Conv2D(64, 3)) -> 640, (26, 26, 64)
    ("conv2d 32 3x3 on 28x28x1 vs 64 filters", 640, (26, 26, 64)),
    # k((28, 28, 1), layers.Conv2D(32, 5)) -> 832, (24, 24, 32)
    ("conv2d 32 3x3 on 28x28x1 vs kernel 5x5", 832, (24, 24, 32)),
    # k((32, 32, 3), layers.Conv2D(64, 3, strides=2)) -> 1,792, (15, 15, 64)
    ("conv2d 64 3x3 on 32x32x3 vs stride 2", 1_792, (15, 15, 64)),
    # k((None,), layers.Embedding(1000, 128)) -> 128,000, (None, 128)
    ("embedding vocab 1000 dim 64 vs dim 128", 128_000, (None, 128)),
    # k((784,), layers.Dense(128)) -> 100,480; k((512,), layers.Dense(64)) -> 32,832
    ("dense 64 on 784 vs 128 units", 100_480, (128,)),
    ("dense 64 on 784 vs on 512", 32_832, (64,)),
    # sum(p.numel() for p in nn.LSTM(32, 64, num_layers=2).parameters()) -> 58,368
    ("pytorch lstm 64 input 32 vs 2 layers", 58_368, (None, 64)),
])
def test_the_second_sides_size_replaces_the_firsts(
        question: str, second: int, shape: tuple[int | None, ...]) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert len(answer.subjects) == 2
    assert answer.subjects[1].total == second
    assert answer.subjects[1].output_shape == shape


@pytest.mark.parametrize(("question", "first"), [
    ("lstm 64 input 32 vs input 64", 24_832),
    ("conv2d 32 3x3 on 28x28x1 vs 64 filters", 320),
    ("dense 64 on 784 vs 128 units", 50_240),
])
def test_the_first_side_is_left_as_asked(question: str, first: int) -> None:
    assert ask(question).subjects[0].total == first


@pytest.mark.parametrize(("question", "message"), [
    # stride 1 is Conv2D's default: the "change" would change nothing
    ("conv2d 64 3x3 on 32x32x3 vs stride 1", "couldn't apply `stride 1`"),
    # `64 input` is not read as the input size, so it can't replace `input 32`
    ("lstm 64 input 32 vs 64 input", "64"),
])
def test_a_size_that_changes_nothing_is_refused(question: str, message: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


@pytest.mark.parametrize(("question", "message"), [
    # wrong answers a review found (Keras 3.15.1 / PyTorch 2.13 figures in each comment):
    # "128 dim" replaced the vocabulary: Embedding(128, 64) = 8,192 for Embedding(1000, 128)
    # = 128,000 (the labelled probe now has to read the size in the second side's role)
    ("embedding 1000 64 vs 128 dim", "64"),
    # a chain of widths: "256 hidden" became the input width (34,186; Keras with Dense(256):
    # 203,530), "100 classes" likewise (14,218; Keras 113,380)
    ("dense 784 -> 128 -> 10 vs 256 hidden", "which layer's size"),
    ("dense 784 -> 128 -> 10 vs 100 classes", "which layer's size"),
    ("lstm 64 units, dense 10 units on 10x32 vs 128 units", "which layer's size"),
    # "3 channels": the input's or the layer's? It became the filters (Conv2D(3, 3) = 30)
    ("conv2d 32 3x3 on 28x28x1 vs 3 channels", "which size"),
    # a side that is no layer and no change was dropped: one subject came back
    ("conv2d 64 3x3 on 32x32x3 vs depthwise", "couldn't build a side"),
    # a named model's second side lost the first side's input: VGG16(classes=100) at
    # 224x224x3 (134,670,244) for 64x64x3 (40,298,404)
    ("keras vgg16 on 64x64x3 10 classes vs 100 classes", "doesn't say `input"),
    ("keras resnet50 without top on 160x160x3 vs on 224x224x3", "doesn't say `without top`"),
])
def test_a_second_side_that_cant_be_placed_is_refused(question: str, message: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


@pytest.mark.parametrize(("question", "first", "second"), [
    # the framework opens the second side only: the first is Keras' (it was PyTorch's:
    # nn.LSTM(32, 64) = 25,088). k((None, 32), layers.LSTM(64)) -> 24,832;
    # sum(p.numel() for p in nn.LSTM(64, 64).parameters()) -> 33,280
    ("lstm 64 input 32 vs pytorch input 64", ("keras", 24_832, (64,)),
     ("pytorch", 33_280, (None, 64))),
    # nn.LSTM(32, 64, num_layers=2) -> 58,368
    ("lstm 64 input 32 vs pytorch 2 layers", ("keras", 24_832, (64,)),
     ("pytorch", 58_368, (None, 64))),
    # nn.Conv2d(1, 32, 3) on 1x32x32 -> 320, (32, 30, 30)
    ("conv2d 32 3x3 on 28x28x1 vs pytorch on 1x32x32", ("keras", 320, (26, 26, 32)),
     ("pytorch", 320, (32, 30, 30))),
    # it was refused as "the same as the first"
    ("lstm 64 input 32 vs pytorch", ("keras", 24_832, (64,)),
     ("pytorch", 25_088, (None, 64))),
    # "... in pytorch" at the end still means both sides
    ("pytorch lstm 64 input 32 vs input 64", ("pytorch", 25_088, (None, 64)),
     ("pytorch", 33_280, (None, 64))),
    # "pytorch embedding 1000 64 vs 32 dim": nn.Embedding(1000, 32) -> 32,000
    ("pytorch embedding 1000 64 vs 32 dim", ("pytorch", 64_000, (None, 64)),
     ("pytorch", 32_000, (None, 32))),
])
def test_each_side_is_counted_in_its_own_framework(
        question: str, first: tuple[str, int, tuple[int | None, ...]],
        second: tuple[str, int, tuple[int | None, ...]]) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    got = [(s.framework, s.total, s.output_shape) for s in answer.subjects]
    assert got == [first, second]


@pytest.mark.parametrize("question", [
    # a third side after a change-only second side: a change of the first or the second?
    # (was Conv2D(32, 3, strides=2), 320, where "kernel 5x5 then stride 2" is 832)
    "conv2d 32 3x3 on 28x28x1 vs kernel 5x5 vs stride 2",
    # (the second side was counted in PyTorch, 33,280, where Keras' LSTM(64) on 64 is 33,024)
    "lstm 64 input 32 vs input 64 vs pytorch",
])
def test_a_change_of_a_change_is_refused(question: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert "changes the first side or" in answer.error.message


def test_the_same_change_on_each_side_is_answered() -> None:
    # k((None, 32 / 64 / 128), layers.LSTM(64)) -> 24,832, 33,024, 49,408
    answer = ask("lstm 64 input 32 vs input 64 vs input 128")
    assert [s.total for s in answer.subjects] == [24_832, 33_024, 49_408]


def test_a_change_that_keeps_the_count_is_answered() -> None:
    # nn.TransformerEncoderLayer(512, 16) has the 3,152,384 parameters of (512, 8): the
    # heads split d_model, they add nothing. It was refused as "the same as the first"
    answer = ask("pytorch transformerencoderlayer d_model 512 nhead 8 vs nhead 16")
    assert answer.ok, answer.error
    assert [s.total for s in answer.subjects] == [3_152_384, 3_152_384]
    assert "nhead=16" in answer.subjects[1].label


def test_sides_that_differ_only_in_their_input_say_it() -> None:
    # two "LSTM(64)" lines side by side, and "LSTM(64) has 33,024 ... and LSTM(64) 24,832"
    answer = ask("lstm 64 input 32 vs input 64")
    assert [s.label for s in answer.subjects] == ["LSTM(64) on (None, 32)",
                                                  "LSTM(64) on (None, 64)"]
    assert answer.explanation is not None and "LSTM(64) on (None, 64) has 33,024" in \
        answer.explanation
