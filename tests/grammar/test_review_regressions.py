"""Questions a review found misread. Expected numbers were built in Keras 3.15.1 / torch
2.13.0 by the reviewer (and in tests/golden); where the question stays ambiguous the answer
must be a refusal, never a different layer's count."""

from __future__ import annotations

import pytest
from parambot.bot.service import ask


@pytest.mark.parametrize("question,totals,shape", [
    ("conv2d 32 3 by 3 on 28 by 28 by 1", [320], [26, 26, 32]),
    ("conv2d 32 3x3 on 28 28 1", [320], [26, 26, 32]),
    ("conv2d 32 kernel size 3 input 28 28 1", [320], [26, 26, 32]),
    ("conv2d 64 filters 3x3 on 32x32x3 pytorch", [1792], [64, 30, 30]),
    ("3 linear layers 10 to 10", [330], [10]),
    ("conv2d 64 3x3 + batchnorm on 32x32x3", [2048], [30, 30, 64]),
    ("LSTM(32) on 10 features, no bias", [5376], [32]),
    ("nn.LSTM(10, 32) no bias", [5376], None),
    ("conv2d 32 3x3 on 28x28x1 in keras and pytorch", [320, 320], None),
    ("maxpool2d 3x3 stride 2 on 112x112x64", [0], [55, 55, 64]),
    ("6 layer transformer encoder d_model 512 8 heads ff 2048 pytorch", [18914304], None),
    ("compare conv2d 64 3x3 with separable conv 64 3x3 on 56x56x64", [36928, 4736], None),
    ("gru 64 units sequence length 50 features 8", [14208], [64]),
    ("lstm 32 units timesteps 10 features 4 return_sequences=True", [4736], [10, 32]),
    ("lstm 32 input features 4 timesteps 10", [4736], [32]),
    ("Linear layer in=256 out=512", [131584], [512]),
    ("torch conv2d in_channels 3 out_channels 16 kernel 5", [1216], None),
    ("conv2d with 3 input channels, 64 output channels, kernel 3", [1792], None),
    ("conv2d 32 (3, 3) on (28, 28, 1)", [320], [26, 26, 32]),
    ("conv2d 64 filters of size 5 input 128x128x3", [4864], [124, 124, 64]),
    ("dense(10) input_shape=(20,)", [210], [10]),
    ("1d conv 16 filters kernel 5 on 128x2", [176], [124, 16]),
    ("3d conv 8 filters kernel 3 on 10x10x10x1", [224], [8, 8, 8, 8]),
    ("vgg 16", [138357544], [1000]),
    ("d_model 768, 12 layers, 12 heads, vocab 50257, context 1024", [124439808], None),
    ("multi head attention 8 heads embed dim 512 in torch", [1050624], None),
    ("groupnorm 32 groups 256 channels pytorch", [512], None),
    ("batchnorm1d 128", [256], None),
    ("stacked lstm 64 -> 32 on 10 features", [31616], [32]),
    ("dense 64 -> 32 on 10 features", [2784], [32]),
    ("keras lstm vs torch lstm, 64 hidden, 32 input", [24832, 25088], None),
])
def test_now_read_right(question: str, totals: list[int], shape: list[int] | None) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    assert [s.total for s in answer.subjects] == totals
    if shape is not None:
        assert list(answer.subjects[0].output_shape or ()) == shape


@pytest.mark.parametrize("question", [
    "conv1d 64 kernel 3 input 100 timesteps 16 channels",
    "mlp 784 512 256 10 pytorch",
    "lstm 128 proj 64 input 28 pytorch",
    "bert base cased",
])
def test_ambiguous_or_unsupported_is_refused(question: str) -> None:
    answer = ask(question)
    assert not answer.ok
    assert answer.error is not None and answer.error.message


# Second review round: counts built by the reviewer in Keras 3.15.1 / torch 2.13.0.
@pytest.mark.parametrize("question,totals,shape", [
    ("lstm 64 -> dense 1 on 10 features", [19265], [1]),
    ("lstm 64 return sequences -> lstm 32 -> dense 1 on 10 features", [31649], [1]),
    ("lstm 64 -> dense 32 -> dense 1 input 10", [21313], [1]),
    ("lstm 64 -> gru 32 on 10 features", [28608], [32]),
    ("bilstm 64 -> dense 1 on 10 features", [38529], [1]),
    ("bilstm 64 -> bilstm 32 on 10 features", [79616], [64]),
    ("simplernn 16 -> dense 4 input 3", [388], [4]),
    ("nn.LSTM(10, 64) bidirectional", [38912], None),
    ("nn.LSTM(10, 64, num_layers=2) bidirectional", [138240], None),
    ("nn.GRU(10, 64) bidirectional=True", [29184], None),
    ("LSTM(64) on 10 features bidirectional", [38400], [128]),
    ("LSTM(64) input 10 return_sequences", [19200], [None, 64]),
    ("Conv2D(32, 3) on 28x28x3 use_bias=False", [864], [26, 26, 32]),
    ("GRU(32) on 16 features reset_after=False", [4704], [32]),
    ("Conv2D(64, 3, padding='same') on 32x32x3 then BatchNormalization", [2048], [32, 32, 64]),
    ("nn.TransformerEncoderLayer(512, 8) x6", [18914304], None),
    ("nn.Conv2d(3, 64, 3) on 3x32x32 stride 2", [1792], [64, 15, 15]),
    ("nn.LSTM(10, 64) 2 layers", [52736], None),
])
def test_round_two_read_right(question: str, totals: list[int], shape: list[int] | None) -> None:
    test_now_read_right(question, totals, shape)


@pytest.mark.parametrize("question", [
    "dense 64 -> lstm 32 on 10 features",
    "nn.Linear(10, 4) twice",
    "with no bias:\n```python\nnn.Linear(10, 4)\n```",
    "```python\nnn.LSTM(10, 20)\n```\nbut bidirectional with 2 layers",
    "lin = nn.Linear(8, 8)\nm = nn.Sequential(lin, nn.ReLU(), lin)",
])
def test_round_two_refused(question: str) -> None:
    test_ambiguous_or_unsupported_is_refused(question)


def test_every_fenced_block_is_read() -> None:
    question = ("```python\nnn.Linear(10, 4)\n```\nvs\n```python\nnn.Linear(10, 8)\n```")
    assert [s.total for s in ask(question).subjects] == [44, 88]


def test_a_model_used_inside_another_is_its_own_subject() -> None:
    code = ("encoder = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64), "
            "layers.Dense(16)])\nmodel = keras.Sequential([encoder, layers.Dense(1)])")
    assert [(s.label, s.total) for s in ask(code).subjects] == [("encoder", 51280),
                                                                 ("model", 51297)]


def test_error_positions_point_into_the_question() -> None:
    question = "  dense   10    on 784 then    lstn 5"
    answer = ask(question)
    assert answer.error is not None and answer.error.position is not None
    assert question[answer.error.position:].startswith("lstn")
    fenced = "some text here first\n```python\nnn.Sequential(nn.Linear(10, 4) nn.ReLU())\n```"
    answer = ask(fenced)
    assert answer.error is not None and answer.error.position is not None
    assert fenced[answer.error.position:].startswith("nn.ReLU")
