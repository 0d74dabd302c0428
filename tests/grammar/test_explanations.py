"""Explanations say what actually makes compared counts differ."""

from __future__ import annotations

from parambot.bot.service import ask


def test_keras_vs_pytorch_lstm_is_the_second_bias() -> None:
    answer = ask("difference between keras and pytorch lstm 128 input 28")
    assert [s.framework for s in answer.subjects] == ["keras", "pytorch"]
    # Keras 3.15.1 and torch 2.14.1 (shared/examples): 80,384 and 80,896
    assert [s.total for s in answer.subjects] == [80384, 80896]
    assert answer.explanation is not None
    assert "only in the biases" in answer.explanation and "bias_hh" in answer.explanation


def test_batchnorm_statistics_are_counted_by_keras_and_buffers_in_pytorch() -> None:
    answer = ask("keras batchnorm on 28x28x32 vs pytorch batchnorm2d 32")
    keras, torch = answer.subjects
    # recorded: Keras BatchNormalization on (28, 28, 32), torch BatchNorm2d(32)
    # (tests/golden/normalization.jsonl)
    assert (keras.total, keras.non_trainable) == (128, 64)
    assert (torch.total, torch.buffers) == (64, 65)
    assert answer.explanation is not None
    assert "buffer" in answer.explanation and "trainable weights agree" in answer.explanation


def test_resnet50_across_frameworks_gets_the_known_reasons() -> None:
    answer = ask("resnet50 params in pytorch vs keras")
    assert answer.explanation is not None
    assert "26,560" in answer.explanation  # Keras conv biases before BatchNorm
    assert "53,120" in answer.explanation  # Keras moving statistics


def test_merge_mode_changes_only_the_output() -> None:
    answer = ask("Bidirectional LSTM 128 on (28, 28): merge_mode concat vs merge_mode sum")
    assert answer.explanation is not None
    assert "Only the output shape differs" in answer.explanation
