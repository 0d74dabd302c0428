""""How many trainable parameters does X have" asks for a count: the words are not an option
given to the layer. The label is the layer as written (it said "... with
trainable=True"); the counts are the framework's (Keras 3.15.1 and PyTorch 2.14.1:
sum(p.numel() for p in m.parameters() if p.requires_grad), layer.count_params()). A layer
frozen in the same question is still frozen."""

from __future__ import annotations

import pytest
from parambot.bot.service import ask


@pytest.mark.parametrize(("question", "label", "total", "trainable"), [
    ("How many trainable parameters does Bidirectional(LSTM(128)) have when the input is "
     "(28, 28)?", "Bidirectional(LSTM(128))", 160_768, 160_768),
    ("How many trainable parameters are in Dense(64) on 784?", "Dense(64)", 50_240, 50_240),
    ("how many trainable params in lstm 128 input 28", "LSTM(128)", 80_384, 80_384),
    ("trainable weights of Conv2D(32, 3) on 28x28x1", "Conv2D(32, 3)", 320, 320),
    ("trainable parameters of nn.Linear(784, 128)", "nn.Linear(784, 128)", 100_480, 100_480),
    # frozen: Dense(64, trainable=False) has 50,240 weights, none of them trainable
    ("how many trainable parameters in a frozen dense 64 on 784", "Dense(64, trainable=False)",
     50_240, 0),
    ("trainable params of dense 64 on 784, trainable=False", "Dense(64, trainable=False)",
     50_240, 0),
    # after a negation "trainable" is the option, turned off, as with "non-trainable"
    ("how many non trainable params in dense 64 on 784", "Dense(64, trainable=False)",
     50_240, 0),
    ("how many non-trainable params in dense 64 on 784", "Dense(64, trainable=False)",
     50_240, 0),
    ("dense 64 on 784 with no trainable params", "Dense(64, trainable=False)", 50_240, 0),
    ("dense 64 on 784 without trainable weights", "Dense(64, trainable=False)", 50_240, 0),
    ("batch norm 64 non trainable params", "BatchNormalization(trainable=False)", 256, 0),
])
def test_trainable_parameters_is_the_count_asked(question: str, label: str, total: int,
                                                 trainable: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    (subject,) = answer.subjects
    assert (subject.label, subject.total, subject.trainable) == (label, total, trainable)


def test_pytorch_still_refuses_not_trainable() -> None:
    answer = ask("pytorch linear 10 20 not trainable params")
    assert answer.error is not None
    assert "PyTorch modules have no trainable argument" in answer.error.message
