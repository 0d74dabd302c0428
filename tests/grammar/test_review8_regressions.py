"""Wrong answers found in the eighth session, now refused: each dropped a count of layers
or a repeat that the framework would build (figures from Keras 3.15.1, KERAS_BACKEND=torch).
"""

from __future__ import annotations

import pytest
from parambot.bot.service import ask


@pytest.mark.parametrize(("question", "message"), [
    # was Conv2D(32, 3) alone, 896: "3 layers" dropped (three stacked Conv2D(32, 3) on
    # 32x32x3 are 896 + 9,248 + 9,248 = 19,392 in Keras)
    ("conv2d 32 3x3 3 layers on 32x32x3", "can't stack `3`"),
    ("maxpool 2 2 layers on 32x32x3", "can't stack `2`"),
    # was Conv2D + MaxPooling2D, 896: "2 blocks" dropped (the block twice is 10,144 in
    # Keras: conv 896, pool, conv 9,248, pool)
    ("conv2d 32 3x3, maxpool 2, 2 blocks on 32x32x3", "can't stack `2`"),
    # was Conv2D + 2 × BatchNormalization, 1,152: the x2 after `relu` was given to the
    # batchnorm before it (the whole block twice is 10,400 in Keras: conv 896, bn 128,
    # conv 9,248, bn 128)
    ("conv2d 32 3x3, batchnorm, relu x2 on 32x32x3", "can't tell what `x2` repeats"),
    # was Conv2D + BatchNormalization + MaxPooling2D, 1,024: "2 x2" read as a 2x2 pool,
    # and "blocks" dropped (the block twice: 10,400 as above)
    ("conv2d 32 3x3, batchnorm, relu, maxpool 2 x2 blocks on 32x32x3",
     "could be one size (2x2) or `2` with the layer repeated"),
    ("conv2d 32 3x3, batchnorm, relu, maxpool 2x2 blocks on 32x32x3",
     "can't tell which layers `blocks` means"),
])
def test_a_dropped_repeat_is_refused(question: str, message: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


@pytest.mark.parametrize(("question", "total"), [
    # keras.Sequential([keras.Input((784,)), layers.Dense(64), layers.Dense(64)]) -> 54,400
    ("dense 64 2 layers on 784", 54_400),
    # the repeat right after its own layer: Conv2D 896 + 2 × BatchNormalization 128 = 1,152
    ("conv2d 32 3x3, batchnorm x2 on 32x32x3", 1_152),
])
def test_a_repeat_after_its_layer_is_counted(question: str, total: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total


@pytest.mark.parametrize(("question", "total", "shape"), [
    # "N times" is a repeat, as xN. Each was one layer: the count passed as "used" by a
    # kernel or width of the same value, or was read into the input shape.
    # keras.Sequential([keras.Input((28, 28, 3)), *[layers.Conv2D(32, 3) for _ in
    # range(3)]]) -> 19,392, (22, 22, 32) (was 896)
    ("conv2d 32 3x3 on 28x28x3 3 times", 19_392, (22, 22, 32)),
    # Dense(64) twice on 784 -> 54,400 (was 192: Dense(64) on an input of 784 × 2)
    ("dense 64 on 784 2 times", 54_400, (64,)),
    # Dense(10) ten times on 784 -> 7,850 + 9 × 110 = 8,840 (was 7,850)
    ("dense 10 on 784 repeated 10 times", 8_840, (10,)),
    # three LSTM(64), the first two returning sequences, on input 32 -> 24,832 + 2 ×
    # 33,024 = 90,880 (was 17,408: input 3, "32 3" read as a shape)
    ("lstm 64 input 32 3 times", 90_880, (64,)),
])
def test_n_times_repeats_the_layer(question: str, total: int,
                                   shape: tuple[int | None, ...]) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total
    assert answer.subjects[0].output_shape == shape


@pytest.mark.parametrize("question", [
    # was Dense(64), 4,160: "64 heads" passed as "used" by the 64 units
    "dense 64 on 64 with 64 heads",
    "lstm 64 input 32 with 4 groups",
])
def test_a_size_the_layer_has_no_argument_for_is_refused(question: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert "can't be applied" in answer.error.message


@pytest.mark.parametrize("question", [
    # a size given more often than the answer holds it: one mention was dropped, though its
    # value passed as "used" by another size of the same value
    # was Embedding(64, 64), output (None, 64): "on 64" dropped (Keras on input (64,):
    # output (64, 64))
    "embedding vocab 64 dim 64 on 64",
    # was Conv2D(32, 3), 896: "depth 32" dropped
    "conv2d 32 3x3 on 32x32x3 depth 32",
    # was Conv2D(16, 3) on 16x32x32 (4,624): the 32 of PyTorch's order "16 32" dropped in
    # Keras, passing as the input's 32
    "conv2d 16 32 3x3 groups 1 vs groups 4 on 16x32x32",
])
def test_a_size_given_more_often_than_it_is_used_is_refused(question: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert "ended up in the answer" in answer.error.message


@pytest.mark.parametrize(("question", "total"), [
    # the same value legitimately given several times
    ("lstm 64 input 64 with 64 timesteps", 33_024),
    ("conv2d 64 3x3 on 64x64x64", 36_928),
    ("conv2d 3 3x3 on 3x3x3", 84),
    ("dense 64 -> 64 -> 10 on 784", 55_050),
    ("conv2d 32 filters 3x3 on 28x28x1", 320),
])
def test_a_size_given_several_times_and_used_as_often_is_answered(question: str,
                                                                 total: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total


@pytest.mark.parametrize("code", [
    # keras.Model(inp, Add()([Dense(8, name="dense")(inp), Dense(8)(inp)])): Keras raises
    # 'The name "dense" is used 2 times in the model.' (parambot counted 176)
    "inp = keras.Input(shape=(10,))\na = layers.Dense(8, name='dense')(inp)\n"
    "b = layers.Dense(8)(inp)\nc = layers.Add()([a, b])\nmodel = keras.Model(inp, c)",
    # keras.Sequential with two layers named "d": 'All layers added to a Sequential model
    # should have unique names.' (parambot counted 112)
    "model = keras.Sequential([keras.Input((4,)), layers.Dense(8, name='d'), "
    "layers.Dense(8, name='d')])",
])
def test_a_model_keras_refuses_for_its_names_is_refused(code: str) -> None:
    answer = ask(code)
    assert not answer.ok and answer.error is not None
    assert "must be unique" in answer.error.message


@pytest.mark.parametrize(("question", "total", "shape"), [
    # a tenth review's wrong answers (Keras 3.15.1 / PyTorch 2.13 in each comment)
    # a count after the input was read as a second input size ("input 32 3" = 32×3):
    # LSTM(32, rs) ×2 + LSTM(32) on (None, 32) -> 24,960 (was 4,608)
    ("lstm 32 units input 32 3 layers", 24_960, (32,)),
    # Dense(64) ×2 on 784 -> 54,400 (was 192, Dense(64) on 784×2)
    ("dense 64 on 784 2 layers", 54_400, (64,)),
    # a bracketed block repeated: Conv2D(32, 3), MaxPooling2D(2) twice on 28x28x1 -> 9,568
    # (was 320: the pool alone repeated)
    ("(conv2d 32 3x3, maxpool 2) x2 on 28x28x1", 9_568, (5, 5, 32)),
    ("(conv2d 32 3x3, maxpool 2) x 2 on 28x28x1", 9_568, (5, 5, 32)),
    ("[conv2d 32 3x3, maxpool 2] twice on 28x28x1", 9_568, (5, 5, 32)),
    # Dense(64), Dropout three times on 784 -> 58,560 (was 50,240)
    ("(dense 64, dropout 0.5) x3 on 784", 58_560, (64,)),
    # nn.Sequential(Conv2d(3, 3, 3), BatchNorm2d(3)) twice on 3x32x32 -> 180, (3, 28, 28)
    ("pytorch (conv2d 3 3 3, batchnorm2d 3) x2 on 3x32x32", 180, (3, 28, 28)),
    # numbers in words: Dense(64) on 784 -> 50,240 (was Dense(4), 3,140)
    ("dense sixty four units on 784", 50_240, (64,)),
    ("conv2d thirty two filters 3x3 on 28x28x1", 320, (26, 26, 32)),
    ("dense one hundred twenty eight on 784", 100_480, (128,)),
    ("lstm sixty four units input thirty two", 24_832, (64,)),
    ("dense twenty on 784", 15_700, (20,)),
    # Dense(1000) on 784 -> 785,000 (was Dense(1), 785)
    ("dense 1_000 on 784", 785_000, (1000,)),
])
def test_counts_and_repeats_are_read(question: str, total: int,
                                     shape: tuple[int | None, ...]) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total
    assert answer.subjects[0].output_shape == shape


@pytest.mark.parametrize(("question", "message"), [
    # "32 x3": a size 32×3, or the layer three times? (was LSTM(64) on input 32×3: 17,408)
    ("lstm 64 units input 32 x3", "could be one size"),
    ("conv2d 16 3x3 x3 on 28x28x3", "could be one size"),
    ("pytorch linear 64 64 x3", "could be one size"),
    # "1.000": 1 or a thousand? (was Dense(1))
    ("dense 1.000 on 784", "Is `1.000` 1 or 1000"),
])
def test_a_size_that_reads_two_ways_is_refused(question: str, message: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


@pytest.mark.parametrize("question", [
    # an option after a stack's input, or with "all": every layer or the last one? Each
    # was given to the last layer alone (Keras, with it on every layer: 50,890 / 0
    # trainable; 82,688 for two Bidirectional LSTMs; (28, 28, 64) with padding='same')
    "dense 64, dense 10 on 784 all frozen",
    "dense 64, dense 32, dense 10 on 784 all frozen except last",
    "dense 64, dense 10 on 784 only last trainable",
    "lstm 64, lstm 32 on 10x16 bidirectional",
    "conv2d 32 3x3, conv2d 64 3x3 on 28x28x1 same padding",
    "dense 64, dense 10 on 784 no bias",
])
def test_an_option_after_a_stacks_input_is_refused(question: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert "every layer of the stack or only the last one" in answer.error.message


@pytest.mark.parametrize(("question", "total", "trainable"), [
    # words that were dropped: Dense(64, use_bias=False) on 784 -> 50,176;
    # LayerNormalization(rms_scaling=True) on (10, 64) -> 64; Dense(64) frozen -> 0
    ("dense 64 on 784 bias off", 50_176, 50_176),
    ("layer normalization on 10x64 rms scaling", 64, 64),
    ("dense 64 on 784 non-trainable", 50_240, 0),
    # the option said right after its own layer is that layer's
    ("dense 64 frozen, dense 10 on 784", 50_890, 650),
])
def test_option_words_are_applied(question: str, total: int, trainable: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert (answer.subjects[0].total, answer.subjects[0].trainable) == (total, trainable)


@pytest.mark.parametrize(("question", "message"), [
    # after a sequence, "max pooling 2d" was silently made MaxPooling1D (400); Keras'
    # MaxPooling2D on a (98, 16) sequence raises
    ("conv1d 16 3 on 100x8, max pooling 2d 2", "MaxPooling2D needs an input"),
    # "maxpool 2x2" after a sequence was MaxPooling1D(2); a 1-D pool takes one size
    ("conv1d 32 kernel 3 on 100x8, maxpool 2x2", "takes one size"),
])
def test_a_2d_pool_after_a_sequence_is_not_made_1d(question: str, message: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert message in answer.error.message


def test_a_channels_first_looking_shape_in_keras_says_how_it_was_read() -> None:
    # keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(16, 3)]) -> 4,624,
    # (1, 30, 16): counted as Keras would, with a note, since 3 is likely the channels
    answer = ask("conv2d 16 3x3 on 3x32x32")
    assert answer.ok and answer.subjects[0].total == 4_624
    assert any("If 3 is the channels" in n for n in answer.subjects[0].notes)
    assert not any("If 3 is the channels" in n for n in ask(
        "conv2d 16 3x3 on 32x32x3").subjects[0].notes)
