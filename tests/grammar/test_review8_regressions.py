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
    # was Conv2D + BatchNormalization + MaxPooling2D, 1,024: "2 x2" reads as a 2x2 pool,
    # and "blocks" was dropped (the block twice: 10,400 as above)
    ("conv2d 32 3x3, batchnorm, relu, maxpool 2 x2 blocks on 32x32x3",
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
